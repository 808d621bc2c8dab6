import Foundation
import MirrorRegistry
import Testing
@testable import MirrorRegistry

/// Local blobs leave the registry port as file regions (`sendfile`): the bytes, lengths and ranges a client
/// sees are the same as for streamed bodies, and the internal headers never cross the wire in either direction.
@Suite struct FileRegionTests {
    @Test func specificationRoundTripsAndRejectsMalformedValues() {
        let specification = FileRegionSpecification(path: "/var/lib/content/blobs/sha256/ab cd", range: 10..<2_000_000_000_000)
        #expect(FileRegionSpecification(specification.headerValue) == specification)
        for bad in ["", "10-20", "10-20 relative/path", "20-10 /x", "-1-5 /x", "a-b /x", "10 /x", "1-2-3 /x"] {
            #expect(FileRegionSpecification(bad) == nil, "\(bad)")
        }
    }

    @Test func servesAnOCILayoutBlobWholeInRangesAndByHead() async throws {
        let root = try TestImage.temporaryDirectory("file-region")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try TestImage(reference: TagReference(registry: "docker.io", repository: "library/big", tag: "1.0"), seed: 11,
                                  layerSize: 3_000_000, layerMediaType: MediaType.ociLayerGzip)
        let daemon = try await image.serveFromLayout(at: root, nodeName: "file-region")
        defer { Task { await daemon.stop() } }
        let (descriptor, layer) = try #require(image.blobs.max { $0.1.count < $1.1.count })
        let path = "/v2/library/big/blobs/\(descriptor.digest)"

        // Several requests on one keep-alive connection (URLSession reuses it): each body is exact.
        for _ in 0..<3 {
            let whole = try await daemon.send("GET", path)
            #expect(whole.status == 200)
            #expect(whole.body == layer)
            #expect(whole.header("Content-Length") == String(layer.count))
            #expect(whole.header(FileRegionHandler.fileHeader) == nil)
            #expect(whole.header("Docker-Content-Digest") == descriptor.digest.description)
        }
        let partial = try await daemon.send("GET", path, headers: ["Range": "bytes=1000000-1999999"])
        #expect(partial.status == 206)
        #expect(partial.body == layer.subdata(in: 1_000_000..<2_000_000))
        #expect(partial.header("Content-Range") == "bytes 1000000-1999999/\(layer.count)")
        let last = try await daemon.send("GET", path, headers: ["Range": "bytes=-1"])
        #expect(last.body == layer.suffix(1))
        let head = try await daemon.send("HEAD", path)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(layer.count))

        // A client cannot name a file: request headers with the internal names are replaced on arrival.
        let spoofed = try await daemon.send("GET", path, headers: [FileRegionHandler.fileHeader: "0-100 /etc/passwd",
                                                                   FileRegionHandler.capabilityHeader: "0"])
        #expect(spoofed.body == layer)
        let manifest = try await daemon.send("GET", "/v2/library/big/manifests/1.0?ns=docker.io",
                                             headers: [FileRegionHandler.fileHeader: "0-100 /etc/passwd"])
        #expect(manifest.status == 200)
        #expect(manifest.body == image.manifest)
    }
}
