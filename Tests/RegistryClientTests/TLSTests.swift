import Foundation
import IntegrationSupport
import RegistryClient
import Testing

/// HTTPS against a real docker-registry with a certificate from a CA made by openssl in the test.
@Suite(.serialized) struct TLSTests {
    @Test func trustsAGivenCAAndFailsClearlyWithoutIt() async throws {
        let dir = try makeTemporaryDirectory("rc-tls")
        defer { try? FileManager.default.removeItem(at: dir) }
        let certificates = try TestCertificates(in: dir)
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"),
                                        tls: (certificates.serverCertificate, certificates.serverKey))
        defer { registry.stop() }
        let repository = Repository(registry: registry.address, path: "secure/app")

        try await using(try makeClient(plainHTTP: .none, caFiles: [certificates.caCertificate])) { client in
            let blob = try await client.pushBlob(repository, data: randomBytes(40_000, seed: 6))
            #expect(try await client.blobExists(repository, blob.digest))
            let file = dir.appendingPathComponent("fetched")
            try await client.fetchBlob(repository, blob, to: file)
            #expect(try Data(contentsOf: file) == randomBytes(40_000, seed: 6))
        }

        let retry = RetryPolicy(maximumAttempts: 3, initialDelay: .milliseconds(10))
        try await using(try makeClient(plainHTTP: .none, retry: retry)) { client in
            let untrusted = await expectRegistryError { _ = try await client.blobExists(repository, Digest.sha256(of: Data())) }
            #expect(untrusted?.kind == .tlsFailed, "\(String(describing: untrusted))")
            #expect(untrusted?.hint?.contains("--ca-file") == true, "\(String(describing: untrusted))")
        }

        try await using(try makeClient(plainHTTP: .hosts([registry.address]))) { client in
            let plainToTLS = await expectRegistryError { _ = try await client.blobExists(repository, Digest.sha256(of: Data())) }
            #expect(plainToTLS?.kind == .tlsFailed, "\(String(describing: plainToTLS))")
            #expect(plainToTLS?.hint?.contains("drop --plain-http") == true, "\(String(describing: plainToTLS))")
        }

        let missing = dir.appendingPathComponent("absent-ca.pem").path
        #expect(throws: RegistryClientError.self) { _ = try makeClient(caFiles: [missing]) }
    }

    @Test func tlsAgainstAPlainRegistrySaysToPassPlainHTTP() async throws {
        let dir = try makeTemporaryDirectory("rc-plain")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        try await using(try makeClient(plainHTTP: .none, retry: RetryPolicy(maximumAttempts: 3, initialDelay: .milliseconds(10)))) { client in
            let error = await expectRegistryError { _ = try await client.resolve(ImageReference(parsing: "\(registry.address)/team/app:v1")) }
            #expect(error?.kind == .tlsFailed, "\(String(describing: error))")
            #expect(error?.hint == "pass --plain-http for a registry without TLS", "\(String(describing: error))")
            #expect(error?.description.contains("\(registry.address)/team/app:v1") == true)
        }
    }
}
