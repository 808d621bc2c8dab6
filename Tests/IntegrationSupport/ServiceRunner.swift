import Logging
import ServiceLifecycle

/// Runs services (Hummingbird applications, the daemon's `RegistryServer`) in a `ServiceGroup` for a test
/// and stops them the way a pod is stopped: graceful shutdown first, cancellation only after a grace period.
///
/// Cancelling a Hummingbird server while a connection is being accepted drops the accepted channel
/// unconsumed, which NIO treats as a programming error and traps on; graceful shutdown closes the listening
/// socket first, so every accepted connection is served or closed before the server returns.
public final class ServiceRunner: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    /// Starts `services`; errors they end with are logged at `critical` only (tests look at behaviour, not logs).
    public init(_ services: [any Service], logger: Logger) {
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        self.group = group
        task = Task { try? await group.run() }
    }

    /// Shuts the services down gracefully and waits; cancels them if they are still running after `grace`.
    public func stop(grace: Duration = .seconds(5)) async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let timer = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { task.cancel() }
        }
        await task.value
        timer.cancel()
    }

    /// Waits until the services have returned by themselves.
    public func wait() async { await task.value }
}
