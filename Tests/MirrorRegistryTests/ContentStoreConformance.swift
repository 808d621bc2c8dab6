import Foundation
import MirrorRegistry
import NIOCore
import Testing

/// A store under test, populated with `first`, plus a way to add `second` (nil for read-only stores).
struct ContentStoreHarness {
    var store: any ContentStore
    var addSecond: (() async throws -> Void)?
}

/// The `ContentStore` contract, runnable against any implementation.
///
/// `make` receives two test images and must return a store holding exactly the first one (tagged with
/// its reference); `addSecond`, when given, must add the second one. The Containerd module calls this
/// with a store over a real containerd.
enum ContentStoreConformance {
    static let first = try! TestImage(reference: TagReference(registry: "docker.io", repository: "library/first", tag: "1.0"), seed: 1, layerSize: 300_000)
    static let second = try! TestImage(reference: TagReference(registry: "ghcr.io", repository: "team/second", tag: "v2"), seed: 2)

    static func run(_ make: (TestImage, TestImage) async throws -> ContentStoreHarness) async throws {
        let harness = try await make(first, second)
        let store = harness.store
        let image = first

        // resolve
        #expect(try await store.resolve(image.reference) == image.manifestDescriptor.digest)
        #expect(try await store.resolve(TagReference(registry: "docker.io", repository: "library/first", tag: "missing")) == nil)
        #expect(try await store.resolve(TagReference(registry: "quay.io", repository: "library/first", tag: "1.0")) == nil)

        // descriptor
        let manifest = try #require(try await store.descriptor(of: image.manifestDescriptor.digest))
        #expect(manifest.mediaType == MediaType.ociManifest)
        #expect(manifest.size == image.manifestDescriptor.size)
        #expect(manifest.digest == image.manifestDescriptor.digest)
        let layer = try #require(try await store.descriptor(of: image.layerDescriptor.digest))
        #expect(layer.size == Int64(image.layer.count))
        let unknown = Digest.sha256(of: Data("not stored".utf8))
        #expect(try await store.descriptor(of: unknown) == nil)
        #expect(try await store.open(unknown) == nil)

        // open: whole and ranged reads hash to the digest
        for (descriptor, bytes) in image.blobs {
            let body = try #require(try await store.open(descriptor.digest))
            #expect(body.size == Int64(bytes.count))
            #expect(try await read(body) == bytes)
        }
        let body = try #require(try await store.open(image.layerDescriptor.digest))
        #expect(try await read(body, range: 1000..<70_000, chunkSize: 4096) == image.layer.subdata(in: 1000..<70_000))
        #expect(try await read(body, range: 299_990..<300_000) == image.layer.suffix(10))

        // listing
        let digests = try await store.listDigests()
        #expect(digests == digests.sorted())
        #expect(Set(image.digests).isSubset(of: Set(digests)))
        #expect(!digests.contains(second.layerDescriptor.digest))
        let images = try await store.listImages()
        #expect(images.contains(StoredImage(reference: image.reference, digest: image.manifestDescriptor.digest)))
        for listed in images {
            #expect(try await store.resolve(listed.reference) == listed.digest)
            #expect(try await store.descriptor(of: listed.digest) != nil)
        }

        // events
        guard let addSecond = harness.addSecond else { return }
        let events = store.events()
        try await addSecond()
        let expected = Set(second.digests.map { ContentEvent.added(.digest($0)) } + [.added(.tag(second.reference))])
        let received = await collect(events, count: expected.count, timeout: .seconds(5))
        #expect(Set(received) == expected)
        #expect(try await store.resolve(second.reference) == second.manifestDescriptor.digest)
    }

    static func read(_ body: ContentBody, range: Range<Int64>? = nil, chunkSize: Int = 64 * 1024) async throws -> Data {
        var data = Data()
        for try await chunk in body.chunks(in: range, chunkSize: chunkSize) {
            #expect(chunk.readableBytes <= chunkSize)
            data.append(contentsOf: chunk.readableBytesView)
        }
        return data
    }
}

@Suite struct ContentStoreConformanceTests {
    @Test func inMemoryStore() async throws {
        try await ContentStoreConformance.run { first, second in
            let store = InMemoryContentStore()
            first.add(to: store)
            return ContentStoreHarness(store: store, addSecond: { second.add(to: store) })
        }
    }

    @Test func ociLayoutStore() async throws {
        let root = try TestImage.temporaryDirectory("layout-store")
        defer { try? FileManager.default.removeItem(at: root) }
        try await ContentStoreConformance.run { first, second in
            var writer = try OCILayoutWriter(root: root)
            try first.add(to: &writer)
            try writer.finish()
            let store = try OCILayoutContentStore(root: root)
            return ContentStoreHarness(store: store, addSecond: {
                var more = writer
                try second.add(to: &more)
                try more.finish()
                try store.reload()
            })
        }
    }

    @Test func inMemoryRemovalPublishesWithdrawals() async throws {
        let store = InMemoryContentStore()
        let image = ContentStoreConformance.second
        image.add(to: store)
        let events = store.events()
        store.remove(image.manifestDescriptor.digest)
        let received = await collect(events, count: 2, timeout: .seconds(5))
        #expect(received == [.removed(.tag(image.reference)), .removed(.digest(image.manifestDescriptor.digest))])
        #expect(try await store.listImages().isEmpty)
    }

    @Test func layoutBareTagsUseTheDefaultRepository() async throws {
        let root = try TestImage.temporaryDirectory("layout-bare")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = ContentStoreConformance.second
        var writer = try OCILayoutWriter(root: root)
        for (descriptor, bytes) in image.blobs { try writer.addBlob(bytes, mediaType: descriptor.mediaType) }
        writer.tag(image.manifestDescriptor, refName: "v9")
        writer.tag(image.manifestDescriptor, refName: "nginx:1.25")
        try writer.finish()
        let plain = try OCILayoutContentStore(root: root)
        #expect(try await plain.listImages().map(\.reference.description) == ["docker.io/library/nginx:1.25"])
        let named = try OCILayoutContentStore(root: root, defaultRepository: "example.com/app")
        #expect(try await named.resolve(TagReference(registry: "example.com", repository: "app", tag: "v9")) == image.manifestDescriptor.digest)
    }
}
