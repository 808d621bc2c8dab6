import Foundation
import Logging
import Testing
@testable import MirrorRegistry

/// The daemon's check that containerd is set up to use the mirror.
@Suite struct ContainerdConfigCheckTests {
    let expectation = ContainerdConfigExpectation(registryConfigPath: "/etc/containerd/certs.d", mirroredRegistries: ["docker.io", "ghcr.io"])
    let allPresent: (String) throws -> [String] = { _ in ["docker.io", "ghcr.io", "quay.io"] }

    @Test func goodSettingsHaveNoProblems() {
        let settings = ContainerdSettings(registryConfigPath: "/etc/containerd/certs.d/", discardUnpackedLayers: false, source: "test")
        #expect(expectation.problems(with: settings, managedHosts: allPresent) == [])
    }

    @Test func eachProblemIsOneSentenceWithTheFix() {
        let unset = ContainerdSettings(registryConfigPath: "", discardUnpackedLayers: true, source: "/host/config.toml")
        let problems = expectation.problems(with: unset, managedHosts: { _ in ["docker.io"] })
        #expect(problems.count == 3)
        #expect(problems[0].contains("config_path is empty (/host/config.toml)") && problems[0].contains("spegel containerd-prep"))
        #expect(problems[1].contains("discard_unpacked_layers = true") && problems[1].contains("set it to false"))
        #expect(problems[2] == "no spegel hosts.toml for ghcr.io in /etc/containerd/certs.d: run `spegel configuration` (the DaemonSet's init container) with these registries")
    }

    @Test func aDifferentDirectoryIsReported() {
        let elsewhere = ContainerdSettings(registryConfigPath: "/etc/containerd/other.d", discardUnpackedLayers: nil, source: "containerd's CRI status")
        let problems = expectation.problems(with: elsewhere, managedHosts: allPresent)
        #expect(problems == ["containerd reads hosts.toml files from /etc/containerd/other.d (containerd's CRI status) but spegel writes them to "
            + "/etc/containerd/certs.d; set --containerd-registry-config-path to /etc/containerd/other.d or config_path to /etc/containerd/certs.d"])
    }

    @Test func noRegistriesMeansDefault() {
        let all = ContainerdConfigExpectation(registryConfigPath: "/d", mirroredRegistries: [])
        let settings = ContainerdSettings(registryConfigPath: "/d", discardUnpackedLayers: false, source: "test")
        #expect(all.problems(with: settings, managedHosts: { _ in ["_default"] }) == [])
        #expect(all.problems(with: settings, managedHosts: { _ in ["docker.io"] }).first?.hasPrefix("no spegel hosts.toml for _default") == true)
    }

    @Test func monitorSetsTheGaugeAndKeepsTheStatus() async {
        let metrics = RegistryMetrics()
        let current = SettingsBox(ContainerdSettings(registryConfigPath: "", discardUnpackedLayers: false, source: "test"))
        let monitor = ContainerdConfigMonitor(
            expectation: ContainerdConfigExpectation(registryConfigPath: nil, mirroredRegistries: []),
            metrics: metrics, logger: Logger(label: "test")) { current.value }
        #expect(monitor.status == .unchecked)
        guard case .misconfigured(let problems) = await monitor.check() else {
            Issue.record("expected a misconfiguration")
            return
        }
        #expect(problems.count == 1)
        #expect(metrics.exposition().contains("spegel_containerd_config_ok 0"))
        current.value = ContainerdSettings(registryConfigPath: "/d", discardUnpackedLayers: false, source: "test")
        #expect(await monitor.check() == .ok)
        #expect(metrics.exposition().contains("spegel_containerd_config_ok 1"))
    }

    @Test func aFailedReadIsAProblem() async {
        struct Unreachable: Error, CustomStringConvertible { var description: String { "connection refused" } }
        let monitor = ContainerdConfigMonitor(
            expectation: ContainerdConfigExpectation(registryConfigPath: nil, mirroredRegistries: []),
            metrics: RegistryMetrics(), logger: Logger(label: "test")) { throw Unreachable() }
        #expect(await monitor.check() == .misconfigured(["cannot read containerd's settings: connection refused"]))
    }
}

/// Settings a test changes between checks.
final class SettingsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: ContainerdSettings
    init(_ value: ContainerdSettings) { stored = value }
    var value: ContainerdSettings {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
