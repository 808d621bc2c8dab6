import MirrorRegistry
/// The one-hop DHT's logic for one node, without any I/O ("sans-IO"): the real router feeds it
/// membership and messages and sends what it returns over HTTP; the simulator delivers in process.
///
/// For each key the `replication` members with the highest rendezvous weight hold its provider
/// records. The node keeps its provided keys as a set of interned `KeyID`s and one `Placement` (the
/// member list with every provided key's holders precomputed); the holders last told about a key are
/// always its holders in the current placement, so a membership change compares the old and new
/// placement per key and re-advertises only keys whose holder set gained a member.
public struct RoutingNode: Sendable {
    /// Messages to send: holder → keys (interned; `KeyTable.shared.texts` gives their text).
    public typealias Outbox = [PeerAddress: [KeyID]]

    /// This node as a member (its router address).
    public let identity: Member
    /// The registry address this node advertises as provider.
    public let provider: PeerAddress
    /// `provider`, interned.
    public let providerID: PeerID
    /// Holders per key (R).
    public let replication: Int
    /// Seconds a provider record lives.
    public let ttl: Double

    /// The current member list (always including this node) with the provided keys' holders.
    public private(set) var placement: Placement
    /// Keys this node provides.
    private var provided: Set<KeyID> = []
    /// Records this node holds for others (and itself).
    public private(set) var records = ProviderRecords()

    static var keys: KeyTable { KeyTable.shared }

    public init(identity: PeerAddress, provider: PeerAddress, replication: Int = 3, ttl: Double = 600) {
        self.identity = Member(identity)
        self.provider = provider
        providerID = PeerTable.shared.id(provider)
        self.replication = max(1, replication)
        self.ttl = ttl
        placement = Placement(members: [self.identity], replication: self.replication, keys: [], hashes: { _ in 0 })
    }

    /// Members (in no particular order), always including this node.
    public var members: [Member] { placement.members }
    /// Keys this node provides.
    public var providedKeys: [String] { Self.keys.texts(Array(provided)) }
    public var providedCount: Int { provided.count }

    /// The members holding `key`'s records, highest weight first.
    public func holders(of key: String) -> [PeerAddress] {
        let id = Self.keys.id(key)
        return holders(of: id).map(\.address)
    }

    /// The members holding the records of `key`, highest weight first.
    public func holders(of key: KeyID) -> [Member] {
        placement.holders(of: key, hash: Self.keys.hash(key))
    }

    /// Starts providing `keys`; returns the advertisements to send (including to this node itself).
    public mutating func advertise(_ keys: [String]) -> Outbox { advertise(ids: Self.keys.ids(keys)) }

    /// `advertise(_:)` with interned keys.
    public mutating func advertise(ids keys: [KeyID]) -> Outbox {
        provided.formUnion(keys)
        // Cover new keys in the placement (same members: stored rows are copied, new ones computed).
        if keys.contains(where: { !placement.covers($0) }) { rebuildPlacement(members: placement.members) }
        return outbox(for: keys, in: placement)
    }

    /// Stops providing `keys`; returns the withdrawals to send.
    public mutating func withdraw(_ keys: [String]) -> Outbox { withdraw(ids: Self.keys.ids(keys)) }

    /// `withdraw(_:)` with interned keys.
    public mutating func withdraw(ids keys: [KeyID]) -> Outbox {
        let removed = keys.filter { provided.remove($0) != nil }
        return outbox(for: removed, in: placement)
    }

    /// Of `keys` once sent to `holder` without success, those this node still provides and `holder` still
    /// holds: what to send it again.
    public func stillOwed(_ keys: [String], to holder: PeerAddress) -> [KeyID] {
        Self.keys.ids(keys).filter { id in provided.contains(id) && holders(of: id).contains { $0.address == holder } }
    }

    /// Every provided key to its current holders (the periodic refresh, every TTL/2).
    public func refresh() -> Outbox { outbox(for: provided, in: placement) }

    /// Replaces the member list (this node is always kept). Returns the members that joined and left
    /// and the re-advertisements: each key whose holder set gained members goes to the new holders.
    public mutating func updateMembers(_ addresses: [PeerAddress]) -> (joined: [PeerAddress], left: [PeerAddress], outbox: Outbox) {
        updateMembers(members: addresses.map(Member.init))
    }

    /// `updateMembers(_:)` with hashes already computed.
    public mutating func updateMembers(members list: [Member]) -> (joined: [PeerAddress], left: [PeerAddress], outbox: Outbox) {
        var next = list
        if !next.contains(identity) { next.append(identity) }
        if next.count == placement.members.count && next.allSatisfy({ placement.positions[$0] != nil }) { return ([], [], [:]) }
        let ids = Array(provided)
        let hashes = Self.keys.hashes(ids)
        var hashOf: [KeyID: UInt64] = [:]
        hashOf.reserveCapacity(ids.count)
        for (id, hash) in zip(ids, hashes) { hashOf[id] = hash }
        let derived = Placement(members: next, replication: replication, keys: ids, hashes: { hashOf[$0] ?? Self.keys.hash($0) }, previous: placement)
        return updateMembers(placement: derived)
    }

    /// Switches to `next` (which must contain this node and should cover the provided keys; the
    /// simulator passes one placement shared by the nodes that saw the same member list).
    public mutating func updateMembers(placement next: Placement) -> (joined: [PeerAddress], left: [PeerAddress], outbox: Outbox) {
        let previous = placement
        let remap = previous.members.map { next.positions[$0] ?? -1 }
        let joined = next.members.filter { previous.positions[$0] == nil }
        let left = zip(previous.members, remap).filter { $0.1 < 0 }.map(\.0)
        guard !joined.isEmpty || !left.isEmpty || next.replication != replication else { return ([], [], [:]) }
        placement = next
        var byHolder = [[KeyID]](repeating: [], count: next.members.count)
        var old: [Int32] = []
        old.reserveCapacity(replication)
        for key in provided {
            let hash = { Self.keys.hash(key) }
            old.removeAll(keepingCapacity: true)
            previous.forEachHolder(of: key, hash: hash) { old.append(remap[Int($0)]) }
            next.forEachHolder(of: key, hash: hash) { holder in
                if !old.contains(Int32(holder)) { byHolder[Int(holder)].append(key) }
            }
        }
        let outbox = Self.outbox(byHolder, members: next.members)
        return (joined.map(\.address), left.map(\.address), outbox)
    }

    /// Stores records `provider` sent (the caller has checked the sender's address).
    public mutating func accept(_ keys: [String], from provider: PeerAddress, ttl: Double, now: Double) {
        accept(ids: Self.keys.ids(keys), from: PeerTable.shared.id(provider), ttl: ttl, now: now)
    }

    /// `accept(_:from:ttl:now:)` with interned keys and provider.
    public mutating func accept(ids keys: [KeyID], from provider: PeerID, ttl: Double, now: Double) {
        records.add(keys, provider: provider, expiry: now + min(max(ttl, 1), self.ttl * 2))
    }

    /// Drops records `provider` withdrew.
    public mutating func remove(_ keys: [String], from provider: PeerAddress) {
        remove(ids: Self.keys.ids(keys), from: PeerTable.shared.id(provider))
    }

    /// `remove(_:from:)` with interned keys and provider.
    public mutating func remove(ids keys: [KeyID], from provider: PeerID) {
        records.remove(keys, provider: provider)
    }

    /// Unexpired providers of `key` held here, sorted.
    public func providers(of key: String, now: Double) -> [PeerAddress] {
        guard let id = Self.keys.existingID(key) else { return [] }
        return PeerTable.shared.addresses(providerIDs(of: id, now: now)).sorted()
    }

    /// Unexpired providers of `key` held here, by id.
    public func providerIDs(of key: KeyID, now: Double) -> [PeerID] {
        records.providerIDs(of: key, now: now)
    }

    /// Drops expired records.
    @discardableResult
    public mutating func purge(now: Double) -> Int { records.purge(now: now) }

    // MARK: Helpers

    /// `keys` grouped by their holders in `placement`.
    private func outbox(for keys: some Collection<KeyID>, in placement: Placement) -> Outbox {
        var byHolder = [[KeyID]](repeating: [], count: placement.members.count)
        for key in keys {
            placement.forEachHolder(of: key, hash: { Self.keys.hash(key) }) { byHolder[Int($0)].append(key) }
        }
        return Self.outbox(byHolder, members: placement.members)
    }

    /// Keys by member index → keys by member address (members with no keys left out).
    private static func outbox(_ byHolder: [[KeyID]], members: [Member]) -> Outbox {
        var outbox: Outbox = [:]
        for (index, keys) in byHolder.enumerated() where !keys.isEmpty { outbox[members[index].address] = keys }
        return outbox
    }

    /// A placement over `members` covering every provided key (stored rows reused).
    private mutating func rebuildPlacement(members: [Member]) {
        let ids = Array(provided)
        let hashes = Self.keys.hashes(ids)
        var hashOf: [KeyID: UInt64] = [:]
        hashOf.reserveCapacity(ids.count)
        for (id, hash) in zip(ids, hashes) { hashOf[id] = hash }
        placement = Placement(members: members, replication: replication, keys: ids, hashes: { hashOf[$0] ?? Self.keys.hash($0) }, previous: placement)
    }
}
