import NIOConcurrencyHelpers

/// One served mirror request, as the debug page shows it.
public struct RequestRecord: Sendable, Hashable {
    /// How a request was answered.
    public enum Outcome: String, Sendable, Hashable {
        /// Served from this node's store.
        case local
        /// Served by proxying a peer.
        case peer
        /// Answered 404 (containerd falls back upstream).
        case miss
        /// Rejected (bad request, filtered, range not satisfiable).
        case rejected
    }

    public var time: Date
    public var method: String
    public var subject: String
    public var status: Int
    public var outcome: Outcome
    /// Whether the request came from a peer (`X-Spegel-Mirrored: true`).
    public var fromPeer: Bool
    public var duration: Duration
}

/// The most recent requests (a fixed-size ring buffer) and running hit/miss totals.
public final class RequestLog: Sendable {
    private struct State {
        var ring: [RequestRecord] = []
        var next = 0
        var hits = 0
        var misses = 0
    }

    /// How many records are kept.
    public let capacity: Int
    private let state = NIOLockedValueBox(State())

    public init(capacity: Int = 100) { self.capacity = max(1, capacity) }

    /// Adds a record, evicting the oldest when full; counts hits and misses of non-peer requests.
    public func append(_ record: RequestRecord) {
        state.withLockedValue { state in
            if state.ring.count < capacity {
                state.ring.append(record)
            } else {
                state.ring[state.next] = record
            }
            state.next = (state.next + 1) % capacity
            if !record.fromPeer {
                if record.outcome == .local || record.outcome == .peer { state.hits += 1 }
                if record.outcome == .miss { state.misses += 1 }
            }
        }
    }

    /// The kept records, newest first.
    public var recent: [RequestRecord] {
        state.withLockedValue { state in
            guard state.ring.count == capacity else { return state.ring.reversed() }
            return (Array(state.ring[state.next...]) + Array(state.ring[..<state.next])).reversed()
        }
    }

    /// Hits and misses since start (non-peer requests only).
    public var totals: (hits: Int, misses: Int) { state.withLockedValue { ($0.hits, $0.misses) } }
}
