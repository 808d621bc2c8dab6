import Foundation
import IntegrationSupport
import OCI
import Testing
@testable import AirGapBundle

@Suite struct OCILayoutImageSourceTests {
    @Test func resolvesByFullReferenceTagAndDigest() async throws {
        let directory = try makeTemporaryDirectory("source-resolve")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A layout written by TestImage names its image by bare tag.
        let image = try TestImage(in: directory, tag: "1.36", files: ["hello": Data("hi".utf8)])
        let source = try OCILayoutImageSource(directory: image.layoutDirectory)
        let byTag = try await source.resolve(try ImageReference(parsing: "busybox:1.36"))
        #expect(byTag.digest.description == image.manifestDigest)
        #expect(byTag.mediaType == MediaType.ociManifest)
        let byDigest = try await source.resolve(try ImageReference(parsing: "anything/else@\(image.manifestDigest)"))
        #expect(byDigest.digest.description == image.manifestDigest && byDigest.size == Int64(image.manifest.count))
        let manifest = try await source.manifest(byTag, of: try ImageReference(parsing: "busybox:1.36"))
        #expect(manifest == image.manifest)

        let copy = directory.appendingPathComponent("layer.copy")
        let layer = Descriptor(mediaType: MediaType.ociLayerGzip, digest: try Digest(parsing: image.layerDigest), size: Int64(image.layer.count))
        try await source.copyBlob(layer, of: try ImageReference(parsing: "busybox:1.36"), to: copy) { _ in }
        #expect(try Data(contentsOf: copy) == image.layer)

        await #expect {
            _ = try await source.resolve(try ImageReference(parsing: "busybox:1.37"))
        } throws: { error in
            "\(error)".contains("docker.io/library/busybox:1.37: not found in the OCI layout")
                && "\(error)".contains("\"1.37\"")
        }
    }

    @Test func fullReferenceWinsAndAnAmbiguousTagIsAnError() async throws {
        let directory = try makeTemporaryDirectory("source-ambiguous")
        defer { try? FileManager.default.removeItem(at: directory) }
        var writer = try OCILayoutWriter(root: directory)
        let config = try writer.addBlob(Data(#"{"architecture":"amd64","os":"linux"}"#.utf8), mediaType: MediaType.ociConfig)
        let a = try writer.addManifest(ImageManifest(config: config, layers: [], annotations: ["n": "a"]))
        let b = try writer.addManifest(ImageManifest(config: config, layers: [], annotations: ["n": "b"]))
        writer.tag(a, refName: "v1")
        writer.tag(b, refName: "v1")
        writer.tag(b, refName: "ghcr.io/x/y:v1")
        try writer.finish()
        let source = try OCILayoutImageSource(directory: directory)
        #expect(try await source.resolve(try ImageReference(parsing: "ghcr.io/x/y:v1")).digest == b.digest)
        await #expect {
            _ = try await source.resolve(try ImageReference(parsing: "ghcr.io/x/z:v1"))
        } throws: { "\($0)".contains("names several images") }
    }
}
