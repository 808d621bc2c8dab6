import Foundation
import Testing
import TOMLKit
@testable import ContainerdPrep

/// The fixtures directory in the source tree.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Where a fixture's files appear inside the in-memory file system.
let fixtureRoot = "/etc/containerd"
let fixtureConfig = "/etc/containerd/config.toml"

/// All fixture names, sorted.
let fixtureNames: [String] = {
    (try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path))?.filter { !$0.hasPrefix(".") }.sorted() ?? []
}()

/// An in-memory file system with failure injection, for `ContainerdPrep.apply`.
final class MemoryFileSystem: PrepFileSystem {
    var files: [String: [UInt8]] = [:]
    var writes: [String] = []
    var failWritesTo: String?

    init(files: [String: [UInt8]] = [:]) {
        self.files = files
    }

    func read(_ path: String) throws -> [UInt8]? { files[path] }

    func contents(of path: String) throws -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }

    func paths(matching pattern: String) throws -> [String] {
        files.keys.filter { fnmatch(pattern, $0, FNM_PATHNAME) == 0 }.sorted()
    }

    func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        if path == failWritesTo { throw FileSystemError(path: path, operation: "rename", code: EIO) }
        writes.append(path)
        files[path] = bytes
    }

    func remove(_ path: String) throws { files[path] = nil }
}

/// Counts restarts instead of running them.
final class CountingRestartRunner: RestartRunner {
    var commands: [String] = []
    var status: Int32 = 0

    func run(_ command: String) throws -> Int32 {
        commands.append(command)
        return status
    }
}

/// One fixture: its files mapped under /etc/containerd, and its command-line options.
struct Fixture {
    var name: String
    var directory: URL
    var files: [String: [UInt8]]
    var request: PrepRequest

    init(_ name: String) throws {
        self.name = name
        directory = fixturesDirectory.appendingPathComponent(name)
        files = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory.path)!
        for case let relative as String in enumerator {
            let base = (relative as NSString).lastPathComponent
            if base.hasPrefix("expected") || base == "args" || base == "README" { continue }
            var isDirectory: ObjCBool = false
            let url = directory.appendingPathComponent(relative)
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            files[fixtureRoot + "/" + relative] = Array(try Data(contentsOf: url))
        }
        request = PrepRequest(configFile: fixtureConfig, restartCommand: "restart-containerd")
        let argsURL = directory.appendingPathComponent("args")
        if let args = try? String(contentsOf: argsURL, encoding: .utf8) {
            let words = args.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            var index = 0
            while index + 1 < words.count {
                switch words[index] {
                case "--config-version": request.versionForNewFile = ContainerdConfigVersion(rawValue: Int(words[index + 1])!)!
                case "--config-path": request.configPath = words[index + 1]
                default: Issue.record("unknown option \(words[index]) in \(name)/args")
                }
                index += 2
            }
        }
    }

    var input: [UInt8]? { files[fixtureConfig] }

    /// The committed golden file, or `nil` when it does not exist.
    func golden(_ name: String) -> [UInt8]? {
        (try? Data(contentsOf: directory.appendingPathComponent(name))).map(Array.init)
    }

    /// Compares `actual` with a golden file byte for byte. With SPEGEL_PREP_RECORD=1 the golden
    /// file is written, and the test still fails so that recording is never silent.
    func expectGolden(_ name: String, _ actual: [UInt8]?, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        let expected = golden(name)
        if ProcessInfo.processInfo.environment["SPEGEL_PREP_RECORD"] == "1" && expected != actual {
            if let actual { try? Data(actual).write(to: url) } else { try? FileManager.default.removeItem(at: url) }
            Issue.record("recorded golden \(self.name)/\(name); review it and run again", sourceLocation: sourceLocation)
            return
        }
        #expect(
            expected == actual,
            "\(self.name)/\(name) differs:\n\(String(decoding: actual ?? [], as: UTF8.self))",
            sourceLocation: sourceLocation)
    }
}

/// The text `containerd-prep` prints, as committed in `expected.out`.
func transcript(_ outcome: PrepOutcome) -> String {
    outcome.output + "--- messages\n" + outcome.messages + "--- exit status \(outcome.exitStatus)\n"
}

/// TOMLKit's reading of a document, as a plain value comparable after removing keys.
func independentPlainValue(_ text: String) throws -> TOMLPlainValue {
    try plainValue(of: TOMLKit.TOMLTable(string: text).tomlValue)
}

private func plainValue(of value: TOMLKit.TOMLValue) throws -> TOMLPlainValue {
    switch value.type {
    case .table:
        var members: [String: TOMLPlainValue] = [:]
        let table = value.table!
        for key in table.keys { members[key] = try plainValue(of: table[key]!.tomlValue) }
        return .table(members)
    case .array:
        return .array(try value.array!.map { try plainValue(of: $0.tomlValue) })
    case .string: return .string(value.string!)
    case .int: return .integer(Int64(value.int!))
    case .double: return .float(String(value.double!))
    case .bool: return .boolean(value.bool!)
    case .date, .time, .dateTime: return .dateTime(value.debugDescription)
    }
}
