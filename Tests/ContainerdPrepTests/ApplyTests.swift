import Foundation
import Testing
@testable import ContainerdPrep

/// File-level behaviour on the real file system: atomic writes, the backup, restarts.
@Suite struct ApplyTests {
    let v2WithoutKeys = "version = 2\n\n[plugins.\"io.containerd.grpc.v1.cri\"]\n  sandbox_image = \"pause:3.9\"\n"

    /// A fresh directory under /tmp, removed by the caller.
    func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "prep-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    func listing(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @Test func crashBeforeRenameLeavesTheOriginalAndNoTemporaryFile() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/config.toml"
        try v2WithoutKeys.write(toFile: config, atomically: false, encoding: .utf8)
        struct Crash: Error {}
        let fileSystem = LocalFileSystem(beforeRename: { temporary in
            if temporary.hasPrefix(directory + "/.config.toml.spegel-") && !temporary.contains("backup")
                && !temporary.contains("pending")
            {
                throw Crash()
            }
        })
        let restarts = CountingRestartRunner()
        let outcome = ContainerdPrep.apply(
            PrepRequest(configFile: config, restartCommand: "x"), fileSystem: fileSystem, restartRunner: restarts)
        #expect(outcome.exitStatus == 2)
        #expect(outcome.messages.contains("is unchanged"))
        #expect(read(config) == v2WithoutKeys)
        #expect(restarts.commands.isEmpty)
        #expect(listing(directory) == ["config.toml", "config.toml.spegel-backup"])
    }

    @Test func writesAtomicallyKeepingModeAndOneBackupOfTheLastChange() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/config.toml"
        try v2WithoutKeys.write(toFile: config, atomically: false, encoding: .utf8)
        chmod(config, 0o640)
        let restarts = CountingRestartRunner()
        let request = PrepRequest(configFile: config, restartCommand: "x")
        let first = ContainerdPrep.apply(request, restartRunner: restarts)
        #expect(first.exitStatus == 0)
        #expect(read(config + ".spegel-backup") == v2WithoutKeys)
        let attributes = try FileManager.default.attributesOfItem(atPath: config)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        #expect(listing(directory) == ["config.toml", "config.toml.spegel-backup"])

        // Someone flips the setting back; the backup then holds that version.
        let edited = read(config)!.replacingOccurrences(of: "discard_unpacked_layers = false", with: "discard_unpacked_layers = true")
        try edited.write(toFile: config, atomically: false, encoding: .utf8)
        let second = ContainerdPrep.apply(request, restartRunner: restarts)
        #expect(second.output.hasPrefix("changed\n"))
        #expect(read(config + ".spegel-backup") == edited)
        #expect(restarts.commands.count == 2)
    }

    @Test func restartsThroughTheShellOnlyWhenTheFileChanged() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/config.toml"
        try v2WithoutKeys.write(toFile: config, atomically: false, encoding: .utf8)
        let request = PrepRequest(configFile: config, restartCommand: "echo restarted >> '\(directory)/restarts'")
        for _ in 0..<3 {
            #expect(ContainerdPrep.apply(request).exitStatus == 0)
        }
        #expect(read(directory + "/restarts") == "restarted\n")
    }

    @Test func aFailedRestartIsRetriedOnTheNextRun() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/config.toml"
        try v2WithoutKeys.write(toFile: config, atomically: false, encoding: .utf8)
        let failing = ContainerdPrep.apply(PrepRequest(configFile: config, restartCommand: "exit 3"))
        #expect(failing.exitStatus == 2)
        #expect(failing.messages.contains("status 3"))
        #expect(FileManager.default.fileExists(atPath: ContainerdPrep.pendingRestartPath(for: config)))
        let request = PrepRequest(configFile: config, restartCommand: "echo restarted >> '\(directory)/restarts'")
        let retry = ContainerdPrep.apply(request)
        #expect(retry.exitStatus == 0)
        #expect(retry.output.hasPrefix("unchanged\n"))
        #expect(ContainerdPrep.apply(request).exitStatus == 0)
        #expect(read(directory + "/restarts") == "restarted\n")
        #expect(!FileManager.default.fileExists(atPath: ContainerdPrep.pendingRestartPath(for: config)))
    }

    @Test func dryRunWritesNothingAndReportsWithItsExitStatus() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/config.toml"
        try v2WithoutKeys.write(toFile: config, atomically: false, encoding: .utf8)
        let restarts = CountingRestartRunner()
        let wouldChange = ContainerdPrep.apply(PrepRequest(configFile: config, dryRun: true), restartRunner: restarts)
        #expect(wouldChange.exitStatus == 1)
        #expect(wouldChange.output.hasPrefix("changed\n"))
        #expect(wouldChange.output.contains("+  discard_unpacked_layers = false"))
        #expect(read(config) == v2WithoutKeys)
        #expect(listing(directory) == ["config.toml"])
        #expect(ContainerdPrep.apply(PrepRequest(configFile: config, restartCommand: "true"), restartRunner: restarts).exitStatus == 0)
        let nothing = ContainerdPrep.apply(PrepRequest(configFile: config, dryRun: true), restartRunner: restarts)
        #expect(nothing.exitStatus == 0)
        #expect(nothing.output.hasPrefix("unchanged\n"))
        #expect(restarts.commands.count == 1)
    }

    @Test func aSymlinkedConfigIsReplacedAtItsTarget() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/real.toml"
        let link = directory + "/config.toml"
        try v2WithoutKeys.write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(ContainerdPrep.apply(PrepRequest(configFile: link, restartCommand: "true")).exitStatus == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(read(target)?.contains("config_path = \"/etc/containerd/certs.d\"") == true)
    }

    @Test func refusesAFileThatIsNotUTF8() throws {
        let fileSystem = MemoryFileSystem(files: [fixtureConfig: [0x76, 0x3D, 0xFF, 0x0A]])
        let outcome = ContainerdPrep.apply(PrepRequest(configFile: fixtureConfig), fileSystem: fileSystem)
        #expect(outcome.exitStatus == 2)
        #expect(outcome.messages.contains("not UTF-8"))
        #expect(fileSystem.writes.isEmpty)
    }
}
