import Metrics
import Prometheus

/// Process-wide setup for the `spegel` executable (tests never call these).
public enum DaemonBootstrap {
    /// Sends logs to standard error at `level` (`trace`…`critical`, also Go-style `DEBUG`, `INFO`, `WARN`, `ERROR`).
    /// - Throws: `LogLevelError` for an unknown level.
    public static func logging(level: String) throws -> Logger {
        let parsed = try parseLevel(level)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
        var logger = Logger(label: "spegel")
        logger.logLevel = parsed
        return logger
    }

    /// Parses a log level name, case-insensitively; `warn` means `warning`.
    public static func parseLevel(_ text: String) throws -> Logger.Level {
        let lowered = text.lowercased()
        if lowered == "warn" { return .warning }
        guard let level = Logger.Level(rawValue: lowered) else { throw LogLevelError(text: text) }
        return level
    }

    /// Routes swift-metrics (library metrics) into `metrics`' Prometheus registry.
    public static func metrics(_ metrics: RegistryMetrics) {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
    }
}

/// An unknown `--log-level`.
public struct LogLevelError: Error, CustomStringConvertible {
    public var text: String
    public var description: String { "--log-level \"\(text)\": expected one of trace, debug, info, notice, warn, warning, error, critical" }
}
