import Foundation
import IntegrationSupport
@testable import RegistryClient
import Testing

/// Credential helpers named by a docker `config.json` (`credHelpers`, `credsStore`): shell-script
/// helpers written by the test into a directory on the `PATH` the store is loaded with, against a real
/// docker-registry with htpasswd authentication.
@Suite(.serialized) struct CredentialHelperTests {
    /// A directory holding `docker-credential-<name>` scripts, and the log of what they were asked.
    struct HelperDirectory {
        let bin: URL
        let log: URL

        init(in dir: URL) throws {
            bin = dir.appendingPathComponent("bin")
            log = dir.appendingPathComponent("helper.log")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }

        /// Writes `docker-credential-<name>` whose `get` logs the server URL, then runs `body` (sh).
        func add(_ name: String, body: String) throws {
            let script = bin.appendingPathComponent("docker-credential-\(name)")
            try """
                #!/bin/sh
                [ "$1" = get ] || { echo "unexpected command $1" >&2; exit 2; }
                read -r server
                echo "\(name) $server" >> '\(log.path)'
                \(body)

                """.write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }

        /// What the helpers were asked, one `NAME SERVER` per line.
        var asked: [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        /// A store from `config` (JSON text) with this directory first on `PATH`.
        func store(_ config: String, in dir: URL, named name: String) throws -> CredentialStore {
            let directory = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try config.write(to: directory.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
            return try CredentialStore.load(environment: ["DOCKER_CONFIG": directory.path, "HOME": "/nonexistent",
                                                          "PATH": "\(bin.path):/usr/bin:/bin"])
        }
    }

    @Test func helpersSupplyCredentialsForPushAndPull() async throws {
        let dir = try makeTemporaryDirectory("rc-helper")
        defer { try? FileManager.default.removeItem(at: dir) }
        let htpasswd = dir.appendingPathComponent("htpasswd")
        try await runTool("/usr/bin/htpasswd", ["-Bbc", htpasswd.path, "alice", "wonderland"])
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"), authentication: .htpasswd(path: htpasswd.path))
        defer { registry.stop() }
        let image = try LayoutImage(in: dir.appendingPathComponent("layout"), layerSizes: [120_000])
        let reference = try ImageReference(parsing: "\(registry.address)/private/app:v1")
        let helpers = try HelperDirectory(in: dir)
        try helpers.add("site", body: """
            case "$server" in
              \(registry.address)) printf '{"ServerURL":"%s","Username":"alice","Secret":"wonderland"}\\n' "$server" ;;
              *) echo "credentials not found in native keychain"; exit 1 ;;
            esac
            """)

        // credHelpers for this registry: the push and the pull authenticate, the helper runs once per client.
        let perHost = try helpers.store(#"{"credHelpers":{"\#(registry.address)":"site"}}"#, in: dir, named: "per-host")
        #expect(perHost.helper(for: registry.address) == "site")
        try await using(try makeClient(credentials: perHost)) { client in
            try await client.pushImage(image.root, from: image.layout, to: reference)
            #expect(try await client.resolve(reference).digest == image.root.digest)
        }
        #expect(helpers.asked == ["site \(registry.address)"])

        // credsStore covers every registry without auths; credHelpers wins over auths for its host.
        let everywhere = try helpers.store(#"{"credsStore":"site"}"#, in: dir, named: "store")
        #expect(try everywhere.lookup(for: registry.address) == Credential(username: "alice", password: "wonderland"))
        #expect(try everywhere.lookup(for: "ghcr.io") == nil, "a helper without credentials for a host gives none")
        let overridden = try helpers.store(
            #"{"auths":{"\#(registry.address)":{"auth":"\#(basicAuth("alice", "looking-glass"))"}},"credHelpers":{"\#(registry.address)":"site"}}"#,
            in: dir, named: "override")
        try await using(try makeClient(credentials: overridden)) { client in
            let resolved = try await client.resolve(reference)
            #expect(resolved.digest == image.root.digest)
        }
        // Docker Hub's server URL is the one docker hands helpers.
        _ = try everywhere.lookup(for: "docker.io")
        #expect(helpers.asked.suffix(4) == ["site \(registry.address)", "site ghcr.io", "site \(registry.address)",
                                            "site https://index.docker.io/v1/"])

        // A helper with no credentials for the registry: the 401 names the helper.
        try helpers.add("empty", body: #"echo "credentials not found in native keychain"; exit 1"#)
        let empty = try helpers.store(#"{"credsStore":"empty"}"#, in: dir, named: "empty")
        try await using(try makeClient(credentials: empty)) { client in
            let error = await expectRegistryError { _ = try await client.resolve(reference) }
            #expect(error?.kind == .unauthorized)
            #expect(error?.hint?.contains("docker-credential-empty") == true, "\(String(describing: error))")
        }
    }

    @Test func helperFailuresNameTheHelperAndWhatWentWrong() async throws {
        let dir = try makeTemporaryDirectory("rc-helper-fail")
        defer { try? FileManager.default.removeItem(at: dir) }
        let helpers = try HelperDirectory(in: dir)
        try helpers.add("broken", body: #"echo "keychain locked" >&2; exit 3"#)
        try helpers.add("chatty", body: #"echo "hello""#)
        try helpers.add("nosecret", body: #"echo '{"ServerURL":"x","Username":"alice"}'"#)
        try helpers.add("token", body: #"echo '{"ServerURL":"x","Username":"<token>","Secret":"refresh-me"}'"#)

        func failure(_ helper: String) throws -> CredentialHelperError? {
            let store = try helpers.store(#"{"credHelpers":{"registry.example:5000":"\#(helper)"}}"#, in: dir, named: helper)
            do {
                _ = try store.lookup(for: "registry.example:5000")
                return nil
            } catch let error as CredentialHelperError {
                return error
            }
        }
        let missing = try #require(try failure("absent"))
        #expect(missing.helper == "docker-credential-absent" && missing.registry == "registry.example:5000")
        #expect(missing.reason.contains("not found on PATH (\(helpers.bin.path):/usr/bin:/bin)"), "\(missing)")
        let broken = try #require(try failure("broken"))
        #expect(broken.description == "credential helper docker-credential-broken (for registry.example:5000): `get` exited with status 3: keychain locked")
        let chatty = try #require(try failure("chatty"))
        #expect(chatty.reason == #"`get` printed "hello", expected a JSON object with Username and Secret"#)
        let noSecret = try #require(try failure("nosecret"))
        #expect(noSecret.reason.contains("without a Secret"), "\(noSecret)")

        // `<token>` as the user name: the secret is an identity token.
        let token = try helpers.store(#"{"credHelpers":{"registry.example:5000":"token"}}"#, in: dir, named: "token")
        #expect(try token.lookup(for: "registry.example:5000") == Credential(identityToken: "refresh-me"))

        // Through the client, the helper's failure is the error (not retried as a connection failure).
        let htpasswd = dir.appendingPathComponent("htpasswd")
        try await runTool("/usr/bin/htpasswd", ["-Bbc", htpasswd.path, "alice", "wonderland"])
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"), authentication: .htpasswd(path: htpasswd.path))
        defer { registry.stop() }
        let store = try helpers.store(#"{"credsStore":"broken"}"#, in: dir, named: "client")
        try await using(try makeClient(credentials: store)) { client in
            do {
                _ = try await client.resolve(try ImageReference(parsing: "\(registry.address)/private/app:v1"))
                Issue.record("resolve succeeded without credentials")
            } catch let error as CredentialHelperError {
                #expect(error.helper == "docker-credential-broken" && error.registry == registry.address, "\(error)")
            }
        }
    }

    @Test func invalidHelperEntriesNameTheKey() throws {
        #expect(throws: CredentialStoreError(file: "c.json", keyPath: #"credHelpers."ghcr.io""#,
                                             reason: #"expected a helper name (docker-credential-<name> runs), e.g. "ecr-login""#)) {
            try CredentialStore.parse(Data(#"{"credHelpers":{"ghcr.io":7}}"#.utf8), source: "c.json")
        }
        #expect(throws: CredentialStoreError(file: "c.json", keyPath: "credHelpers", reason: "expected an object of registry → helper name")) {
            try CredentialStore.parse(Data(#"{"credHelpers":["pass"]}"#.utf8), source: "c.json")
        }
        #expect(throws: CredentialStoreError(file: "c.json", keyPath: "credsStore",
                                             reason: #"expected a helper name (docker-credential-<name> runs), e.g. "pass""#)) {
            try CredentialStore.parse(Data(#"{"credsStore":"../evil"}"#.utf8), source: "c.json")
        }
    }
}
