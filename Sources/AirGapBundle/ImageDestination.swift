import OCI

/// Where `bundle push` writes images to. `repository` arguments name a registry and repository
/// (`ImageReference.registry` and `.repository`); their tag and digest are ignored.
///
/// Implementations: ``OCILayoutImageDestination`` (an OCI image layout directory) and
/// ``RegistryImageDestination`` (a registry, `bundle push --registry`).
public protocol ImageDestination: Sendable {
    /// Whether the blob is already stored in `repository` (with the descriptor's size).
    func blobExists(_ descriptor: Descriptor, in repository: ImageReference) async throws -> Bool

    /// Makes the blob, present in `source` of the same destination, available in `repository` without
    /// uploading it; returns false when the destination cannot (then the caller uploads it).
    func mountBlob(_ descriptor: Descriptor, from source: ImageReference, into repository: ImageReference) async throws -> Bool

    /// Stores the blob read from `file` in `repository`. Implementations check the digest.
    func putBlob(_ descriptor: Descriptor, from file: URL, in repository: ImageReference) async throws

    /// Whether the manifest or index is already stored in `repository` by its digest.
    func manifestExists(_ descriptor: Descriptor, in repository: ImageReference) async throws -> Bool

    /// The digest `tag` points at in `repository`, or nil when the tag does not exist.
    func digest(ofTag tag: String, in repository: ImageReference) async throws -> Digest?

    /// Stores the manifest or index `content` in `repository` by its digest, and when `tag` is given
    /// also points `tag` at it. Everything it references must already be stored.
    func putManifest(_ content: Data, descriptor: Descriptor, in repository: ImageReference, tag: String?) async throws
}

extension ImageDestination {
    /// Destinations without cross-repository mounts never mount.
    public func mountBlob(_ descriptor: Descriptor, from source: ImageReference, into repository: ImageReference) async throws -> Bool {
        false
    }
}
