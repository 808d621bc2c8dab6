import OCI

/// Where `bundle export` reads images from.
///
/// Implementations: ``OCILayoutImageSource`` (a local OCI image layout, `--image-source DIR`) and
/// ``RegistryImageSource`` (the images' registries, the default).
public protocol ImageSource: Sendable {
    /// The root descriptor (an index or a manifest) that `reference` names: its digest when it has
    /// one, otherwise its tag. Throws ``ImageSourceError/notFound(reference:location:hint:)`` when the
    /// source lacks it.
    func resolve(_ reference: ImageReference) async throws -> Descriptor

    /// The bytes of the manifest or index `descriptor` in the repository of `reference`. Callers check
    /// the digest.
    func manifest(_ descriptor: Descriptor, of reference: ImageReference) async throws -> Data

    /// Copies the blob `descriptor` of the repository of `reference` into `file` (created or
    /// replaced), streaming, and calls `progress` with the bytes copied so far. Callers check the digest.
    func copyBlob(_ descriptor: Descriptor, of reference: ImageReference, to file: URL,
                  progress: @Sendable (Int64) -> Void) async throws
}

/// Why an image source could not provide an image.
public enum ImageSourceError: Error, CustomStringConvertible, Equatable {
    /// The source does not hold `reference`.
    case notFound(reference: String, location: String, hint: String)
    /// A tag names more than one image in the source.
    case ambiguous(reference: String, location: String, candidates: [String])
    /// Content the source returned is not what was asked for.
    case invalidContent(reference: String, digest: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let reference, let location, let hint):
            return "\(reference): not found in \(location); \(hint)"
        case .ambiguous(let reference, let location, let candidates):
            return "\(reference): the tag names several images in \(location) (\(candidates.joined(separator: ", "))); "
                + "annotate the wanted one with the full reference in org.opencontainers.image.ref.name"
        case .invalidContent(let reference, let digest, let reason):
            return "\(reference): \(digest): \(reason)"
        }
    }
}
