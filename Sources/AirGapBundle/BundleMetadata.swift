import OCI

/// `bundle.json`: what a bundle holds and where its images go.
public struct BundleMetadata: Codable, Equatable, Sendable {
    /// The format version of the bundle (1).
    public var bundleVersion: Int
    /// The registry (`HOST[/PREFIX]`) the pinned manifests name; `bundle push` uploads there by default.
    public var imageMirror: String
    /// Every image, sorted by source.
    public var images: [BundleImage]
    /// The `--platform` filters the export used; empty when every platform was kept.
    public var platforms: [String]
    /// The chart inside the bundle.
    public var chart: BundleChart
    /// Paths of the operator values files inside the bundle, in the order they were applied.
    public var values: [String]
    /// The `--set` expressions applied after the values files, in order.
    public var sets: [String]

    /// The current format version.
    public static let currentVersion = 1

    public init(imageMirror: String, images: [BundleImage], platforms: [String], chart: BundleChart,
                values: [String], sets: [String]) {
        bundleVersion = Self.currentVersion
        self.imageMirror = imageMirror
        self.images = images
        self.platforms = platforms
        self.chart = chart
        self.values = values
        self.sets = sets
    }
}

/// One image of a bundle.
public struct BundleImage: Codable, Equatable, Sendable {
    /// The reference the chart renders (normalised), e.g. `docker.io/library/busybox:1.36`; also the
    /// `org.opencontainers.image.ref.name` of the image in the bundle's `index.json`.
    public var source: String
    /// The same image under `imageMirror`, tag kept and digest dropped (the name `push` tags),
    /// e.g. `harbor.corp.example/mirror/library/busybox:1.36`. A source without a tag keeps its digest.
    public var target: String
    /// What the manifests inside name: `target` pinned by ``digest``, e.g. `…/busybox:1.36@sha256:…`.
    public var pinned: String
    /// The digest of the image's root (index or manifest) in the bundle.
    public var digest: String
    /// The root's media type.
    public var mediaType: String
    /// The root's size in bytes.
    public var size: Int64
    /// What the source resolved the reference to; differs from ``digest`` when `--platform` narrowed an index.
    public var sourceDigest: String
    /// The platforms the bundle holds for the image (`linux/amd64`, …), when known.
    public var platforms: [String]

    public init(source: String, target: String, pinned: String, digest: String, mediaType: String, size: Int64,
                sourceDigest: String, platforms: [String]) {
        self.source = source
        self.target = target
        self.pinned = pinned
        self.digest = digest
        self.mediaType = mediaType
        self.size = size
        self.sourceDigest = sourceDigest
        self.platforms = platforms
    }

    /// The root descriptor.
    public func rootDescriptor() throws -> Descriptor {
        Descriptor(mediaType: mediaType, digest: try Digest(parsing: digest), size: size)
    }
}

/// The chart inside a bundle.
public struct BundleChart: Codable, Equatable, Sendable {
    public var name: String
    public var version: String
    /// Its path inside the bundle, e.g. `chart/spegel-0.1.0.tgz`.
    public var file: String

    public init(name: String, version: String, file: String) {
        self.name = name
        self.version = version
        self.file = file
    }
}

/// The fixed paths of a bundle.
public enum BundlePaths {
    public static let ociLayout = "oci-layout"
    public static let index = "index.json"
    public static let metadata = "bundle.json"
    public static let checksums = "SHA256SUMS"
    public static let release = "manifests/release.yaml"
    public static let blobDirectory = "blobs/sha256"

    /// `blobs/sha256/<hex>`.
    public static func blob(_ digest: Digest) -> String { "\(blobDirectory)/\(digest.hex)" }
}

extension BundleMetadata {
    /// `bundle.json` bytes: sorted keys, indented, a final newline (equal values give equal bytes).
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}
