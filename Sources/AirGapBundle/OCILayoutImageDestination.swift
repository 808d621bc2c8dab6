import OCI

/// Images written into an OCI image layout directory (created when missing): blobs under
/// `blobs/sha256/`, tags in `index.json` as `org.opencontainers.image.ref.name` = `REGISTRY/REPO:TAG`.
///
/// One layout is one blob store, so a blob stored for one repository exists for all. Blobs and
/// `index.json` are written atomically (temporary file, then rename); blobs are checked against their
/// digest before they are renamed into place. Not safe for concurrent writers.
public struct OCILayoutImageDestination: ImageDestination {
    /// The layout directory.
    public let root: URL

    /// Opens the layout at `directory`, creating `oci-layout`, an empty `index.json` and
    /// `blobs/sha256/` when the directory holds no layout yet.
    public init(directory: URL) throws {
        root = directory
        let fm = FileManager.default
        try fm.createDirectory(at: directory.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
        let marker = directory.appendingPathComponent("oci-layout")
        if !fm.fileExists(atPath: marker.path) {
            try OCIJSON.encode(OCILayoutMarker()).write(to: marker, options: .atomic)
        }
        let index = directory.appendingPathComponent("index.json")
        if !fm.fileExists(atPath: index.path) {
            try OCIJSON.encode(ImageIndex(manifests: [])).write(to: index, options: .atomic)
        }
        _ = try OCILayout(root: directory)
        // Blobs an interrupted push was writing (`<hex>.partial-PID` of a process that is gone).
        let blobs = directory.appendingPathComponent("blobs/sha256")
        for name in (try? fm.contentsOfDirectory(atPath: blobs.path)) ?? [] {
            guard let range = name.range(of: ".partial-") else { continue }
            removeStaleTemporaries(in: blobs, prefix: String(name[..<range.lowerBound]), suffixes: [".partial"])
        }
    }

    /// The `org.opencontainers.image.ref.name` a tag is recorded under.
    public static func refName(tag: String, in repository: ImageReference) -> String {
        "\(repository.name):\(tag)"
    }

    public func blobExists(_ descriptor: Descriptor, in repository: ImageReference) async throws -> Bool {
        regularFileSize(at: blobPath(descriptor.digest)) == descriptor.size
    }

    public func putBlob(_ descriptor: Descriptor, from file: URL, in repository: ImageReference) async throws {
        let temporary = blobPath(descriptor.digest) + ".partial-\(getpid())"
        defer { unlink(temporary) }
        let sink = try FileSink(path: temporary)
        var hasher = DigestHasher()
        var size: Int64 = 0
        try forEachChunk(of: FileSource(path: file.path)) { chunk in
            hasher.update(bufferPointer: chunk)
            size += Int64(chunk.count)
            try sink.write(chunk)
        }
        try sink.finish()
        let digest = hasher.finalize()
        guard digest == descriptor.digest, size == descriptor.size else {
            throw OCIError.digestMismatch(path: file.path, expected: descriptor.digest, actual: digest)
        }
        try renameFile(from: temporary, to: blobPath(descriptor.digest))
    }

    public func manifestExists(_ descriptor: Descriptor, in repository: ImageReference) async throws -> Bool {
        regularFileSize(at: blobPath(descriptor.digest)) == descriptor.size
    }

    public func digest(ofTag tag: String, in repository: ImageReference) async throws -> Digest? {
        try OCILayout(root: root).descriptor(refName: Self.refName(tag: tag, in: repository))?.digest
    }

    public func putManifest(_ content: Data, descriptor: Descriptor, in repository: ImageReference, tag: String?) async throws {
        let digest = Digest.sha256(of: content)
        guard digest == descriptor.digest else {
            throw OCIError.digestMismatch(path: "manifest for \(repository.name)", expected: descriptor.digest, actual: digest)
        }
        let layout = try OCILayout(root: root)
        let references: [Descriptor]
        if MediaType.indexes.contains(descriptor.mediaType) {
            references = try OCIJSON.decode(ImageIndex.self, from: content, source: "\(repository.name)@\(digest)").manifests
        } else {
            references = try OCIJSON.decode(ImageManifest.self, from: content, source: "\(repository.name)@\(digest)").references
        }
        for child in references where layout.blobSize(child.digest) != child.size {
            throw OCIError.missingFile("\(layout.blobPath(child.digest)) (referenced by \(repository.name)@\(digest); store it first)")
        }
        if layout.blobSize(digest) != descriptor.size {
            try content.write(to: URL(fileURLWithPath: blobPath(digest)), options: .atomic)
        }
        guard let tag else { return }
        let name = Self.refName(tag: tag, in: repository)
        var entries = layout.index.manifests.filter { $0.annotations?[AnnotationKey.refName] != name }
        entries.append(Descriptor(mediaType: descriptor.mediaType, digest: digest, size: descriptor.size,
                                  annotations: [AnnotationKey.refName: name]))
        entries.sort { ($0.annotations?[AnnotationKey.refName] ?? "") < ($1.annotations?[AnnotationKey.refName] ?? "") }
        var index = layout.index
        index.manifests = entries
        try OCIJSON.encode(index).write(to: root.appendingPathComponent("index.json"), options: .atomic)
    }

    private func blobPath(_ digest: Digest) -> String {
        root.appendingPathComponent("blobs/sha256/\(digest.hex)").path
    }
}
