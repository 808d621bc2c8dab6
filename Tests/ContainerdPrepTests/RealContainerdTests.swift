import Foundation
import Testing
@testable import ContainerdPrep

/// The patched file of every accepted version 1/2 fixture, loaded by a real containerd 1.6
/// started by the test on a private root, state and socket.
@Suite(.serialized) struct RealContainerdTests {
    /// Accepted fixtures in a format containerd 1.6 reads (version 1 or 2).
    static let candidates: [String] = PatchPropertyTests.acceptedFixtures.filter { name in
        guard let fixture = try? Fixture(name), let golden = fixture.golden("expected.toml"),
            let document = try? TOMLDocument(parsing: String(decoding: golden, as: UTF8.self)),
            let version = try? ContainerdConfigVersion.declared(by: document, file: name)
        else { return false }
        return version != .v3
    }

    /// Fixtures whose unpatched file the CRI plugin of containerd 1.6 rejects on this machine for
    /// reasons unrelated to the patch (EKS points at a base runtime spec file that only exists on EKS).
    static let notLoadableHere: Set<String> = ["eks-al2023"]

    @Test func containerdIsInstalled() {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/containerd"))
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/ctr"))
        #expect(Self.candidates.count >= 20)
    }

    @Test(arguments: candidates)
    func patchedFileLoadsInContainerd(name: String) throws {
        let fixture = try Fixture(name)
        let directory = "/tmp/prep-ctd-\(UUID().uuidString.prefix(8))"
        let etc = directory + "/etc"
        try FileManager.default.createDirectory(atPath: etc, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (path, bytes) in fixture.files {
            let target = etc + path.dropFirst(fixtureRoot.count)
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: target))
        }
        // The real flow on the real file system.
        let config = etc + "/config.toml"
        var request = fixture.request
        request.configFile = config
        request.restartCommand = "echo restarted >> '\(directory)/restarts'"
        let outcome = ContainerdPrep.apply(request)
        #expect(outcome.exitStatus == 0, "\(outcome.messages)")
        let patched = try String(contentsOfFile: config, encoding: .utf8)
        #expect(Array(patched.utf8) == fixture.golden("expected.toml"))
        let result = try #require(outcome.result)

        let containerd = PrivateContainerd(directory: directory)
        let run = etc + "/run.toml"
        try containerd.isolated(patched, version: result.version).write(toFile: run, atomically: true, encoding: .utf8)
        let dump = try containerd.dump(config: run)
        #expect(dump.contains("config_path = \(TOMLKeyFormatter.basicString(result.effectiveConfigPath))"), "\(dump)")
        #expect(dump.contains("discard_unpacked_layers = false"))
        #expect(!dump.contains("discard_unpacked_layers = true"))

        let (status, log) = try containerd.criStatus(config: run)
        if Self.notLoadableHere.contains(name) {
            #expect(status == "error", "\(name) now loads here; remove it from notLoadableHere")
            #expect(log.contains("base OCI spec") || log.contains("base-runtime-spec"), "\(log)")
        } else {
            #expect(status == "ok", "CRI plugin status \(status) for \(name):\n\(log.suffix(3000))")
            #expect(!log.contains("failed to load plugin io.containerd.grpc.v1.cri"))
        }
    }
}
