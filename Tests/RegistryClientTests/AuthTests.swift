import Foundation
import IntegrationSupport
import NIOConcurrencyHelpers
import RegistryClient
import Testing

/// Authentication against a real docker-registry: htpasswd (Basic) and token auth (bearer JWTs from
/// a token server in the test), with credentials from docker `config.json` files.
@Suite(.serialized) struct AuthTests {
    @Test func basicAuthWithCredentialsFromConfigJSON() async throws {
        let dir = try makeTemporaryDirectory("rc-basic")
        defer { try? FileManager.default.removeItem(at: dir) }
        let htpasswd = dir.appendingPathComponent("htpasswd")
        try await runTool("/usr/bin/htpasswd", ["-Bbc", htpasswd.path, "alice", "wonderland"])
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"), authentication: .htpasswd(path: htpasswd.path))
        defer { registry.stop() }
        let repository = Repository(registry: registry.address, path: "private/app")
        let image = try LayoutImage(in: dir.appendingPathComponent("layout"), layerSizes: [150_000])
        let reference = try ImageReference(parsing: "\(registry.address)/private/app:v1")

        // `auth` (base64 user:password) found through $DOCKER_CONFIG.
        let configDirectory = dir.appendingPathComponent("docker")
        _ = try writeDockerConfig([registry.address: ["auth": basicAuth("alice", "wonderland")]], in: configDirectory)
        let store = try CredentialStore.load(environment: ["DOCKER_CONFIG": configDirectory.path, "HOME": "/nonexistent"])
        #expect(store.credential(for: registry.address) == Credential(username: "alice", password: "wonderland"))
        try await using(try makeClient(credentials: store)) { client in
            try await client.pushImage(image.root, from: image.layout, to: reference)
            #expect(try await client.resolve(reference).digest == image.root.digest)
        }

        // `username`/`password` under a URL key, given as a path.
        let other = try writeDockerConfig(["http://\(registry.address)/v2/": ["username": "alice", "password": "wonderland"]],
                                          in: dir.appendingPathComponent("docker2"))
        try await using(try makeClient(credentials: try CredentialStore.load(from: other))) { client in
            let file = dir.appendingPathComponent("layer")
            try await client.fetchBlob(repository, image.blobs[1], to: file)
            #expect(try Data(contentsOf: file) == (try image.data(of: image.blobs[1])))
        }

        // Without credentials: a 401 that says how to log in.
        try await using(try makeClient()) { client in
            let error = await expectRegistryError { _ = try await client.resolve(reference) }
            #expect(error?.kind == .unauthorized)
            #expect(error?.status == 401)
            #expect(error?.hasCode("UNAUTHORIZED") == true)
            #expect(error?.hint?.contains("docker login \(registry.address)") == true, "\(String(describing: error))")
        }

        // Wrong password: the hint names the file the rejected credentials came from.
        let wrong = try writeDockerConfig([registry.address: ["auth": basicAuth("alice", "looking-glass")]], in: dir.appendingPathComponent("docker3"))
        try await using(try makeClient(credentials: try CredentialStore.load(from: wrong))) { client in
            let error = await expectRegistryError { _ = try await client.blobExists(repository, image.blobs[0].digest) }
            #expect(error?.kind == .unauthorized)
            #expect(error?.hint?.contains(wrong.path) == true, "\(String(describing: error))")
        }
    }

    @Test func blobRedirectsToStorageDoNotCarryRegistryCredentials() async throws {
        let dir = try makeTemporaryDirectory("rc-redirect")
        defer { try? FileManager.default.removeItem(at: dir) }
        let htpasswd = dir.appendingPathComponent("htpasswd")
        try await runTool("/usr/bin/htpasswd", ["-Bbc", htpasswd.path, "alice", "wonderland"])
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"), authentication: .htpasswd(path: htpasswd.path))
        defer { registry.stop() }
        // "Storage" on another origin serves blobs (fetching them from the registry with its own credentials).
        let storage = try await RecordingProxy.start(upstream: registry.address, rewrite: { "/v2/" + $0.dropFirst("/storage/".count) },
                                                     upstreamAuthorization: "Basic " + basicAuth("alice", "wonderland"))
        let front = try await RecordingProxy.start(upstream: registry.address)
        front.setFault { method, path, _ in
            guard method == "GET", path.contains("/blobs/sha256:") else { return nil }
            return .redirect(to: "http://\(storage.address)/storage/" + path.dropFirst("/v2/".count))
        }
        let credentials = CredentialStore([front.address: Credential(username: "alice", password: "wonderland")])
        try await using(try makeClient(credentials: credentials)) { client in
            let repository = Repository(registry: front.address, path: "private/big")
            let data = randomBytes(2_000_000, seed: 12)
            let descriptor = try await client.pushBlob(repository, data: data)
            let file = dir.appendingPathComponent("fetched")
            try await client.fetchBlob(repository, descriptor, to: file)
            #expect(try Data(contentsOf: file) == data)
        }
        let redirected = front.requests.filter { $0.status == 307 }
        #expect(redirected.count == 1)
        #expect(redirected.first?.hadAuthorization == true)
        #expect(storage.requests.map(\.status) == [200])
        #expect(storage.requests.first?.hadAuthorization == false)
        await front.stop()
        await storage.stop()
    }

    @Test func bearerTokenFlowWithARealTokenAuthRegistry() async throws {
        let dir = try makeTemporaryDirectory("rc-token")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tokens = try await TokenServer.start(in: dir, users: ["bob": "builder"], refreshTokens: ["refresh-for-bob": "bob"])
        let registry = try TestRegistry(
            directory: dir.appendingPathComponent("registry"),
            authentication: .token(realm: tokens.realm, service: tokens.service, issuer: tokens.issuer,
                                   rootCertificateBundle: tokens.certificatePath))
        defer { registry.stop() }
        let image = try LayoutImage(in: dir.appendingPathComponent("layout"), layerSizes: [100_000, 60_000])
        let reference = try ImageReference(parsing: "\(registry.address)/team/app:v1")

        let config = try writeDockerConfig([registry.address: ["auth": basicAuth("bob", "builder")]], in: dir.appendingPathComponent("docker"))
        try await using(try makeClient(credentials: try CredentialStore.load(from: config))) { client in
            try await client.pushImage(image.root, from: image.layout, to: reference, maximumConcurrentTransfers: 1)
            // One token per scope set, reused for every request after it: no token request per blob.
            let pushTokens = tokens.requests.filter { $0.scopes.contains("repository:team/app:pull,push") }
            #expect(pushTokens.count == 1, "\(tokens.requests)")
            #expect(tokens.requests.allSatisfy { $0.account == "bob" && $0.granted })

            // Cross-repository mount needs push on the target and pull on the source in one token.
            let copy = try ImageReference(parsing: "\(registry.address)/team/copy:v1")
            let events = NIOLockedValueBox<[ImageTransferEvent]>([])
            try await client.pushImage(image.root, from: image.layout, to: copy, mountFrom: [Repository(reference)]) { event in
                events.withLockedValue { $0.append(event) }
            }
            let mounted = events.withLockedValue { $0.filter { $0.action == .mounted(from: Repository(reference)) } }
            #expect(mounted.count == image.blobs.count, "\(events.withLockedValue { $0 })")
            #expect(tokens.requests.contains { Set($0.scopes) == ["repository:team/copy:pull,push", "repository:team/app:pull"] },
                    "\(tokens.requests)")
        }

        // An identity token is exchanged with the OAuth2 refresh-token grant (POST).
        let identity = try writeDockerConfig([registry.address: ["identitytoken": "refresh-for-bob", "username": "<token>"]],
                                             in: dir.appendingPathComponent("docker2"))
        try await using(try makeClient(credentials: try CredentialStore.load(from: identity))) { client in
            let file = dir.appendingPathComponent("layer")
            try await client.fetchBlob(Repository(reference), image.blobs[1], to: file)
            #expect(try Data(contentsOf: file) == (try image.data(of: image.blobs[1])))
            #expect(tokens.requests.last?.method == "POST")
        }

        // Anonymous: pulling works (anonymous pull tokens), pushing is refused with a hint to log in.
        try await using(try makeClient()) { client in
            let resolved = try await client.resolve(reference)
            #expect(resolved.digest == image.root.digest)
            let error = await expectRegistryError {
                _ = try await client.pushBlob(Repository(registry: registry.address, path: "team/app"), data: Data("anonymous".utf8))
            }
            #expect(error?.kind == .unauthorized, "\(String(describing: error))")
            #expect(error?.hint?.contains("docker login \(registry.address)") == true)
        }

        // Wrong password: the token server refuses; the error names the realm.
        let wrong = try writeDockerConfig([registry.address: ["auth": basicAuth("bob", "nope")]], in: dir.appendingPathComponent("docker3"))
        try await using(try makeClient(credentials: try CredentialStore.load(from: wrong))) { client in
            let error = await expectRegistryError { _ = try await client.resolve(reference) }
            #expect(error?.kind == .unauthorized)
            #expect(error?.description.contains(tokens.realm) == true, "\(String(describing: error))")
            #expect(error?.hint?.contains(wrong.path) == true)
        }
        await tokens.stop()
    }
}
