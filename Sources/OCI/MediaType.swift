/// Media types of OCI and Docker v2 images.
public enum MediaType {
    /// `application/vnd.oci.image.manifest.v1+json`
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    /// `application/vnd.oci.image.index.v1+json`
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    /// `application/vnd.oci.image.config.v1+json`
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    /// `application/vnd.oci.image.layer.v1.tar`
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    /// `application/vnd.oci.image.layer.v1.tar+gzip`
    public static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    /// `application/vnd.oci.image.layer.v1.tar+zstd`
    public static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    /// `application/vnd.oci.empty.v1+json`
    public static let ociEmpty = "application/vnd.oci.empty.v1+json"
    /// `application/vnd.docker.distribution.manifest.v2+json`
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// `application/vnd.docker.distribution.manifest.list.v2+json`
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    /// `application/vnd.docker.container.image.v1+json`
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    /// `application/vnd.docker.image.rootfs.diff.tar.gzip`
    public static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    /// Generic binary content, used when a blob's media type is unknown.
    public static let octetStream = "application/octet-stream"

    /// Media types of image manifests (a single platform).
    public static let manifests: Set<String> = [ociManifest, dockerManifest]
    /// Media types of indexes (manifest lists).
    public static let indexes: Set<String> = [ociIndex, dockerManifestList]

    /// The media types a client accepts when it asks a registry for a manifest by tag or digest,
    /// most specific first (what the `Accept` header of a manifest request lists).
    public static let acceptedManifestTypes: [String] = [ociIndex, ociManifest, dockerManifestList, dockerManifest]

    /// Whether `mediaType` names a manifest or an index, i.e. content served under `/manifests/`.
    public static func isManifestOrIndex(_ mediaType: String) -> Bool {
        manifests.contains(mediaType) || indexes.contains(mediaType)
    }
}

/// Annotation keys from the OCI image spec.
public enum AnnotationKey {
    /// `org.opencontainers.image.ref.name`: the name (a tag or a full reference) of an image in a layout.
    public static let refName = "org.opencontainers.image.ref.name"
    /// `io.containerd.image.name`: the full image reference containerd records.
    public static let containerdImageName = "io.containerd.image.name"
}
