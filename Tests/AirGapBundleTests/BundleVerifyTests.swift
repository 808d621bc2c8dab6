import Foundation
import IntegrationSupport
import OCI
import Testing
@testable import AirGapBundle

@Suite struct BundleVerifyTests {
    @Test func anExportVerifiesInEveryCompression() async throws {
        let fixture = try BundleFixture(name: "verify-ok")
        defer { fixture.remove() }
        for compression in BundleCompression.allCases {
            let (url, _) = try await fixture.export("ok-\(compression).bundle", compression: compression)
            let scan = try BundleScan.scan(url)
            #expect(scan.compression == compression)
            #expect(BundleVerifier.problems(in: scan) == [], "\(compression)")
        }
    }

    @Test func aFlippedByteInABlobFailsNamingTheBlob() async throws {
        let fixture = try BundleFixture(name: "verify-blob")
        defer { fixture.remove() }
        let (url, _) = try await fixture.export("site.bundle")
        let layer = fixture.multiPlatformLayers["linux/arm64"]!
        let layerBytes = try Data(contentsOf: fixture.sourceLayout.appendingPathComponent("blobs/sha256/\(layer.hex)"))
        let copy = fixture.directory.appendingPathComponent("flipped.bundle")
        try FileManager.default.copyItem(at: url, to: copy)
        try flipByte(in: copy, of: layerBytes.prefix(512), offset: 100)
        let problems = BundleVerifier.problems(in: try BundleScan.scan(copy))
        let entry = BundlePaths.blob(layer)
        #expect(problems.contains { $0.entry == entry && $0.message.contains("SHA256SUMS says") }, "\(problems)")
        #expect(problems.contains { $0.entry == entry && $0.message.contains("expected \(layer) (its name)") }, "\(problems)")
        #expect(problems.allSatisfy { $0.entry == entry }, "\(problems)")
        // The original is untouched and still verifies.
        #expect(BundleVerifier.problems(in: try BundleScan.scan(url)).isEmpty)
    }

    @Test func aFlippedByteInTheManifestsFailsNamingTheFile() async throws {
        let fixture = try BundleFixture(name: "verify-release")
        defer { fixture.remove() }
        let (url, _) = try await fixture.export("site.bundle")
        try flipByte(in: url, of: Data("kind: DaemonSet".utf8), offset: 6)
        let problems = BundleVerifier.problems(in: try BundleScan.scan(url))
        #expect(problems.map(\.entry) == [BundlePaths.release], "\(problems)")
    }

    @Test func aFlippedByteInACompressedBundleFails() async throws {
        let fixture = try BundleFixture(name: "verify-zstd")
        defer { fixture.remove() }
        for compression in [BundleCompression.gzip, .zstd] {
            let (url, _) = try await fixture.export("site-\(compression).bundle", compression: compression)
            var data = try Data(contentsOf: url)
            data[data.count / 2] ^= 0x01
            try data.write(to: url)
            let problems = BundleVerifier.problems(in: try BundleScan.scan(url))
            #expect(!problems.isEmpty, "\(compression): a damaged file verified")
        }
    }

    @Test func truncatedAndUnlistedFilesAreReported() async throws {
        let fixture = try BundleFixture(name: "verify-truncated")
        defer { fixture.remove() }
        let (url, _) = try await fixture.export("site.bundle")
        let data = try Data(contentsOf: url)
        let truncated = fixture.directory.appendingPathComponent("truncated.bundle")
        try data.prefix(data.count / 2).write(to: truncated)
        let problems = BundleVerifier.problems(in: try BundleScan.scan(truncated))
        #expect(problems.contains { $0.message.contains("truncated") }, "\(problems)")

        // A file added to an extracted bundle and re-tarred is not listed in SHA256SUMS.
        let extracted = fixture.directory.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
        try await runTool("/bin/tar", ["-xf", url.path, "-C", extracted.path])
        try Data("extra".utf8).write(to: extracted.appendingPathComponent("values/extra.yaml"))
        let retarred = fixture.directory.appendingPathComponent("retarred.bundle")
        try await runTool("/bin/tar", ["--sort=name", "-cf", retarred.path, "-C", extracted.path, "."])
        let extra = BundleVerifier.problems(in: try BundleScan.scan(retarred))
        #expect(extra == [BundleProblem(entry: "values/extra.yaml", message: "is not listed in SHA256SUMS")], "\(extra)")
    }

    @Test func inspectListsImagesFilesAndTotals() async throws {
        let fixture = try BundleFixture(name: "inspect")
        defer { fixture.remove() }
        let (url, metadata) = try await fixture.export("site.bundle", compression: .zstd)
        let inspection = try BundleInspection(scan: try BundleScan.scan(url))
        #expect(inspection.compression == .zstd)
        #expect(inspection.images.map(\.source) == metadata.images.map(\.source))
        let busybox = try #require(inspection.images.first { $0.source == multiPlatformReference })
        // index + 2 platform manifests + attestation manifest, each with a config and a layer.
        #expect(busybox.blobCount == 1 + 3 * 3)
        #expect(busybox.platforms == ["linux/amd64", "linux/arm64"])
        #expect(inspection.totalSize == inspection.files.reduce(0) { $0 + $1.size })
        #expect(inspection.files.contains { $0.path == "manifests/release.yaml" })
        let text = inspection.text
        #expect(text.contains("\(multiPlatformReference) → harbor.corp.example/mirror/library/busybox:1.36"))
        #expect(text.contains("linux/amd64 linux/arm64"))
        #expect(text.contains("total: "))
        let json = try JSONSerialization.jsonObject(with: Data(try inspection.json().utf8)) as? [String: Any]
        #expect((json?["images"] as? [Any])?.count == metadata.images.count)
        #expect(json?["imageMirror"] as? String == "harbor.corp.example/mirror")
    }
}
