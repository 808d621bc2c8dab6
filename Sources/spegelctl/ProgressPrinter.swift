import AirGapBundle
import Foundation

/// Shows bundle progress on stderr: on a terminal, one line rewritten in place (at most ten times a
/// second) with milestones kept above it; otherwise one plain line per milestone and no byte counters.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal: Bool
    private var lastUpdate = Date.distantPast
    private var lineShown = false

    init(isTerminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.isTerminal = isTerminal
    }

    /// The handler to give to the bundle operations.
    var handler: BundleProgressHandler { { [self] event in self.show(event) } }

    func show(_ event: BundleProgress) {
        lock.lock()
        defer { lock.unlock() }
        if event.isMilestone {
            write((isTerminal && lineShown ? "\r\u{1B}[K" : "") + event.message + "\n")
            lineShown = false
            return
        }
        guard isTerminal, Date().timeIntervalSince(lastUpdate) >= 0.1 else { return }
        lastUpdate = Date()
        var text = event.message
        if let completed = event.completed {
            text += ": " + formatByteCount(completed)
            if let total = event.total, total > 0 {
                text += " / \(formatByteCount(total)) (\(min(100, completed * 100 / total))%)"
            }
        }
        write("\r\u{1B}[K" + text)
        lineShown = true
    }

    /// Clears a progress line still on screen.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if lineShown { write("\r\u{1B}[K") }
        lineShown = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
