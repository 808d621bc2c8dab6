import NIOConcurrencyHelpers

/// Fans `ContentEvent`s out to every current subscriber (used by stores that change).
public final class EventBroadcaster: Sendable {
    private let subscribers = NIOLockedValueBox<[UUID: AsyncStream<ContentEvent>.Continuation]>([:])

    public init() {}

    /// A new subscription; it ends when the consumer stops iterating.
    public func subscribe() -> AsyncStream<ContentEvent> {
        let (stream, continuation) = AsyncStream<ContentEvent>.makeStream()
        let id = UUID()
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLockedValue { _ = $0.removeValue(forKey: id) }
        }
        subscribers.withLockedValue { $0[id] = continuation }
        return stream
    }

    /// Delivers `events` to every subscriber, in order.
    public func publish(_ events: [ContentEvent]) {
        let current = subscribers.withLockedValue { Array($0.values) }
        for continuation in current {
            for event in events { continuation.yield(event) }
        }
    }

    /// Ends every subscription.
    public func finish() {
        let current = subscribers.withLockedValue { state -> [AsyncStream<ContentEvent>.Continuation] in
            defer { state.removeAll() }
            return Array(state.values)
        }
        current.forEach { $0.finish() }
    }
}
