import MirrorRegistry

/// The provider records a holder keeps: for each key, which registries serve it and until when.
///
/// Compact: per key one array of 8-byte records (provider `PeerID`, expiry in whole seconds as
/// `UInt32`) sorted by provider, so renewing a record is a binary search and a store; keys and
/// providers are interned ids (`KeyTable`, `PeerTable`). Expiry is rounded up to the next whole
/// second. Not thread-safe; `RoutingNode` guards it. Times are seconds on the caller's clock (≥ 0).
public struct ProviderRecords: Sendable {
    /// One record: `provider` serves the key until `expiry` (seconds).
    public struct Record: Sendable, Equatable {
        public var provider: PeerID
        public var expiry: UInt32
    }

    private var table: [KeyID: [Record]] = [:]
    /// Records stored (key, provider pairs).
    public private(set) var count = 0

    public init() {}

    /// `expiry` as whole seconds, rounded up and clamped to `UInt32`.
    static func seconds(_ expiry: Double) -> UInt32 {
        guard expiry > 0 else { return 0 }
        return expiry >= Double(UInt32.max) ? UInt32.max : UInt32(expiry.rounded(.up))
    }

    /// Stores (or renews) `provider` for each of `keys` until `expiry`.
    public mutating func add(_ keys: [KeyID], provider: PeerID, expiry: Double) {
        let record = Record(provider: provider, expiry: Self.seconds(expiry))
        for key in keys where Self.upsert(record, into: &table[key, default: []]) { count += 1 }
    }

    /// Drops `provider`'s records for `keys`.
    public mutating func remove(_ keys: [KeyID], provider: PeerID) {
        for key in keys {
            guard var entries = table[key] else { continue }
            let position = Self.position(of: provider, in: entries)
            guard position < entries.count, entries[position].provider == provider else { continue }
            table[key] = nil // keep `entries` uniquely referenced
            entries.remove(at: position)
            count -= 1
            if !entries.isEmpty { table[key] = entries }
        }
    }

    /// Unexpired providers of `key`, by id (ascending).
    public func providerIDs(of key: KeyID, now: Double) -> [PeerID] {
        guard let entries = table[key] else { return [] }
        return entries.compactMap { Double($0.expiry) > now ? $0.provider : nil }
    }

    /// Removes every expired record; returns how many.
    @discardableResult
    public mutating func purge(now: Double) -> Int {
        var removed = 0
        for key in Array(table.keys) {
            guard var entries = table[key], entries.contains(where: { Double($0.expiry) <= now }) else { continue }
            table[key] = nil
            let before = entries.count
            entries.removeAll { Double($0.expiry) <= now }
            removed += before - entries.count
            if !entries.isEmpty { table[key] = entries }
        }
        count -= removed
        return removed
    }

    /// Distinct keys with records.
    public var keyCount: Int { table.count }

    /// Bytes the records' arrays reserve (capacity × 8 B), without the per-key table's overhead.
    public var recordBytes: Int { table.values.reduce(0) { $0 + $1.capacity * MemoryLayout<Record>.stride } }

    // MARK: Text conveniences (tests, debugging)

    /// `add(_:provider:expiry:)` with texts (interned in the shared tables).
    public mutating func add(_ keys: [String], provider: PeerAddress, expiry: Double) {
        add(KeyTable.shared.ids(keys), provider: PeerTable.shared.id(provider), expiry: expiry)
    }

    /// `remove(_:provider:)` with texts.
    public mutating func remove(_ keys: [String], provider: PeerAddress) {
        remove(KeyTable.shared.ids(keys), provider: PeerTable.shared.id(provider))
    }

    /// Unexpired providers of `key`, sorted by address.
    public func providers(of key: String, now: Double) -> [PeerAddress] {
        guard let id = KeyTable.shared.existingID(key) else { return [] }
        return PeerTable.shared.addresses(providerIDs(of: id, now: now)).sorted()
    }

    // MARK: Sorted-array helpers

    /// The first index whose provider is ≥ `provider`.
    static func position(of provider: PeerID, in entries: [Record]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].provider < provider { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Inserts or renews `record`; returns whether it is new.
    static func upsert(_ record: Record, into entries: inout [Record]) -> Bool {
        // Providers often arrive in id order (a new peer has the highest id so far): append.
        if entries.last.map({ $0.provider < record.provider }) ?? true {
            entries.append(record)
            return true
        }
        let position = position(of: record.provider, in: entries)
        if position < entries.count, entries[position].provider == record.provider {
            entries[position].expiry = record.expiry
            return false
        }
        entries.insert(record, at: position)
        return true
    }
}
