import Foundation
import Testing
@testable import ContainerdPrep

/// Runs the installed containerd 1.6 on a private root, state and socket under a temporary
/// directory, so nothing touches /run/containerd or /var/lib/containerd.
struct PrivateContainerd {
    let directory: String

    var socket: String { directory + "/c.sock" }

    /// The config with every address and host path that would touch the system moved under
    /// `directory` (grpc, ttrpc and debug sockets, metrics off, the `opt` plugin's path).
    func isolated(_ text: String, version: ContainerdConfigVersion) throws -> String {
        let opt = version == .v1 ? ["plugins", "opt", "path"] : ["plugins", "io.containerd.internal.v1.opt", "path"]
        var overrides: [([String], String, Bool)] = [
            (["grpc", "address"], socket, true),
            (["ttrpc", "address"], socket + ".ttrpc", true),
            (["debug", "address"], directory + "/debug.sock", true),
            (["metrics", "address"], "", false),
            (opt, directory + "/opt", true),
        ]
        var current = text
        for (path, value, insertIfMissing) in overrides {
            let document = try TOMLDocument(parsing: current)
            let literal = TOMLKeyFormatter.basicString(value)
            let edit: TextEdit
            if let pair = document.root.value(at: path)?.pair {
                edit = TextEdit(range: pair.valueRange, text: literal, kind: .value)
            } else if insertIfMissing {
                edit = try KeyInsertionPlanner(document: document, file: "isolated.toml").insertion(of: path, literal: literal)
            } else {
                continue
            }
            current = String(decoding: TextEdit.apply([edit], to: document.bytes), as: UTF8.self)
        }
        overrides.removeAll()
        return current
    }

    /// `containerd --config FILE config dump`.
    func dump(config: String) throws -> String {
        try run("/usr/bin/containerd", ["--config", config, "config", "dump"], timeout: 20).output
    }

    /// Starts containerd with `config`, reads the CRI plugin's status from `ctr plugins ls`, stops
    /// containerd, and returns the status (`ok`, `error`, or `not started`) and the log.
    func criStatus(config: String) throws -> (status: String, log: String) {
        let logPath = directory + "/containerd.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/containerd")
        process.arguments = [
            "--config", config, "--root", directory + "/root", "--state", directory + "/state", "--address", socket,
        ]
        process.standardOutput = log
        process.standardError = log
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        try process.run()
        defer { stop(process) }
        var status = "not started"
        for _ in 0..<100 where process.isRunning {
            if FileManager.default.fileExists(atPath: socket) {
                let plugins = try run("/usr/bin/ctr", ["--address", socket, "plugins", "ls"], timeout: 10).output
                if let line = plugins.split(separator: "\n").first(where: {
                    $0.hasPrefix("io.containerd.grpc.v1 ") && $0.split(separator: " ").contains("cri")
                }) {
                    status = String(line.split(separator: " ").last!)
                    break
                }
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop(process)
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return (status, text)
    }

    /// SIGTERM, up to 5 s, then SIGKILL, up to 5 s more.
    private func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<50 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            for _ in 0..<50 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        }
    }

    /// Runs a command with a time limit and returns its status and standard output.
    func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let outputPath = directory + "/out-\(UUID().uuidString.prefix(6))"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { stop(process) }
        try? output.close()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outputPath)
        return (process.isRunning ? -1 : process.terminationStatus, text)
    }
}
