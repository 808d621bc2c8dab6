import Foundation

/// A docker credential helper, `docker-credential-<name>` on `PATH`, as named by `credsStore` or
/// `credHelpers` in a docker `config.json`.
///
/// ``credential(for:)`` runs `docker-credential-<name> get` with the registry's server URL on stdin
/// (the host, or `https://index.docker.io/v1/` for Docker Hub, as docker does) and reads
/// `{"ServerURL": …, "Username": …, "Secret": …}` from stdout. `Username` `<token>` means `Secret`
/// is an identity (refresh) token. A helper that exits non-zero saying "credentials not found"
/// has none for the registry.
public struct CredentialHelper: Sendable, Equatable {
    /// The name after `docker-credential-`.
    public var name: String
    /// The directories searched for the executable (a `PATH` value).
    public var searchPath: String
    /// How long the helper may take, in seconds.
    public var timeout: TimeInterval

    /// The helper `docker-credential-<name>`, looked up in `searchPath`.
    public init(name: String, searchPath: String, timeout: TimeInterval = 30) {
        self.name = name
        self.searchPath = searchPath
        self.timeout = timeout
    }

    /// `docker-credential-<name>`.
    public var executableName: String { "docker-credential-" + name }

    /// The server URL docker hands helpers for `registry` (a normalised host).
    public static func serverURL(for registry: String) -> String {
        registry == ImageReference.dockerHub ? "https://index.docker.io/v1/" : registry
    }

    /// The helper's credentials for `registry`, or nil when it has none. Blocks while the helper runs.
    /// - Throws: ``CredentialHelperError`` naming the helper and what went wrong.
    public func credential(for registry: String) throws -> Credential? {
        func failure(_ reason: String) -> CredentialHelperError {
            CredentialHelperError(helper: executableName, registry: registry, reason: reason)
        }
        guard let executable = locate() else {
            throw failure("not found on PATH (\(searchPath.isEmpty ? "empty" : searchPath)): install it, or remove it from credsStore/credHelpers")
        }
        let result: HelperRun
        do {
            result = try HelperRun(executable: executable, arguments: ["get"], input: Self.serverURL(for: registry), timeout: timeout)
        } catch let error as CredentialHelperError {
            throw error
        } catch {
            throw failure("could not be started (\(executable)): \(error)")
        }
        if result.timedOut {
            throw failure("did not answer `get` within \(Int(timeout)) s")
        }
        let stdout = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let stderr = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0 else {
            let message = [stdout, stderr].filter { !$0.isEmpty }.joined(separator: "; ")
            if message.lowercased().contains("credentials not found") { return nil }
            throw failure("`get` exited with status \(result.status)\(message.isEmpty ? "" : ": \(message.prefix(500))")")
        }
        struct Answer: Decodable {
            var Username: String?
            var Secret: String?
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(stdout.utf8)) else {
            throw failure("`get` printed \(stdout.isEmpty ? "nothing" : "\"\(stdout.prefix(200))\""), expected a JSON object with Username and Secret")
        }
        guard let secret = answer.Secret, !secret.isEmpty else {
            throw failure("`get` answered without a Secret, expected a JSON object with Username and Secret")
        }
        let username = answer.Username.flatMap { $0.isEmpty ? nil : $0 }
        if username == "<token>" { return Credential(identityToken: secret) }
        guard let username else {
            throw failure("`get` answered without a Username, expected a JSON object with Username and Secret")
        }
        return Credential(username: username, password: secret)
    }

    /// The first executable `docker-credential-<name>` in `searchPath`.
    func locate() -> String? {
        guard !name.isEmpty, !name.contains("/") else { return nil }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(executableName)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A credential helper that failed, naming it, the registry asked about and what went wrong.
public struct CredentialHelperError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The helper's executable name, `docker-credential-<name>`.
    public var helper: String
    /// The registry whose credentials were asked for.
    public var registry: String
    /// What went wrong.
    public var reason: String

    public var description: String { "credential helper \(helper) (for \(registry)): \(reason)" }
}

/// One run of a helper to completion: stdin from a string, stdout and stderr through temporary files
/// (a blocking pipe read in Foundation can trap on `EINTR`), bounded by a timeout.
private struct HelperRun {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool

    init(executable: String, arguments: [String], input: String, timeout: TimeInterval) throws {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("credential-helper-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let inFile = scratch.appendingPathComponent("stdin"), outFile = scratch.appendingPathComponent("stdout")
        let errFile = scratch.appendingPathComponent("stderr")
        try Data((input + "\n").utf8).write(to: inFile)
        fm.createFile(atPath: outFile.path, contents: nil)
        fm.createFile(atPath: errFile.path, contents: nil)
        let stdin = try FileHandle(forReadingFrom: inFile)
        let out = try FileHandle(forWritingTo: outFile), err = try FileHandle(forWritingTo: errFile)
        defer { try? stdin.close(); try? out.close(); try? err.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
        stderr = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
    }
}

/// Runs blocking `work` on a thread of its own, keeping Swift's cooperative pool free.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}
