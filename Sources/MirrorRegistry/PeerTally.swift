import NIOConcurrencyHelpers

/// What each peer did for this node's misses: content served, "not found" answers, failures.
/// Shown on the debug page; bounded to the `capacity` most recently used peers.
public final class PeerTally: Sendable {
    /// One peer's counts.
    public struct Entry: Sendable, Equatable {
        public var peer: PeerAddress
        public var hits = 0
        public var notFound = 0
        public var failures = 0
        var lastUsed: UInt64 = 0
    }

    /// The outcome of asking one peer.
    public enum Outcome: String, Sendable {
        case hit, notFound = "not_found", failure
    }

    private let capacity: Int
    private let state = NIOLockedValueBox<(entries: [PeerAddress: Entry], clock: UInt64)>(([:], 0))

    public init(capacity: Int = 1024) { self.capacity = capacity }

    /// Counts one answer of `peer`.
    public func record(_ outcome: Outcome, from peer: PeerAddress) {
        state.withLockedValue { state in
            state.clock += 1
            var entry = state.entries[peer] ?? Entry(peer: peer)
            switch outcome {
            case .hit: entry.hits += 1
            case .notFound: entry.notFound += 1
            case .failure: entry.failures += 1
            }
            entry.lastUsed = state.clock
            state.entries[peer] = entry
            if state.entries.count > capacity, let oldest = state.entries.values.min(by: { $0.lastUsed < $1.lastUsed }) {
                state.entries[oldest.peer] = nil
            }
        }
    }

    /// Every peer's counts, most hits first.
    public var entries: [Entry] {
        state.withLockedValue { Array($0.entries.values) }.sorted { ($0.hits, $1.peer) > ($1.hits, $0.peer) }
    }
}
