import Foundation
import MirrorRegistry
import NIOCore
import NIOPosix
@testable import PeerRouting
import Testing

/// A store that describes content correctly but serves wrong bytes for `lieAbout` (a lying peer).
struct LyingStore: ContentStore {
    let inner: InMemoryContentStore
    let lieAbout: Digest

    func resolve(_ reference: TagReference) async throws -> Digest? { try await inner.resolve(reference) }
    func descriptor(of digest: Digest) async throws -> Descriptor? { try await inner.descriptor(of: digest) }
    func open(_ digest: Digest) async throws -> ContentBody? {
        guard let body = try await inner.open(digest) else { return nil }
        guard digest == lieAbout else { return body }
        return ContentBody(buffer: ByteBuffer(repeating: 0x42, count: Int(body.size)))
    }
    func listDigests() async throws -> [Digest] { try await inner.listDigests() }
    func listImages() async throws -> [StoredImage] { try await inner.listImages() }
    func events() -> AsyncStream<ContentEvent> { inner.events() }
}

@Suite(.serialized) struct MirroringEndToEndTests {
    static let reference = TagReference(registry: "docker.io", repository: "library/e2e", tag: "1")

    static func paths(_ image: TestImage) -> (manifest: String, layer: String) {
        ("/v2/\(image.reference.repository)/manifests/\(image.reference.tag)?ns=\(image.reference.registry)",
         "/v2/\(image.reference.repository)/blobs/\(image.layerDescriptor.digest)?ns=\(image.reference.registry)")
    }

    @Test func nodesServeEachOthersImagesVerifyAndSkipBadPeers() async throws {
        // A holds image 1 (and 3); B and C start empty.
        let image = try TestImage(reference: Self.reference, seed: 1, layerSize: 300_000)
        let storeA = InMemoryContentStore()
        image.add(to: storeA)
        let a = try await ClusterNode.start(store: storeA, name: "a")
        let b = try await ClusterNode.start(store: InMemoryContentStore(), name: "b")
        let c = try await ClusterNode.start(store: InMemoryContentStore(), name: "c")
        var nodes = [a, b, c]
        await connect(nodes.map(\.router))

        // B misses locally and serves A's manifest (by tag) and layer; B's hit counter rises, A served peers.
        let (manifestPath, layerPath) = Self.paths(image)
        #expect(try await eventually { (try? await b.get(manifestPath).status) == 200 })
        let manifest = try await b.get(manifestPath)
        #expect(manifest.body == image.manifest)
        #expect(manifest.digest == image.manifestDescriptor.digest.description)
        // The layer is advertised separately from the manifest: wait for it the same way (under a loaded
        // full test run the first lookup could come before A's advertisement reached B).
        var layer: (status: Int, digest: String?, body: Data)?
        #expect(try await eventually {
            layer = try? await b.get(layerPath)
            return layer?.status == 200
        })
        #expect(layer?.body == image.layer)
        #expect(b.metric(#"spegel_mirror_requests_total{registry="docker.io",cache_type="hit"}"#) >= 2)
        #expect(a.metric("spegel_peer_requests_served_total") >= 2)
        // A peer request is never forwarded again: C with X-Spegel-Mirrored gets a 404.
        #expect(try await c.get(layerPath, headers: [("X-Spegel-Mirrored", "true")]).status == 404)
        // Ranged reads through a peer (C too may look the layer up before A's advertisement reached it).
        #expect(try await eventually {
            (try? await c.get(layerPath, headers: [("Range", "bytes=1000-1999")]).status) == 206
        })
        let ranged = try await c.get(layerPath, headers: [("Range", "bytes=1000-1999")])
        #expect(ranged.status == 206)
        #expect(ranged.body == image.layer[1000..<2000])

        // A lying node L serves wrong bytes for image 2's layer: the mirror checks the (small) layer before
        // sending a byte, so B answers a clean 404 (the client goes upstream) and skips L.
        let image2 = try TestImage(reference: TagReference(registry: "docker.io", repository: "library/liar", tag: "1"), seed: 2, layerSize: 200_000)
        let honest = InMemoryContentStore()
        image2.add(to: honest)
        let liar = try await ClusterNode.start(store: LyingStore(inner: honest, lieAbout: image2.layerDescriptor.digest), name: "liar")
        nodes.append(liar)
        await connect(nodes.map(\.router))
        let liarLayer = Self.paths(image2).layer
        #expect(try await eventually { await b.router.lookupAll(.digest(image2.layerDescriptor.digest)) == [liar.address] })
        #expect(try await b.get(liarLayer).status == 404)
        #expect(b.mirror.penalties.penalized == [liar.address])
        // Nothing wrong was kept: B still does not hold it.
        #expect(try await b.mirror.store.descriptor(of: image2.layerDescriptor.digest) == nil)

        // A dead node D that still has records is skipped; the content comes from A within a bound.
        let image3 = try TestImage(reference: TagReference(registry: "docker.io", repository: "library/dead", tag: "1"), seed: 3, layerSize: 100_000)
        image3.add(to: storeA)
        try await a.router.advertise([.digest(image3.layerDescriptor.digest)])
        let storeD = InMemoryContentStore()
        image3.add(to: storeD)
        let d = try await ClusterNode.start(store: storeD, name: "d")
        nodes.append(d)
        await connect(nodes.map(\.router))
        let layer3 = Self.paths(image3).layer
        #expect(try await eventually { Set(await c.router.lookupAll(.digest(image3.layerDescriptor.digest))) == [a.address, d.address] })
        await d.stop()
        for _ in 0..<3 {
            let started = ContinuousClock.now
            let fetched = try await c.get(layer3)
            #expect(fetched.status == 200)
            #expect(fetched.body == image3.layer)
            #expect(ContinuousClock.now - started < .seconds(3))
        }

        for node in nodes where node.registryPort != d.registryPort { await node.stop() }
    }

    @Test func hangingPeersAreSkippedAfterTheHeadTimeout() async throws {
        let image = try TestImage(reference: TagReference(registry: "docker.io", repository: "library/hang", tag: "1"), seed: 4)
        let storeA = InMemoryContentStore()
        image.add(to: storeA)
        let a = try await ClusterNode.start(store: storeA, name: "a", headTimeout: .milliseconds(200))
        let b = try await ClusterNode.start(store: InMemoryContentStore(), name: "b", headTimeout: .milliseconds(200))
        // H: a router whose "registry" accepts connections and never answers.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { _ in MultiThreadedEventLoopGroup.singleton.next().makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        let hangPort = silent.localAddress!.port!
        let h = try await startRouters(1, registryPorts: [hangPort])[0]
        let routers = [a.router, b.router, h]
        await connect(routers)
        try await h.advertise([.digest(image.layerDescriptor.digest)])
        #expect(try await eventually { Set(await b.router.lookupAll(.digest(image.layerDescriptor.digest))) == [a.address, h.provider] })
        for _ in 0..<3 {
            let started = ContinuousClock.now
            let fetched = try await b.get(Self.paths(image).layer)
            #expect(fetched.status == 200)
            #expect(fetched.body == image.layer)
            #expect(ContinuousClock.now - started < .seconds(2))
        }
        await a.stop()
        await b.stop()
        await h.stop()
        try await silent.close()
    }

    @Test func fetcherResumesABrokenBodyFromAnotherPeer() async throws {
        let image = try TestImage(reference: TagReference(registry: "docker.io", repository: "library/resume", tag: "1"), seed: 5, layerSize: 1_000_000)
        let storeB = InMemoryContentStore()
        image.add(to: storeB)
        let b = try await ClusterNode.start(store: storeB, name: "b")
        let c = try await ClusterNode.start(store: InMemoryContentStore(), name: "c")
        // X: a peer that announces the whole layer, sends half of it, and hangs up.
        let breaking = try await BreakingPeer.start(bytes: image.layer, digest: image.layerDescriptor.digest)
        let x = try await startRouters(1, registryPorts: [breaking.port])[0]
        await connect([b.router, c.router, x])
        try await x.advertise([.digest(image.layerDescriptor.digest)])
        let key = ContentKey.digest(image.layerDescriptor.digest)
        #expect(try await eventually { Set(await c.router.lookupAll(key)) == [b.address, x.provider] })
        let request = MirrorRequest(kind: .blob, name: image.reference.repository, reference: .digest(image.layerDescriptor.digest), registry: "docker.io")

        // Directly: the fetcher starts at X and finishes from B with a Range request.
        let content = try #require(try await HTTPPeerFetcher(router: c.router).fetch(request, from: x.provider))
        #expect(content.descriptor.size == Int64(image.layer.count))
        var received = Data()
        for try await chunk in content.body.chunks() { received.append(contentsOf: chunk.readableBytesView) }
        #expect(received == image.layer)
        #expect(breaking.requests() >= 1)

        // Without a router to find another peer, the break is an error.
        let alone = try #require(try await HTTPPeerFetcher().fetch(request, from: x.provider))
        await #expect(throws: (any Error).self) { for try await _ in alone.body.chunks() {} }

        // Through the mirror: C serves the whole verified layer whichever peer it tries first.
        let fetched = try await c.get(Self.paths(image).layer)
        #expect(fetched.body == image.layer)
        await b.stop()
        await c.stop()
        await x.stop()
        await breaking.stop()
    }
}

extension P2PRouter {
    /// Every provider a lookup finds within 1 s.
    func lookupAll(_ key: ContentKey) async -> [PeerAddress] {
        var found: [PeerAddress] = []
        for await peer in lookup(key, timeout: .seconds(1)) { found.append(peer) }
        return found
    }
}
