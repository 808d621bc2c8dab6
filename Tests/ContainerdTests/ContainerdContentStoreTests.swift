import Foundation
import IntegrationSupport
import MirrorRegistry
import NIOCore
import OCI
import Testing
@testable import Containerd

/// The containerd-backed ContentStore against a real containerd 1.6 fed from a real docker-registry.
@Suite(.serialized) struct ContainerdContentStoreTests {
    @Test(arguments: [true, false])
    func servesWhatContainerdHolds(readingFilesDirectly: Bool) async throws {
        let dir = try makeTemporaryDirectory("ctrd-store")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir)
        defer { registry.stop() }
        let containerd = try TestContainerd(directory: dir.appendingPathComponent("node"))
        defer { containerd.stop() }
        let image = try TestImage(in: dir.appendingPathComponent("image"),
                                  files: ["data.bin": Data((0..<200_000).map { UInt8($0 % 251) })])
        try image.push(to: registry.address, repository: "team/app")
        let second = try TestImage(in: dir.appendingPathComponent("image2"), tag: "v2",
                                   files: ["other.txt": Data("second image\n".utf8)])
        try second.push(to: registry.address, repository: "team/app")

        let client = try ContainerdClient(socketPath: containerd.socketPath)
        let store = ContainerdContentStore(
            client: client,
            contentPath: readingFilesDirectly ? containerd.contentDirectory.path : dir.appendingPathComponent("absent").path)
        #expect((store.contentDirectory != nil) == readingFilesDirectly)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { client.shutdown() }
            try await containerd.ctr(["content", "fetch", "--plain-http", "\(registry.address)/team/app:v1"])
            try await store.reload()

            let tag = try #require(TagReference(parsing: "\(registry.address)/team/app:v1"))
            let manifestDigest = try Digest(parsing: image.manifestDigest)
            #expect(try await store.resolve(tag) == manifestDigest)
            let listed = try await store.listImages()
            #expect(listed == [StoredImage(reference: tag, digest: manifestDigest)], "\(listed)")

            let manifest = try #require(try await store.descriptor(of: manifestDigest))
            #expect(manifest.mediaType == MediaType.ociManifest)
            #expect(manifest.size == Int64(image.manifest.count))
            let layerDigest = try Digest(parsing: image.layerDigest)
            let layer = try #require(try await store.descriptor(of: layerDigest))
            #expect(layer.mediaType == MediaType.ociLayerGzip)
            let config = try #require(try await store.descriptor(of: try Digest(parsing: image.configDigest)))
            #expect(config.mediaType == MediaType.ociConfig)
            #expect(Set(try await store.listDigests()) == Set([manifestDigest, layerDigest, config.digest]))

            let body = try #require(try await store.open(layerDigest))
            #expect(try await bytes(of: body) == image.layer)
            #expect(try await bytes(of: body, range: 1000..<1100) == image.layer.subdata(in: 1000..<1100))
            #expect(try await store.open(Digest(parsing: "sha256:" + String(repeating: "a", count: 64))) == nil)

            // Pulling a second image publishes its keys through events() (an event or the resync).
            let events = store.events()
            group.addTask { try await store.watch(resyncInterval: .seconds(3)) }
            try await Task.sleep(for: .seconds(1))
            try await containerd.ctr(["content", "fetch", "--plain-http", "\(registry.address)/team/app:v2"])
            let secondTag = try #require(TagReference(parsing: "\(registry.address)/team/app:v2"))
            let wanted: Set<ContentEvent> = [.added(.tag(secondTag)), .added(.digest(try Digest(parsing: second.layerDigest)))]
            // Bounded: the iteration is cancelled after 30 s even if no further event arrives.
            let seen = await withTaskGroup(of: Set<ContentEvent>.self) { waiters in
                waiters.addTask {
                    var seen: Set<ContentEvent> = []
                    for await event in events {
                        seen.insert(event)
                        if wanted.isSubset(of: seen) { break }
                    }
                    return seen
                }
                waiters.addTask {
                    try? await Task.sleep(for: .seconds(30))
                    return []
                }
                var union: Set<ContentEvent> = []
                for await partial in waiters {
                    union.formUnion(partial)
                    if wanted.isSubset(of: union) || partial.isEmpty { break }
                }
                waiters.cancelAll()
                return union
            }
            #expect(wanted.isSubset(of: seen))
            #expect(try await store.resolve(secondTag) == Digest(parsing: second.manifestDigest))
            group.cancelAll()
        }
    }

    private func bytes(of body: ContentBody, range: Range<Int64>? = nil) async throws -> Data {
        var data = Data()
        for try await chunk in body.chunks(in: range) { data.append(contentsOf: chunk.readableBytesView) }
        return data
    }
}
