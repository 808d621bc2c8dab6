import Foundation
import MirrorRegistry
import NIOCore
@testable import PeerRouting
import Testing

@Suite(.serialized) struct P2PRouterTests {
    @Test func conformsToThePeerRouterContract() async throws {
        var started: [P2PRouter] = []
        try await PeerRouterConformance.run { count in
            started = try await startRouters(count)
            return started.map { ($0, $0.provider) }
        }
        for router in started { await router.stop() }
    }

    @Test func lookupsAskOnlyTheReplicationHolders() async throws {
        let routers = try await startRouters(6) { $0.replication = 2 }
        defer { Task { for router in routers { await router.stop() } } }
        let key = ContentKey.digest(Digest.sha256(of: Data("holders".utf8)))
        try await routers[0].advertise([key])
        let holders = routers[1].node.withLockedValue { $0.holders(of: key.description) }
        #expect(holders.count == 2)
        // Exactly the two holders store the record.
        for router in routers {
            let stored = router.localProviders(of: key.description)
            #expect(stored == (holders.contains(router.identity) ? [routers[0].provider] : []))
        }
        let asker = routers.first { !holders.contains($0.identity) && $0 !== routers[0] }!
        let before = (await asker.statistics()?.lookupRequests ?? -1)
        var found: [PeerAddress] = []
        for await peer in asker.lookup(key, timeout: .seconds(2)) { found.append(peer) }
        #expect(found == [routers[0].provider])
        #expect((await asker.statistics()?.lookupRequests ?? -1) - before == 2)
        #expect(await asker.knownPeers().count == 5)
    }

    @Test func holdersRejectRecordsForOtherAddresses() async throws {
        let routers = try await startRouters(1)
        defer { Task { await routers[0].stop() } }
        let port = routers[0].identity.port
        func post(_ provider: String) async throws -> Int {
            let body = try JSONEncoder().encode(RouterMessage.Advertise(provider: provider, keys: ["sha256:" + String(repeating: "a", count: 64)], ttl: 60))
            let exchange = try await HTTPExchange.send(method: .POST, host: "127.0.0.1", port: port, path: "/v1/advertise",
                                                       headers: [("Content-Type", "application/json")], body: ByteBuffer(bytes: body), headTimeout: .seconds(5))
            _ = try await exchange.collect(upTo: 1 << 16)
            return exchange.status
        }
        #expect(try await post("10.9.9.9:5000") == 403)
        #expect(try await post("not-an-address") == 403)
        #expect(routers[0].localProviders(of: "sha256:" + String(repeating: "a", count: 64)).isEmpty)
        #expect(try await post("127.0.0.1:5999") == 204)
        #expect(routers[0].localProviders(of: "sha256:" + String(repeating: "a", count: 64)) == [PeerAddress(host: "127.0.0.1", port: 5999)])
    }

    /// A holder that was down when a key was advertised gets the record soon after it starts (the retry
    /// with backoff), not only at the next TTL/2 refresh; membership (static) never changed.
    @Test func advertisementsAHolderMissedAreSentAgain() async throws {
        let (portA, portB) = (try await freePort(), try await freePort())
        let members = [PeerAddress(host: "127.0.0.1", port: portA), PeerAddress(host: "127.0.0.1", port: portB)]
        func configuration(_ port: Int, registryPort: Int) -> P2PRouter.Configuration {
            var configuration = P2PRouter.Configuration(listenAddress: "127.0.0.1:\(port)", registryPort: registryPort, membership: StaticMembership(members))
            configuration.retryInterval = .milliseconds(200)
            configuration.logger = testLogger
            return configuration
        }
        let a = try await P2PRouter.start(configuration(portA, registryPort: 5601))
        defer { Task { await a.stop() } }
        let key = ContentKey.digest(Digest.sha256(of: Data("missed".utf8)))
        try await a.advertise([key])
        #expect(await a.statistics()?.messagesFailed == 1)
        let b = try await P2PRouter.start(configuration(portB, registryPort: 5602))
        defer { Task { await b.stop() } }
        let started = ContinuousClock.now
        var arrived = false
        while !arrived && ContinuousClock.now - started < .seconds(10) {
            arrived = b.localProviders(of: key.description) == [a.provider]
            if !arrived { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(arrived, "B never got A's record")
        #expect(ContinuousClock.now - started < .seconds(3), "the retry took \(ContinuousClock.now - started)")
        // A key A no longer provides is not sent again.
        let owed: [KeyID] = a.node.withLockedValue { $0.stillOwed([key.description, "sha256:gone"], to: b.identity) }
        #expect(KeyTable.shared.texts(owed) == [key.description])
    }

    @Test func readinessFollowsMembership() async throws {
        var configuration = P2PRouter.Configuration(listenAddress: "127.0.0.1:0", registryPort: 5000,
                                                    membership: DNSMembership(domain: "localhost", routerPort: 1))
        configuration.logger = testLogger
        let router = try await P2PRouter.start(configuration)
        defer { Task { await router.stop() } }
        // localhost resolves to this host: members are known, so the router is ready.
        #expect(await router.ready())
        #expect(!(await router.knownPeers()).isEmpty)
    }

    @Test func deadHoldersAreSkippedWithinTheTimeout() async throws {
        let routers = try await startRouters(4)
        let key = ContentKey.digest(Digest.sha256(of: Data("dead".utf8)))
        try await routers[0].advertise([key])
        let holders = routers[1].node.withLockedValue { $0.holders(of: key.description) }
        // Stop one holder that is neither the provider nor the asker.
        let asker = routers.first { $0 !== routers[0] && !holders.contains($0.identity) } ?? routers[1]
        if let victim = routers.first(where: { holders.contains($0.identity) && $0 !== routers[0] && $0 !== asker }) {
            await victim.stop()
        }
        let started = ContinuousClock.now
        var found: [PeerAddress] = []
        for await peer in asker.lookup(key, timeout: .milliseconds(500)) { found.append(peer) }
        #expect(found == [routers[0].provider])
        #expect(ContinuousClock.now - started < .seconds(2))
        for router in routers { await router.stop() }
    }
}
