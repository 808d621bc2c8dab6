import Foundation

/// Runs the command that restarts containerd.
public protocol RestartRunner {
    /// Runs `command` and returns its exit status.
    func run(_ command: String) throws -> Int32
}

/// Runs the restart command through `/bin/sh -c`, inheriting standard output and error.
public struct ShellRestartRunner: RestartRunner {
    public init() {}

    public func run(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
