import Foundation

/// A real containerd (the machine's `containerd` binary) started by a test with its own root, state,
/// socket and `certs.d`, touching nothing of the system's containerd.
public final class TestContainerd: @unchecked Sendable {
    /// The test's directory holding root, state, socket, config and logs.
    public let directory: URL
    /// The gRPC socket path.
    public let socketPath: String
    /// The `certs.d` directory its CRI and `ctr --hosts-dir` read.
    public let certsDirectory: URL
    /// The content directory (`io.containerd.content.v1.content`).
    public var contentDirectory: URL { directory.appendingPathComponent("root/io.containerd.content.v1.content") }
    private let handle: ProcessHandle

    /// Starts containerd and waits (at most `timeout` s) for its socket.
    public init(directory: URL, extraConfig: String = "", timeout: TimeInterval = 30) throws {
        self.directory = directory
        socketPath = directory.appendingPathComponent("containerd.sock").path
        certsDirectory = directory.appendingPathComponent("certs.d")
        try FileManager.default.createDirectory(at: certsDirectory, withIntermediateDirectories: true)
        let config = """
        version = 2
        root = "\(directory.path)/root"
        state = "\(directory.path)/state"

        [grpc]
          address = "\(socketPath)"

        [ttrpc]
          address = "\(socketPath).ttrpc"

        [debug]
          address = "\(directory.path)/debug.sock"

        [plugins."io.containerd.grpc.v1.cri".registry]
          config_path = "\(certsDirectory.path)"

        \(extraConfig)
        """
        let configFile = directory.appendingPathComponent("config.toml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        handle = try ProcessHandle(
            executable: "/usr/bin/containerd",
            arguments: ["--config", configFile.path],
            logFile: directory.appendingPathComponent("containerd.log"))
        let socket = socketPath
        guard waitUntil(timeout: timeout, { FileManager.default.fileExists(atPath: socket) }) else {
            handle.stop()
            throw TestProcessError("containerd did not create \(socketPath) within \(timeout)s; log:\n\(handle.log)")
        }
    }

    /// Runs `ctr` against this containerd in namespace `namespace`; returns its output, throws on failure.
    @discardableResult
    public func ctr(_ arguments: [String], namespace: String = "k8s.io", timeout: TimeInterval = 120) throws -> String {
        try runTool("/usr/bin/ctr", ["--address", socketPath, "--namespace", namespace] + arguments, timeout: timeout)
    }

    /// The containerd log so far.
    public var log: String { handle.log }

    /// Stops containerd.
    public func stop() { handle.stop() }
}

/// A failure starting or driving a test process.
public struct TestProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a tool to completion (bounded by `timeout` seconds) and returns stdout; throws with stderr on failure.
@discardableResult
public func runTool(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    final class Sink: @unchecked Sendable { var data = Data() }
    let outSink = Sink(), errSink = Sink()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { outSink.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { errSink.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    if group.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        throw TestProcessError("\(executable) \(arguments.joined(separator: " ")) timed out after \(timeout)s")
    }
    process.waitUntilExit()
    let outData = outSink.data, errData = errSink.data
    let stdout = String(decoding: outData, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw TestProcessError("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: errData, as: UTF8.self))\(stdout)")
    }
    return stdout
}
