import NIOConcurrencyHelpers

/// Peers caught serving bytes that do not match their digest, skipped by lookups for a while.
///
/// A peer that lies once (corrupt disk, tampering) is not asked again until its penalty ends, so one bad
/// node cannot keep cutting other nodes' pulls.
public final class PeerPenalties: Sendable {
    private let duration: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let until = NIOLockedValueBox<[PeerAddress: ContinuousClock.Instant]>([:])

    /// - Parameters:
    ///   - duration: how long a penalized peer is skipped.
    ///   - now: the clock (injected by tests).
    public init(duration: Duration = .seconds(600), now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.duration = duration
        self.now = now
    }

    /// Skips `peer` for the penalty duration from now.
    public func penalize(_ peer: PeerAddress) {
        let end = now() + duration
        until.withLockedValue { $0[peer] = end }
    }

    /// Whether `peer` is being skipped; forgets penalties that ended.
    public func isPenalized(_ peer: PeerAddress) -> Bool {
        let instant = now()
        return until.withLockedValue { table in
            guard let end = table[peer] else { return false }
            if end <= instant {
                table[peer] = nil
                return false
            }
            return true
        }
    }

    /// The peers skipped now, sorted.
    public var penalized: [PeerAddress] {
        let instant = now()
        return until.withLockedValue { table in table.filter { $0.value > instant }.map(\.key) }.sorted()
    }
}
