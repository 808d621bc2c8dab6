import Foundation
import IntegrationSupport
import Testing

/// The `spegel` binary on a real containerd 1.6 node, with a real docker-registry as the upstream:
/// containerd pulls through the daemon, the daemon serves what containerd holds, the counters move,
/// and pulls keep working when the daemon is down (fallback) or the upstream is down (the mirror).
@Suite(.serialized) struct MirrorEndToEndTests {
    @Test func containerdPullsThroughTheDaemon() async throws {
        let spegel = try builtProduct("spegel")
        let dir = try makeTemporaryDirectory("spegel-e2e")
        defer { try? FileManager.default.removeItem(at: dir) }
        let upstreamDirectory = dir.appendingPathComponent("upstream")
        try FileManager.default.createDirectory(at: upstreamDirectory, withIntermediateDirectories: true)
        let upstream = try TestRegistry(directory: upstreamDirectory)
        defer { upstream.stop() }
        let image = try TestImage(in: dir.appendingPathComponent("image"),
                                  files: ["data.bin": Data((0..<300_000).map { UInt8(($0 * 7) % 253) })])
        try image.push(to: upstream.address, repository: "team/app")
        let reference = "\(upstream.address)/team/app:v1"
        let mirrored = "http://\(upstream.address)"
        let registryPort = freeLoopbackPort(), metricsPort = freeLoopbackPort()

        // Node A runs the daemon; every node's certs.d names it as the mirror of the upstream.
        func node(_ name: String) async throws -> TestContainerd {
            let node = try await offThread { try TestContainerd(directory: dir.appendingPathComponent(name)) }
            _ = try await offThread { try runTool(spegel, ["configuration", "--containerd-registry-config-path", node.certsDirectory.path,
                                 "--mirror-targets", "http://127.0.0.1:\(registryPort)", "--mirrored-registries", mirrored,
                                 "--log-level", "error"]) }
            return node
        }
        func pull(_ node: TestContainerd) async throws {
            _ = try await offThread { try node.ctr(["images", "pull", "--hosts-dir", node.certsDirectory.path, reference], timeout: 120) }
        }
        let nodeA = try await node("node-a")
        defer { nodeA.stop() }
        var daemon = try await SpegelDaemon.start(spegel: spegel, node: nodeA, registryPort: registryPort, metricsPort: metricsPort,
                                                 mirrored: mirrored, logName: "spegel-1.log")

        // containerd reads certs.d and keeps layers: the configuration check says so.
        #expect(await eventually(timeout: .seconds(15)) { (try? await daemon.gauge("spegel_containerd_config_ok")) == 1 })
        #expect(try await httpGet(daemon.base + "/readyz").body == "ok\n")

        // 1. Nothing on the node yet: the mirror answers 404, containerd falls back to the upstream.
        try await pull(nodeA)
        #expect(try await daemon.metric("spegel_mirror_requests_total", cacheType: "miss") >= 1)
        #expect(try await daemon.metric("spegel_mirror_requests_total", cacheType: "hit") == 0)

        // 2. The daemon notices the new image; a second pull resolves the tag through it (a hit).
        let advertised = await eventually(timeout: .seconds(40)) { (try? await daemon.debugPage())?.contains(reference) == true }
        #expect(advertised, "daemon log:\n\(daemon.handle.log)")
        let missesBefore = try await daemon.metric("spegel_mirror_requests_total", cacheType: "miss")
        try await pull(nodeA)
        #expect(try await daemon.metric("spegel_mirror_requests_total", cacheType: "hit") >= 1)
        #expect(try await daemon.metric("spegel_mirror_requests_total", cacheType: "miss") == missesBefore)

        // 3. A registry client (skopeo, no `ns`) copies the image from the daemon by digest, byte for byte.
        let copied = dir.appendingPathComponent("copied")
        _ = try await offThread { try runTool("/usr/bin/skopeo", ["copy", "--src-tls-verify=false",
                                        "docker://127.0.0.1:\(registryPort)/team/app@\(image.manifestDigest)", "oci:\(copied.path):v1"]) }
        let layerHex = String(image.layerDigest.dropFirst("sha256:".count))
        #expect(try Data(contentsOf: copied.appendingPathComponent("blobs/sha256/\(layerHex)")) == image.layer)

        // 4. With the daemon stopped, another node still pulls, from the upstream.
        let stopping = daemon.handle
        _ = try await offThread { stopping.stop() }
        let nodeB = try await node("node-b")
        defer { nodeB.stop() }
        try await pull(nodeB)

        // 5. With the daemon back and the upstream gone, a third node pulls everything from the daemon.
        daemon = try await SpegelDaemon.start(spegel: spegel, node: nodeA, registryPort: registryPort, metricsPort: metricsPort,
                                        mirrored: mirrored, logName: "spegel-2.log")
        defer { daemon.handle.stop() }
        #expect(await eventually(timeout: .seconds(40)) { (try? await daemon.debugPage())?.contains(reference) == true })
        upstream.stop()
        let nodeC = try await node("node-c")
        defer { nodeC.stop() }
        try await pull(nodeC)
        let list = try await nodeC.ctr(["images", "list", "-q"])
        #expect(list.contains(reference))
        #expect(try await daemon.metric("spegel_mirror_requests_total", cacheType: "hit") >= 3, "manifest, config and layer")
        #expect(try await daemon.metric("spegel_mirror_requests_total", cacheType: "miss") == 0)
    }

    @Test func misconfiguredContainerdIsLoud() async throws {
        let spegel = try builtProduct("spegel")
        let dir = try makeTemporaryDirectory("spegel-misconfig")
        defer { try? FileManager.default.removeItem(at: dir) }
        // containerd discards unpacked layers, and no `spegel configuration` ran for its certs.d.
        let node = try await offThread { try TestContainerd(directory: dir.appendingPathComponent("node"), extraConfig: """
            [plugins."io.containerd.grpc.v1.cri".containerd]
              discard_unpacked_layers = true
            """) }
        defer { node.stop() }
        let daemon = try await SpegelDaemon.start(spegel: spegel, node: node, registryPort: freeLoopbackPort(), metricsPort: freeLoopbackPort(),
                                            mirrored: "https://docker.io", logName: "spegel.log")
        defer { daemon.handle.stop() }
        #expect(try await daemon.gauge("spegel_containerd_config_ok") == 0)
        let ready = try await httpGet(daemon.base + "/readyz")
        #expect(ready.status == 200)
        #expect(ready.body.contains("containerd misconfigured: containerd discards layers after unpacking them"), "\(ready.body)")
        #expect(ready.body.contains("no spegel hosts.toml for docker.io in \(node.certsDirectory.path)"), "\(ready.body)")
        let page = try await daemon.debugPage()
        #expect(page.contains("containerd: misconfigured"))
        #expect(daemon.handle.log.contains("containerd misconfigured"))

        // Once `spegel configuration` writes the file, the next check drops that problem.
        _ = try await offThread { try runTool(spegel, ["configuration", "--containerd-registry-config-path", node.certsDirectory.path,
                             "--mirror-targets", daemon.base, "--mirrored-registries", "https://docker.io", "--log-level", "error"]) }
        let fixed = await eventually(timeout: .seconds(15)) {
            (try? await httpGet(daemon.base + "/readyz"))?.body.contains("no spegel hosts.toml") == false
        }
        #expect(fixed)
        #expect(try await httpGet(daemon.base + "/readyz").body.contains("discards layers"))
    }
}
