import Foundation
import IntegrationSupport
import OCI
import SpegelComponent
import Testing
@testable import AirGapBundle

@Suite struct BundleExportTests {
    @Test func twoExportsAreByteIdenticalInEveryCompression() async throws {
        let fixture = try BundleFixture(name: "bundle-identical")
        defer { fixture.remove() }
        // What an interrupted export of the same output left (its process is gone) is cleaned up.
        let stale = fixture.directory.appendingPathComponent(".first-none.bundle.partial-\(try deadProcessID())")
        try Data("half".utf8).write(to: stale)
        for compression in BundleCompression.allCases {
            let first = try await fixture.export("first-\(compression).bundle", compression: compression)
            #expect(!FileManager.default.fileExists(atPath: stale.path))
            let second = try await fixture.export("second-\(compression).bundle", compression: compression)
            let a = try Data(contentsOf: first.url), b = try Data(contentsOf: second.url)
            #expect(a == b, "\(compression): two exports differ")
            #expect(BundleCompression.detect(prefix: Array(a.prefix(4))) == compression)
        }
        // Nothing half-written or staged is left next to the outputs.
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path)
        #expect(names.filter { $0.hasPrefix(".") }.isEmpty, "left behind: \(names)")
    }

    @Test func bundleHoldsPinnedManifestsChartValuesAndMetadata() async throws {
        let fixture = try BundleFixture(name: "bundle-contents")
        defer { fixture.remove() }
        let (url, metadata) = try await fixture.export("site.bundle")
        let scan = try BundleScan.scan(url)
        #expect(scan.readFailure == nil)

        // Sorted entries, directories included.
        let paths = scan.entries.map { $0.isDirectory ? $0.path + "/" : $0.path }
        #expect(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(paths.first == "SHA256SUMS")
        for path in ["oci-layout", "index.json", "bundle.json", "manifests/release.yaml", "chart/spegel-0.1.0.tgz",
                     "values/01-values.yaml", "blobs/", "blobs/sha256/"] {
            #expect(paths.contains(path), "missing \(path)")
        }
        #expect(scan.smallFiles["values/01-values.yaml"] == Array(airGappedValues.text.utf8))

        // bundle.json: source → target, digest of the root, media type, size.
        #expect(metadata.imageMirror == "harbor.corp.example/mirror")
        #expect(metadata.images.map(\.source) == metadata.images.map(\.source).sorted())
        #expect(Set(metadata.images.map(\.source)) == Set(fixture.roots.keys))
        let busybox = try #require(metadata.images.first { $0.source == multiPlatformReference })
        #expect(busybox.target == "harbor.corp.example/mirror/library/busybox:1.36")
        #expect(busybox.digest == fixture.roots[multiPlatformReference]!.description)
        #expect(busybox.sourceDigest == busybox.digest)
        #expect(busybox.mediaType == MediaType.ociIndex)
        #expect(busybox.platforms == ["linux/amd64", "linux/arm64"])
        #expect(busybox.pinned == "harbor.corp.example/mirror/library/busybox:1.36@\(busybox.digest)")
        #expect(try scan.metadata() == metadata)

        // index.json names every image by its source reference.
        let index = try scan.index()
        for image in metadata.images {
            #expect(index.manifests.contains { $0.annotations?[AnnotationKey.refName] == image.source && $0.digest.description == image.digest })
        }

        // The release names every image under the mirror, pinned by digest, and keeps the tag.
        let release = String(decoding: try #require(scan.smallFiles["manifests/release.yaml"]), as: UTF8.self)
        let pinned = try ManifestImages.occurrences(in: release).map(\.written)
        #expect(!pinned.isEmpty)
        #expect(Set(pinned) == Set(metadata.images.map(\.pinned)))
        for image in pinned {
            let reference = try ImageReference(parsing: image)
            #expect(reference.isUnder(mirror: "harbor.corp.example/mirror"))
            #expect(reference.tag != nil && reference.digest != nil, "\(image) is not tag@digest")
        }
        // Only the image scalars differ from the rendered release.
        #expect(release.replacingOccurrences(of: #"@sha256:[0-9a-f]{64}"#, with: "", options: .regularExpression) == fixture.rendered.release)

        // The chart package is a gzip'd tar with spegel/Chart.yaml first, readable by GNU tar.
        let chart = fixture.directory.appendingPathComponent("chart.tgz")
        try Data(try #require(scan.smallFiles["chart/spegel-0.1.0.tgz"])).write(to: chart)
        let listing = try await runTool("/bin/tar", ["-tzf", chart.path])
        #expect(listing.split(separator: "\n").contains("spegel/Chart.yaml"))
        #expect(listing.split(separator: "\n").contains("spegel/templates/daemonset.yaml"))
    }

    @Test func platformNarrowsTheIndexAndPinsTheNarrowedDigest() async throws {
        let fixture = try BundleFixture(name: "bundle-platform")
        defer { fixture.remove() }
        let (url, metadata) = try await fixture.export("amd.bundle", platforms: [try PlatformFilter(parsing: "linux/amd64")])
        let busybox = try #require(metadata.images.first { $0.source == multiPlatformReference })
        #expect(busybox.platforms == ["linux/amd64"])
        #expect(busybox.sourceDigest == fixture.roots[multiPlatformReference]!.description)
        #expect(busybox.digest != busybox.sourceDigest)
        #expect(metadata.platforms == ["linux/amd64"])

        let scan = try BundleScan.scan(url)
        #expect(BundleVerifier.problems(in: scan).isEmpty)
        // The narrowed index keeps the amd64 manifest and the attestation manifest that describes it.
        let narrowed = try OCIJSON.decode(ImageIndex.self, from: Data(try #require(scan.jsonBlobs[try Digest(parsing: busybox.digest).hex])), source: "index")
        #expect(narrowed.manifests.map { $0.platform?.description } == ["linux/amd64", "unknown/unknown"])
        let files = scan.files
        #expect(files[BundlePaths.blob(fixture.multiPlatformLayers["linux/amd64"]!)] != nil)
        #expect(files[BundlePaths.blob(fixture.multiPlatformLayers["linux/arm64"]!)] == nil, "the arm64 layer was bundled")
        let release = String(decoding: try #require(scan.smallFiles[BundlePaths.release]), as: UTF8.self)
        #expect(release.contains("harbor.corp.example/mirror/library/busybox:1.36@\(busybox.digest)"))
        // Single-platform images are kept as they are.
        for image in metadata.images where image.source != multiPlatformReference {
            #expect(image.digest == image.sourceDigest && image.platforms == ["linux/amd64"])
        }

        // arm64 alone: the single-platform amd64 images cannot run there, and the error names one.
        await #expect {
            try await fixture.export("arm.bundle", platforms: [try PlatformFilter(parsing: "linux/arm64")])
        } throws: { "\($0)".contains("no image for --platform linux/arm64; it has linux/amd64") }
    }

    @Test func aPlatformNoImageHasFailsAndLeavesNothing() async throws {
        let fixture = try BundleFixture(name: "bundle-noplatform")
        defer { fixture.remove() }
        let output = fixture.directory.appendingPathComponent("s390x.bundle")
        try Data("previous".utf8).write(to: output)
        await #expect {
            try await fixture.export("s390x.bundle", platforms: [try PlatformFilter(parsing: "linux/s390x")])
        } throws: { error in
            "\(error)".contains("no image for --platform linux/s390x") && "\(error)".contains("linux/amd64")
        }
        #expect(try Data(contentsOf: output) == Data("previous".utf8), "a failed export replaced the output")
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path)
        #expect(names.filter { $0.hasPrefix(".") }.isEmpty, "left behind: \(names)")
        #expect(throws: PlatformFilterError.self) { try PlatformFilter(parsing: "amd64") }
    }

    @Test func aMissingImageNamesTheReferenceAndHowToAddIt() async throws {
        let fixture = try BundleFixture(name: "bundle-missing")
        defer { fixture.remove() }
        let empty = fixture.directory.appendingPathComponent("empty-layout")
        try OCILayoutWriter(root: empty).finish()
        await #expect {
            try await fixture.export("x.bundle", source: try OCILayoutImageSource(directory: empty))
        } throws: { error in
            let text = "\(error)"
            return text.contains("not found in the OCI layout \(empty.path)") && text.contains("skopeo copy docker://")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.appendingPathComponent("x.bundle").path))
    }

    @Test func withoutImageMirrorOrWhenDisabledExportRefuses() async throws {
        let fixture = try BundleFixture(name: "bundle-nomirror")
        defer { fixture.remove() }
        let source = try OCILayoutImageSource(directory: fixture.sourceLayout)
        for (values, expected) in [("cloudProvider: nebius\n", "imageMirror: not set"), ("cloudProvider: aws\n", "nothing to bundle")] {
            let rendered = try SpegelEngine.render(files: [OperatorValuesFile(name: "v.yaml", text: values)])
            let request = BundleExportRequest(rendered: rendered, chartFiles: BundledTemplates.chartFiles, valuesFiles: [], sets: [])
            await #expect {
                try await BundleExporter(source: source).export(request, to: fixture.directory.appendingPathComponent("n.bundle"))
            } throws: { "\($0)".contains(expected) }
        }
    }

    @Test func extractedBundleIsAnOCILayoutSkopeoReadsAndCopies() async throws {
        let fixture = try BundleFixture(name: "bundle-skopeo")
        defer { fixture.remove() }
        for compression in BundleCompression.allCases {
            let (url, metadata) = try await fixture.export("site-\(compression).bundle", compression: compression)
            let extracted = fixture.directory.appendingPathComponent("extracted-\(compression)")
            try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
            let flag = compression == .gzip ? ["-z"] : compression == .zstd ? ["--zstd"] : []
            try await runTool("/bin/tar", flag + ["-xf", url.path, "-C", extracted.path])
            // coreutils agrees with every hash.
            let check = try await runTool("/bin/sh", ["-c", "cd '\(extracted.path)' && sha256sum --strict -c SHA256SUMS"])
            #expect(!check.contains("FAILED"))
            guard compression == .none else { continue }
            for image in metadata.images {
                let inspected = try await skopeo(["inspect", "--raw", "oci:\(extracted.path):\(image.source)"])
                #expect(Digest.sha256(of: Data(inspected.utf8)).description == image.digest, "\(image.source)")
                let config = try await skopeo(["inspect", "--config", "oci:\(extracted.path):\(image.source)"])
                #expect(config.contains("\"architecture\""))
            }
            let copy = fixture.directory.appendingPathComponent("copied")
            try await skopeo(["copy", "--all", "oci:\(extracted.path):\(multiPlatformReference)", "oci:\(copy.path):busybox"])
            let copied = try OCILayout(root: copy)
            #expect(copied.descriptor(refName: "busybox")?.digest == fixture.roots[multiPlatformReference])
        }
    }
}
