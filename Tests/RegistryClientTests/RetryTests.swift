import Foundation
import IntegrationSupport
import NIOConcurrencyHelpers
import RegistryClient
import Testing

/// Retries with backoff through a fault-injecting proxy in front of a real docker-registry.
@Suite(.serialized) struct RetryTests {
    /// A fault for the first `count` requests matching `method` and a path containing `path`.
    static func first(_ count: Int, _ method: String, _ path: String, _ fault: ProxyFault) -> @Sendable (String, String, String) -> ProxyFault? {
        let remaining = NIOLockedValueBox(count)
        return { requestMethod, requestPath, _ in
            guard requestMethod == method, requestPath.contains(path) else { return nil }
            return remaining.withLockedValue { left -> ProxyFault? in
                guard left > 0 else { return nil }
                left -= 1
                return fault
            }
        }
    }

    @Test func retries503ThenSucceedsAndNeverRetries4xx() async throws {
        let dir = try makeTemporaryDirectory("rc-retry")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        let proxy = try await RecordingProxy.start(upstream: registry.address)
        try await using(try makeClient()) { client in
            let repository = Repository(registry: proxy.address, path: "team/retry")
            let blob = try await client.pushBlob(repository, data: randomBytes(10_000, seed: 3))

            // Two 503s, then the registry: three GETs, the blob arrives.
            proxy.clearRequests()
            proxy.setFault(Self.first(2, "GET", "/blobs/", .respond(status: 503, body: #"{"errors":[{"code":"UNAVAILABLE","message":"try later"}]}"#)))
            let file = dir.appendingPathComponent("blob")
            try await client.fetchBlob(repository, blob, to: file)
            #expect(try Data(contentsOf: file).count == 10_000)
            #expect(proxy.requests.map(\.status) == [503, 503, 200], "\(proxy.requests)")

            // A connection that breaks off is retried too.
            let manifest = try OCIJSON.encode(ImageManifest(config: Descriptor(mediaType: MediaType.ociConfig, digest: blob.digest, size: blob.size), layers: []))
            try await client.pushManifest(repository, .tag("v1"), mediaType: MediaType.ociManifest, manifest)
            proxy.clearRequests()
            proxy.setFault(Self.first(1, "GET", "/manifests/", .dropConnection(afterReadingBytes: 0)))
            #expect(try await client.manifest(repository, .tag("v1")).data == manifest)
            #expect(proxy.requests.map(\.status) == [0, 200], "\(proxy.requests)")

            // 429 honours Retry-After (capped by the policy's maximum delay, 200 ms here).
            proxy.clearRequests()
            proxy.setFault(Self.first(1, "HEAD", "/blobs/", .respond(status: 429, headers: [("Retry-After", "1")])))
            let started = ContinuousClock.now
            #expect(try await client.blobExists(repository, blob.digest))
            #expect(ContinuousClock.now - started >= .milliseconds(200))
            #expect(proxy.requests.map(\.status) == [429, 200])

            // 4xx are answers, not failures: sent once.
            proxy.clearRequests()
            proxy.setFault(nil)
            let missing = await expectRegistryError { _ = try await client.manifest(repository, .tag("absent")) }
            #expect(missing?.kind == .notFound)
            #expect(proxy.requests.count == 1, "\(proxy.requests)")
            proxy.clearRequests()
            proxy.setFault(Self.first(10, "HEAD", "/blobs/", .respond(status: 400, body: #"{"errors":[{"code":"DIGEST_INVALID","message":"bad"}]}"#)))
            let bad = await expectRegistryError { _ = try await client.blobExists(repository, blob.digest) }
            #expect(bad?.status == 400)
            #expect(proxy.requests.count == 1, "\(proxy.requests)")

            // A registry that keeps failing: as many attempts as the policy allows, then an error that says so.
            proxy.clearRequests()
            proxy.setFault(Self.first(100, "GET", "/manifests/", .respond(status: 503, body: #"{"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]}"#)))
            let down = await expectRegistryError { _ = try await client.manifest(repository, .tag("v1")) }
            #expect(down?.kind == .serverError)
            #expect(down?.status == 503)
            #expect(down?.hasCode("UNAVAILABLE") == true)
            #expect(down?.description.contains("after 4 attempts") == true, "\(String(describing: down))")
            #expect(proxy.requests.count == 4)
        }
        await proxy.stop()
    }

    @Test func resumesAChunkedUploadWhoseChunkBroke() async throws {
        let dir = try makeTemporaryDirectory("rc-chunk-retry")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        let proxy = try await RecordingProxy.start(upstream: registry.address)
        try await using(try makeClient(chunkedUploadThreshold: 100_000, chunkSize: 100_000)) { client in
            let repository = Repository(registry: proxy.address, path: "team/chunks")
            let (file, blob) = try writeBlob(randomBytes(450_000, seed: 8), named: "blob", in: dir)
            // The third PATCH breaks half-way; the client asks where the session stands and goes on.
            let patches = NIOLockedValueBox(0)
            proxy.setFault { method, _, _ in
                guard method == "PATCH" else { return nil }
                let number = patches.withLockedValue { $0 += 1; return $0 }
                return number == 3 ? .dropConnection(afterReadingBytes: 50_000) : nil
            }
            try await client.pushBlob(repository, blob, from: file)
            let methods = proxy.requests.map(\.method)
            #expect(methods == ["POST", "PATCH", "PATCH", "PATCH", "GET", "PATCH", "PATCH", "PATCH", "PUT"], "\(proxy.requests)")
            let fetched = dir.appendingPathComponent("fetched")
            try await client.fetchBlob(repository, blob, to: fetched)
            #expect(try Data(contentsOf: fetched) == Data(contentsOf: file))
        }
        await proxy.stop()
    }

    @Test func connectionRefusedIsRetriedThenReportedWithAHint() async throws {
        let port = freeLoopbackPort()
        try await using(try makeClient(retry: RetryPolicy(maximumAttempts: 3, initialDelay: .milliseconds(10)))) { client in
            let started = ContinuousClock.now
            let error = await expectRegistryError { _ = try await client.resolve(ImageReference(parsing: "127.0.0.1:\(port)/nothing/here:v1")) }
            #expect(error?.kind == .connectionFailed)
            #expect(error?.description.contains("after 3 attempts") == true, "\(String(describing: error))")
            #expect(error?.hint?.contains("127.0.0.1:\(port)") == true)
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }
}
