import Foundation

/// What a finished process left: its exit status and output.
public struct ProcessOutput: Equatable, Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String

    public init(status: Int32, standardOutput: String, standardError: String = "") {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// Runs a program to completion (the seam `ldd` goes through, so tests can feed its output).
public protocol ProcessRunner {
    /// Runs `executable` with `arguments`; returns its status and output. Throws only when it
    /// cannot be started or does not finish in time.
    func run(_ executable: String, _ arguments: [String]) throws -> ProcessOutput
}

/// Runs programs with Foundation's `Process`, killing them after `timeout` seconds.
public struct SystemProcessRunner: ProcessRunner {
    public var timeout: TimeInterval

    public init(timeout: TimeInterval = 120) { self.timeout = timeout }

    public func run(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ImageBuildError.processFailed(command: executable, detail: "cannot start: \(error.localizedDescription)")
        }
        final class Sink: @unchecked Sendable { var data = Data() }
        let outputSink = Sink(), errorSink = Sink()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) { outputSink.data = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: readers) { errorSink.data = error.fileHandleForReading.readDataToEndOfFile() }
        if readers.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw ImageBuildError.processFailed(
                command: ([executable] + arguments).joined(separator: " "), detail: "did not finish within \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputSink.data, as: UTF8.self),
            standardError: String(decoding: errorSink.data, as: UTF8.self))
    }
}
