import Foundation
import MirrorRegistry
import NIOCore
@testable import PeerRouting
import Testing

/// A peer that stops sending in the middle of a body is given up on after the stall timeout (and the
/// download resumes elsewhere), while a reader that is merely slow to consume is never cut off.
@Suite(.serialized) struct StallTimeoutTests {
    static let image = try! TestImage(reference: TagReference(registry: "docker.io", repository: "library/stall", tag: "1"), seed: 6, layerSize: 1_000_000)

    static var layerPath: String {
        "/v2/\(image.reference.repository)/blobs/\(image.layerDescriptor.digest)?ns=docker.io"
    }

    @Test func aStalledBodyFailsAsATimeoutWithinTheBound() async throws {
        let stalling = try await BreakingPeer.start(bytes: Self.image.layer, digest: Self.image.layerDescriptor.digest, stalls: true)
        let started = ContinuousClock.now
        let exchange = try await HTTPExchange.send(method: .GET, host: "127.0.0.1", port: stalling.port, path: Self.layerPath,
                                                   headTimeout: .seconds(5), stallTimeout: .milliseconds(400))
        #expect(exchange.status == 200)
        let error = await #expect(throws: HTTPExchangeError.self) { _ = try await exchange.collect(upTo: 4 << 20) }
        guard case .timeout? = error else { Issue.record("expected a timeout, got \(String(describing: error))"); return }
        // Well under the 20 s the peer stays silent (a loaded machine may take seconds to get this far).
        #expect(ContinuousClock.now - started < .seconds(12))
        await stalling.stop()
    }

    @Test func theWaitForTheHeadIsTheHeadTimeoutsNotTheStallTimeouts() async throws {
        // The head comes after three stall timeouts but well within the head timeout.
        let slow = try await BreakingPeer.start(bytes: Self.image.layer, digest: Self.image.layerDescriptor.digest, headDelay: .milliseconds(900))
        let exchange = try await HTTPExchange.send(method: .GET, host: "127.0.0.1", port: slow.port, path: Self.layerPath,
                                                   headTimeout: .seconds(10), stallTimeout: .milliseconds(300))
        #expect(exchange.status == 200)
        exchange.close()
        await slow.stop()
    }

    @Test func aSlowReaderIsNotTakenForAStalledPeer() async throws {
        // Larger than the socket buffers and the channel's inbound buffer, so the pause applies back-pressure.
        let large = try TestImage(reference: TagReference(registry: "docker.io", repository: "library/slow", tag: "1"), seed: 7, layerSize: 24 << 20)
        let store = InMemoryContentStore()
        large.add(to: store)
        let node = try await ClusterNode.start(store: store, name: "slow-reader")
        let path = "/v2/\(large.reference.repository)/blobs/\(large.layerDescriptor.digest)?ns=docker.io"
        let exchange = try await HTTPExchange.send(method: .GET, host: "127.0.0.1", port: node.registryPort, path: path,
                                                   headTimeout: .seconds(5), stallTimeout: .milliseconds(300))
        var received = Data()
        // Read a little, then stop asking for bytes for three stall timeouts, then read the rest.
        if let first = try await exchange.nextChunk() { received.append(contentsOf: first.readableBytesView) }
        try await Task.sleep(for: .milliseconds(900))
        while let chunk = try await exchange.nextChunk() { received.append(contentsOf: chunk.readableBytesView) }
        #expect(received == large.layer)
        await node.stop()
    }

    @Test func theFetcherResumesAStalledBodyFromAnotherPeer() async throws {
        let store = InMemoryContentStore()
        Self.image.add(to: store)
        let holder = try await ClusterNode.start(store: store, name: "holder")
        let stalling = try await BreakingPeer.start(bytes: Self.image.layer, digest: Self.image.layerDescriptor.digest, stalls: true)
        let x = try await startRouters(1, registryPorts: [stalling.port])[0]
        let asker = try await startRouters(1)[0]
        await connect([holder.router, x, asker])
        try await x.advertise([.digest(Self.image.layerDescriptor.digest)])
        let key = ContentKey.digest(Self.image.layerDescriptor.digest)
        #expect(try await eventually { Set(await asker.lookupAll(key)) == [holder.address, x.provider] })
        let request = MirrorRequest(kind: .blob, name: Self.image.reference.repository,
                                    reference: .digest(Self.image.layerDescriptor.digest), registry: "docker.io")

        let started = ContinuousClock.now
        let fetcher = HTTPPeerFetcher(headTimeout: .seconds(2), router: asker, hedgeDelay: nil, stallTimeout: .milliseconds(400))
        let content = try #require(try await fetcher.fetch(request, from: x.provider))
        var received = Data()
        for try await chunk in content.body.chunks() { received.append(contentsOf: chunk.readableBytesView) }
        #expect(received == Self.image.layer)
        // Well under the 20 s the peer stays silent (a loaded machine may take seconds to get this far).
        #expect(ContinuousClock.now - started < .seconds(12))
        await holder.stop()
        await x.stop()
        await asker.stop()
        await stalling.stop()
    }
}
