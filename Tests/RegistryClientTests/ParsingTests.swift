import Foundation
@testable import RegistryClient
import Testing

/// The pieces that need no server: challenges, config.json, references, scopes, retry delays, messages.
struct ParsingTests {
    @Test func parsesBearerAndBasicChallenges() {
        let bearer = AuthChallenge.parse([#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push repository:a/b:pull",error="insufficient_scope""#])
        #expect(bearer == [AuthChallenge(scheme: "bearer", parameters: [
            "realm": "https://auth.docker.io/token", "service": "registry.docker.io",
            "scope": "repository:library/nginx:pull,push repository:a/b:pull", "error": "insufficient_scope"])])
        let two = AuthChallenge.parse([#"Basic realm="Registry Realm", Bearer realm="http://x/token",service=reg"#])
        #expect(two.map(\.scheme) == ["basic", "bearer"])
        #expect(two[0].parameters == ["realm": "Registry Realm"])
        #expect(two[1].parameters == ["realm": "http://x/token", "service": "reg"])
        #expect(AuthChallenge.parse(["Basic", "Negotiate"]).map(\.scheme) == ["basic", "negotiate"])
        #expect(AuthChallenge.parse([#"Bearer realm="a\"b""#]).first?.parameters["realm"] == #"a"b"#)
    }

    @Test func readsDockerConfigJSON() throws {
        let json = Data("""
        {"auths": {
           "https://index.docker.io/v1/": {"auth": "\(Data("hub-user:hub:pass".utf8).base64EncodedString())"},
           "ghcr.io": {"username": "gh", "password": "token"},
           "registry.example:5000": {"identitytoken": "refresh", "username": "<token>"},
           "empty.example": {}
         },
         "credHelpers": {"gcr.io": "gcloud"},
         "credsStore": "desktop"}
        """.utf8)
        let store = try CredentialStore.parse(json, source: "/tmp/config.json")
        #expect(store.credential(for: "docker.io") == Credential(username: "hub-user", password: "hub:pass"))
        #expect(store.credential(for: "registry-1.docker.io") == store.credential(for: "docker.io"))
        #expect(store.credential(for: "GHCR.io") == Credential(username: "gh", password: "token"))
        #expect(store.credential(for: "registry.example:5000") == Credential(identityToken: "refresh", username: "<token>"))
        #expect(store.credential(for: "empty.example") == nil)
        #expect(store.helper(for: "gcr.io") == "gcloud")
        #expect(store.helper(for: "quay.io") == "desktop")
        #expect(store.credential(for: "docker.io")?.basicAuthorization == "Basic " + Data("hub-user:hub:pass".utf8).base64EncodedString())
    }

    @Test func badConfigJSONNamesTheFileAndKey() throws {
        #expect(throws: CredentialStoreError(file: "c.json", keyPath: #"auths."ghcr.io".auth"#, reason: #"expected base64 of "user:password""#)) {
            try CredentialStore.parse(Data(#"{"auths":{"ghcr.io":{"auth":"bm9jb2xvbg=="}}}"#.utf8), source: "c.json")
        }
        #expect(throws: CredentialStoreError(file: "c.json", keyPath: "auths", reason: "expected an object of registry → credentials")) {
            try CredentialStore.parse(Data(#"{"auths":[]}"#.utf8), source: "c.json")
        }
        #expect(throws: CredentialStoreError(file: "c.json", keyPath: #"auths."x".username"#, reason: "expected a string")) {
            try CredentialStore.parse(Data(#"{"auths":{"x":{"username":1,"password":"p"}}}"#.utf8), source: "c.json")
        }
        let error = #expect(throws: CredentialStoreError.self) { try CredentialStore.parse(Data("{".utf8), source: "c.json") }
        #expect(error?.description.hasPrefix("c.json: not valid JSON") == true)
        let missing = #expect(throws: CredentialStoreError.self) { try CredentialStore.load(from: URL(fileURLWithPath: "/nonexistent/config.json")) }
        #expect(missing?.description == "/nonexistent/config.json: the file does not exist or cannot be read")
        // No default file: an empty store, not an error.
        #expect(try CredentialStore.load(environment: ["HOME": "/nonexistent"]).credentials.isEmpty)
        #expect(CredentialStore.defaultConfigPath(environment: ["DOCKER_CONFIG": "/etc/docker", "HOME": "/root"])?.path == "/etc/docker/config.json")
        #expect(CredentialStore.defaultConfigPath(environment: ["HOME": "/root"])?.path == "/root/.docker/config.json")
    }

    @Test func repositoriesAndManifestReferences() throws {
        let nginx = try ImageReference(parsing: "nginx")
        #expect(Repository(nginx) == Repository(registry: "docker.io", path: "library/nginx"))
        #expect(try ManifestReference(nginx) == .tag("latest"))
        let pinned = try ImageReference(parsing: "ghcr.io/a/b:1.0@sha256:" + String(repeating: "ab", count: 32))
        #expect(try ManifestReference(pinned).digest?.hex == String(repeating: "ab", count: 32))
        #expect(try Repository(parsing: "127.0.0.1:5000/team/app") == Repository(registry: "127.0.0.1:5000", path: "team/app"))
        #expect(throws: ImageReferenceError.self) { try Repository(parsing: "team/app:v1") }
        #expect(try ManifestReference(parsing: "v1.2") == .tag("v1.2"))
        #expect(throws: ImageReferenceError.self) { try ManifestReference(parsing: "sha256:abc") }
        #expect(throws: ImageReferenceError.self) { try ManifestReference(parsing: "-bad") }
        #expect(Repository(registry: "docker.io", path: "library/nginx").mirrored(to: "harbor.local/mirror")
                == Repository(registry: "harbor.local", path: "mirror/library/nginx"))
        let hub = RegistryEndpoint(registry: "docker.io", plainHTTP: .none)
        #expect(hub.manifestURL("library/nginx", .tag("1.25")) == "https://registry-1.docker.io/v2/library/nginx/manifests/1.25")
        #expect(RegistryEndpoint(registry: "127.0.0.1:5000", plainHTTP: .hosts(["127.0.0.1"])).base == "http://127.0.0.1:5000")
    }

    @Test func locationsQueriesAndRanges() {
        #expect(RegistryEndpoint.resolve(location: "/v2/a/blobs/uploads/u?_state=x", against: "http://h:1/v2/a/blobs/uploads/")
                == "http://h:1/v2/a/blobs/uploads/u?_state=x")
        #expect(RegistryEndpoint.resolve(location: "https://s3.example/b?sig=1", against: "http://h:1/v2/a") == "https://s3.example/b?sig=1")
        #expect(RegistryEndpoint.appendingQuery("http://h/u?_state=a%2Bb", [("digest", "sha256:00")]) == "http://h/u?_state=a%2Bb&digest=sha256:00")
        #expect(RegistryEndpoint.appendingQuery("http://h/u", [("from", "team/app"), ("x", "a b&c")]) == "http://h/u?from=team/app&x=a%20b%26c")
        #expect(RegistryEndpoint.origin(of: "https://H:443/x") == RegistryEndpoint.origin(of: "https://h/y"))
        #expect(RegistryEndpoint.origin(of: "http://h:5000/x") != RegistryEndpoint.origin(of: "http://h:5001/x"))
        #expect(BlobUpload.nextOffset(range: "0-1023") == 1024)
        #expect(BlobUpload.nextOffset(range: "bytes=0-99") == 100)
        #expect(BlobUpload.nextOffset(range: "junk") == nil)
    }

    @Test func scopesMergePerRepository() {
        #expect(Authenticator.merged(["repository:a:push", "repository:a:pull", "repository:b:pull"])
                == ["repository:a:pull,push", "repository:b:pull"])
        #expect(Authenticator.normalise(["repository:a:pull,push", "repository:a:pull"]) == "repository:a:pull,push")
    }

    @Test func retryPolicyBacksOffWithJitterAndKnowsWhatToRetry() {
        let policy = RetryPolicy(maximumAttempts: 5, initialDelay: .milliseconds(100), maximumDelay: .seconds(1), multiplier: 2, jitter: 0.5)
        for attempt in 1...6 {
            let base = min(0.1 * pow(2, Double(attempt - 1)), 1.0)
            let delay = policy.delay(afterAttempt: attempt).seconds
            #expect(delay >= base * 0.5 - 1e-9 && delay <= base + 1e-9, "attempt \(attempt): \(delay)")
        }
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(30)) == .seconds(1))
        #expect([429, 500, 502, 503, 504, 408].allSatisfy(RetryPolicy.isRetryable(status:)))
        #expect(![400, 401, 403, 404, 405, 416, 501].contains(where: RetryPolicy.isRetryable(status:)))
        #expect(RetryPolicy.never.maximumAttempts == 1)
    }

    @Test func errorsReadWell() {
        let error = RegistryClientError(
            kind: .notFound, operation: "fetch manifest", registry: "ghcr.io", repository: "team/app", reference: "v1", status: 404,
            errors: [.init(code: "MANIFEST_UNKNOWN", message: "manifest unknown")], detail: "", hint: "check the tag or digest")
        #expect(error.description == "fetch manifest ghcr.io/team/app:v1: HTTP 404, MANIFEST_UNKNOWN (manifest unknown) — check the tag or digest")
        let blob = RegistryClientError(kind: .digestMismatch, operation: "fetch blob", registry: "r", repository: "p",
                                       reference: "sha256:00", detail: "the blob has digest x")
        #expect(blob.description == "fetch blob r/p@sha256:00: the blob has digest x")
    }
}
