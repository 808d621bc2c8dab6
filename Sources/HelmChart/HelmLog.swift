import Foundation
import Synchronization

/// Helm's messages to Go's standard logger: what `log.Printf`, `slog.Warn` and `slog.Info` write to
/// stderr while a chart is loaded, values are coalesced and dependencies enabled (`warning: skipped
/// value for a.b: Not a table.`, `WARN returned non-bool value path=… chart=…`, `INFO found symbolic
/// link in path. …`). Like Go's logger it is process-wide; nothing is written until an embedder
/// (`spegelctl template`) installs a handler.
public enum HelmLog {
    private static let handler = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// Sends every message to `handler` (nil: messages are dropped).
    public static func setHandler(_ handler: (@Sendable (String) -> Void)?) {
        self.handler.withLock { $0 = handler }
    }

    /// Writes `message` through the installed handler, if any.
    static func printf(_ message: String) {
        handler.withLock { $0 }?(message)
    }

    /// `slog.Warn(message, key, value, …)` as Go's default handler words it: `WARN message k=v …`.
    static func warn(_ message: String, _ attributes: (String, String)...) {
        record("WARN", message, attributes)
    }

    /// `slog.Info(message, key, value, …)`: `INFO message k=v …`.
    static func info(_ message: String, _ attributes: (String, String)...) {
        record("INFO", message, attributes)
    }

    private static func record(_ level: String, _ message: String, _ attributes: [(String, String)]) {
        var line = level + " " + message
        for (key, value) in attributes {
            let needsQuotes = value.isEmpty || value.unicodeScalars.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0.value < 0x21 }
            line += " \(key)=" + (needsQuotes ? goQuote(value) : value)
        }
        printf(line)
    }

    /// A message as Go's `log` prints it to stderr: `2006/01/02 15:04:05 message` (local time).
    public static func stamped(_ message: String, at date: Date = Date()) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&time, &parts)
        let stamp = String(format: "%04d/%02d/%02d %02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                           parts.tm_hour, parts.tm_min, parts.tm_sec)
        return stamp + " " + message + (message.hasSuffix("\n") ? "" : "\n")
    }
}
