import OCI

/// Images read from a local OCI image layout (`--image-source DIR`), e.g. one made with
/// `skopeo copy docker://IMAGE oci:DIR:IMAGE`.
///
/// A reference is found by the `org.opencontainers.image.ref.name` annotations of `index.json`: first
/// the full reference (`docker.io/library/busybox:1.36`, compared after normalising), then its bare tag
/// (`1.36`, what `skopeo copy … oci:DIR:1.36` writes). A reference with a digest is found by that digest.
/// The layout is the repository of every image, so the repository part of a reference is not checked
/// for digest lookups.
public struct OCILayoutImageSource: ImageSource {
    /// The layout.
    public let layout: OCILayout

    /// Opens the layout at `directory`.
    public init(directory: URL) throws {
        layout = try OCILayout(root: directory)
    }

    public func resolve(_ reference: ImageReference) async throws -> Descriptor {
        let location = "the OCI layout \(layout.root.path)"
        if let digestText = reference.digest {
            let digest = try Digest(parsing: digestText)
            if let listed = layout.index.manifests.first(where: { $0.digest == digest }) {
                return Descriptor(mediaType: listed.mediaType, digest: listed.digest, size: listed.size)
            }
            guard let size = layout.blobSize(digest) else {
                throw ImageSourceError.notFound(
                    reference: reference.description, location: location,
                    hint: "copy it in with `skopeo copy docker://\(reference) oci:\(layout.root.path):\(reference)`")
            }
            let mediaType = try Self.mediaType(of: layout.readBlob(digest), source: layout.blobPath(digest))
            return Descriptor(mediaType: mediaType, digest: digest, size: size)
        }
        let full = reference.description
        let named = layout.index.manifests.compactMap { descriptor -> (name: String, descriptor: Descriptor)? in
            guard let name = descriptor.annotations?[AnnotationKey.refName] else { return nil }
            return (name, descriptor)
        }
        var matches = named.filter { entry in
            entry.name == full || (entry.name.contains("/") && (try? ImageReference(parsing: entry.name))?.description == full)
        }
        if matches.isEmpty, let tag = reference.tag ?? (reference.digest == nil ? "latest" : nil) {
            matches = named.filter { $0.name == tag }
        }
        let digests = Set(matches.map(\.descriptor.digest))
        guard let first = matches.first else {
            throw ImageSourceError.notFound(
                reference: full, location: location,
                hint: "index.json has no org.opencontainers.image.ref.name \"\(full)\" or \"\(reference.tag ?? "latest")\"; "
                    + "add it with `skopeo copy docker://\(full) oci:\(layout.root.path):\(full)`")
        }
        guard digests.count == 1 else {
            throw ImageSourceError.ambiguous(reference: full, location: location,
                                             candidates: digests.sorted().map(\.description))
        }
        return Descriptor(mediaType: first.descriptor.mediaType, digest: first.descriptor.digest, size: first.descriptor.size)
    }

    public func manifest(_ descriptor: Descriptor, of reference: ImageReference) async throws -> Data {
        guard layout.blobSize(descriptor.digest) != nil else {
            throw ImageSourceError.notFound(
                reference: reference.description, location: "the OCI layout \(layout.root.path)",
                hint: "the manifest \(descriptor.digest) is missing from blobs/sha256; the layout is incomplete, copy the image again")
        }
        return try layout.readBlob(descriptor.digest)
    }

    /// Hard-links the blob into `file` when both are on one file system, otherwise copies it.
    public func copyBlob(_ descriptor: Descriptor, of reference: ImageReference, to file: URL,
                         progress: @Sendable (Int64) -> Void) async throws {
        let path = layout.blobPath(descriptor.digest)
        guard regularFileSize(at: path) != nil else {
            throw ImageSourceError.notFound(
                reference: reference.description, location: "the OCI layout \(layout.root.path)",
                hint: "the blob \(descriptor.digest) is missing from blobs/sha256; the layout is incomplete, copy the image again")
        }
        // Within one file system a hard link is the copy (neither side is ever written again).
        unlink(file.path)
        if link(path, file.path) == 0 {
            progress(descriptor.size)
            return
        }
        let sink = try FileSink(path: file.path)
        var copied: Int64 = 0
        try forEachChunk(of: FileSource(path: path)) { chunk in
            try sink.write(chunk)
            copied += Int64(chunk.count)
            progress(copied)
        }
        try sink.finish()
    }

    /// The `mediaType` field of a manifest or index (a layout may hold blobs not listed in `index.json`).
    static func mediaType(of content: Data, source: String) throws -> String {
        struct Probe: Decodable { var mediaType: String?; var manifests: [Descriptor]? }
        let probe = try OCIJSON.decode(Probe.self, from: content, source: source)
        return probe.mediaType ?? (probe.manifests != nil ? MediaType.ociIndex : MediaType.ociManifest)
    }
}
