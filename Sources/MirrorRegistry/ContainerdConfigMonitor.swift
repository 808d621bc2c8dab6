import Logging
import NIOConcurrencyHelpers

/// Checks, at start and then periodically, that containerd is set up to use the mirror, and makes a
/// misconfiguration loud: an error in the log (when it appears or changes), `spegel_containerd_config_ok`
/// at 0, and the problems on the debug page and in `/readyz`'s body.
///
/// `/readyz` stays 200 on a misconfiguration: the node still serves its content to peers correctly.
public final class ContainerdConfigMonitor: Sendable {
    /// The outcome of the latest check.
    public enum Status: Sendable, Equatable {
        /// Not checked yet, or checks are off.
        case unchecked
        /// containerd uses the mirror.
        case ok
        /// What is wrong, one sentence each.
        case misconfigured([String])
    }

    private let readSettings: @Sendable () async throws -> ContainerdSettings
    private let expectation: ContainerdConfigExpectation
    private let metrics: RegistryMetrics
    private let logger: Logger
    private let state = NIOLockedValueBox(Status.unchecked)

    /// - Parameter readSettings: asks containerd (CRI status) or reads its config file.
    public init(expectation: ContainerdConfigExpectation, metrics: RegistryMetrics, logger: Logger,
                readSettings: @escaping @Sendable () async throws -> ContainerdSettings) {
        self.expectation = expectation
        self.metrics = metrics
        self.logger = logger
        self.readSettings = readSettings
    }

    /// A monitor that never checks (status stays ``Status/unchecked``).
    public static func disabled(metrics: RegistryMetrics = RegistryMetrics()) -> ContainerdConfigMonitor {
        ContainerdConfigMonitor(expectation: ContainerdConfigExpectation(registryConfigPath: nil, mirroredRegistries: []),
                                metrics: metrics, logger: Logger(label: "spegel.containerd-config")) {
            throw CancellationError()
        }
    }

    /// The latest outcome.
    public var status: Status { state.withLockedValue { $0 } }

    /// Checks once, updates the gauge and logs a change.
    @discardableResult
    public func check() async -> Status {
        let problems: [String]
        do {
            problems = expectation.problems(with: try await readSettings())
        } catch {
            problems = ["cannot read containerd's settings: \(error)"]
        }
        let next: Status = problems.isEmpty ? .ok : .misconfigured(problems)
        let previous = state.withLockedValue { state -> Status in
            defer { state = next }
            return state
        }
        metrics.setContainerdConfigOK(problems.isEmpty)
        if next != previous {
            if problems.isEmpty {
                logger.info("containerd is configured to use the mirror")
            } else {
                for problem in problems { logger.error("containerd misconfigured: \(problem)") }
            }
        }
        return next
    }

    /// Checks now and then every `interval` until cancelled.
    public func run(interval: Duration) async {
        while !Task.isCancelled {
            await check()
            try? await Task.sleep(for: interval)
        }
    }
}
