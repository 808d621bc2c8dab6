import OCI

/// What `bundle inspect` shows: the images (source → target, digest, sizes, platforms), the files and
/// the totals. Encodable for `--json`.
public struct BundleInspection: Codable, Sendable {
    /// One image and what it takes in the bundle.
    public struct Image: Codable, Sendable {
        public var source: String
        public var target: String
        public var pinned: String
        public var digest: String
        public var mediaType: String
        /// The root's size.
        public var size: Int64
        /// Every blob the image references (manifests included), counted once.
        public var totalSize: Int64
        public var blobCount: Int
        public var platforms: [String]
    }

    /// One file of the bundle.
    public struct File: Codable, Sendable {
        public var path: String
        public var size: Int64
    }

    public var file: String
    public var compression: BundleCompression
    /// The size of the bundle file.
    public var fileSize: Int64
    public var imageMirror: String
    public var chart: BundleChart
    public var values: [String]
    public var sets: [String]
    public var images: [Image]
    public var files: [File]
    /// The sum of the sizes of the files inside.
    public var totalSize: Int64

    /// Builds the inspection from a scan. Throws when the bundle has no readable `bundle.json`.
    public init(scan: BundleScan) throws {
        let metadata = try scan.metadata()
        file = scan.file.path
        compression = scan.compression
        fileSize = scan.fileSize
        imageMirror = metadata.imageMirror
        chart = metadata.chart
        values = metadata.values
        sets = metadata.sets
        images = try metadata.images.map { image in
            let reachable = scan.reachable(from: try image.rootDescriptor()).descriptors
            return Image(source: image.source, target: image.target, pinned: image.pinned, digest: image.digest,
                         mediaType: image.mediaType, size: image.size,
                         totalSize: reachable.reduce(0) { $0 + $1.size }, blobCount: reachable.count,
                         platforms: image.platforms)
        }
        files = scan.entries.filter { !$0.isDirectory }.map { File(path: $0.path, size: $0.size) }
        totalSize = files.reduce(0) { $0 + $1.size }
    }

    /// The report for people.
    public var text: String {
        var lines: [String] = []
        lines.append("bundle: \(file) (\(compression == .none ? "tar" : compression.rawValue), \(formatByteCount(fileSize)))")
        lines.append("imageMirror: \(imageMirror)")
        lines.append("chart: \(chart.name) \(chart.version) (\(chart.file))")
        if !values.isEmpty { lines.append("values: \(values.joined(separator: ", "))") }
        if !sets.isEmpty { lines.append("sets: \(sets.joined(separator: ", "))") }
        lines.append("images (\(images.count)):")
        for image in images {
            lines.append("  \(image.source) → \(image.target)")
            let platforms = image.platforms.isEmpty ? "" : ", " + image.platforms.joined(separator: " ")
            lines.append("    \(image.digest), \(formatByteCount(image.totalSize)) in \(image.blobCount) blobs\(platforms)")
        }
        lines.append("files (\(files.count)):")
        let width = files.map { String($0.size).count }.max() ?? 1
        for file in files {
            let size = String(file.size)
            lines.append("  " + String(repeating: " ", count: width - size.count) + size + "  " + file.path)
        }
        lines.append("total: \(formatByteCount(totalSize)) in \(files.count) files")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON (sorted keys, indented).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
