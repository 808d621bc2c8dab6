import Foundation
import Testing
@testable import OCI

@Suite struct OCILayoutTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("oci-layout-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesAndReadsALayoutWithTags() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var writer = try OCILayoutWriter(root: root)
        let config = try writer.addBlob(Data("{\"architecture\":\"amd64\",\"os\":\"linux\"}".utf8), mediaType: MediaType.ociConfig)
        let layer = try writer.addBlob(Data("layer bytes".utf8), mediaType: MediaType.ociLayerGzip)
        let manifest = try writer.addManifest(ImageManifest(config: config, layers: [layer]))
        let index = try writer.addIndex(ImageIndex(manifests: [{
            var d = manifest
            d.platform = Platform(architecture: "amd64", os: "linux")
            return d
        }()]))
        writer.tag(index, refName: "docker.io/library/demo:1.0")
        writer.tag(manifest, refName: "2.0")
        try writer.finish()

        let layout = try OCILayout(root: root)
        #expect(layout.index.manifests.count == 2)
        #expect(layout.descriptor(refName: "docker.io/library/demo:1.0")?.digest == index.digest)
        #expect(layout.descriptor(refName: "2.0")?.digest == manifest.digest)
        #expect(layout.descriptor(refName: "3.0") == nil)
        #expect(layout.blobSize(layer.digest) == 11)
        #expect(try layout.readBlob(layer.digest) == Data("layer bytes".utf8))
        let reachable = try layout.reachableDescriptors()
        #expect(Set(reachable.keys) == [config.digest, layer.digest, manifest.digest, index.digest])
        #expect(reachable[manifest.digest]?.mediaType == MediaType.ociManifest)
        #expect(reachable[layer.digest]?.mediaType == MediaType.ociLayerGzip)
        #expect(layout.blobDigests().count == 4)

        let decoded = try OCIJSON.decode(ImageIndex.self, from: layout.readBlob(index.digest), source: "index")
        #expect(decoded.manifests.first?.platform?.description == "linux/amd64")
    }

    @Test func rejectsMissingOrWrongMarker() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: OCIError.missingFile(root.appendingPathComponent("oci-layout").path)) { try OCILayout(root: root) }
        try Data("{\"imageLayoutVersion\":\"2.0.0\"}".utf8).write(to: root.appendingPathComponent("oci-layout"))
        #expect(throws: OCIError.unsupportedLayoutVersion(path: root.appendingPathComponent("oci-layout").path, found: "2.0.0")) {
            try OCILayout(root: root)
        }
    }

    @Test func invalidJSONNamesTheKeyPath() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("{\"imageLayoutVersion\":\"1.0.0\"}".utf8).write(to: root.appendingPathComponent("oci-layout"))
        try Data("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:12\",\"size\":1}]}".utf8)
            .write(to: root.appendingPathComponent("index.json"))
        do {
            _ = try OCILayout(root: root)
            Issue.record("expected an error")
        } catch let error as OCIError {
            #expect(error.description.contains("index.json"))
            #expect(error.description.contains(".manifests[0].digest"))
        }
    }

    @Test func manifestJSONIsDeterministic() throws {
        let config = Descriptor(mediaType: MediaType.ociConfig, digest: Digest.sha256(of: Data()), size: 0)
        let manifest = ImageManifest(config: config, layers: [])
        let first = try OCIJSON.encode(manifest)
        let second = try OCIJSON.encode(manifest)
        #expect(first == second)
        #expect(String(decoding: first, as: UTF8.self).hasPrefix("{\"config\":{\"digest\":\"sha256:"))
        #expect(try OCIJSON.decode(ImageManifest.self, from: first, source: "m") == manifest)
    }
}
