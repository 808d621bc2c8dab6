import Foundation
import IntegrationSupport

/// One `spegel registry` process serving a test containerd node, on `host` (a loopback address).
struct SpegelDaemon {
    let handle: ProcessHandle
    let host: String
    let registryPort: Int
    let metricsPort: Int
    var base: String { "http://\(host):\(registryPort)" }
    var metricsBase: String { "http://\(host):\(metricsPort)" }

    /// Starts the daemon (standalone router unless `extra` chooses another) and waits until `/readyz` is 200.
    static func start(spegel: String, node: TestContainerd, host: String = "127.0.0.1", registryPort: Int, metricsPort: Int,
                      mirrored: String, logName: String, extra: [String] = ["--router", "standalone"]) async throws -> SpegelDaemon {
        let handle = try await offThread { try ProcessHandle(executable: spegel, arguments: [
            "registry", "--store", "containerd",
            "--containerd-sock", node.socketPath, "--containerd-content-path", node.contentDirectory.path,
            "--containerd-registry-config-path", node.certsDirectory.path, "--mirrored-registries", mirrored,
            "--registry-addr", "\(host):\(registryPort)", "--metrics-addr", "\(host):\(metricsPort)",
            "--containerd-config-check-interval", "1s", "--debug-web-enabled", "true", "--log-level", "debug",
        ] + extra, logFile: node.directory.appendingPathComponent(logName)) }
        let daemon = SpegelDaemon(handle: handle, host: host, registryPort: registryPort, metricsPort: metricsPort)
        let up = await eventually(timeout: .seconds(30)) { (try? await httpGet(daemon.base + "/readyz"))?.status == 200 }
        guard up else {
            handle.stop()
            throw TestProcessError("spegel registry did not become ready within 30 s; log:\n\(handle.log)")
        }
        return daemon
    }

    /// The sum of a counter's series whose labels include `cacheType` (or all series when nil).
    func metric(_ name: String, cacheType: String? = nil) async throws -> Double {
        let text = try await httpGet(metricsBase + "/metrics").body
        return text.split(separator: "\n")
            .filter { line in
                (line.hasPrefix(name + "{") || line.hasPrefix(name + " ")) && (cacheType.map { line.contains("cache_type=\"\($0)\"") } ?? true)
            }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
    }

    /// A gauge without labels, or nil when absent.
    func gauge(_ name: String) async throws -> Double? {
        let text = try await httpGet(metricsBase + "/metrics").body
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
    }

    func debugPage() async throws -> String { try await httpGet(metricsBase + "/debug/web/").body }

    /// Stops the process (SIGTERM, then SIGKILL) without blocking the cooperative pool.
    func stop() async {
        let handle = self.handle
        _ = try? await offThread { handle.stop() }
    }

    /// Kills the process at once (SIGKILL), as a node that dies.
    func kill() async {
        Glibc.kill(handle.process.processIdentifier, SIGKILL)
        let handle = self.handle
        _ = try? await offThread { handle.process.waitUntilExit() }
    }
}
