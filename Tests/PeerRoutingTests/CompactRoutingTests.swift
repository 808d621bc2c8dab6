import Foundation
import MirrorRegistry
@testable import PeerRouting
import Testing

/// The compact routing tables: interning, 8-byte provider records, derived placements.
@Suite struct CompactRoutingTests {
    static func members(_ range: Range<Int>) -> [Member] {
        range.map { Member(PeerAddress(host: "10.1.\($0 / 256).\($0 % 256)", port: 5001)) }
    }

    static func normalized(_ outbox: RoutingNode.Outbox) -> [PeerAddress: Set<KeyID>] { outbox.mapValues(Set.init) }

    @Test func keyTableInternsOnceAndKeepsTextAndHash() {
        let table = KeyTable()
        let a = table.id("sha256:aa")
        let b = table.id("docker.io/library/nginx:1.27")
        #expect(a == 0 && b == 1)
        #expect(table.id("sha256:aa") == a)
        #expect(table.ids(["docker.io/library/nginx:1.27", "sha256:aa", "new"]) == [b, a, 2])
        #expect(table.text(b) == "docker.io/library/nginx:1.27")
        #expect(table.texts([2, a]) == ["new", "sha256:aa"])
        #expect(table.hash(a) == Rendezvous.hash("sha256:aa"))
        #expect(table.existingID("missing") == nil)
        #expect(table.count == 3)
    }

    @Test func peerTableInternsAddresses() {
        let table = PeerTable()
        let a = PeerAddress(host: "10.0.0.1", port: 5000)
        let b = PeerAddress(host: "fd00::1", port: 5000)
        #expect(table.id(a) == 0 && table.id(b) == 1 && table.id(a) == 0)
        #expect(table.addresses([1, 0]) == [b, a])
        #expect(table.address(0) == a)
    }

    @Test func recordsRenewReplaceExpireAndRemove() {
        var records = ProviderRecords()
        // Providers arrive out of order; the per-key array stays sorted by id.
        records.add([7], provider: 30, expiry: 10)
        records.add([7], provider: 10, expiry: 20)
        records.add([7], provider: 20, expiry: 5.2)
        #expect(records.count == 3)
        #expect(records.providerIDs(of: 7, now: 0) == [10, 20, 30])
        // Expiry is rounded up to whole seconds: 5.2 → 6.
        #expect(records.providerIDs(of: 7, now: 5.9) == [10, 20, 30])
        #expect(records.providerIDs(of: 7, now: 6) == [10, 30])
        // Renewal replaces the expiry (also to an earlier one) without adding a record.
        records.add([7], provider: 30, expiry: 40)
        records.add([7], provider: 10, expiry: 3)
        #expect(records.count == 3)
        #expect(records.providerIDs(of: 7, now: 15) == [30])
        #expect(records.purge(now: 15) == 2)
        #expect(records.count == 1 && records.keyCount == 1)
        // Removing an absent provider or key changes nothing; removing the last record drops the key.
        records.remove([7, 8], provider: 99)
        #expect(records.count == 1)
        records.remove([7], provider: 30)
        #expect(records.count == 0 && records.keyCount == 0)
        #expect(records.providerIDs(of: 7, now: 0).isEmpty)
        #expect(MemoryLayout<ProviderRecords.Record>.stride == 8)
    }

    @Test func recordsHoldManyProvidersPerKey() {
        var records = ProviderRecords()
        var rng = SystemRandomNumberGenerator()
        let providers = (0..<2_000).map { _ in PeerID.random(in: 0..<1_000_000, using: &rng) }
        for provider in providers { records.add([1, 2], provider: provider, expiry: 100) }
        let distinct = Set(providers)
        #expect(records.count == 2 * distinct.count)
        #expect(records.providerIDs(of: 1, now: 0) == distinct.sorted())
        for provider in providers.prefix(500) { records.remove([1], provider: provider) }
        #expect(Set(records.providerIDs(of: 1, now: 0)) == distinct.subtracting(providers.prefix(500)))
    }

    @Test func derivedPlacementsMatchAFullComputation() {
        let table = KeyTable()
        let keys = table.ids((0..<2_000).map { "sha256:key-\($0)" })
        var members = Self.members(0..<200)
        var placement = Placement(members: members, replication: 3, keys: keys, hashes: table.hash)
        var rng = SystemRandomNumberGenerator()
        var next = 200
        for step in 0..<20 {
            // Some leave (often holders), some join.
            for _ in 0..<(step % 5) { members.remove(at: Int.random(in: 0..<members.count, using: &rng)) }
            for _ in 0..<(step % 3 + 1) { members.append(Self.members(next..<next + 1)[0]); next += 1 }
            let derived = Placement(members: members, replication: 3, keys: keys, hashes: table.hash, previous: placement)
            let full = Placement(members: members, replication: 3, keys: keys, hashes: table.hash)
            for key in keys {
                let expected = HolderSet(keyHash: table.hash(key), members: members, count: 3).members
                #expect(derived.holders(of: key, hash: table.hash(key)) == expected)
                #expect(full.holders(of: key, hash: table.hash(key)) == expected)
            }
            placement = derived
        }
        // Keys not covered are computed on demand.
        let other = table.id("sha256:uncovered")
        #expect(!placement.covers(other))
        #expect(placement.holders(of: other, hash: table.hash(other)) == HolderSet(keyHash: table.hash(other), members: members, count: 3).members)
    }

    @Test func smallClustersHaveFewerThanRHolders() {
        let table = KeyTable()
        let keys = table.ids(["a", "b", "c"])
        let two = Self.members(0..<2)
        let placement = Placement(members: two, replication: 3, keys: keys, hashes: table.hash)
        for key in keys { #expect(Set(placement.holders(of: key, hash: table.hash(key))) == Set(two)) }
        let three = Self.members(0..<3)
        let grown = Placement(members: three, replication: 3, keys: keys, hashes: table.hash, previous: placement)
        for key in keys { #expect(Set(grown.holders(of: key, hash: table.hash(key))) == Set(three)) }
    }

    @Test func nodesSharingAPlacementAdvertiseToTheSameHolders() {
        let members = Self.members(0..<50)
        let keys = KeyTable.shared.ids((0..<500).map { "sha256:shared-\($0)" })
        let placement = Placement(members: members, replication: 3, keys: keys, hashes: KeyTable.shared.hash)
        var shared = RoutingNode(identity: members[0].address, provider: PeerAddress(host: "10.1.0.0", port: 5000))
        var own = RoutingNode(identity: members[0].address, provider: PeerAddress(host: "10.1.0.0", port: 5000))
        _ = shared.updateMembers(placement: placement)
        _ = own.updateMembers(members: members)
        #expect(Self.normalized(shared.advertise(ids: keys)) == Self.normalized(own.advertise(ids: keys)))
        // A member leaving: the same re-advertisements either way.
        let fewer = Array(members.dropFirst(10)) + [members[0]]
        let next = Placement(members: fewer, replication: 3, keys: keys, hashes: KeyTable.shared.hash, previous: placement)
        let viaShared = shared.updateMembers(placement: next)
        let viaOwn = own.updateMembers(members: fewer)
        #expect(!viaShared.outbox.isEmpty)
        #expect(Self.normalized(viaShared.outbox) == Self.normalized(viaOwn.outbox))
        #expect(Set(viaShared.left) == Set(members[1..<10].map(\.address)))
        #expect(Self.normalized(shared.refresh()) == Self.normalized(own.refresh()))
    }
}
