import Foundation
import IntegrationSupport
import Testing

/// Real nodes (see `PeerCluster`: each a network namespace the test made, with its own containerd and its
/// own `spegel registry`, p2p router, static bootstrap; one `docker-registry` upstream in a namespace of
/// its own): images flow between nodes with the upstream gone, a node killed in the middle of a large
/// blob is replaced by another, and a node serving wrong bytes is caught and never poisons containerd.
@Suite(.serialized) struct PeerMirroringEndToEndTests {
    @Test func imagesFlowBetweenNodesWithTheUpstreamGone() async throws {
        let cluster = try await PeerCluster(label: "spegel-peers", stores: [.containerd, .containerd, .containerd])
        defer { cluster.stop() }
        // A 6 MB layer of random bytes, so blobs take a moment to stream.
        let payload = try randomBytes(6_000_000)
        let image = try await offThread { try TestImage(in: cluster.directory.appendingPathComponent("image"), files: ["payload.bin": payload]) }
        try await cluster.push(image, repository: "team/big")
        let reference = "\(cluster.upstream.address)/team/big:v1"
        let pinned = "\(cluster.upstream.address)/team/big@\(image.manifestDigest)"
        let (a, b, c) = (cluster.nodes[0], cluster.nodes[1], cluster.nodes[2])

        // A pulls from the upstream; its keys (tag, index/manifest, config, layer) reach the holders.
        try await cluster.pull(a, reference)
        await cluster.awaitAdvertised([reference, image.manifestDigest, image.configDigest, image.layerDigest], by: a, at: [b])

        // The upstream goes away: B pulls by tag and C by digest, from A through their own daemons.
        await offThreadStop(cluster.upstream)
        try await cluster.pull(b, reference)
        try await cluster.pull(c, pinned)
        #expect(try await b.daemon.metric("spegel_mirror_requests_total", cacheType: "hit") >= 3)
        #expect(try await c.daemon.metric("spegel_mirror_requests_total", cacheType: "hit") >= 2)
        #expect(try await a.daemon.metric("spegel_peer_requests_served_total") >= 5)
        // B's metrics and debug page tell where its content came from.
        #expect(try await b.daemon.metric("spegel_peer_fetches_total{result=\"hit\"}") >= 3)
        #expect(try await b.daemon.metric("spegel_router_lookups_total") >= 3)
        #expect(try await b.daemon.gauge("spegel_router_peers") == 2)
        let page = try await b.daemon.debugPage()
        #expect(page.contains("<tr><td>\(a.registryAddress)</td><td>"), "\(page)")
        let bImages = try await b.containerd!.ctr(["images", "list", "-q"])
        #expect(bImages.contains(reference))
        #expect(c.containerd!.blob(image.layerDigest) == image.layer, "C's layer is byte-identical to the upstream's")

        // A dies. B (which now holds the image too) serves a fresh pull of C within a bound.
        await a.daemon.kill()
        await cluster.awaitAdvertised([reference, image.layerDigest], by: b, at: [c])
        try await c.containerd!.ctr(["images", "rm", "--sync", reference, pinned])
        try await c.containerd!.ctr(["content", "rm", image.layerDigest, image.configDigest, image.manifestDigest])
        let elapsed = try await cluster.pull(c, reference)
        print("PeerMirroringEndToEndTests: pull with the first provider dead took \(elapsed)")
        #expect(elapsed < .seconds(30), "pull with a dead provider took \(elapsed)")
        #expect(c.containerd!.blob(image.layerDigest) == image.layer)
    }

    /// C pulls a 96 MB layer that A and B both hold, with the upstream gone and both peers' links limited
    /// to 200 Mbit/s (about 9 s for the layer); the peer streaming it is SIGKILLed once C has a fifth of
    /// it. C's daemon resumes the body from the other peer with `Range`: the pull completes within 30 s of
    /// the kill and the layer is byte-identical.
    @Test func aPeerKilledInTheMiddleOfALargeBlobIsReplacedByAnother() async throws {
        let cluster = try await PeerCluster(label: "spegel-kill", stores: [.containerd, .containerd, .containerd])
        defer { cluster.stop() }
        let payload = try randomBytes(96 << 20)
        let image = try await offThread { try TestImage(in: cluster.directory.appendingPathComponent("image"), files: ["payload.bin": payload]) }
        try await cluster.push(image, repository: "team/large")
        let reference = "\(cluster.upstream.address)/team/large:v1"
        let (a, b, c) = (cluster.nodes[0], cluster.nodes[1], cluster.nodes[2])
        try await cluster.pull(a, reference)
        try await cluster.pull(b, reference)
        let keys = [reference, image.manifestDigest, image.configDigest, image.layerDigest]
        await cluster.awaitAdvertised(keys, by: a, at: [c])
        await cluster.awaitAdvertised(keys, by: b, at: [c])
        await offThreadStop(cluster.upstream)
        let limited = try await offThread { [a, b] in
            cluster.network.limitEgress(of: a.place, megabitsPerSecond: 200) && cluster.network.limitEgress(of: b.place, megabitsPerSecond: 200)
        }
        let servedBefore = (a: try await a.daemon.metric("spegel_peer_requests_served_total"), b: try await b.daemon.metric("spegel_peer_requests_served_total"))

        // Bytes already sent on open connections (B fetched from A earlier) are the baseline.
        let baseA = await a.place.bytesSent(fromPort: a.daemon.registryPort) ?? 0
        let baseB = await b.place.bytesSent(fromPort: b.daemon.registryPort) ?? 0
        let started = ContinuousClock.now
        let pull = Task { try await cluster.pull(c, reference, timeout: 180) }
        // Wait (at most 60 s) until a peer has sent C a fifth of the layer but not all of it. C's daemon
        // stages a large peer blob and verifies it before containerd gets a byte, so progress is read on
        // the peers' registry ports (bytes sent on their connections), not in containerd's ingest.
        let layerSize = Int64(image.layer.count)
        var sentA: Int64 = 0, sentB: Int64 = 0
        let midway = await eventually(timeout: .seconds(60)) {
            sentA = (await a.place.bytesSent(fromPort: a.daemon.registryPort) ?? 0) - baseA
            sentB = (await b.place.bytesSent(fromPort: b.daemon.registryPort) ?? 0) - baseB
            return max(sentA, sentB) >= layerSize / 5
        }
        let progress = max(sentA, sentB)
        // The peer streaming it has sent more on its registry port's connections than the other.
        let (victim, survivor) = sentA >= sentB ? (a, b) : (b, a)
        await victim.daemon.kill()
        let killed = ContinuousClock.now
        print("PeerMirroringEndToEndTests: killed \(victim.name) after \(killed - started), having sent C \(progress) of \(layerSize) bytes"
              + " (sent: a \(sentA), b \(sentB); links limited: \(limited))")
        #expect(midway && progress < layerSize, "\(victim.name) had sent \(progress) of \(layerSize) bytes when it was killed")
        #expect(c.containerd!.ingestedBytes == 0 || c.containerd!.ingestedBytes == layerSize,
                 "containerd received part of an unverified peer blob")

        let result = await pull.result
        let afterKill = ContinuousClock.now - killed
        print("PeerMirroringEndToEndTests: C's pull completed \(afterKill) after the kill, \(ContinuousClock.now - started) in all")
        _ = try result.get()
        #expect(afterKill < .seconds(30), "C's pull took \(afterKill) after the kill")
        #expect(c.containerd!.blob(image.layerDigest) == image.layer, "C's layer is byte-identical to the upstream's")
        let cImages = try await c.containerd!.ctr(["images", "list", "-q"])
        #expect(cImages.contains(reference))
        let servedAfter = try await survivor.daemon.metric("spegel_peer_requests_served_total")
        #expect(servedAfter > (survivor.name == "a" ? servedBefore.a : servedBefore.b), "\(survivor.name) served nothing after the kill")
        #expect(try await c.daemon.metric("spegel_mirror_requests_total", cacheType: "hit") >= 3)
    }

    /// L serves an OCI layout whose layer file was corrupted after the layout was written (same size,
    /// wrong bytes) and advertises it through the real router; the upstream is up. C pulls by digest.
    /// C's daemon reads the 6 MB layer from L whole (within its blob verify limit) and checks it before
    /// sending a byte: the mismatch makes it penalize L and answer a fast 404, so containerd pulls the layer
    /// from the upstream at the first attempt and never receives a wrong byte. (Had the daemon streamed
    /// the wrong bytes, containerd would keep them in its ingest and resume from them: every later pull
    /// of that layer would fail with "unexpected commit digest" until the ingest is aborted.)
    @Test func aLyingPeerIsCaughtAndNeverPoisonsContainerd() async throws {
        let scratch = try makeTemporaryDirectory("spegel-liar-image")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let payload = try randomBytes(6_000_000)
        let image = try await offThread { try TestImage(in: scratch.appendingPathComponent("image"), files: ["payload.bin": payload]) }
        let lie = scratch.appendingPathComponent("liar")
        try FileManager.default.copyItem(at: image.layoutDirectory, to: lie)
        let layerFile = lie.appendingPathComponent("blobs/sha256/\(image.layerDigest.dropFirst("sha256:".count))")
        var corrupted = image.layer
        for offset in stride(from: 1000, to: corrupted.count, by: 100_000) { corrupted[offset] ^= 0xFF }
        try corrupted.write(to: layerFile)

        let cluster = try await PeerCluster(label: "spegel-liar", stores: [.layout(lie), .containerd, .containerd])
        defer { cluster.stop() }
        try await cluster.push(image, repository: "team/liar")
        let pinned = "\(cluster.upstream.address)/team/liar@\(image.manifestDigest)"
        let (liar, c) = (cluster.nodes[0], cluster.nodes[2])
        await cluster.awaitAdvertised([image.manifestDigest, image.configDigest, image.layerDigest], by: liar, at: [c])

        let took = try await cluster.pull(c, pinned)
        print("PeerMirroringEndToEndTests: pull with a lying peer took \(took)")
        #expect(took < .seconds(10), "pull with a lying peer took \(took)")
        // No download is left behind holding the liar's bytes.
        let active = try await c.containerd!.ctr(["content", "active"])
        #expect(!active.contains(image.layerDigest.dropFirst("sha256:".count).prefix(12)), "\(active)")
        // containerd holds the right bytes, never the liar's.
        #expect(c.containerd!.blob(image.layerDigest) == image.layer, "C's layer is byte-identical to the upstream's")
        let content = try await c.containerd!.ctr(["content", "ls", "-q"])
        for line in content.split(separator: "\n") {
            let digest = String(line)
            guard digest.hasPrefix("sha256:"), let bytes = c.containerd!.blob(digest) else { continue }
            let actual = try await runTool("/usr/bin/sha256sum", [c.containerd!.contentDirectory.appendingPathComponent("blobs/sha256/\(digest.dropFirst(7))").path])
            #expect(actual.hasPrefix(String(digest.dropFirst(7))), "blob \(digest) (\(bytes.count) bytes) does not match its digest")
        }
        // The liar served, was caught, and is skipped.
        #expect(try await liar.daemon.metric("spegel_peer_requests_served_total") >= 1)
        #expect(try await c.daemon.metric("spegel_peer_fetches_total{result=\"failure\"}") >= 1)
        let page = try await c.daemon.debugPage()
        #expect(page.contains("<tr><td>\(liar.registryAddress)</td>"), "\(page)")
        #expect(page.contains("id=\"penalized\"") && page.contains("<li>\(liar.registryAddress)</li>"), "\(page)")
    }
}

/// Stops the upstream registry without blocking the cooperative pool.
func offThreadStop(_ registry: TestRegistry) async {
    _ = try? await offThread { registry.stop() }
}
