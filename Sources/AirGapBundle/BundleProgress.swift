/// What a bundle operation is doing, for a progress display.
///
/// Milestones (an image started, a file written, a summary) are worth a line of their own; the other
/// events only update byte counters, which a terminal shows on one rewritten line and a log ignores.
public struct BundleProgress: Sendable, Equatable {
    /// What is happening, e.g. `fetching docker.io/library/busybox:1.36 (1/3)`.
    public var message: String
    /// Bytes done so far of the current step, when it counts bytes.
    public var completed: Int64?
    /// Bytes the current step will take in all, when known.
    public var total: Int64?
    /// Whether the event deserves its own line in a log.
    public var isMilestone: Bool

    /// A milestone event.
    public static func milestone(_ message: String) -> BundleProgress {
        BundleProgress(message: message, completed: nil, total: nil, isMilestone: true)
    }

    /// A byte-counter update.
    public static func bytes(_ message: String, completed: Int64, total: Int64?) -> BundleProgress {
        BundleProgress(message: message, completed: completed, total: total, isMilestone: false)
    }
}

/// Receives progress events; called on the task doing the work.
public typealias BundleProgressHandler = @Sendable (BundleProgress) -> Void

/// A byte count for people: `512 B`, `1.5 KiB`, `12.3 MiB`, `4.0 GiB`.
public func formatByteCount(_ bytes: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
}
