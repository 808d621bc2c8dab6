import MirrorRegistry
/// The one-hop DHT's logic for one node, without any I/O ("sans-IO"): the real router feeds it
/// membership and messages and sends what it returns over HTTP; the simulator delivers in process.
///
/// For each key the `replication` members with the highest rendezvous weight hold its provider
/// records. The node remembers, for each key it provides, the holders it last told, so a membership
/// change re-advertises only keys whose holder set gained a member.
public struct RoutingNode: Sendable {
    /// Messages to send: holder → keys.
    public typealias Outbox = [PeerAddress: [String]]

    /// This node as a member (its router address).
    public let identity: Member
    /// The registry address this node advertises as provider.
    public let provider: PeerAddress
    /// Holders per key (R).
    public let replication: Int
    /// Seconds a provider record lives.
    public let ttl: Double

    /// Members (in no particular order), always including this node.
    public private(set) var members: [Member]
    private var memberSet: Set<Member>
    /// Keys this node provides, with the holders last told (and the key's hash).
    private var provided: [String: (hash: UInt64, holders: HolderSet)] = [:]
    /// Records this node holds for others (and itself).
    public private(set) var records = ProviderRecords()

    public init(identity: PeerAddress, provider: PeerAddress, replication: Int = 3, ttl: Double = 600) {
        self.identity = Member(identity)
        self.provider = provider
        self.replication = max(1, replication)
        self.ttl = ttl
        members = [self.identity]
        memberSet = [self.identity]
    }

    /// Keys this node provides.
    public var providedKeys: [String] { Array(provided.keys) }
    public var providedCount: Int { provided.count }

    /// The members holding `key`'s records, highest weight first.
    public func holders(of key: String) -> [PeerAddress] {
        HolderSet(keyHash: Rendezvous.hash(key), members: members, count: replication).members.map(\.address)
    }

    /// Starts providing `keys`; returns the advertisements to send (including to this node itself).
    public mutating func advertise(_ keys: [String]) -> Outbox {
        var outbox: Outbox = [:]
        for key in keys {
            let hash = provided[key]?.hash ?? Rendezvous.hash(key)
            let holders = HolderSet(keyHash: hash, members: members, count: replication)
            provided[key] = (hash, holders)
            for holder in holders.members { outbox[holder.address, default: []].append(key) }
        }
        return outbox
    }

    /// Stops providing `keys`; returns the withdrawals to send.
    public mutating func withdraw(_ keys: [String]) -> Outbox {
        var outbox: Outbox = [:]
        for key in keys {
            guard let entry = provided.removeValue(forKey: key) else { continue }
            for holder in entry.holders.members { outbox[holder.address, default: []].append(key) }
        }
        return outbox
    }

    /// Of `keys` once sent to `holder` without success, those this node still provides and `holder` still
    /// holds: what to send it again.
    public func stillOwed(_ keys: [String], to holder: PeerAddress) -> [String] {
        keys.filter { key in provided[key]?.holders.members.contains { $0.address == holder } == true }
    }

    /// Every provided key to its current holders (the periodic refresh, every TTL/2).
    public func refresh() -> Outbox {
        var outbox: Outbox = [:]
        for (key, entry) in provided {
            for holder in entry.holders.members { outbox[holder.address, default: []].append(key) }
        }
        return outbox
    }

    /// Replaces the member list (this node is always kept). Returns the members that joined and left
    /// and the re-advertisements: each key whose holder set gained members goes to the new holders.
    public mutating func updateMembers(_ addresses: [PeerAddress]) -> (joined: [PeerAddress], left: [PeerAddress], outbox: Outbox) {
        updateMembers(members: addresses.map(Member.init))
    }

    /// `updateMembers(_:)` with hashes already computed (the simulator shares them between nodes).
    public mutating func updateMembers(members list: [Member]) -> (joined: [PeerAddress], left: [PeerAddress], outbox: Outbox) {
        var next = Set(list)
        next.insert(identity)
        guard next != memberSet else { return ([], [], [:]) }
        // Unsorted on purpose: sorting formats addresses as text (costly with thousands of members).
        let joined = Array(next.subtracting(memberSet))
        let left = memberSet.subtracting(next)
        memberSet = next
        members = Array(next)
        var outbox: Outbox = [:]
        for (key, entry) in provided {
            let lost = entry.holders.members.contains { left.contains($0) }
            let gained = joined.contains { entry.holders.admits($0, keyHash: entry.hash, count: replication) }
            guard lost || gained || entry.holders.members.count < min(replication, members.count) else { continue }
            let holders = HolderSet(keyHash: entry.hash, members: members, count: replication)
            provided[key] = (entry.hash, holders)
            for holder in holders.members where !entry.holders.members.contains(holder) {
                outbox[holder.address, default: []].append(key)
            }
        }
        return (joined.map(\.address), left.map(\.address), outbox)
    }

    /// Stores records `provider` sent (the caller has checked the sender's address).
    public mutating func accept(_ keys: [String], from provider: PeerAddress, ttl: Double, now: Double) {
        records.add(keys, provider: provider, expiry: now + min(max(ttl, 1), self.ttl * 2))
    }

    /// Drops records `provider` withdrew.
    public mutating func remove(_ keys: [String], from provider: PeerAddress) {
        records.remove(keys, provider: provider)
    }

    /// Unexpired providers of `key` held here.
    public func providers(of key: String, now: Double) -> [PeerAddress] {
        records.providers(of: key, now: now)
    }

    /// Drops expired records.
    @discardableResult
    public mutating func purge(now: Double) -> Int { records.purge(now: now) }
}
