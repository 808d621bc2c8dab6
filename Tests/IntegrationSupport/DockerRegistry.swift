import Foundation

/// The distribution registry (`docker-registry`) started by a test on 127.0.0.1 with filesystem storage.
public final class TestRegistry: @unchecked Sendable {
    /// `127.0.0.1:PORT`.
    public let address: String
    /// The port it listens on.
    public let port: Int
    private let handle: ProcessHandle

    /// Starts the registry storing under `directory` and waits (at most `timeout` s) until it listens.
    public init(directory: URL, timeout: TimeInterval = 20) throws {
        port = freeLoopbackPort()
        address = "127.0.0.1:\(port)"
        let config = """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: \(directory.path)/storage
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:\(port)
        """
        let configFile = directory.appendingPathComponent("registry.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        handle = try ProcessHandle(
            executable: "/usr/bin/docker-registry", arguments: ["serve", configFile.path],
            logFile: directory.appendingPathComponent("registry.log"))
        let port = self.port
        guard waitUntil(timeout: timeout, { isListening(port: port) }) else {
            handle.stop()
            throw TestProcessError("docker-registry did not listen on \(port) within \(timeout)s; log:\n\(handle.log)")
        }
    }

    /// The registry log so far.
    public var log: String { handle.log }

    /// Stops the registry.
    public func stop() { handle.stop() }
}
