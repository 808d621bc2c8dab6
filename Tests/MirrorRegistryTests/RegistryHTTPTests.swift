import Foundation
import MirrorRegistry
import NIOCore
import Testing

@Suite struct RegistryHTTPTests {
    static let image = ContentStoreConformance.first

    static func makeMirror(options: MirrorOptions = MirrorOptions(nodeName: "node-a", debugWebEnabled: true),
                           router: (any PeerRouter)? = nil, fetcher: (any PeerFetcher)? = nil) -> (MirrorService, InMemoryContentStore) {
        let store = InMemoryContentStore()
        image.add(to: store)
        let router = router ?? InMemoryPeerRouter(network: InMemoryPeerNetwork(), address: PeerAddress(host: "127.0.0.1", port: 1))
        return (MirrorService(store: store, router: router, fetcher: fetcher, options: options), store)
    }

    static var manifestPath: String { "/v2/library/first/manifests/1.0?ns=docker.io" }
    static var layerPath: String { "/v2/library/first/blobs/\(image.layerDescriptor.digest)" }

    @Test func baseAndProbes() async throws {
        let router = InMemoryPeerRouter(network: InMemoryPeerNetwork(), address: PeerAddress(host: "127.0.0.1", port: 1))
        let daemon = try await RunningDaemon.start(Self.makeMirror(router: router).0)
        defer { Task { await daemon.stop() } }
        let base = try await daemon.send("GET", "/v2/")
        #expect(base.status == 200)
        #expect(base.text == "{}")
        #expect(base.header("Docker-Distribution-API-Version") == "registry/2.0")
        let head = try await daemon.send("HEAD", "/v2/")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(try await daemon.send("GET", "/livez").status == 200)
        #expect(try await daemon.send("GET", "/readyz").status == 200)
        router.setReady(false)
        #expect(try await daemon.send("GET", "/readyz").status == 503)
    }

    @Test func manifestsByTagAndDigest() async throws {
        let daemon = try await RunningDaemon.start(Self.makeMirror().0)
        defer { Task { await daemon.stop() } }
        let image = Self.image
        let byTag = try await daemon.send("GET", Self.manifestPath)
        #expect(byTag.status == 200)
        #expect(byTag.body == image.manifest)
        #expect(byTag.header("Content-Type") == MediaType.ociManifest)
        #expect(byTag.header("Docker-Content-Digest") == image.manifestDescriptor.digest.description)
        #expect(byTag.header("Content-Length") == String(image.manifest.count))

        let head = try await daemon.send("HEAD", Self.manifestPath)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(image.manifest.count))
        #expect(head.header("Docker-Content-Digest") == image.manifestDescriptor.digest.description)
        #expect(head.header("Content-Type") == MediaType.ociManifest)

        // Digests need no ns (skopeo sends none).
        let byDigest = try await daemon.send("GET", "/v2/library/first/manifests/\(image.manifestDescriptor.digest)")
        #expect(byDigest.status == 200)
        #expect(byDigest.body == image.manifest)

        // A tag without ns is ambiguous: 404.
        let noNamespace = try await daemon.send("GET", "/v2/library/first/manifests/1.0")
        #expect(noNamespace.status == 404)
        #expect(noNamespace.text.contains("\"code\":\"MANIFEST_UNKNOWN\""))
        #expect(noNamespace.text.contains("ns query parameter"))

        let unknownTag = try await daemon.send("GET", "/v2/library/first/manifests/2.0?ns=docker.io")
        #expect(unknownTag.status == 404)
        #expect(unknownTag.header("Content-Type") == "application/json")
        #expect(unknownTag.text.hasPrefix("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":"))
    }

    @Test func blobsWholeHeadAndRanges() async throws {
        let daemon = try await RunningDaemon.start(Self.makeMirror().0)
        defer { Task { await daemon.stop() } }
        let layer = Self.image.layer
        let whole = try await daemon.send("GET", Self.layerPath + "?ns=docker.io")
        #expect(whole.status == 200)
        #expect(whole.body == layer)
        #expect(whole.header("Content-Type") == MediaType.octetStream)
        #expect(whole.header("Content-Length") == String(layer.count))
        #expect(whole.header("Docker-Content-Digest") == Self.image.layerDescriptor.digest.description)

        let head = try await daemon.send("HEAD", Self.layerPath)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(layer.count))

        let partial = try await daemon.send("GET", Self.layerPath, headers: ["Range": "bytes=10-19"])
        #expect(partial.status == 206)
        #expect(partial.body == layer.subdata(in: 10..<20))
        #expect(partial.header("Content-Range") == "bytes 10-19/\(layer.count)")
        #expect(partial.header("Content-Length") == "10")

        let open = try await daemon.send("GET", Self.layerPath, headers: ["Range": "bytes=299000-"])
        #expect(open.status == 206)
        #expect(open.body == layer.suffix(1000))

        let suffix = try await daemon.send("GET", Self.layerPath, headers: ["Range": "bytes=-5"])
        #expect(suffix.status == 206)
        #expect(suffix.body == layer.suffix(5))

        let beyond = try await daemon.send("GET", Self.layerPath, headers: ["Range": "bytes=400000-"])
        #expect(beyond.status == 416)
        #expect(beyond.header("Content-Range") == "bytes */\(layer.count)")
        #expect(beyond.text.contains("\"code\":\"RANGE_INVALID\""))

        let multi = try await daemon.send("GET", Self.layerPath, headers: ["Range": "bytes=0-1,5-6"])
        #expect(multi.status == 200)
        #expect(multi.body == layer)
    }

    @Test func rejectsBadNamesDigestsAndMethods() async throws {
        let daemon = try await RunningDaemon.start(Self.makeMirror().0)
        defer { Task { await daemon.stop() } }
        let digest = Self.image.layerDescriptor.digest
        for path in ["/v2/Library/first/blobs/\(digest)", "/v2/a/%2e%2e/b/blobs/\(digest)", "/v2/a//b/blobs/\(digest)", "/v2/-a/blobs/\(digest)"] {
            let result = try await daemon.send("GET", path)
            #expect(result.status == 400, "\(path)")
            #expect(result.text.contains("\"code\":\"NAME_INVALID\""), "\(path)")
        }
        for reference in ["sha256:abc", "md5:" + String(repeating: "a", count: 32), "sha256:" + String(repeating: "A", count: 64), "latest"] {
            let result = try await daemon.send("GET", "/v2/library/first/blobs/\(reference)")
            #expect(result.status == 400, "\(reference)")
            #expect(result.text.contains("\"code\":\"DIGEST_INVALID\""), "\(reference)")
        }
        let badTag = try await daemon.send("GET", "/v2/library/first/manifests/.hidden?ns=docker.io")
        #expect(badTag.status == 400)
        #expect(badTag.text.contains("TAG_INVALID"))
        let badNamespace = try await daemon.send("GET", "/v2/library/first/manifests/1.0?ns=a/b")
        #expect(badNamespace.status == 400)
        let post = try await daemon.send("POST", "/v2/library/first/blobs/uploads/")
        #expect(post.status == 405)
        #expect(post.text.contains("\"code\":\"UNSUPPORTED\""))
        let unknown = try await daemon.send("GET", "/v2/library/first/tags/list")
        #expect(unknown.status == 404)
        #expect(unknown.text.contains("\"errors\""))
        let outside = try await daemon.send("GET", "/etc/passwd")
        #expect(outside.status == 404)
        let missingBlob = try await daemon.send("GET", "/v2/library/first/blobs/\(Digest.sha256(of: Data("nope".utf8)))")
        #expect(missingBlob.status == 404)
        #expect(missingBlob.text.contains("\"code\":\"BLOB_UNKNOWN\""))
    }

    @Test func filtersAndTagResolution() async throws {
        let filters = try RegistryFilters(patterns: [#"^docker\.io/library/first:"#])
        let filtered = try await RunningDaemon.start(Self.makeMirror(options: MirrorOptions(filters: filters, nodeName: "n")).0)
        defer { Task { await filtered.stop() } }
        let blocked = try await filtered.send("GET", Self.manifestPath)
        #expect(blocked.status == 404)
        #expect(blocked.text.contains("--registry-filters"))
        #expect(try await filtered.send("GET", Self.layerPath + "?ns=docker.io").status == 200)

        let digestsOnly = try await RunningDaemon.start(Self.makeMirror(options: MirrorOptions(resolveTags: false, nodeName: "n")).0)
        defer { Task { await digestsOnly.stop() } }
        let tag = try await digestsOnly.send("HEAD", Self.manifestPath)
        #expect(tag.status == 404)
        #expect(try await digestsOnly.send("GET", "/v2/library/first/manifests/\(Self.image.manifestDescriptor.digest)?ns=docker.io").status == 200)
        #expect(try await digestsOnly.metric(#"spegel_mirror_requests_total{registry="docker.io",cache_type="miss"}"#) == 1)

        let ghcrOnly = MirrorOptions(nodeName: "n", mirroredRegistries: try MirrorOptions.registryHosts(["https://ghcr.io"]))
        let (mirror, store) = Self.makeMirror(options: ghcrOnly)
        let advertiser = Advertiser(store: store, router: mirror.router, metrics: mirror.metrics, mirroredRegistries: ghcrOnly.mirroredRegistries)
        try await advertiser.advertiseAll()
        #expect(try await mirror.router.lookup(.tag(Self.image.reference), timeout: .milliseconds(10)).first { _ in true } == nil)
        let onlyGHCR = try await RunningDaemon.start(mirror, advertise: false)
        defer { Task { await onlyGHCR.stop() } }
        let other = try await onlyGHCR.send("GET", Self.manifestPath)
        #expect(other.status == 404)
        #expect(other.text.contains("--mirrored-registries"))
        #expect(try await onlyGHCR.send("GET", Self.layerPath).status == 200)
        #expect(try await onlyGHCR.metric("spegel_advertised_images") == 0)
        #expect(try await onlyGHCR.metric("spegel_advertised_digests") == 3)
    }

    @Test func metricsMove() async throws {
        let daemon = try await RunningDaemon.start(Self.makeMirror().0)
        defer { Task { await daemon.stop() } }
        _ = try await daemon.send("GET", Self.manifestPath)
        _ = try await daemon.send("HEAD", Self.manifestPath)
        _ = try await daemon.send("GET", "/v2/library/first/manifests/9.9?ns=docker.io")
        _ = try await daemon.send("GET", Self.layerPath + "?ns=docker.io", headers: ["X-Spegel-Mirrored": "true"])
        #expect(try await daemon.metric(#"spegel_mirror_requests_total{registry="docker.io",cache_type="hit"}"#) == 2)
        #expect(try await daemon.metric(#"spegel_mirror_requests_total{registry="docker.io",cache_type="miss"}"#) == 1)
        #expect(try await daemon.metric("spegel_peer_requests_served_total") == 1)
        #expect(try await daemon.metric(#"http_request_duration_seconds_count{handler="manifest",method="GET",code="200"}"#) == 1)
        #expect(try await daemon.metric(#"http_request_duration_seconds_count{handler="manifest",method="GET",code="404"}"#) == 1)
        #expect(try await daemon.metric(#"http_request_duration_seconds_count{handler="blob",method="GET",code="200"}"#) == 1)
        #expect(try await daemon.metric("spegel_advertised_images") == 1)
        #expect(try await daemon.metric("spegel_advertised_digests") == 3)
        #expect(try await daemon.metric("http_requests_inflight") == 0)
        let page = try await TestClient.send("GET", daemon.metricsBase + "/metrics").text
        #expect(page.contains("# TYPE spegel_resolve_duration_seconds histogram"))
        // No containerd check runs for this in-memory store: no gauge rather than a misleading 0.
        #expect(!page.contains("spegel_containerd_config_ok"))
    }

    @Test func debugPage() async throws {
        let daemon = try await RunningDaemon.start(Self.makeMirror().0)
        defer { Task { await daemon.stop() } }
        _ = try await daemon.send("GET", Self.manifestPath)
        _ = try await daemon.send("GET", "/v2/library/first/manifests/9.9?ns=docker.io")
        let page = try await TestClient.send("GET", daemon.metricsBase + "/debug/web/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(page.text.contains("spegel on node-a"))
        #expect(page.text.contains("docker.io/library/first:1.0"))
        #expect(page.text.contains("50.0% (1 hits, 1 misses)"))
        #expect(page.text.contains("docker.io/library/first:9.9"))
        #expect(page.text.contains(Self.image.layerDescriptor.digest.description))

        let disabled = try await RunningDaemon.start(Self.makeMirror(options: MirrorOptions(nodeName: "n", debugWebEnabled: false)).0)
        defer { Task { await disabled.stop() } }
        #expect(try await TestClient.send("GET", disabled.metricsBase + "/debug/web/").status == 404)
    }

    @Test func mirrorsFromPeersButNeverForwardsPeerRequests() async throws {
        let network = InMemoryPeerNetwork()
        let addressA = PeerAddress(host: "10.0.0.1", port: 5000)
        let addressB = PeerAddress(host: "10.0.0.2", port: 5000)
        let routerA = InMemoryPeerRouter(network: network, address: addressA)
        let routerB = InMemoryPeerRouter(network: network, address: addressB)
        let (mirrorA, storeA) = Self.makeMirror(router: routerA)
        try await Advertiser(store: storeA, router: routerA, metrics: mirrorA.metrics).advertiseAll()
        let storeB = InMemoryContentStore()
        let mirrorB = MirrorService(store: storeB, router: routerB, fetcher: StorePeerFetcher(stores: [addressA: storeA]),
                                    options: MirrorOptions(nodeName: "node-b", debugWebEnabled: true))
        let daemon = try await RunningDaemon.start(mirrorB)
        defer { Task { await daemon.stop() } }

        let viaPeer = try await daemon.send("GET", Self.manifestPath)
        #expect(viaPeer.status == 200)
        #expect(viaPeer.body == Self.image.manifest)
        let blob = try await daemon.send("GET", Self.layerPath)
        #expect(blob.body == Self.image.layer)
        #expect(try await daemon.metric(#"spegel_mirror_requests_total{registry="docker.io",cache_type="hit"}"#) == 1)
        #expect(try await daemon.metric(#"spegel_mirror_requests_total{registry="none",cache_type="hit"}"#) == 1)
        #expect(try await daemon.metric("spegel_resolve_duration_seconds_count{router=\"p2p\"}") == 2)

        let fromPeer = try await daemon.send("GET", Self.layerPath, headers: ["X-Spegel-Mirrored": "true"])
        #expect(fromPeer.status == 404)
        #expect(try await daemon.metric("spegel_resolve_duration_seconds_count{router=\"p2p\"}") == 2)

        // Without a fetcher, a peer hit cannot be proxied: fast 404.
        let lookupOnly = try await RunningDaemon.start(MirrorService(store: InMemoryContentStore(), router: routerB, options: MirrorOptions(nodeName: "c")))
        defer { Task { await lookupOnly.stop() } }
        let started = ContinuousClock.now
        #expect(try await lookupOnly.send("GET", Self.layerPath).status == 404)
        // No peer fetch is attempted, so no resolve timeout is waited for (bound generous for a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func abortsWhenPeerContentDoesNotMatchItsDigest() async throws {
        struct LyingFetcher: PeerFetcher {
            func fetch(_ request: MirrorRequest, from peer: PeerAddress) async throws -> PeerContent? {
                guard case .digest(let digest) = request.reference else { return nil }
                let bytes = ByteBuffer(string: "definitely not the layer")
                return PeerContent(descriptor: Descriptor(mediaType: MediaType.octetStream, digest: digest, size: Int64(bytes.readableBytes)),
                                   body: ContentBody(buffer: bytes))
            }
        }
        let network = InMemoryPeerNetwork()
        let liar = InMemoryPeerRouter(network: network, address: PeerAddress(host: "10.0.0.9", port: 5000))
        try await liar.advertise([.digest(Self.image.layerDescriptor.digest)])
        let router = InMemoryPeerRouter(network: network, address: PeerAddress(host: "10.0.0.2", port: 5000))
        // Above the verify limit a blob streams, checked on the way: the response is cut.
        var streaming = MirrorOptions(nodeName: "n", debugWebEnabled: true)
        streaming.blobVerifyLimit = 0
        let daemon = try await RunningDaemon.start(MirrorService(store: InMemoryContentStore(), router: router, fetcher: LyingFetcher(),
                                                                 options: streaming))
        defer { Task { await daemon.stop() } }
        await #expect(throws: (any Error).self) {
            _ = try await daemon.send("GET", Self.layerPath)
        }
        // The liar is now skipped: the next request is a clean 404 (containerd goes upstream).
        #expect(daemon.mirror.penalties.penalized == [PeerAddress(host: "10.0.0.9", port: 5000)])
        #expect(try await daemon.send("GET", Self.layerPath).status == 404)
        // Its lie counts as a failure in the metrics and on the debug page, which lists it as skipped.
        #expect(daemon.mirror.peerTally.entries.first { $0.peer.host == "10.0.0.9" }?.failures == 1)
        #expect(try await daemon.metric("spegel_peer_fetches_total{result=\"failure\"}") == 1)
        let page = try await TestClient.send("GET", daemon.metricsBase + "/debug/web/").text
        #expect(page.contains("<ul id=\"penalized\"><li>10.0.0.9:5000</li></ul>"), "\(page)")

        // Within the verify limit (the default for blobs up to 16 MiB) the lie is caught before a byte is
        // sent: a clean 404, so the client keeps nothing of it and goes upstream.
        let checking = try await RunningDaemon.start(MirrorService(store: InMemoryContentStore(), router: router, fetcher: LyingFetcher(),
                                                                   options: MirrorOptions(nodeName: "n")))
        defer { Task { await checking.stop() } }
        #expect(try await checking.send("GET", Self.layerPath).status == 404)
        #expect(checking.mirror.penalties.penalized == [PeerAddress(host: "10.0.0.9", port: 5000)])
        #expect(try await checking.metric("spegel_peer_fetches_total{result=\"failure\"}") == 1)
    }

    /// containerd keeps no media type for a manifest no image record reaches (one committed by a pull that
    /// failed later): the mirror reads it from the manifest itself instead of sending octet-stream.
    @Test func servesAManifestStoredWithoutItsMediaTypeAsAManifest() async throws {
        let store = InMemoryContentStore()
        let image = Self.image
        _ = store.add(image.manifest, mediaType: MediaType.octetStream)
        let index = Data(#"{"schemaVersion":2,"manifests":[]}"#.utf8)
        _ = store.add(index, mediaType: MediaType.octetStream)
        _ = store.add(image.config, mediaType: MediaType.octetStream)
        let daemon = try await RunningDaemon.start(MirrorService(store: store, router: InMemoryPeerRouter(network: InMemoryPeerNetwork(),
                                                                 address: PeerAddress(host: "10.0.0.2", port: 5000)), options: MirrorOptions(nodeName: "n")))
        defer { Task { await daemon.stop() } }
        let manifest = try await daemon.send("GET", "/v2/library/first/manifests/\(image.manifestDescriptor.digest)?ns=docker.io")
        #expect(manifest.status == 200)
        #expect(manifest.header("Content-Type") == MediaType.ociManifest)
        #expect(manifest.body == image.manifest)
        let head = try await daemon.send("HEAD", "/v2/library/first/manifests/\(Digest.sha256(of: index))?ns=docker.io")
        #expect(head.header("Content-Type") == MediaType.ociIndex)
        // A blob that is not a manifest keeps octet-stream.
        let config = try await daemon.send("GET", "/v2/library/first/manifests/\(image.configDescriptor.digest)?ns=docker.io")
        #expect(config.header("Content-Type") == MediaType.octetStream)
    }

    @Test func checksAManifestFromAPeerBeforeSendingIt() async throws {
        /// Serves the right manifest from one peer and a tampered one (same claimed digest) from another.
        struct MixedFetcher: PeerFetcher {
            let manifest: Data
            let descriptor: Descriptor
            func fetch(_ request: MirrorRequest, from peer: PeerAddress) async throws -> PeerContent? {
                var bytes = manifest
                if peer.host == "10.0.0.9" { bytes[bytes.startIndex] ^= 0x20 }
                return PeerContent(descriptor: descriptor, body: ContentBody(buffer: ByteBuffer(bytes: bytes)))
            }
        }
        let network = InMemoryPeerNetwork()
        let liar = InMemoryPeerRouter(network: network, address: PeerAddress(host: "10.0.0.9", port: 5000))
        let image = Self.image
        let key = ContentKey.digest(image.manifestDescriptor.digest)
        try await liar.advertise([key])
        let router = InMemoryPeerRouter(network: network, address: PeerAddress(host: "10.0.0.2", port: 5000))
        let fetcher = MixedFetcher(manifest: image.manifest, descriptor: image.manifestDescriptor)
        let daemon = try await RunningDaemon.start(MirrorService(store: InMemoryContentStore(), router: router, fetcher: fetcher,
                                                                 options: MirrorOptions(nodeName: "n")))
        defer { Task { await daemon.stop() } }
        let path = "/v2/library/first/manifests/\(image.manifestDescriptor.digest)?ns=docker.io"
        // Only the liar has it: a clean 404, never a cut or wrong manifest, and the liar is penalized.
        #expect(try await daemon.send("GET", path).status == 404)
        #expect(daemon.mirror.penalties.penalized == [PeerAddress(host: "10.0.0.9", port: 5000)])
        // An honest peer appears: its manifest is served whole with the right digest.
        let honest = InMemoryPeerRouter(network: network, address: PeerAddress(host: "10.0.0.3", port: 5000))
        try await honest.advertise([key])
        let served = try await daemon.send("GET", path)
        #expect(served.status == 200)
        #expect(served.body == image.manifest)
        #expect(try await daemon.metric(#"spegel_peer_fetches_total{result="failure"}"#) == 1)
        #expect(try await daemon.metric(#"spegel_peer_fetches_total{result="hit"}"#) == 1)
    }
}
