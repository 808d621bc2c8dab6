import MirrorRegistry
import Crypto

/// Rendezvous (highest-random-weight) hashing: which members hold a key's provider records.
///
/// Every member and key is hashed once to 64 bits (the first 8 bytes of SHA-256 of its text); the
/// weight of member `m` for key `k` is `mix(H(m) ⊕ H(k))`, a bijective 64-bit mixer, so all nodes with
/// the same member list pick the same holders, and a membership change moves only the keys whose top-R
/// set gained or lost that member (about R/N of them).
public enum Rendezvous {
    /// The first 8 bytes of SHA-256 of `text`, big-endian.
    public static func hash(_ text: String) -> UInt64 {
        let digest = SHA256.hash(data: Array(text.utf8))
        return digest.withUnsafeBytes { raw in
            var value: UInt64 = 0
            for index in 0..<8 { value = value << 8 | UInt64(raw[index]) }
            return value
        }
    }

    /// The weight of a member (hash `member`) for a key (hash `key`): SplitMix64's finalizer of their XOR.
    @inline(__always)
    public static func weight(member: UInt64, key: UInt64) -> UInt64 {
        var z = member ^ key
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// A cluster member (a router endpoint) with its precomputed hash.
public struct Member: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The member's router address (`host:port` of its router port).
    public let address: PeerAddress
    /// `Rendezvous.hash(address.description)`.
    public let hash: UInt64

    public init(_ address: PeerAddress) {
        self.address = address
        self.hash = Rendezvous.hash(address.description)
    }

    public var description: String { address.description }

    public static func == (lhs: Member, rhs: Member) -> Bool { lhs.address == rhs.address }
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    public static func < (lhs: Member, rhs: Member) -> Bool { lhs.address < rhs.address }
}

/// A key's holders, highest weight first, with the weight of the last one (to test newcomers cheaply).
public struct HolderSet: Sendable, Equatable {
    public var members: [Member]
    public var weights: [UInt64]

    /// The `count` members of `members` with the highest weight for the key hashed to `keyHash`.
    public init(keyHash: UInt64, members candidates: [Member], count: Int) {
        var chosen: [Member] = []
        var chosenWeights: [UInt64] = []
        chosen.reserveCapacity(count + 1)
        chosenWeights.reserveCapacity(count + 1)
        for member in candidates {
            let weight = Rendezvous.weight(member: member.hash, key: keyHash)
            if chosen.count == count, let last = chosenWeights.last, weight <= last { continue }
            var position = chosenWeights.count
            while position > 0 && chosenWeights[position - 1] < weight { position -= 1 }
            chosen.insert(member, at: position)
            chosenWeights.insert(weight, at: position)
            if chosen.count > count {
                chosen.removeLast()
                chosenWeights.removeLast()
            }
        }
        members = chosen
        weights = chosenWeights
    }

    /// Whether `member` would enter this set (given the set has `count` members).
    public func admits(_ member: Member, keyHash: UInt64, count: Int) -> Bool {
        guard members.count == count, let last = weights.last else { return true }
        return Rendezvous.weight(member: member.hash, key: keyHash) > last
    }
}
