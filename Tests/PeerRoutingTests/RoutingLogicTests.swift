import Foundation
import MirrorRegistry
@testable import PeerRouting
import Testing

@Suite(.serialized) struct RoutingLogicTests {
    static func addresses(_ count: Int) -> [PeerAddress] {
        (0..<count).map { PeerAddress(host: "10.0.\($0 / 256).\($0 % 256)", port: 5001) }
    }

    @Test func holdersAreTheHighestWeightsForEveryNode() {
        let members = Self.addresses(50).map(Member.init)
        for index in 0..<200 {
            let key = "sha256:\(String(repeating: "0", count: 60))\(String(format: "%04d", index))"
            let hash = Rendezvous.hash(key)
            let expected = members.sorted { Rendezvous.weight(member: $0.hash, key: hash) > Rendezvous.weight(member: $1.hash, key: hash) }.prefix(3)
            #expect(HolderSet(keyHash: hash, members: members, count: 3).members == Array(expected))
            #expect(HolderSet(keyHash: hash, members: members.reversed(), count: 3).members == Array(expected))
        }
    }

    @Test func rendezvousSpreadsKeysEvenly() {
        let members = Self.addresses(20).map(Member.init)
        var load: [Member: Int] = [:]
        for index in 0..<6_000 {
            for holder in HolderSet(keyHash: Rendezvous.hash("key-\(index)"), members: members, count: 3).members { load[holder, default: 0] += 1 }
        }
        // 18,000 placements over 20 members: 900 each on average.
        #expect(load.count == 20)
        #expect(load.values.allSatisfy { (750...1_050).contains($0) })
    }

    @Test func membershipChangesReadvertiseOnlyKeysWhoseHoldersChanged() {
        let all = Self.addresses(30)
        var node = RoutingNode(identity: all[0], provider: PeerAddress(host: "10.0.0.0", port: 5000))
        _ = node.updateMembers(Array(all.prefix(29)))
        let keys = (0..<3_000).map { "key-\($0)" }
        let first = node.advertise(keys)
        #expect(first.values.map(\.count).reduce(0, +) == 3 * keys.count)

        // A newcomer receives exactly the keys it now holds, and nobody else hears anything.
        let newcomer = all[29]
        let joined = node.updateMembers(all)
        #expect(joined.joined == [newcomer])
        let expected = Set(keys.filter { node.holders(of: $0).contains(newcomer) })
        #expect(Set(joined.outbox.keys) == (expected.isEmpty ? [] : [newcomer]))
        #expect(Set(KeyTable.shared.texts(joined.outbox[newcomer] ?? [])) == expected)
        #expect((220...380).contains(expected.count)) // about R/N = 10% of the keys

        // When a holder leaves, its keys go to their next holder.
        let leaver = all[5]
        let held = Set(keys.filter { node.holders(of: $0).contains(leaver) })
        let left = node.updateMembers(all.filter { $0 != leaver })
        #expect(left.left == [leaver])
        #expect(Set(KeyTable.shared.texts(Array(left.outbox.values.joined()))) == held)
        #expect(left.outbox[leaver] == nil)
        #expect(node.refresh().values.map(\.count).reduce(0, +) == 3 * keys.count)

        // Unchanged membership: nothing to send.
        #expect(node.updateMembers(all.filter { $0 != leaver }).outbox.isEmpty)
        // Withdrawing tells the current holders.
        let withdrawal = node.withdraw(["key-1"])
        #expect(Set(withdrawal.keys) == Set(node.holders(of: "key-1")))
    }

    @Test func recordsExpireAndCanBeWithdrawn() {
        var records = ProviderRecords()
        let a = PeerAddress(host: "10.0.0.1", port: 5000)
        let b = PeerAddress(host: "10.0.0.2", port: 5000)
        records.add(["k", "l"], provider: a, expiry: 10)
        records.add(["k"], provider: b, expiry: 20)
        records.add(["k"], provider: b, expiry: 30)
        #expect(records.count == 3)
        #expect(records.providers(of: "k", now: 5) == [a, b])
        #expect(records.providers(of: "k", now: 15) == [b])
        #expect(records.purge(now: 15) == 2)
        #expect(records.count == 1)
        records.remove(["k"], provider: b)
        #expect(records.count == 0)
        #expect(records.keyCount == 0)
    }

    @Test func ipAddressesCompareByValue() {
        #expect(IPAddressText.same("::ffff:10.1.2.3", "10.1.2.3"))
        #expect(IPAddressText.same("[fd00::1]", "fd00:0::1"))
        #expect(!IPAddressText.same("10.1.2.3", "10.1.2.4"))
        #expect(!IPAddressText.same("example.com", "example.com"))
        #expect(IPAddressText.normalized("127.0.0.1") == "127.0.0.1")
        #expect(IPAddressText.normalized("localhost") == nil)
    }

    @Test func dnsMembershipResolvesEveryAddress() async throws {
        let resolved = try DNSMembership.resolve("localhost")
        #expect(resolved.contains("127.0.0.1") || resolved.contains("::1"))
        let members = try await DNSMembership(domain: "localhost", routerPort: 5001).members()
        #expect(members.allSatisfy { $0.port == 5001 })
        #expect(throws: MembershipError.self) { try DNSMembership.resolve("no-such-name.invalid") }
    }

    @Test func setupRejectsBadFlags() async throws {
        await #expect(throws: RouterStartError.self) {
            _ = try await P2PSetup.make(routerAddress: "127.0.0.1:0", registryAddress: ":5000", bootstrapKind: "dns", dnsDomain: nil, staticPeers: [], logger: Logger(label: "t"))
        }
        await #expect(throws: RouterStartError.self) {
            _ = try await P2PSetup.make(routerAddress: "127.0.0.1:0", registryAddress: ":5000", bootstrapKind: "static", dnsDomain: nil, staticPeers: ["nope"], logger: Logger(label: "t"))
        }
        await #expect(throws: RouterStartError.self) {
            _ = try await P2PSetup.make(routerAddress: "127.0.0.1:0", registryAddress: ":5000", bootstrapKind: "gossip", dnsDomain: nil, staticPeers: [], logger: Logger(label: "t"))
        }
    }
}
