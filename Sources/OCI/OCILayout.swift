/// The `oci-layout` marker file of an OCI image layout.
public struct OCILayoutMarker: Codable, Hashable, Sendable {
    public var imageLayoutVersion: String
    public init(imageLayoutVersion: String = "1.0.0") { self.imageLayoutVersion = imageLayoutVersion }
}

/// Read access to an OCI image layout directory: `oci-layout`, `index.json`, `blobs/sha256/<hex>`.
///
/// Tags are the `org.opencontainers.image.ref.name` annotations of the descriptors in `index.json`:
/// either a bare tag (`1.25`, what `skopeo copy … oci:DIR:1.25` writes) or a full reference
/// (`docker.io/library/nginx:1.25`, what bundles write).
public struct OCILayout: Sendable {
    /// The layout directory.
    public let root: URL
    /// The parsed `index.json`.
    public let index: ImageIndex

    /// Opens the layout at `root`, checking `oci-layout` and parsing `index.json`.
    public init(root: URL) throws {
        self.root = root
        let markerURL = root.appendingPathComponent("oci-layout")
        guard let markerData = FileManager.default.contents(atPath: markerURL.path) else {
            throw OCIError.missingFile(markerURL.path)
        }
        let marker = try OCIJSON.decode(OCILayoutMarker.self, from: markerData, source: markerURL.path)
        guard marker.imageLayoutVersion == "1.0.0" else {
            throw OCIError.unsupportedLayoutVersion(path: markerURL.path, found: marker.imageLayoutVersion)
        }
        let indexURL = root.appendingPathComponent("index.json")
        guard let indexData = FileManager.default.contents(atPath: indexURL.path) else {
            throw OCIError.missingFile(indexURL.path)
        }
        self.index = try OCIJSON.decode(ImageIndex.self, from: indexData, source: indexURL.path)
    }

    /// The path of the blob with `digest` (whether or not it exists).
    public func blobPath(_ digest: Digest) -> String {
        root.appendingPathComponent("blobs/sha256/\(digest.hex)").path
    }

    /// The size of the blob with `digest`, or nil when the layout lacks it.
    public func blobSize(_ digest: Digest) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: blobPath(digest)),
              (attributes[.type] as? FileAttributeType) == .typeRegular,
              let size = attributes[.size] as? NSNumber else { return nil }
        return size.int64Value
    }

    /// Reads a whole blob (for manifests and configs; stream large blobs instead).
    public func readBlob(_ digest: Digest) throws -> Data {
        let path = blobPath(digest)
        guard let data = FileManager.default.contents(atPath: path) else { throw OCIError.missingFile(path) }
        return data
    }

    /// The descriptor in `index.json` whose `org.opencontainers.image.ref.name` equals `name`.
    public func descriptor(refName name: String) -> Descriptor? {
        index.manifests.first { $0.annotations?[AnnotationKey.refName] == name }
    }

    /// Every digest under `blobs/sha256/` whose file name is a valid digest, sorted.
    public func blobDigests() -> [Digest] {
        let directory = root.appendingPathComponent("blobs/sha256").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { try? Digest(hex: $0) }.sorted()
    }

    /// Every descriptor reachable from `index.json` (indexes, manifests, configs, layers), each once,
    /// keyed by digest. Blobs a manifest references but the layout lacks are left out.
    public func reachableDescriptors() throws -> [Digest: Descriptor] {
        var found: [Digest: Descriptor] = [:]
        var pending = index.manifests
        while let descriptor = pending.popLast() {
            guard found[descriptor.digest] == nil, blobSize(descriptor.digest) != nil else { continue }
            found[descriptor.digest] = descriptor
            let source = blobPath(descriptor.digest)
            if MediaType.indexes.contains(descriptor.mediaType) {
                let child = try OCIJSON.decode(ImageIndex.self, from: readBlob(descriptor.digest), source: source)
                pending.append(contentsOf: child.manifests)
            } else if MediaType.manifests.contains(descriptor.mediaType) {
                let child = try OCIJSON.decode(ImageManifest.self, from: readBlob(descriptor.digest), source: source)
                pending.append(contentsOf: child.references)
            }
        }
        return found
    }
}

/// Writes an OCI image layout: blobs by digest, then `index.json` and `oci-layout`.
///
/// Used by tests and tools that build small images; the output is deterministic.
public struct OCILayoutWriter {
    public let root: URL
    public private(set) var manifests: [Descriptor] = []

    /// Creates `root/blobs/sha256`.
    public init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
    }

    /// Stores `bytes` as a blob and returns its descriptor.
    @discardableResult
    public func addBlob(_ bytes: Data, mediaType: String) throws -> Descriptor {
        let digest = Digest.sha256(of: bytes)
        try bytes.write(to: root.appendingPathComponent("blobs/sha256/\(digest.hex)"), options: .atomic)
        return Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
    }

    /// Stores `manifest` as a blob; returns its descriptor (not yet listed in `index.json`).
    public func addManifest(_ manifest: ImageManifest) throws -> Descriptor {
        try addBlob(OCIJSON.encode(manifest), mediaType: manifest.mediaType ?? MediaType.ociManifest)
    }

    /// Stores `index` as a blob; returns its descriptor (not yet listed in `index.json`).
    public func addIndex(_ index: ImageIndex) throws -> Descriptor {
        try addBlob(OCIJSON.encode(index), mediaType: index.mediaType ?? MediaType.ociIndex)
    }

    /// Lists `descriptor` in `index.json`, tagged `refName` when given.
    public mutating func tag(_ descriptor: Descriptor, refName: String?) {
        var entry = descriptor
        if let refName {
            var annotations = entry.annotations ?? [:]
            annotations[AnnotationKey.refName] = refName
            entry.annotations = annotations
        }
        manifests.append(entry)
    }

    /// Writes `index.json` and `oci-layout`.
    public func finish() throws {
        try OCIJSON.encode(ImageIndex(mediaType: MediaType.ociIndex, manifests: manifests))
            .write(to: root.appendingPathComponent("index.json"), options: .atomic)
        try OCIJSON.encode(OCILayoutMarker()).write(to: root.appendingPathComponent("oci-layout"), options: .atomic)
    }
}
