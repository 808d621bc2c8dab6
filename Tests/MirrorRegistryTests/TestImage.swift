import Foundation
import MirrorRegistry

/// A tiny image built in tests: config + one layer + manifest, tagged `reference`.
struct TestImage {
    var reference: TagReference
    var config: Data
    var layer: Data
    var manifest: Data
    var configDescriptor: Descriptor
    var layerDescriptor: Descriptor
    var manifestDescriptor: Descriptor

    /// Builds an image whose layer is `layerSize` deterministic bytes seeded by `seed`.
    init(reference: TagReference, seed: UInt8, layerSize: Int = 4096) throws {
        self.reference = reference
        config = Data("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"seed\":\(seed)}".utf8)
        var bytes = [UInt8](repeating: 0, count: layerSize)
        var state = UInt32(seed) &+ 0x9e37_79b9
        for index in bytes.indices {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[index] = UInt8(truncatingIfNeeded: state >> 24)
        }
        layer = Data(bytes)
        configDescriptor = Descriptor(mediaType: MediaType.ociConfig, digest: Digest.sha256(of: config), size: Int64(config.count))
        layerDescriptor = Descriptor(mediaType: MediaType.ociLayerGzip, digest: Digest.sha256(of: layer), size: Int64(layer.count))
        manifest = try OCIJSON.encode(ImageManifest(config: configDescriptor, layers: [layerDescriptor]))
        manifestDescriptor = Descriptor(mediaType: MediaType.ociManifest, digest: Digest.sha256(of: manifest), size: Int64(manifest.count))
    }

    /// Every blob with its descriptor.
    var blobs: [(Descriptor, Data)] {
        [(configDescriptor, config), (layerDescriptor, layer), (manifestDescriptor, manifest)]
    }

    var digests: [Digest] { blobs.map(\.0.digest) }

    /// Adds the image to an in-memory store.
    func add(to store: InMemoryContentStore) {
        for (descriptor, bytes) in blobs { store.add(bytes, mediaType: descriptor.mediaType) }
        store.tag(reference, to: manifestDescriptor.digest)
    }

    /// Adds the image to a layout being written (tagged with the full reference).
    func add(to writer: inout OCILayoutWriter) throws {
        for (descriptor, bytes) in blobs { try writer.addBlob(bytes, mediaType: descriptor.mediaType) }
        writer.tag(manifestDescriptor, refName: reference.description)
    }

    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Collects a stream's elements until `count` arrived or `timeout` passed.
func collect<Element: Sendable>(_ stream: AsyncStream<Element>, count: Int, timeout: Duration) async -> [Element] {
    await withTaskGroup(of: [Element].self) { group in
        group.addTask {
            var items: [Element] = []
            for await item in stream {
                items.append(item)
                if items.count >= count { break }
            }
            return items
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return []
        }
        var result: [Element] = []
        for await items in group {
            result = items
            if !items.isEmpty || result.isEmpty { break }
        }
        group.cancelAll()
        return result
    }
}
