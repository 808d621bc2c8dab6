import Foundation
import IntegrationSupport
import MirrorRegistry
import Testing
@testable import Containerd

/// The client against a real containerd 1.6 started by the test, fed from a real docker-registry.
@Suite(.serialized) struct ContainerdClientTests {
    @Test func readsImagesContentAndEventsFromRealContainerd() async throws {
        let dir = try makeTemporaryDirectory("ctrd-client")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir)
        defer { registry.stop() }
        let containerd = try TestContainerd(directory: dir.appendingPathComponent("node"))
        defer { containerd.stop() }

        let image = try TestImage(in: dir.appendingPathComponent("image"),
                                  files: ["hello.txt": Data("hello from a layer\n".utf8)])
        try image.push(to: registry.address, repository: "team/hello")

        let client = try ContainerdClient(socketPath: containerd.socketPath)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { client.shutdown() }

            // Subscribe first, then pull, so the pull's events arrive.
            let events = EventRecorder()
            group.addTask {
                try? await client.subscribe { await events.record($0) }
            }
            try await Task.sleep(for: .milliseconds(300))

            let reference = "\(registry.address)/team/hello:v1"
            try await containerd.ctr(["content", "fetch", "--plain-http", reference])

            let images = try await client.images()
            let record = try #require(images.first { $0.name == reference })
            #expect(record.target.digest == image.manifestDigest)
            #expect(record.target.mediaType == "application/vnd.oci.image.manifest.v1+json")
            #expect(try await client.image(named: reference)?.target.digest == image.manifestDigest)
            #expect(try await client.image(named: "example.com/absent:v1") == nil)

            let info = try #require(try await client.contentInfo(image.layerDigest))
            #expect(info.size == Int64(image.layer.count))
            #expect(try await client.contentInfo("sha256:" + String(repeating: "0", count: 64)) == nil)

            let all = try await client.contents().map(\.digest)
            #expect(Set([image.manifestDigest, image.configDigest, image.layerDigest]).isSubset(of: Set(all)))

            let collected = ByteCollector()
            try await client.readContent(image.layerDigest) { await collected.append($0) }
            #expect(await collected.data == image.layer)

            let tail = ByteCollector()
            try await client.readContent(image.configDigest, offset: 10, size: 5) { await tail.append($0) }
            #expect(await tail.data == image.config.subdata(in: 10..<15))

            await #expect(throws: ContainerdError.notFound("sha256:" + String(repeating: "1", count: 64))) {
                try await client.readContent("sha256:" + String(repeating: "1", count: 64)) { _ in }
            }

            // Creating image records publishes /images/create events. The subscription may still be
            // starting on a loaded machine, so create a new record each second until one is seen (bounded).
            var sawImage = false
            for attempt in 0..<15 where !sawImage {
                let copy = "\(registry.address)/team/hello:copy\(attempt)"
                try await containerd.ctr(["images", "tag", reference, copy])
                sawImage = await events.waitFor(timeout: .seconds(1)) {
                    if case .imageCreated(let name) = $0 { return name == reference || name.hasPrefix("\(registry.address)/team/hello:copy") }
                    return false
                }
            }
            #expect(sawImage)

            let info2 = try await client.runtimeStatusInfo(verbose: true)
            let config = try #require(info2["config"])
            #expect(config.contains(containerd.certsDirectory.path))
            let settings = try await client.criSettings()
            #expect(settings == ContainerdSettings(registryConfigPath: containerd.certsDirectory.path, discardUnpackedLayers: false,
                                                   source: "containerd's CRI status"))
            group.cancelAll()
        }
    }
}

actor ByteCollector {
    var data = Data()
    func append(_ chunk: Data) { data.append(chunk) }
}

actor EventRecorder {
    var events: [ContainerdEvent] = []
    func record(_ event: ContainerdEvent) { events.append(event) }
    /// Waits (bounded) until an event matching `predicate` was recorded.
    func waitFor(timeout: Duration, _ predicate: (ContainerdEvent) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if events.contains(where: predicate) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return events.contains(where: predicate)
    }
}
