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
    /// Where containerd and `ctr` run (`ctr images pull` fetches in the client, so it runs there too).
    public let place: NetworkPlace
    private let handle: ProcessHandle

    /// Starts containerd (inside `place`'s network namespace when it has one) and waits (at most
    /// `timeout` s) for its socket.
    public init(directory: URL, extraConfig: String = "", place: NetworkPlace? = nil, timeout: TimeInterval = 30) throws {
        self.directory = directory
        let place = place ?? NetworkPlace(namespace: nil, host: "127.0.0.1")
        self.place = place
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
        handle = try place.start(
            "/usr/bin/containerd", ["--config", configFile.path], logFile: directory.appendingPathComponent("containerd.log"))
        let socket = socketPath
        guard waitUntil(timeout: timeout, { FileManager.default.fileExists(atPath: socket) }) else {
            handle.stop()
            throw TestProcessError("containerd did not create \(socketPath) within \(timeout)s; log:\n\(handle.log)")
        }
    }

    /// Runs `ctr` against this containerd in namespace `namespace`; returns its output, throws on failure.
    @discardableResult
    public func ctr(_ arguments: [String], namespace: String = "k8s.io", timeout: TimeInterval = 120) throws -> String {
        try place.runBlocking("/usr/bin/ctr", ["--address", socketPath, "--namespace", namespace] + arguments, timeout: timeout)
    }

    /// Runs `ctr` on its own thread (the overload async code gets).
    @discardableResult
    public func ctr(_ arguments: [String], namespace: String = "k8s.io", timeout: TimeInterval = 120) async throws -> String {
        try await place.run("/usr/bin/ctr", ["--address", socketPath, "--namespace", namespace] + arguments, timeout: timeout)
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

/// Runs a tool to completion on its own thread, so that a test's async code (and the in-process servers the
/// tool may talk to) keeps the cooperative pool; in an async context Swift picks this overload.
@discardableResult
public func runTool(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) async throws -> String {
    try await offThread { try runTool(executable, arguments, timeout: timeout) as String }
}

/// Runs a tool to completion (bounded by `timeout` seconds) and returns stdout; throws with stderr on failure.
///
/// Output goes to temporary files, not pipes: a blocking pipe read in Foundation traps on `EINTR`, which
/// the many child processes of a test run (their SIGCHLD) make likely.
@discardableResult
public func runTool(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> String {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outFile = scratch.appendingPathComponent("stdout"), errFile = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outFile.path, contents: nil)
    FileManager.default.createFile(atPath: errFile.path, contents: nil)
    let out = try FileHandle(forWritingTo: outFile), err = try FileHandle(forWritingTo: errFile)
    defer { try? out.close(); try? err.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        throw TestProcessError("\(executable) \(arguments.joined(separator: " ")) timed out after \(timeout)s")
    }
    process.waitUntilExit()
    let stdout = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    guard process.terminationStatus == 0 else {
        let stderr = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        throw TestProcessError("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(stderr)\(stdout)")
    }
    return stdout
}
