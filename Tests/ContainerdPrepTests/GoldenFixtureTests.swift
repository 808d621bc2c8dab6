import Foundation
import Testing
@testable import ContainerdPrep

/// Every fixture against its committed golden results: the file after the run (`expected.toml`,
/// absent when refused) and the printed transcript (`expected.out`).
@Suite struct GoldenFixtureTests {
    @Test(arguments: fixtureNames)
    func fixtureMatchesGoldens(name: String) throws {
        let fixture = try Fixture(name)
        let fileSystem = MemoryFileSystem(files: fixture.files)
        let restarts = CountingRestartRunner()
        let outcome = ContainerdPrep.apply(fixture.request, fileSystem: fileSystem, restartRunner: restarts)
        fixture.expectGolden("expected.out", Array(transcript(outcome).utf8))
        if outcome.exitStatus == 2 {
            #expect(fileSystem.files == fixture.files, "a refused run must not write anything")
            #expect(restarts.commands.isEmpty)
            fixture.expectGolden("expected.toml", nil)
        } else {
            fixture.expectGolden("expected.toml", fileSystem.files[fixtureConfig])
            let changed = fileSystem.files[fixtureConfig] != fixture.input
            #expect(restarts.commands == (changed ? ["restart-containerd"] : []))
            #expect(outcome.output.hasPrefix(changed ? "changed\n" : "unchanged\n"))
            #expect(outcome.output.contains("config_path: "))
        }
    }

    @Test func fixturesCoverTheLayoutsTheIssueNames() {
        for name in [
            "containerd-1.6-default", "containerd-1.7-default", "containerd-2.0-default", "eks-al2023", "aks", "gke",
            "k3s", "kubeadm-systemd-cgroup", "talos-dropin-discard", "already-patched-v2", "legacy-mirrors",
            "broken-toml-unterminated", "empty-file", "missing-file",
        ] {
            #expect(fixtureNames.contains(name), "missing fixture \(name)")
        }
    }
}
