import MirrorRegistry
import NIOConcurrencyHelpers

/// A key (content digest or tag) interned process-wide: a small integer instead of its text.
public typealias KeyID = UInt32
/// A peer address (router or registry endpoint) interned process-wide.
public typealias PeerID = UInt32

/// Interns key texts to dense `KeyID`s (0, 1, 2, …) and keeps each key's rendezvous hash.
///
/// The routing tables store `KeyID`s (4 bytes) instead of `String`s (16 bytes plus a heap copy of
/// the ~71-byte digest text each). Texts live once, here. Thread-safe; ids are never reused, so the
/// table grows with the distinct keys a process has seen (every advertised, held or looked-up key).
public final class KeyTable: @unchecked Sendable {
    /// The process-wide table every `RoutingNode` uses.
    public static let shared = KeyTable()

    private let lock = NIOLock()
    private var ids: [String: KeyID] = [:]
    private var texts: [String] = []
    private var hashes: [UInt64] = []

    public init() {}

    /// The id of `text`, interning it (and hashing it once) if new.
    public func id(_ text: String) -> KeyID {
        lock.withLock { internLocked(text) }
    }

    /// The ids of `texts`, in order, under one lock.
    public func ids(_ texts: [String]) -> [KeyID] {
        lock.withLock { texts.map(internLocked) }
    }

    /// The id of `text` if it was interned, without interning it.
    public func existingID(_ text: String) -> KeyID? {
        lock.withLock { ids[text] }
    }

    /// The text of `id`.
    public func text(_ id: KeyID) -> String {
        lock.withLock { texts[Int(id)] }
    }

    /// The texts of `ids`, in order, under one lock.
    public func texts(_ ids: [KeyID]) -> [String] {
        lock.withLock { ids.map { texts[Int($0)] } }
    }

    /// `Rendezvous.hash` of the text of `id`.
    public func hash(_ id: KeyID) -> UInt64 {
        lock.withLock { hashes[Int(id)] }
    }

    /// The rendezvous hashes of `ids`, in order, under one lock.
    public func hashes(_ ids: some Sequence<KeyID>) -> [UInt64] {
        lock.withLock { ids.map { hashes[Int($0)] } }
    }

    /// Keys interned so far (every id is below this).
    public var count: Int { lock.withLock { texts.count } }

    private func internLocked(_ text: String) -> KeyID {
        if let id = ids[text] { return id }
        let id = KeyID(texts.count)
        ids[text] = id
        texts.append(text)
        hashes.append(Rendezvous.hash(text))
        return id
    }
}

/// Interns peer addresses to dense `PeerID`s. Thread-safe; ids are never reused.
public final class PeerTable: @unchecked Sendable {
    /// The process-wide table every `RoutingNode` uses.
    public static let shared = PeerTable()

    private let lock = NIOLock()
    private var ids: [PeerAddress: PeerID] = [:]
    private var addresses: [PeerAddress] = []

    public init() {}

    /// The id of `address`, interning it if new.
    public func id(_ address: PeerAddress) -> PeerID {
        lock.withLock {
            if let id = ids[address] { return id }
            let id = PeerID(addresses.count)
            ids[address] = id
            addresses.append(address)
            return id
        }
    }

    /// The address of `id`.
    public func address(_ id: PeerID) -> PeerAddress {
        lock.withLock { addresses[Int(id)] }
    }

    /// The addresses of `ids`, in order, under one lock.
    public func addresses(_ ids: [PeerID]) -> [PeerAddress] {
        lock.withLock { ids.map { addresses[Int($0)] } }
    }

    /// Addresses interned so far.
    public var count: Int { lock.withLock { addresses.count } }
}
