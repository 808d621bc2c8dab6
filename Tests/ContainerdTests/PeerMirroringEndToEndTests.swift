import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import IntegrationSupport
import Testing

/// Three nodes, each a real containerd 1.6 with its own `spegel registry` (p2p router, static
/// bootstrap) on its own loopback address (127.0.0.21–23): images flow between nodes with the upstream
/// registry gone, and a dead node is skipped.
@Suite(.serialized) struct PeerMirroringEndToEndTests {
    struct Node {
        let name: String
        let containerd: TestContainerd
        let daemon: SpegelDaemon
        let routerPort: Int
    }

    @Test func imagesFlowBetweenNodesWithTheUpstreamGone() async throws {
        let spegel = try builtProduct("spegel")
        let dir = try makeTemporaryDirectory("spegel-peers")
        defer { try? FileManager.default.removeItem(at: dir) }
        let upstreamDirectory = dir.appendingPathComponent("upstream")
        try FileManager.default.createDirectory(at: upstreamDirectory, withIntermediateDirectories: true)
        let upstream = try TestRegistry(directory: upstreamDirectory)
        defer { upstream.stop() }
        // A 6 MB layer of poorly compressible bytes, so blobs take a moment to stream.
        var generator = SplitMix64(seed: 42)
        let payload = Data((0..<6_000_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let image = try TestImage(in: dir.appendingPathComponent("image"), files: ["payload.bin": payload])
        try image.push(to: upstream.address, repository: "team/big")
        let reference = "\(upstream.address)/team/big:v1"
        let pinned = "\(upstream.address)/team/big@\(image.manifestDigest)"
        let mirrored = "http://\(upstream.address)"

        let hosts = ["127.0.0.21", "127.0.0.22", "127.0.0.23"]
        let ports = hosts.map { _ in (registry: freeLoopbackPort(), router: freeLoopbackPort(), metrics: freeLoopbackPort()) }
        let peers = zip(hosts, ports).map { "\($0):\($1.router)" }
        var nodes: [Node] = []
        defer { for node in nodes { node.daemon.handle.stop(); node.containerd.stop() } }
        for (index, host) in hosts.enumerated() {
            let name = ["a", "b", "c"][index]
            let containerd = try await offThread { try TestContainerd(directory: dir.appendingPathComponent("node-\(name)")) }
            _ = try await offThread {
                try runTool(spegel, ["configuration", "--containerd-registry-config-path", containerd.certsDirectory.path,
                                     "--mirror-targets", "http://\(host):\(ports[index].registry)", "--mirrored-registries", mirrored,
                                     "--log-level", "error"])
            }
            let daemon = try await SpegelDaemon.start(
                spegel: spegel, node: containerd, host: host, registryPort: ports[index].registry, metricsPort: ports[index].metrics,
                mirrored: mirrored, logName: "spegel.log",
                extra: ["--router", "p2p", "--router-addr", "\(host):\(ports[index].router)", "--bootstrap-kind", "static",
                        "--bootstrap-peers"] + peers + ["--mirror-resolve-timeout", "200ms"])
            nodes.append(Node(name: name, containerd: containerd, daemon: daemon, routerPort: ports[index].router))
        }
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        func pull(_ node: Node, _ ref: String) async throws -> Duration {
            let started = ContinuousClock.now
            _ = try await offThread { try node.containerd.ctr(["images", "pull", "--hosts-dir", node.containerd.certsDirectory.path, ref], timeout: 120) }
            return ContinuousClock.now - started
        }
        /// Whether `node`'s router, as one of the key's holders, knows `provider` for `key`.
        func holds(_ node: Node, key: String, provider: Node) async -> Bool {
            var request = URLRequest(url: URL(string: "http://\(node.daemon.host):\(node.routerPort)/v1/lookup")!)
            request.httpMethod = "POST"
            request.httpBody = try? JSONEncoder().encode(["key": key])
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            guard let (data, _) = try? await URLSession.shared.data(for: request),
                  let answer = try? JSONDecoder().decode([String: [String]].self, from: data) else { return false }
            return answer["providers"]?.contains(provider.daemon.base.replacingOccurrences(of: "http://", with: "")) == true
        }

        // A pulls from the upstream; its keys (tag, index/manifest, config, layer) reach the holders.
        _ = try await pull(a, reference)
        for key in [reference, image.manifestDigest, image.configDigest, image.layerDigest] {
            #expect(await eventually(timeout: .seconds(60)) { await holds(b, key: key, provider: a) }, "B never learnt that A holds \(key)")
        }

        // The upstream goes away: B pulls by tag and C by digest, from A through their own daemons.
        upstream.stop()
        _ = try await pull(b, reference)
        _ = try await pull(c, pinned)
        #expect(try await b.daemon.metric("spegel_mirror_requests_total", cacheType: "hit") >= 3)
        #expect(try await c.daemon.metric("spegel_mirror_requests_total", cacheType: "hit") >= 2)
        #expect(try await a.daemon.metric("spegel_peer_requests_served_total") >= 5)
        // B's metrics and debug page tell where its content came from.
        #expect(try await b.daemon.metric("spegel_peer_fetches_total{result=\"hit\"}") >= 3)
        #expect(try await b.daemon.metric("spegel_router_lookups_total") >= 3)
        #expect(try await b.daemon.gauge("spegel_router_peers") == 2)
        let page = try await b.daemon.debugPage()
        #expect(page.contains("<tr><td>\(a.daemon.host):\(a.daemon.registryPort)</td><td>"), "\(page)")
        let bImages = try await offThread { try b.containerd.ctr(["images", "list", "-q"]) }
        #expect(bImages.contains(reference))
        let layerHex = String(image.layerDigest.dropFirst("sha256:".count))
        let cLayer = c.containerd.contentDirectory.appendingPathComponent("blobs/sha256/\(layerHex)")
        #expect(try Data(contentsOf: cLayer) == image.layer, "C's layer is byte-identical to the upstream's")

        // A dies. B (which now holds the image too) serves a fresh node's pull within a bound.
        await a.daemon.kill()
        for key in [reference, image.layerDigest] {
            #expect(await eventually(timeout: .seconds(60)) { await holds(c, key: key, provider: b) }, "C never learnt that B holds \(key)")
        }
        _ = try await offThread { try c.containerd.ctr(["images", "rm", "--sync", reference, pinned]) }
        _ = try await offThread { try c.containerd.ctr(["content", "rm", image.layerDigest, image.configDigest, image.manifestDigest]) }
        let elapsed = try await pull(c, reference)
        print("PeerMirroringEndToEndTests: pull with the first provider dead took \(elapsed)")
        #expect(elapsed < .seconds(30), "pull with a dead provider took \(elapsed)")
        #expect(try Data(contentsOf: cLayer) == image.layer)
    }
}

/// A small deterministic generator for test payloads.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
