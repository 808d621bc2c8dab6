import Foundation
import MirrorRegistry
import NIOCore
import Testing

/// Blobs from peers above the verify limit are staged in a file and checked before a byte is sent: a lying
/// peer yields a clean 404 (containerd goes upstream with nothing half-written in its ingest), an honest one
/// the exact bytes, and no staged file outlives its response.
@Suite struct PeerBlobStagingTests {
    static let image = RegistryHTTPTests.image

    /// Serves `bytes` for any digest request.
    struct FixedFetcher: PeerFetcher {
        let bytes: Data
        func fetch(_ request: MirrorRequest, from peer: PeerAddress) async throws -> PeerContent? {
            guard case .digest(let digest) = request.reference else { return nil }
            return PeerContent(descriptor: Descriptor(mediaType: MediaType.octetStream, digest: digest, size: Int64(bytes.count)),
                               body: ContentBody(buffer: ByteBuffer(bytes: bytes)))
        }
    }

    func daemon(fetcher: FixedFetcher, staging: URL) async throws -> RunningDaemon {
        let network = InMemoryPeerNetwork()
        let peer = InMemoryPeerRouter(network: network, address: PeerAddress(host: "10.0.0.9", port: 5000))
        try await peer.advertise([.digest(Self.image.layerDescriptor.digest)])
        var options = MirrorOptions(nodeName: "n")
        options.blobVerifyLimit = 0
        options.peerBlobStagingDirectory = staging.path
        let router = InMemoryPeerRouter(network: network, address: PeerAddress(host: "10.0.0.2", port: 5000))
        return try await RunningDaemon.start(MirrorService(store: InMemoryContentStore(), router: router, fetcher: fetcher, options: options))
    }

    func stagedFiles(_ staging: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []
    }

    @Test func aLyingPeerGetsACleanNotFoundAndLeavesNothing() async throws {
        let staging = try TestImage.temporaryDirectory("staging-liar")
        defer { try? FileManager.default.removeItem(at: staging) }
        var wrong = Self.image.layer
        wrong[wrong.count / 2] ^= 0xFF
        let daemon = try await daemon(fetcher: FixedFetcher(bytes: wrong), staging: staging)
        defer { Task { await daemon.stop() } }
        let response = try await daemon.send("GET", RegistryHTTPTests.layerPath)
        #expect(response.status == 404)
        #expect(response.text.contains("BLOB_UNKNOWN") || response.text.contains("UNKNOWN"), "\(response.text)")
        #expect(daemon.mirror.penalties.penalized == [PeerAddress(host: "10.0.0.9", port: 5000)])
        #expect(try await daemon.metric("spegel_peer_fetches_total{result=\"failure\"}") == 1)
        #expect(stagedFiles(staging).isEmpty)
    }

    @Test func anHonestPeersBlobIsServedWholeAndItsCopyRemoved() async throws {
        let staging = try TestImage.temporaryDirectory("staging-honest")
        defer { try? FileManager.default.removeItem(at: staging) }
        let daemon = try await daemon(fetcher: FixedFetcher(bytes: Self.image.layer), staging: staging)
        defer { Task { await daemon.stop() } }
        let whole = try await daemon.send("GET", RegistryHTTPTests.layerPath)
        #expect(whole.status == 200)
        #expect(whole.body == Self.image.layer)
        #expect(whole.header("Docker-Content-Digest") == Self.image.layerDescriptor.digest.description)
        let partial = try await daemon.send("GET", RegistryHTTPTests.layerPath, headers: ["Range": "bytes=10-19"])
        #expect(partial.status == 206)
        #expect(partial.body == Self.image.layer.subdata(in: 10..<20))
        // HEAD is answered from the peer's headers: nothing is staged for it.
        #expect(try await daemon.send("HEAD", RegistryHTTPTests.layerPath).status == 200)
        // The copy goes once the response is written (bounded wait: the clean-up runs after the last byte).
        let deadline = ContinuousClock.now + .seconds(10)
        while !stagedFiles(staging).isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(stagedFiles(staging).isEmpty)
        #expect(try await daemon.metric("spegel_peer_fetches_total{result=\"hit\"}") == 3)
    }

    @Test func anUnwritableStagingDirectoryFallsBackToStreaming() async throws {
        // A directory below a regular file cannot be made: the blob still arrives, streamed.
        let daemon = try await daemon(fetcher: FixedFetcher(bytes: Self.image.layer), staging: URL(fileURLWithPath: "/dev/null/staging"))
        defer { Task { await daemon.stop() } }
        let whole = try await daemon.send("GET", RegistryHTTPTests.layerPath)
        #expect(whole.status == 200)
        #expect(whole.body == Self.image.layer)
    }
}
