import OCI

/// One image as it goes into a bundle: its manifests in memory, its other blobs staged as files.
struct CollectedImage {
    /// The reference the rendered chart uses (normalised).
    var source: ImageReference
    /// The same image under the mirror, as the pinned manifests name it (before pinning).
    var target: ImageReference
    /// What the source resolved the reference to.
    var sourceRoot: Descriptor
    /// The bundle's root: `sourceRoot`, or a narrowed index when `--platform` dropped manifests.
    var root: Descriptor
    /// Every manifest and index of the image by digest (the root included).
    var manifests: [Digest: Data]
    /// Configs and layers, each once.
    var blobs: [Descriptor]
    /// The platforms the bundle holds (`linux/amd64`, …), in index order.
    var platforms: [String]
}

/// Blob files of an export, staged in a directory, each digest once.
final class BlobStage {
    let directory: URL
    /// Every staged blob by digest.
    private(set) var staged: [Digest: Descriptor] = [:]

    init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ digest: Digest) -> String { directory.appendingPathComponent(digest.hex).path }

    func record(_ descriptor: Descriptor) { staged[descriptor.digest] = descriptor }
}

/// Fetches images from an ``ImageSource`` into a ``BlobStage``: the whole index, or only the
/// manifests of the requested platforms (then the index is rewritten to list just those, with the
/// attestation manifests that describe them).
struct ImageCollector {
    let source: any ImageSource
    let platforms: [PlatformFilter]
    let stage: BlobStage
    let progress: BundleProgressHandler

    static let attestationType = "attestation-manifest"
    static let referenceTypeKey = "vnd.docker.reference.type"
    static let referenceDigestKey = "vnd.docker.reference.digest"

    func collect(_ reference: ImageReference, target: ImageReference, label: String) async throws -> CollectedImage {
        progress(.milestone("fetching \(reference) \(label)"))
        var sourceRoot = try await source.resolve(reference)
        let rootBytes = try await fetchManifest(sourceRoot, of: reference)
        if !MediaType.isManifestOrIndex(sourceRoot.mediaType) {
            sourceRoot.mediaType = try OCILayoutImageSource.mediaType(of: rootBytes, source: "\(reference)")
        }
        var image = CollectedImage(source: reference, target: target, sourceRoot: sourceRoot, root: sourceRoot,
                                   manifests: [:], blobs: [], platforms: [])
        if MediaType.indexes.contains(sourceRoot.mediaType) {
            var index = try OCIJSON.decode(ImageIndex.self, from: rootBytes, source: "\(reference)@\(sourceRoot.digest)")
            let kept = try selectManifests(of: index, reference: reference)
            var bytes = rootBytes
            if kept.count != index.manifests.count {
                index.manifests = kept
                bytes = try OCIJSON.encode(index)
                image.root = Descriptor(mediaType: sourceRoot.mediaType, digest: Digest.sha256(of: bytes), size: Int64(bytes.count))
            }
            image.manifests[image.root.digest] = bytes
            for child in kept {
                if let platform = child.platform, child.annotations?[Self.referenceTypeKey] != Self.attestationType {
                    image.platforms.append(platform.description)
                }
                try await collectChild(child, of: reference, into: &image, depth: 1)
            }
        } else if MediaType.manifests.contains(sourceRoot.mediaType) {
            image.manifests[sourceRoot.digest] = rootBytes
            let manifest = try OCIJSON.decode(ImageManifest.self, from: rootBytes, source: "\(reference)@\(sourceRoot.digest)")
            try await stageBlobs(manifest.references, of: reference, into: &image)
            if let platform = try configPlatform(manifest.config) {
                image.platforms = [platform.description]
                if !platforms.isEmpty && !platforms.contains(where: { $0.matches(platform) }) {
                    throw BundleError.platformMissing(
                        image: reference.description, requested: platforms.map(\.description), available: [platform.description])
                }
            }
        } else {
            throw ImageSourceError.invalidContent(
                reference: reference.description, digest: sourceRoot.digest.description,
                reason: "unsupported media type \"\(sourceRoot.mediaType)\" (expected an OCI or Docker v2 manifest or index)")
        }
        return image
    }

    /// The manifests of `index` to keep: all, or those of the requested platforms and their attestations.
    private func selectManifests(of index: ImageIndex, reference: ImageReference) throws -> [Descriptor] {
        guard !platforms.isEmpty else { return index.manifests }
        let selected = index.manifests.filter { descriptor in
            guard let platform = descriptor.platform else { return false }
            return platforms.contains { $0.matches(platform) }
        }
        let available = index.manifests.compactMap { $0.platform?.description }.filter { $0 != "unknown/unknown" }
        guard !selected.isEmpty else {
            throw BundleError.platformMissing(image: reference.description, requested: platforms.map(\.description), available: available)
        }
        for filter in platforms where !selected.contains(where: { $0.platform.map(filter.matches) ?? false }) {
            progress(.milestone("note: \(reference) has no \(filter) image (it has \(available.joined(separator: ", ")))"))
        }
        let selectedDigests = Set(selected.map(\.digest.description))
        return index.manifests.filter { descriptor in
            if selected.contains(descriptor) { return true }
            guard descriptor.annotations?[Self.referenceTypeKey] == Self.attestationType,
                  let subject = descriptor.annotations?[Self.referenceDigestKey] else { return false }
            return selectedDigests.contains(subject)
        }
    }

    private func collectChild(_ descriptor: Descriptor, of reference: ImageReference, into image: inout CollectedImage, depth: Int) async throws {
        guard depth <= 8 else {
            throw ImageSourceError.invalidContent(reference: reference.description, digest: descriptor.digest.description,
                                                  reason: "indexes nested more than 8 deep")
        }
        let bytes = try await fetchManifest(descriptor, of: reference)
        image.manifests[descriptor.digest] = bytes
        let source = "\(reference)@\(descriptor.digest)"
        if MediaType.indexes.contains(descriptor.mediaType) {
            for child in try OCIJSON.decode(ImageIndex.self, from: bytes, source: source).manifests {
                try await collectChild(child, of: reference, into: &image, depth: depth + 1)
            }
        } else {
            let manifest = try OCIJSON.decode(ImageManifest.self, from: bytes, source: source)
            try await stageBlobs(manifest.references, of: reference, into: &image)
        }
    }

    /// Fetches a manifest and checks its digest and size.
    private func fetchManifest(_ descriptor: Descriptor, of reference: ImageReference) async throws -> Data {
        let bytes = try await source.manifest(descriptor, of: reference)
        let digest = Digest.sha256(of: bytes)
        guard digest == descriptor.digest, Int64(bytes.count) == descriptor.size else {
            throw ImageSourceError.invalidContent(
                reference: reference.description, digest: descriptor.digest.description,
                reason: "the source returned \(bytes.count) bytes with digest \(digest), expected \(descriptor.size) bytes")
        }
        return bytes
    }

    private func stageBlobs(_ descriptors: [Descriptor], of reference: ImageReference, into image: inout CollectedImage) async throws {
        for descriptor in descriptors {
            if !image.blobs.contains(where: { $0.digest == descriptor.digest }) { image.blobs.append(descriptor) }
            guard stage.staged[descriptor.digest] == nil else { continue }
            let message = "fetching \(reference): \(descriptor.digest.hex.prefix(12))"
            let size = descriptor.size
            let handler = progress
            try await source.copyBlob(descriptor, of: reference, to: URL(fileURLWithPath: stage.path(descriptor.digest))) { copied in
                handler(.bytes(message, completed: copied, total: size))
            }
            let staged = regularFileSize(at: stage.path(descriptor.digest))
            guard staged == descriptor.size else {
                throw ImageSourceError.invalidContent(
                    reference: reference.description, digest: descriptor.digest.description,
                    reason: "the source gave \(staged ?? 0) bytes, the manifest says \(descriptor.size)")
            }
            stage.record(descriptor)
        }
    }

    /// The platform a single-manifest image's config names, when it names one.
    private func configPlatform(_ config: Descriptor) throws -> Platform? {
        struct ConfigPlatform: Decodable { var os: String?; var architecture: String?; var variant: String? }
        guard config.size <= 16 << 20, let data = FileManager.default.contents(atPath: stage.path(config.digest)),
              let parsed = try? JSONDecoder().decode(ConfigPlatform.self, from: data),
              let os = parsed.os, let architecture = parsed.architecture else { return nil }
        return Platform(architecture: architecture, os: os, variant: parsed.variant)
    }
}
