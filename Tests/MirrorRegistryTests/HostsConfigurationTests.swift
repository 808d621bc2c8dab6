import Foundation
@testable import MirrorRegistry
import IntegrationSupport
import Testing

@Suite struct HostsConfigurationTests {
    static let marker = HostsConfiguration.marker

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func writesGoldenFilesPerRegistry() throws {
        let root = try TestImage.temporaryDirectory("certs.d")
        defer { try? FileManager.default.removeItem(at: root) }
        let configuration = HostsConfiguration(directory: root.path, mirroredRegistries: ["https://docker.io", "ghcr.io", "http://registry.local:5000"],
                                               mirrorTargets: ["http://localhost:5000", "http://127.0.0.1:30021/"])
        try configuration.configure()
        #expect(read(root.path + "/docker.io/hosts.toml") == """
        \(Self.marker)
        server = "https://registry-1.docker.io"

        [host."http://localhost:5000"]
          capabilities = ["pull", "resolve"]

        [host."http://127.0.0.1:30021"]
          capabilities = ["pull", "resolve"]

        """)
        #expect(read(root.path + "/ghcr.io/hosts.toml") == """
        \(Self.marker)
        server = "https://ghcr.io"

        [host."http://localhost:5000"]
          capabilities = ["pull", "resolve"]

        [host."http://127.0.0.1:30021"]
          capabilities = ["pull", "resolve"]

        """)
        #expect(read(root.path + "/registry.local:5000/hosts.toml")?.contains("server = \"http://registry.local:5000\"\n") == true)
    }

    @Test func defaultNamespaceWithoutResolve() throws {
        let root = try TestImage.temporaryDirectory("certs.d")
        defer { try? FileManager.default.removeItem(at: root) }
        try HostsConfiguration(directory: root.path, mirroredRegistries: [], mirrorTargets: ["http://localhost:5000"], resolveTags: false).configure()
        #expect(read(root.path + "/_default/hosts.toml") == """
        \(Self.marker)

        [host."http://localhost:5000"]
          capabilities = ["pull"]

        """)
    }

    @Test func idempotentBackupAndCleanupRestores() throws {
        let root = try TestImage.temporaryDirectory("certs.d")
        defer { try? FileManager.default.removeItem(at: root) }
        let existing = """
        server = "https://mirror.corp.example"
        ca = "/etc/certs/corp.pem"

        [host."https://cache.corp.example"]
          capabilities = ["pull"]
          [host."https://cache.corp.example".header]
            x-team = ["a"]

        [host."http://localhost:5000"]
          capabilities = ["pull", "resolve", "push"]

        """
        try FileManager.default.createDirectory(atPath: root.path + "/docker.io", withIntermediateDirectories: true)
        try Data(existing.utf8).write(to: root.appendingPathComponent("docker.io/hosts.toml"))
        let configuration = HostsConfiguration(directory: root.path, mirroredRegistries: ["docker.io", "quay.io"],
                                               mirrorTargets: ["http://localhost:5000"], prependExisting: true)
        try configuration.configure()
        let expected = """
        \(Self.marker)
        server = "https://mirror.corp.example"
        ca = "/etc/certs/corp.pem"

        [host."http://localhost:5000"]
          capabilities = ["pull", "resolve"]

        [host."https://cache.corp.example"]
          capabilities = ["pull"]
          [host."https://cache.corp.example".header]
            x-team = ["a"]

        """
        #expect(read(root.path + "/docker.io/hosts.toml") == expected)
        #expect(read(root.path + "/docker.io/" + HostsConfiguration.backupName) == existing)
        let quay = read(root.path + "/quay.io/hosts.toml")

        // Twice: byte-identical.
        try configuration.configure()
        #expect(read(root.path + "/docker.io/hosts.toml") == expected)
        #expect(read(root.path + "/quay.io/hosts.toml") == quay)
        #expect(try HostsConfiguration.managedHosts(in: root.path) == ["docker.io", "quay.io"])

        // Dropping quay.io from the list removes only its file (and its directory, which spegel created).
        try HostsConfiguration(directory: root.path, mirroredRegistries: ["docker.io"], mirrorTargets: ["http://localhost:5000"], prependExisting: true).configure()
        #expect(!FileManager.default.fileExists(atPath: root.path + "/quay.io"))

        // Cleanup restores the original byte for byte and leaves nothing else behind.
        try FileManager.default.createDirectory(atPath: root.path + "/other.io", withIntermediateDirectories: true)
        try Data("server = \"https://other.io\"\n".utf8).write(to: root.appendingPathComponent("other.io/hosts.toml"))
        let cleaned = try HostsConfiguration.cleanup(directory: root.path)
        #expect(cleaned == [root.path + "/docker.io"])
        #expect(read(root.path + "/docker.io/hosts.toml") == existing)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/docker.io") == ["hosts.toml"])
        #expect(read(root.path + "/other.io/hosts.toml") == "server = \"https://other.io\"\n")
        #expect(try HostsConfiguration.cleanup(directory: root.path).isEmpty)
    }

    @Test func rejectsBadInput() {
        #expect(throws: HostsConfigurationError.invalidRegistry("ftp://x")) {
            try HostsConfiguration(directory: "/nonexistent", mirroredRegistries: ["ftp://x"], mirrorTargets: []).upstreams()
        }
        #expect(throws: HostsConfigurationError.invalidMirrorTarget("localhost:5000")) {
            try HostsConfiguration(directory: "/x", mirroredRegistries: [], mirrorTargets: ["localhost:5000"])
                .render(.init(host: "_default", server: nil), existing: nil)
        }
    }
}

@Suite struct CleanupProbeTests {
    @Test func waitSucceedsOnceEveryAddressAnswers() async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = ServiceRunner([try CleanupProbe.server(address: "127.0.0.1:0", logger: quietLogger) { continuation.yield($0) }], logger: quietLogger)
        let port = try #require(await collect(ports, count: 1, timeout: .seconds(30)).first)
        // Generous timeouts: a loaded 2-core machine can take seconds to accept a connection.
        #expect(await CleanupProbe.probe(address: "127.0.0.1", port: port, timeout: .seconds(20)))
        #expect(try await CleanupProbe.wait(host: "127.0.0.1", port: port, interval: .milliseconds(10), threshold: 2, timeout: .seconds(60),
                                            logger: quietLogger))
        await server.stop()
    }

    @Test func waitTimesOutWhileANodeHasNotCleanedUp() async throws {
        // A port nothing listens on: bind, note the port, close.
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = ServiceRunner([try CleanupProbe.server(address: "127.0.0.1:0", logger: quietLogger) { continuation.yield($0) }], logger: quietLogger)
        let port = try #require(await collect(ports, count: 1, timeout: .seconds(30)).first)
        await server.stop()
        #expect(await !CleanupProbe.probe(address: "127.0.0.1", port: port))
        let started = ContinuousClock.now
        #expect(try await !CleanupProbe.wait(host: "127.0.0.1", port: port, interval: .milliseconds(50), threshold: 1, timeout: .milliseconds(300),
                                             logger: quietLogger))
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func resolvesNumericAndLocalhost() {
        #expect(CleanupProbe.resolve(host: "127.0.0.1") == ["127.0.0.1"])
        #expect(CleanupProbe.resolve(host: "localhost").contains("127.0.0.1"))
    }
}

@Suite struct ParsingTests {
    @Test func goDurations() throws {
        #expect(try GoDuration.parse("20ms") == .milliseconds(20))
        #expect(try GoDuration.parse("1.5s") == .milliseconds(1500))
        #expect(try GoDuration.parse("1h2m3s") == .seconds(3723))
        #expect(try GoDuration.parse("300us") == .microseconds(300))
        #expect(try GoDuration.parse("300µs") == .microseconds(300))
        #expect(try GoDuration.parse("0") == .zero)
        #expect(try GoDuration.parse("-2s") == .seconds(-2))
        for bad in ["", "20", "ms", "1x", "1.2.3s", "s1"] {
            #expect(throws: GoDurationError(text: bad)) { try GoDuration.parse(bad) }
        }
    }

    @Test func repositoryNames() {
        for good in ["a", "library/nginx", "a-b/c__d/e.f", "a--b", "x/y/z/0"] { #expect(RepositoryName.isValid(good), "\(good)") }
        for bad in ["", "A", "a/", "/a", "a//b", "..", "a/../b", "a_", "-a", "a___b", "a/.b", "a%2e", String(repeating: "a", count: 256)] {
            #expect(!RepositoryName.isValid(bad), "\(bad)")
        }
        for good in ["docker.io", "registry.local:5000", "[fd00::1]:5000", "localhost"] { #expect(RepositoryName.isValidRegistryHost(good)) }
        for bad in ["", "a/b", "host:abc", "host:", ".x", "[zz]:1"] { #expect(!RepositoryName.isValidRegistryHost(bad), "\(bad)") }
    }

    @Test func requestPaths() throws {
        let digest = Digest.sha256(of: Data())
        let blob = try #require(try MirrorRequest.parse(path: "/v2/a/manifests/b/blobs/\(digest)", namespace: "docker.io"))
        #expect(blob.kind == .blob)
        #expect(blob.name == "a/manifests/b")
        #expect(blob.filterSubject == "docker.io/a/manifests/b@\(digest)")
        let tag = try #require(try MirrorRequest.parse(path: "/v2/library/nginx/manifests/1.25", namespace: "docker.io"))
        #expect(tag.key == .tag(TagReference(registry: "docker.io", repository: "library/nginx", tag: "1.25")))
        #expect(try MirrorRequest.parse(path: "/v2/library/nginx/manifests/1.25", namespace: nil)?.key == nil)
        #expect(try MirrorRequest.parse(path: "/v2/library/nginx/tags/list", namespace: nil) == nil)
        // The last separator wins, whichever word comes first; a separator at the very start has no name.
        let manifest = try #require(try MirrorRequest.parse(path: "/v2/x/blobs/y/manifests/2.0", namespace: nil))
        #expect(manifest.kind == .manifest)
        #expect(manifest.name == "x/blobs/y")
        #expect(lastRange(of: "/blobs/", in: "a/blobs/b/blobs/c").map { "a/blobs/b/blobs/c"[$0.upperBound...] } == "c")
        #expect(lastRange(of: "/blobs/", in: "/blobs/") != nil)
        #expect(lastRange(of: "/blobs/", in: "/blobs") == nil)
        #expect(lastRange(of: "/blobs/", in: "") == nil)
        // Offsets count from the substring's own start, not the string's.
        let path = "/v2/ä/blobs/blobs/x"
        let tail = path.dropFirst(4)
        #expect(lastRange(of: "/blobs/", in: tail).map { String(tail[..<$0.lowerBound]) } == "ä/blobs")
        #expect(lastRange(of: "/blobs/", in: tail).map { String(tail[$0.upperBound...]) } == "x")
        #expect(RegistryResponder.queryValue("ns", in: "a=1&ns=docker.io") == "docker.io")
        #expect(RegistryResponder.queryValue("ns", in: "ns=my%2Dregistry+x") == "my-registry x")
    }

    @Test func filtersMatchAnywhere() throws {
        let filters = try RegistryFilters(patterns: [":latest$", "^quay\\.io/"])
        #expect(filters.matches("docker.io/library/nginx:latest"))
        #expect(filters.matches("quay.io/a/b@sha256:00"))
        #expect(!filters.matches("docker.io/library/nginx:1.25"))
        #expect(throws: RegistryFilterError.self) { try RegistryFilters(patterns: ["("]) }
    }
}
