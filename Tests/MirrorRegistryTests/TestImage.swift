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
    /// With `layerMediaType` gzip, the layer is a real gzip stream of the random bytes.
    init(reference: TagReference, seed: UInt8, layerSize: Int = 4096, layerMediaType: String = MediaType.ociLayer) throws {
        self.reference = reference
        config = Data("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"seed\":\(seed)}".utf8)
        var bytes = [UInt8](repeating: 0, count: layerSize)
        var state = UInt32(seed) &+ 0x9e37_79b9
        for index in bytes.indices {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[index] = UInt8(truncatingIfNeeded: state >> 24)
        }
        layer = layerMediaType == MediaType.ociLayerGzip ? gzipStored(Data(bytes)) : Data(bytes)
        configDescriptor = Descriptor(mediaType: MediaType.ociConfig, digest: Digest.sha256(of: config), size: Int64(config.count))
        layerDescriptor = Descriptor(mediaType: layerMediaType, digest: Digest.sha256(of: layer), size: Int64(layer.count))
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

/// A valid gzip stream of `data` using deflate "stored" blocks (no compression), so layers labelled
/// `tar+gzip` really are gzip (skopeo recompresses layers whose bytes are not).
func gzipStored(_ data: Data) -> Data {
    var out = Data([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
    let bytes = [UInt8](data)
    var offset = 0
    repeat {
        let length = min(65_535, bytes.count - offset)
        let last = offset + length == bytes.count
        out.append(last ? 0x01 : 0x00)
        out.append(UInt8(length & 0xff)); out.append(UInt8(length >> 8))
        out.append(UInt8(~length & 0xff)); out.append(UInt8((~length >> 8) & 0xff))
        out.append(contentsOf: bytes[offset..<(offset + length)])
        offset += length
    } while offset < bytes.count
    var crc: UInt32 = 0xffff_ffff
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xedb8_8320 & (0 &- (crc & 1))) }
    }
    crc ^= 0xffff_ffff
    for value in [crc, UInt32(truncatingIfNeeded: bytes.count)] {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((value >> UInt32(shift)) & 0xff)) }
    }
    return out
}
