import Foundation
import IntegrationSupport

/// One `spegel registry` process serving a test node, at `place` (a loopback address, or an address
/// inside a network namespace the test made; then every request to it is made from inside with curl).
struct SpegelDaemon {
    let handle: ProcessHandle
    let place: NetworkPlace
    let registryPort: Int
    let metricsPort: Int
    var host: String { place.host }
    var base: String { "http://\(host):\(registryPort)" }
    var metricsBase: String { "http://\(host):\(metricsPort)" }

    /// Starts the daemon for a containerd node (standalone router unless `extra` chooses another) and waits
    /// until `/readyz` is 200.
    static func start(spegel: String, node: TestContainerd, host: String = "127.0.0.1", place: NetworkPlace? = nil, registryPort: Int,
                      metricsPort: Int, mirrored: String, logName: String, extra: [String] = ["--router", "standalone"]) async throws -> SpegelDaemon {
        try await start(spegel: spegel, place: place ?? NetworkPlace(namespace: nil, host: host), store: [
            "--store", "containerd",
            "--containerd-sock", node.socketPath, "--containerd-content-path", node.contentDirectory.path,
            "--containerd-registry-config-path", node.certsDirectory.path,
        ], registryPort: registryPort, metricsPort: metricsPort, mirrored: mirrored, logFile: node.directory.appendingPathComponent(logName), extra: extra)
    }

    /// Starts the daemon with the given store arguments (`--store oci-layout:DIR`, say) and waits until
    /// `/readyz` is 200.
    static func start(spegel: String, place: NetworkPlace, store: [String], registryPort: Int, metricsPort: Int,
                      mirrored: String, logFile: URL, extra: [String]) async throws -> SpegelDaemon {
        let handle = try await offThread { try place.start(spegel, [
            "registry"] + store + [
            "--mirrored-registries", mirrored,
            "--registry-addr", "\(place.host):\(registryPort)", "--metrics-addr", "\(place.host):\(metricsPort)",
            "--containerd-config-check-interval", "1s", "--debug-web-enabled", "true", "--log-level", "debug",
        ] + extra, logFile: logFile) }
        let daemon = SpegelDaemon(handle: handle, place: place, registryPort: registryPort, metricsPort: metricsPort)
        let up = await eventually(timeout: .seconds(30)) { (try? await daemon.get(daemon.base + "/readyz"))?.status == 200 }
        guard up else {
            handle.stop()
            throw TestProcessError("spegel registry did not become ready within 30 s; log:\n\(handle.log)")
        }
        return daemon
    }

    /// A GET to the daemon, from its place.
    func get(_ url: String) async throws -> (status: Int, body: String) {
        place.namespace == nil ? try await httpGet(url) : try await place.http(url)
    }

    /// The sum of a counter's series whose labels include `cacheType` (or all series when nil).
    func metric(_ name: String, cacheType: String? = nil) async throws -> Double {
        let text = try await get(metricsBase + "/metrics").body
        return text.split(separator: "\n")
            .filter { line in
                (line.hasPrefix(name + "{") || line.hasPrefix(name + " ")) && (cacheType.map { line.contains("cache_type=\"\($0)\"") } ?? true)
            }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
    }

    /// A gauge without labels, or nil when absent.
    func gauge(_ name: String) async throws -> Double? {
        let text = try await get(metricsBase + "/metrics").body
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
    }

    func debugPage() async throws -> String { try await get(metricsBase + "/debug/web/").body }

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
