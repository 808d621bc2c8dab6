import Foundation
import IntegrationSupport
import OCI
import SpegelComponent
@testable import AirGapBundle

/// Operator values of an air-gapped site: every image goes to harbor.corp.example/mirror, and one image
/// (busybox) comes in through `values:`.
let airGappedValues = OperatorValuesFile(name: "/site/values.yaml", text: """
    cloudProvider: nebius
    imageMirror: harbor.corp.example/mirror
    images:
      spegel: ghcr.io/saturncloud/spegel:v0.1.0
      saturnK8sUtils: ghcr.io/saturncloud/saturn-k8s-utils:2025.01.01
    saturnComponents:
      spegel:
        values:
          mirroredRegistries: [harbor.corp.example]
          extraInitContainers:
            - name: wait-for-containerd
              image: busybox:1.36
              command: ["sh", "-c", "true"]

    """)

/// The multi-platform image of the fixtures.
let multiPlatformReference = "docker.io/library/busybox:1.36"

/// A source OCI layout holding every image the air-gapped values render: `busybox` as an index for
/// linux/amd64 and linux/arm64 (with an attestation manifest for amd64), the others as single
/// linux/amd64 manifests. The spegel image is tagged by its bare tag, the others by full reference.
struct BundleFixture {
    let directory: URL
    let rendered: RenderedComponent
    let sourceLayout: URL
    /// Root digest of each source reference in the source layout.
    let roots: [String: Digest]
    /// Layer digest per platform of the multi-platform image.
    let multiPlatformLayers: [String: Digest]

    init(name: String = "bundle") throws {
        directory = try makeTemporaryDirectory(name)
        rendered = try SpegelEngine.render(files: [airGappedValues])
        sourceLayout = directory.appendingPathComponent("source")
        var writer = try OCILayoutWriter(root: sourceLayout)
        var roots: [String: Digest] = [:]
        var layers: [String: Digest] = [:]
        for (source, _) in try BundleExporter.images(of: rendered) {
            let reference = source.description
            if reference == multiPlatformReference {
                var manifests: [Descriptor] = []
                for architecture in ["amd64", "arm64"] {
                    let made = try Self.addImage(to: writer, in: directory, name: "\(reference)-\(architecture)", architecture: architecture)
                    var descriptor = made.0
                    descriptor.platform = Platform(architecture: architecture, os: "linux")
                    layers["linux/\(architecture)"] = made.1
                    manifests.append(descriptor)
                }
                manifests.append(try Self.addAttestation(to: writer, for: manifests[0]))
                let index = try writer.addIndex(ImageIndex(manifests: manifests))
                writer.tag(index, refName: reference)
                roots[reference] = index.digest
            } else {
                let (manifest, _) = try Self.addImage(to: writer, in: directory, name: reference, architecture: "amd64")
                writer.tag(manifest, refName: reference.hasPrefix("ghcr.io/saturncloud/spegel:") ? source.tag : reference)
                roots[reference] = manifest.digest
            }
        }
        try writer.finish()
        self.roots = roots
        multiPlatformLayers = layers
    }

    /// The export request for the fixture's values.
    func request(platforms: [PlatformFilter] = [], compression: BundleCompression = .none) -> BundleExportRequest {
        BundleExportRequest(rendered: rendered, chartFiles: BundledTemplates.chartFiles, valuesFiles: [airGappedValues],
                            sets: [], platforms: platforms, compression: compression)
    }

    /// Exports to `name` in the fixture directory.
    func export(_ name: String, platforms: [PlatformFilter] = [], compression: BundleCompression = .none,
                source: (any ImageSource)? = nil) async throws -> (url: URL, metadata: BundleMetadata) {
        let url = directory.appendingPathComponent(name)
        let metadata = try await BundleExporter(source: try source ?? OCILayoutImageSource(directory: sourceLayout))
            .export(request(platforms: platforms, compression: compression), to: url)
        return (url, metadata)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A one-layer linux image (real gzip'd tar layer, config with its diff ID); returns the manifest
    /// descriptor and the layer digest.
    static func addImage(to writer: OCILayoutWriter, in directory: URL, name: String, architecture: String) throws -> (Descriptor, Digest) {
        let (layerBytes, diffID) = try makeTestLayer(
            files: ["etc/image-name": Data(name.utf8), "bin/payload": Data(repeating: UInt8(name.utf8.count % 251), count: 70_000)],
            in: directory)
        let layer = try writer.addBlob(layerBytes, mediaType: MediaType.ociLayerGzip)
        let config = try writer.addBlob(Data("""
            {"architecture":"\(architecture)","os":"linux","config":{"Entrypoint":["/bin/payload"]},"rootfs":{"type":"layers","diff_ids":["\(diffID)"]}}
            """.utf8), mediaType: MediaType.ociConfig)
        return (try writer.addManifest(ImageManifest(config: config, layers: [layer])), layer.digest)
    }

    /// A BuildKit-style attestation manifest describing `subject`.
    static func addAttestation(to writer: OCILayoutWriter, for subject: Descriptor) throws -> Descriptor {
        let statement = try writer.addBlob(Data(#"{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document"}"#.utf8),
                                           mediaType: "application/vnd.in-toto+json")
        let config = try writer.addBlob(Data(#"{"architecture":"unknown","os":"unknown","rootfs":{"type":"layers","diff_ids":[]}}"#.utf8),
                                        mediaType: MediaType.ociConfig)
        var descriptor = try writer.addManifest(ImageManifest(config: config, layers: [statement]))
        descriptor.platform = Platform(architecture: "unknown", os: "unknown")
        descriptor.annotations = ["vnd.docker.reference.type": "attestation-manifest",
                                  "vnd.docker.reference.digest": subject.digest.description]
        return descriptor
    }
}

/// A destination that fails after `limit` blob uploads, as a push interrupted by a network failure.
final class InterruptingDestination: ImageDestination, @unchecked Sendable {
    struct Interrupted: Error, CustomStringConvertible { var description: String { "connection reset (test interruption)" } }
    let inner: OCILayoutImageDestination
    let limit: Int
    private let lock = NSLock()
    private(set) var uploads = 0
    private var sent: [Digest] = []
    /// The blobs uploaded successfully, in order.
    var uploaded: [Digest] { lock.withLock { sent } }

    init(inner: OCILayoutImageDestination, limit: Int) {
        self.inner = inner
        self.limit = limit
    }

    func blobExists(_ descriptor: Descriptor, in repository: ImageReference) async throws -> Bool {
        try await inner.blobExists(descriptor, in: repository)
    }

    func putBlob(_ descriptor: Descriptor, from file: URL, in repository: ImageReference) async throws {
        let count = lock.withLock { () -> Int in uploads += 1; return uploads }
        if count > limit { throw Interrupted() }
        try await inner.putBlob(descriptor, from: file, in: repository)
        lock.withLock { sent.append(descriptor.digest) }
    }

    func manifestExists(_ descriptor: Descriptor, in repository: ImageReference) async throws -> Bool {
        try await inner.manifestExists(descriptor, in: repository)
    }

    func digest(ofTag tag: String, in repository: ImageReference) async throws -> Digest? {
        try await inner.digest(ofTag: tag, in: repository)
    }

    func putManifest(_ content: Data, descriptor: Descriptor, in repository: ImageReference, tag: String?) async throws {
        try await inner.putManifest(content, descriptor: descriptor, in: repository, tag: tag)
    }
}

/// Flips one byte of `needle`'s first occurrence in the file at `url` (at `offset` into the needle).
func flipByte(in url: URL, of needle: Data, offset: Int = 0) throws {
    var data = try Data(contentsOf: url)
    guard let range = data.range(of: needle) else { throw TestProcessError("\(url.path): the bytes to flip are not in the file") }
    data[range.lowerBound + offset] ^= 0x01
    try data.write(to: url)
}

/// Runs skopeo with `arguments` (bounded in time).
@discardableResult
func skopeo(_ arguments: [String]) throws -> String {
    try runTool("/usr/bin/skopeo", ["--insecure-policy"] + arguments, timeout: 120)
}

/// Runs skopeo on its own thread (the overload async code gets).
@discardableResult
func skopeo(_ arguments: [String]) async throws -> String {
    try await runTool("/usr/bin/skopeo", ["--insecure-policy"] + arguments, timeout: 120)
}

/// The ID of a process that has exited (a finished `/bin/true`).
func deadProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}
