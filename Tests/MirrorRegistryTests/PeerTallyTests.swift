import Testing
@testable import MirrorRegistry

@Suite struct PeerTallyTests {
    @Test func countsAnswersPerPeerMostHitsFirst() {
        let tally = PeerTally()
        let a = PeerAddress(host: "10.0.0.1", port: 5000), b = PeerAddress(host: "10.0.0.2", port: 5000)
        tally.record(.hit, from: a)
        tally.record(.hit, from: b)
        tally.record(.hit, from: b)
        tally.record(.notFound, from: a)
        tally.record(.failure, from: a)
        #expect(tally.entries.map(\.peer) == [b, a])
        #expect(tally.entries.map(\.hits) == [2, 1])
        #expect(tally.entries[1].notFound == 1 && tally.entries[1].failures == 1)
    }

    @Test func keepsOnlyTheMostRecentlyUsedPeers() {
        let tally = PeerTally(capacity: 2)
        for last in 1...3 { tally.record(.hit, from: PeerAddress(host: "10.0.0.\(last)", port: 5000)) }
        #expect(Set(tally.entries.map(\.peer.host)) == ["10.0.0.2", "10.0.0.3"])
    }

    @Test func routerTotalsBecomeCounters() {
        let metrics = RegistryMetrics()
        metrics.updateRouter(peers: 4, statistics: RouterStatistics(lookups: 3, lookupRequests: 9, messagesSent: 2))
        metrics.updateRouter(peers: 5, statistics: RouterStatistics(lookups: 5, lookupRequests: 15, messagesSent: 2, messagesFailed: 1))
        let text = metrics.exposition()
        #expect(text.contains("spegel_router_peers 5"))
        #expect(text.contains("spegel_router_lookups_total 5"))
        #expect(text.contains("spegel_router_lookup_requests_total 15"))
        #expect(text.contains("spegel_router_messages_failed_total 1"))
    }
}
