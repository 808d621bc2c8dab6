import Foundation
import IntegrationSupport
import OCI
import SpegelComponent
import Testing
@testable import AirGapBundle

@Suite struct BundlePushTests {
    @Test func pushMakesEveryImageOfTheManifestsResolvableAndARepushUploadsNothing() async throws {
        let fixture = try BundleFixture(name: "push")
        defer { fixture.remove() }
        let (url, metadata) = try await fixture.export("site.bundle", compression: .gzip)
        let target = fixture.directory.appendingPathComponent("site-registry")
        let destination = try OCILayoutImageDestination(directory: target)

        let first = try await BundlePusher(destination: destination).push(url)
        #expect(first.registry == "harbor.corp.example/mirror")
        #expect(first.images == metadata.images.count)
        #expect(first.blobsUploaded > 0 && first.blobsSkipped == 0)
        #expect(first.tagsWritten == metadata.images.count)

        // Every image the manifests name resolves in the target: by tag to the pinned digest, and
        // skopeo (real software) reads it.
        let scan = try BundleScan.scan(url)
        let release = String(decoding: try #require(scan.smallFiles[BundlePaths.release]), as: UTF8.self)
        let layout = try OCILayout(root: target)
        for written in try ManifestImages.occurrences(in: release).map(\.written) {
            let pinned = try ImageReference(parsing: written)
            let tagged = "\(pinned.name):\(try #require(pinned.tag))"
            #expect(layout.descriptor(refName: tagged)?.digest.description == pinned.digest, "\(tagged)")
            #expect(layout.blobSize(try Digest(parsing: try #require(pinned.digest))) != nil)
            let raw = try await skopeo(["inspect", "--raw", "oci:\(target.path):\(tagged)"])
            #expect(Digest.sha256(of: Data(raw.utf8)).description == pinned.digest)
        }
        #expect(try layout.reachableDescriptors().count == scan.files.keys.filter { $0.hasPrefix("blobs/sha256/") }.count)

        // A second push uploads nothing.
        let second = try await BundlePusher(destination: destination).push(url)
        #expect(second.blobsUploaded == 0 && second.bytesUploaded == 0)
        #expect(second.manifestsWritten == 0 && second.tagsWritten == 0)
        #expect(second.blobsSkipped == first.blobsUploaded + first.blobsSkipped)
        #expect(second.text.contains("0 blobs uploaded"))
    }

    @Test func anInterruptedPushResumesWithoutResendingFinishedBlobs() async throws {
        let fixture = try BundleFixture(name: "push-resume")
        defer { fixture.remove() }
        let (url, _) = try await fixture.export("site.bundle")
        let target = fixture.directory.appendingPathComponent("site-registry")
        let layout = try OCILayoutImageDestination(directory: target)
        let interrupting = InterruptingDestination(inner: layout, limit: 3)
        await #expect {
            try await BundlePusher(destination: interrupting).push(url)
        } throws: { error in
            let text = "\(error)"
            return text.contains("connection reset") && text.contains("run the same push again to resume")
        }
        #expect(try OCILayout(root: target).blobDigests().count == 3)
        // Nothing of the push's work directory is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.contains(".push-") }.isEmpty)

        let recording = InterruptingDestination(inner: layout, limit: .max)
        // A work directory given explicitly is kept; only the push's own subdirectory goes.
        let workDirectory = fixture.directory.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let resumed = try await BundlePusher(destination: recording).push(url, workDirectory: workDirectory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workDirectory.path).isEmpty)
        // The blobs sent before the interruption are not sent again; together the two runs sent every
        // config and layer once.
        let scan = try BundleScan.scan(url)
        var layersAndConfigs = Set<Digest>()
        for image in try scan.metadata().images {
            for descriptor in scan.reachable(from: try image.rootDescriptor()).descriptors where !MediaType.isManifestOrIndex(descriptor.mediaType) {
                layersAndConfigs.insert(descriptor.digest)
            }
        }
        #expect(Set(interrupting.uploaded).isDisjoint(with: recording.uploaded))
        #expect(interrupting.uploaded.count == 3)
        #expect(Set(interrupting.uploaded).union(recording.uploaded) == layersAndConfigs)
        #expect(recording.uploaded.count == layersAndConfigs.count - 3)
        #expect(resumed.blobsUploaded == layersAndConfigs.count - 3 && resumed.blobsSkipped == 3)
        let again = try await BundlePusher(destination: layout).push(url)
        #expect(again.blobsUploaded == 0)
    }

    @Test func pinnedReferencesResolveInARealRegistryAfterLoading() async throws {
        let fixture = try BundleFixture(name: "push-registry")
        defer { fixture.remove() }
        let registryDirectory = fixture.directory.appendingPathComponent("registry")
        try FileManager.default.createDirectory(at: registryDirectory, withIntermediateDirectories: true)
        let registry = try TestRegistry(directory: registryDirectory)
        defer { registry.stop() }
        var request = fixture.request()
        request.rendered = try SpegelEngine.render(files: [airGappedValues], sets: ["imageMirror=\(registry.address)/site"])
        let url = fixture.directory.appendingPathComponent("site.bundle")
        let metadata = try await BundleExporter(source: try OCILayoutImageSource(directory: fixture.sourceLayout)).export(request, to: url)
        let site = fixture.directory.appendingPathComponent("site-layout")
        try await BundlePusher(destination: try OCILayoutImageDestination(directory: site)).push(url)

        // Carry every tag into docker-registry with skopeo, digests preserved.
        for image in metadata.images {
            try await skopeo(["copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "oci:\(site.path):\(image.target)", "docker://\(image.target)"])
        }
        // Every image the manifests name resolves there: by digest to the exported content, and by tag
        // to the same digest.
        let release = String(decoding: try #require(try BundleScan.scan(url).smallFiles[BundlePaths.release]), as: UTF8.self)
        let pinned = try ManifestImages.occurrences(in: release).map { try ImageReference(parsing: $0.written) }
        #expect(Set(pinned.map(\.registry)) == [registry.address])
        for reference in pinned {
            let digest = try #require(reference.digest)
            let raw = try await skopeo(["inspect", "--raw", "--tls-verify=false", "docker://\(reference.name)@\(digest)"])
            #expect(Digest.sha256(of: Data(raw.utf8)).description == digest, "\(reference)")
            let rawByTag = try await skopeo(["inspect", "--raw", "--tls-verify=false", "docker://\(reference.name):\(try #require(reference.tag))"])
            #expect(Digest.sha256(of: Data(rawByTag.utf8)).description == digest, "\(reference) by tag")
        }
    }

    @Test func anotherRegistryIsAllowedAndReported() async throws {
        let fixture = try BundleFixture(name: "push-other")
        defer { fixture.remove() }
        let (url, _) = try await fixture.export("site.bundle")
        let target = fixture.directory.appendingPathComponent("other-registry")
        let events = EventLog()
        let summary = try await BundlePusher(destination: try OCILayoutImageDestination(directory: target), progress: events.record)
            .push(url, registry: "registry.other.example:5000/spegel")
        #expect(summary.registry == "registry.other.example:5000/spegel")
        #expect(events.milestones.contains { $0.contains("note: pushing to registry.other.example:5000/spegel") && $0.contains("harbor.corp.example/mirror") })
        let layout = try OCILayout(root: target)
        #expect(layout.descriptor(refName: "registry.other.example:5000/spegel/library/busybox:1.36") != nil)
    }

    @Test func aDamagedBundleIsNotPushed() async throws {
        let fixture = try BundleFixture(name: "push-damaged")
        defer { fixture.remove() }
        let (url, _) = try await fixture.export("site.bundle")
        try flipByte(in: url, of: Data("kind: DaemonSet".utf8), offset: 6)
        let target = fixture.directory.appendingPathComponent("site-registry")
        await #expect {
            try await BundlePusher(destination: try OCILayoutImageDestination(directory: target)).push(url)
        } throws: { "\($0)".contains("manifests/release.yaml") && "\($0)".contains("damaged") }
        #expect(try OCILayout(root: target).blobDigests().isEmpty)
    }
}

/// Collects progress events.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BundleProgress] = []
    var record: BundleProgressHandler { { [self] event in lock.withLock { events.append(event) } } }
    var milestones: [String] { lock.withLock { events.filter(\.isMilestone).map(\.message) } }
}
