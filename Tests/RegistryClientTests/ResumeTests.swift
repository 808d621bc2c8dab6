import Foundation
import IntegrationSupport
import NIOConcurrencyHelpers
import RegistryClient
import Testing

/// An interrupted image push, run again, sends only what the registry still lacks.
@Suite(.serialized) struct ResumeTests {
    @Test func aSecondPushAfterCancellationSkipsFinishedBlobs() async throws {
        let dir = try makeTemporaryDirectory("rc-resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        let proxy = try await RecordingProxy.start(upstream: registry.address)
        let image = try LayoutImage(in: dir.appendingPathComponent("layout"), layerSizes: [300_000, 900_000, 500_000])
        let reference = try ImageReference(parsing: "\(proxy.address)/team/resume:v1")
        // Blobs go config, layer 0, layer 1, layer 2. Hold the upload of layer 1 until the push is cancelled.
        let held = image.blobs[2].digest
        let cancelled = NIOLockedValueBox(false)
        proxy.setFault { method, _, query in
            guard method == "PUT", query.contains(held.hex) else { return nil }
            return .hold(release: { cancelled.withLockedValue { $0 } }, timeout: .seconds(30))
        }

        try await using(try makeClient(chunkedUploadThreshold: 10 << 20)) { client in
            let events = NIOLockedValueBox<[ImageTransferEvent]>([])
            let first = Task {
                try await client.pushImage(image.root, from: image.layout, to: reference, maximumConcurrentTransfers: 1) { event in
                    events.withLockedValue { $0.append(event) }
                }
            }
            // Wait (bounded) until the held upload reached the proxy, then interrupt the push mid-blob.
            let reached = await waitFor(timeout: .seconds(30)) {
                proxy.arrivals.contains { $0.hasPrefix("PUT ") && $0.contains(held.hex) }
            }
            #expect(reached)
            first.cancel()
            cancelled.withLockedValue { $0 = true }
            let outcome = await first.result
            #expect(throws: CancellationError.self) { try outcome.get() }
            #expect(events.withLockedValue { $0.map(\.descriptor.digest) } == [image.blobs[0].digest, image.blobs[1].digest])
            #expect(try await client.blobExists(Repository(reference), image.blobs[2].digest) == false)

            // Run it again: finished blobs are checked with HEAD and not sent again.
            proxy.setFault(nil)
            proxy.clearRequests()
            events.withLockedValue { $0 = [] }
            let digest = try await client.pushImage(image.root, from: image.layout, to: reference, maximumConcurrentTransfers: 1) { event in
                events.withLockedValue { $0.append(event) }
            }
            #expect(digest == image.root.digest)
            let actions = events.withLockedValue { $0.map(\.action) }
            #expect(actions == [.alreadyPresent, .alreadyPresent, .transferred, .transferred, .transferred], "\(actions)")
            let uploads = proxy.requests.filter { $0.method == "PUT" && $0.path.contains("/blobs/uploads/") }
            #expect(uploads.map { $0.query.contains(image.blobs[2].digest.hex) || $0.query.contains(image.blobs[3].digest.hex) } == [true, true],
                    "\(proxy.requests)")
            let sentBytes = proxy.requests.map(\.bodyBytes).reduce(0, +)
            #expect(sentBytes == Int(image.blobs[2].size + image.blobs[3].size) + (try image.data(of: image.root)).count)

            // The image is whole: skopeo reads it.
            let inspected = try await runTool("/usr/bin/skopeo", ["inspect", "--tls-verify=false", "docker://\(registry.address)/team/resume:v1"])
            #expect(inspected.contains(image.root.digest.description))
        }
        await proxy.stop()
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
func waitFor(timeout: Duration, _ condition: @Sendable () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}
