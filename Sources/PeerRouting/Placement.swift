/// An immutable membership view with the holders of a set of keys precomputed: which R members hold
/// each key's provider records (rendezvous hashing, `Rendezvous.weight`).
///
/// Holders are stored as member indices in one flat array indexed by `KeyID` (R × 4 bytes per key).
/// A placement for a new member list is *derived* from the previous one: a key's holders change only
/// if one of them left (then its top R are recomputed over all members, O(N)) or a joining member
/// outweighs them (checked against the joined members only), so a membership change costs
/// O(keys × (R + joined)) plus O(N) for the few keys that lost a holder, not O(keys × N).
/// Keys not covered are computed on demand (O(N), not stored).
///
/// Being immutable, one placement may be shared by every node that saw the same member list (the
/// simulator does so; a daemon has one node).
public final class Placement: Sendable {
    /// Members, in no particular order.
    public let members: [Member]
    /// Holders per key.
    public let replication: Int
    /// `members[i].hash`, contiguous (the selection loop reads only these).
    let memberHashes: [UInt64]
    /// Member → index in `members`.
    let positions: [Member: Int32]
    /// Keys covered: `rows[key * replication ..< (key + 1) * replication]` are its holders (indices,
    /// highest weight first, `none` padding when there are fewer than R members), or all `none` when
    /// the key is not covered.
    let rows: [UInt32]
    static let none = UInt32.max

    /// A placement of `keys` over `members` (deduplicated), derived from `previous` when given.
    /// - Parameter hashes: the keys' rendezvous hashes, by `KeyID` (`KeyTable.hash`).
    public init(members list: [Member], replication: Int, keys: [KeyID], hashes: (KeyID) -> UInt64, previous: Placement? = nil) {
        var positions: [Member: Int32] = [:]
        positions.reserveCapacity(list.count)
        var members: [Member] = []
        members.reserveCapacity(list.count)
        for member in list where positions[member] == nil {
            positions[member] = Int32(members.count)
            members.append(member)
        }
        self.members = members
        self.positions = positions
        self.replication = max(1, replication)
        memberHashes = members.map(\.hash)
        let r = self.replication
        let size = (keys.max().map { Int($0) + 1 } ?? 0)
        var rows = [UInt32](repeating: Self.none, count: size * r)
        // Where each previous member is now (-1: left), and who joined.
        var remap: [Int32] = []
        var joined: [Int32] = []
        if let previous, previous.replication == r {
            remap = previous.members.map { positions[$0] ?? -1 }
            if remap.count == members.count && !remap.contains(-1) {
                joined = []
            } else {
                joined = members.indices.filter { previous.positions[members[$0]] == nil }.map(Int32.init)
            }
        }
        let incremental = !remap.isEmpty && joined.count * 4 < members.count
        var candidates: [Int32] = []
        var chosen = [UInt32](repeating: Self.none, count: r)
        for key in keys {
            let hash = hashes(key)
            let base = Int(key) * r
            var derived = false
            if incremental, let previous, let old = previous.row(of: key) {
                candidates.removeAll(keepingCapacity: true)
                var lost = false
                for index in old where index != Self.none {
                    let now = remap[Int(index)]
                    if now < 0 { lost = true; break }
                    candidates.append(now)
                }
                if !lost {
                    candidates.append(contentsOf: joined)
                    Self.select(candidates, hashes: memberHashes, keyHash: hash, into: &chosen)
                    derived = true
                }
            }
            if !derived { Self.selectAll(memberHashes, keyHash: hash, into: &chosen) }
            for slot in 0..<r { rows[base + slot] = chosen[slot] }
        }
        self.rows = rows
    }

    /// The stored holders of `key` (member indices), or nil when `key` is not covered.
    func row(of key: KeyID) -> ArraySlice<UInt32>? {
        let base = Int(key) * replication
        guard base + replication <= rows.count, rows[base] != Self.none else { return nil }
        return rows[base..<base + replication]
    }

    /// Calls `body` with each holder of `key` (member index, highest weight first) without allocating
    /// when the key is covered.
    @inline(__always)
    func forEachHolder(of key: KeyID, hash: () -> UInt64, _ body: (UInt32) -> Void) {
        let base = Int(key) * replication
        if base + replication <= rows.count, rows[base] != Self.none {
            for slot in base..<base + replication {
                let holder = rows[slot]
                if holder == Self.none { break }
                body(holder)
            }
        } else {
            for holder in holderIndices(of: key, hash: hash()) { body(holder) }
        }
    }

    /// Whether `key`'s holders are stored.
    public func covers(_ key: KeyID) -> Bool { row(of: key) != nil }

    /// The holders of `key` (member indices, highest weight first): stored, or computed now.
    func holderIndices(of key: KeyID, hash: UInt64) -> [UInt32] {
        if let row = row(of: key) { return row.filter { $0 != Self.none } }
        var chosen = [UInt32](repeating: Self.none, count: replication)
        Self.selectAll(memberHashes, keyHash: hash, into: &chosen)
        return chosen.filter { $0 != Self.none }
    }

    /// The holders of `key`, highest weight first.
    public func holders(of key: KeyID, hash: UInt64) -> [Member] {
        holderIndices(of: key, hash: hash).map { members[Int($0)] }
    }

    /// The index of `member`, if it is one.
    public func position(of member: Member) -> Int? { positions[member].map(Int.init) }

    // MARK: Top-R selection

    /// The `chosen.count` highest weights among all members (insertion into a tiny sorted buffer).
    static func selectAll(_ hashes: [UInt64], keyHash: UInt64, into chosen: inout [UInt32]) {
        var top = TopWeights(count: chosen.count)
        hashes.withUnsafeBufferPointer { members in
            for index in members.indices {
                top.offer(UInt32(index), weight: Rendezvous.weight(member: members[index], key: keyHash), into: &chosen)
            }
        }
        top.finish(&chosen)
    }

    /// `selectAll` restricted to `candidates` (member indices, no duplicates).
    static func select(_ candidates: [Int32], hashes: [UInt64], keyHash: UInt64, into chosen: inout [UInt32]) {
        var top = TopWeights(count: chosen.count)
        for candidate in candidates {
            top.offer(UInt32(candidate), weight: Rendezvous.weight(member: hashes[Int(candidate)], key: keyHash), into: &chosen)
        }
        top.finish(&chosen)
    }
}

/// The R highest weights seen so far, highest first, with their member indices kept in `chosen`.
struct TopWeights {
    private var weights: [UInt64]
    private var filled = 0

    init(count: Int) { weights = [UInt64](repeating: 0, count: count) }

    /// Keeps `index` if its weight is among the highest so far.
    @inline(__always)
    mutating func offer(_ index: UInt32, weight: UInt64, into chosen: inout [UInt32]) {
        let r = weights.count
        if filled == r && weight <= weights[r - 1] { return }
        var position = filled == r ? r - 1 : filled
        while position > 0 && weights[position - 1] < weight {
            weights[position] = weights[position - 1]
            chosen[position] = chosen[position - 1]
            position -= 1
        }
        weights[position] = weight
        chosen[position] = index
        if filled < r { filled += 1 }
    }

    /// Marks the slots no member filled.
    func finish(_ chosen: inout [UInt32]) {
        for slot in filled..<weights.count { chosen[slot] = Placement.none }
    }
}
