import Foundation
import MirrorRegistry
import Testing

/// The `PeerRouter` contract, runnable against any implementation.
///
/// `make(n)` returns `n` routers forming one cluster, each with the registry address it advertises.
/// The peer-to-peer module calls this with routers on loopback ports.
enum PeerRouterConformance {
    static func run(lookupTimeout: Duration = .milliseconds(200), _ make: (Int) async throws -> [(router: any PeerRouter, address: PeerAddress)]) async throws {
        let nodes = try await make(3)
        #expect(nodes.count == 3)
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        for node in nodes { #expect(await node.router.ready()) }

        let digest = ContentKey.digest(Digest.sha256(of: Data("conformance".utf8)))
        let tag = ContentKey.tag(TagReference(registry: "docker.io", repository: "library/conformance", tag: "1"))

        // Nothing advertised: the lookup finishes empty, within the timeout (plus slack).
        let started = ContinuousClock.now
        #expect(await all(b.router.lookup(digest, timeout: lookupTimeout)).isEmpty)
        #expect(ContinuousClock.now - started < lookupTimeout + .seconds(10))

        // A advertises (twice: idempotent); B and C find A exactly once; A never finds itself.
        try await a.router.advertise([digest, tag])
        try await a.router.advertise([digest])
        try await eventually { await all(b.router.lookup(digest, timeout: lookupTimeout)) == [a.address] }
        #expect(await all(c.router.lookup(tag, timeout: lookupTimeout)) == [a.address])
        #expect(await all(a.router.lookup(digest, timeout: lookupTimeout)).isEmpty)

        // C also advertises: B finds both.
        try await c.router.advertise([digest])
        try await eventually { Set(await all(b.router.lookup(digest, timeout: lookupTimeout))) == [a.address, c.address] }

        // Withdrawals.
        try await a.router.withdraw([digest, tag])
        try await eventually { await all(b.router.lookup(digest, timeout: lookupTimeout)) == [c.address] }
        #expect(await all(b.router.lookup(tag, timeout: lookupTimeout)).isEmpty)

        // A consumer may stop early.
        for await _ in b.router.lookup(digest, timeout: lookupTimeout) { break }
    }

    static func all(_ stream: AsyncStream<PeerAddress>) async -> [PeerAddress] {
        var items: [PeerAddress] = []
        for await item in stream { items.append(item) }
        return items
    }

    /// Retries `condition` for up to 5 s (routers may propagate asynchronously).
    static func eventually(_ condition: () async -> Bool) async throws {
        for _ in 0..<50 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(await condition())
    }
}

@Suite struct PeerRouterConformanceTests {
    @Test func inMemoryRouter() async throws {
        try await PeerRouterConformance.run { count in
            let network = InMemoryPeerNetwork()
            return (0..<count).map { index in
                let address = PeerAddress(host: "10.0.0.\(index + 1)", port: 5000)
                return (InMemoryPeerRouter(network: network, address: address), address)
            }
        }
    }

    @Test func peerAddressParsing() {
        #expect(PeerAddress("10.1.2.3:5000") == PeerAddress(host: "10.1.2.3", port: 5000))
        #expect(PeerAddress("[fd00::1]:5000") == PeerAddress(host: "fd00::1", port: 5000))
        #expect(PeerAddress(host: "fd00::1", port: 5000).description == "[fd00::1]:5000")
        #expect(PeerAddress("fd00::1:5000") == nil)
        #expect(PeerAddress("host:0") == nil)
        #expect(PeerAddress("host") == nil)
    }

    @Test func contentKeyText() {
        let reference = TagReference(registry: "docker.io", repository: "library/nginx", tag: "1.25")
        #expect(ContentKey.tag(reference).description == "docker.io/library/nginx:1.25")
        #expect(ContentKey("docker.io/library/nginx:1.25") == .tag(reference))
        #expect(ContentKey("sha256:zz") == nil)
        #expect(TagReference(parsing: "nginx:1.25") == reference)
        #expect(TagReference(parsing: "localhost:5000/a/b:c") == TagReference(registry: "localhost:5000", repository: "a/b", tag: "c"))
        #expect(TagReference(parsing: "nginx") == nil)
        #expect(TagReference(parsing: "nginx@sha256:" + String(repeating: "a", count: 64)) == nil)
    }
}
