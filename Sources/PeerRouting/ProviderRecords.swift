import MirrorRegistry
/// The provider records a holder keeps: for each key, which registries serve it and until when.
///
/// Not thread-safe; `RoutingNode` guards it. Times are seconds on the caller's clock.
public struct ProviderRecords: Sendable {
    private var table: [String: [PeerAddress: Double]] = [:]
    /// Records stored (key, provider pairs).
    public private(set) var count = 0

    public init() {}

    /// Stores (or renews) `provider` for each of `keys` until `expiry`.
    public mutating func add(_ keys: [String], provider: PeerAddress, expiry: Double) {
        for key in keys {
            if table[key, default: [:]].updateValue(expiry, forKey: provider) == nil { count += 1 }
        }
    }

    /// Drops `provider`'s records for `keys`.
    public mutating func remove(_ keys: [String], provider: PeerAddress) {
        for key in keys {
            guard table[key]?.removeValue(forKey: provider) != nil else { continue }
            count -= 1
            if table[key]?.isEmpty == true { table.removeValue(forKey: key) }
        }
    }

    /// Unexpired providers of `key`, sorted.
    public func providers(of key: String, now: Double) -> [PeerAddress] {
        guard let entries = table[key] else { return [] }
        return entries.compactMap { $0.value > now ? $0.key : nil }.sorted()
    }

    /// Removes every expired record; returns how many.
    @discardableResult
    public mutating func purge(now: Double) -> Int {
        var removed = 0
        for (key, entries) in table {
            let live = entries.filter { $0.value > now }
            guard live.count != entries.count else { continue }
            removed += entries.count - live.count
            table[key] = live.isEmpty ? nil : live
        }
        count -= removed
        return removed
    }

    /// Distinct keys with records.
    public var keyCount: Int { table.count }
}
