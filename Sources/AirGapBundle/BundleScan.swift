import OCI

/// One entry of a bundle as a scan saw it.
public struct BundleEntry: Codable, Equatable, Sendable {
    /// The path inside the bundle (directories without the trailing `/`).
    public var path: String
    /// The data size in bytes (0 for directories).
    public var size: Int64
    /// Whether the entry is a directory.
    public var isDirectory: Bool
    /// The SHA-256 of the data (files only).
    public var digest: Digest?
}

/// Everything one streaming pass over a bundle file learns: every entry with its size and hash, the
/// small files (`bundle.json`, `index.json`, `SHA256SUMS`, …) and the JSON blobs (manifests, indexes,
/// configs). Large blobs are hashed and forgotten, so memory stays small whatever the bundle's size.
public struct BundleScan {
    /// The bundle file.
    public var file: URL
    /// How it is compressed (detected from its first bytes).
    public var compression: BundleCompression
    /// The size of the file on disk.
    public var fileSize: Int64
    /// Every entry in archive order.
    public var entries: [BundleEntry]
    /// Entries that are not regular files or directories (links, devices), by path.
    public var otherEntries: [String]
    /// Paths that appear more than once.
    public var duplicatePaths: [String]
    /// Contents of files outside `blobs/` up to ``smallFileLimit``.
    public var smallFiles: [String: [UInt8]]
    /// Contents of blobs up to ``jsonBlobLimit`` bytes that start with `{`, by file name.
    public var jsonBlobs: [String: [UInt8]]
    /// Set when the archive could not be read to its end (truncated, damaged, not a tar), naming the
    /// entry being read (or the file, when not even the first header reads).
    public var readFailure: BundleProblem?

    static let smallFileLimit: Int64 = 16 << 20
    static let jsonBlobLimit: Int64 = 4 << 20

    /// Regular files by path (the last one when a path repeats).
    public var files: [String: BundleEntry] {
        var result: [String: BundleEntry] = [:]
        for entry in entries where !entry.isDirectory { result[entry.path] = entry }
        return result
    }

    /// Reads the bundle at `file` once. Errors opening the file are thrown; a damaged archive is
    /// recorded in ``readFailure`` with what was read before it.
    public static func scan(_ file: URL, progress: BundleProgressHandler = { _ in }) throws -> BundleScan {
        let fileSource = try FileSource(path: file.path)
        let prefix = try peek(file.path)
        let compression = BundleCompression.detect(prefix: prefix)
        var scan = BundleScan(file: file, compression: compression, fileSize: regularFileSize(at: file.path) ?? 0,
                              entries: [], otherEntries: [], duplicatePaths: [], smallFiles: [:], jsonBlobs: [:])
        let counting = CountingSource(upstream: fileSource)
        let reader = TarReader(source: try compression.decompressing(counting))
        var seen = Set<String>()
        let message = "reading \(file.lastPathComponent)"
        do {
            while let header = try reader.next() {
                if !seen.insert(header.path).inserted { scan.duplicatePaths.append(header.path) }
                switch header.kind {
                case .directory:
                    scan.entries.append(BundleEntry(path: header.path, size: 0, isDirectory: true, digest: nil))
                    continue
                case .other:
                    scan.otherEntries.append(header.path)
                    continue
                case .file:
                    break
                }
                let isBlob = header.path.hasPrefix(BundlePaths.blobDirectory + "/")
                let keep = isBlob ? header.size <= jsonBlobLimit : header.size <= smallFileLimit
                var kept: [UInt8] = []
                var hasher = DigestHasher()
                try reader.forEachDataChunk { chunk in
                    hasher.update(bufferPointer: chunk)
                    if keep { kept.append(contentsOf: chunk) }
                    progress(.bytes(message, completed: counting.count, total: scan.fileSize))
                }
                scan.entries.append(BundleEntry(path: header.path, size: header.size, isDirectory: false, digest: hasher.finalize()))
                if isBlob {
                    if keep, kept.first == UInt8(ascii: "{") {
                        scan.jsonBlobs[String(header.path.dropFirst(BundlePaths.blobDirectory.count + 1))] = kept
                    }
                } else if keep {
                    scan.smallFiles[header.path] = kept
                }
            }
        } catch let error as TarReadError {
            let entry = error.entry == TarReader.startName ? file.lastPathComponent : error.entry
            scan.readFailure = BundleProblem(entry: entry, message: error.reason)
        } catch let error as CompressionError {
            scan.readFailure = BundleProblem(entry: scan.entries.last?.path ?? file.lastPathComponent,
                                             message: "cannot be read on: \(error)")
        }
        return scan
    }

    /// The first bytes of a file (for compression detection).
    static func peek(_ path: String) throws -> [UInt8] {
        let source = try FileSource(path: path)
        var bytes = [UInt8](repeating: 0, count: 8)
        let count = try bytes.withUnsafeMutableBytes { try source.read(into: $0) }
        return Array(bytes.prefix(count))
    }

    /// `bundle.json`, decoded.
    public func metadata() throws -> BundleMetadata {
        guard let bytes = smallFiles[BundlePaths.metadata] else {
            throw BundleError.unreadable(file: file.path, reason: "it has no \(BundlePaths.metadata) (is it a bundle made by `spegelctl bundle export`?)")
        }
        let metadata = try OCIJSON.decode(BundleMetadata.self, from: Data(bytes), source: BundlePaths.metadata)
        guard metadata.bundleVersion == BundleMetadata.currentVersion else {
            throw BundleError.unreadable(file: file.path, reason: "\(BundlePaths.metadata): bundleVersion \(metadata.bundleVersion) is not supported (expected \(BundleMetadata.currentVersion)); use a spegelctl that made it")
        }
        return metadata
    }

    /// `index.json`, decoded.
    public func index() throws -> ImageIndex {
        guard let bytes = smallFiles[BundlePaths.index] else {
            throw BundleError.unreadable(file: file.path, reason: "it has no \(BundlePaths.index)")
        }
        return try OCIJSON.decode(ImageIndex.self, from: Data(bytes), source: BundlePaths.index)
    }

    /// Every descriptor reachable from `root` through the bundle's manifests and indexes (root first,
    /// each digest once), and a problem for each one the bundle lacks or cannot parse.
    public func reachable(from root: Descriptor) -> (descriptors: [Descriptor], problems: [BundleProblem]) {
        let sizes = files
        var found: [Descriptor] = []
        var problems: [BundleProblem] = []
        var seen = Set<Digest>()
        var pending = [root]
        while !pending.isEmpty {
            let descriptor = pending.removeFirst()
            guard seen.insert(descriptor.digest).inserted else { continue }
            found.append(descriptor)
            let path = BundlePaths.blob(descriptor.digest)
            guard let entry = sizes[path] else {
                problems.append(BundleProblem(entry: path, message: "missing (\(descriptor.mediaType) referenced by the image)"))
                continue
            }
            guard entry.size == descriptor.size else {
                problems.append(BundleProblem(entry: path, message: "has \(entry.size) bytes, the referencing manifest says \(descriptor.size)"))
                continue
            }
            guard MediaType.isManifestOrIndex(descriptor.mediaType) else { continue }
            guard let bytes = jsonBlobs[descriptor.digest.hex] else {
                problems.append(BundleProblem(entry: path, message: "is not a readable \(descriptor.mediaType)"))
                continue
            }
            do {
                if MediaType.indexes.contains(descriptor.mediaType) {
                    pending += try OCIJSON.decode(ImageIndex.self, from: Data(bytes), source: path).manifests
                } else {
                    pending += try OCIJSON.decode(ImageManifest.self, from: Data(bytes), source: path).references
                }
            } catch {
                problems.append(BundleProblem(entry: path, message: "\(error)"))
            }
        }
        return (found, problems)
    }
}

/// Counts the bytes read through it (for progress on the compressed file).
final class CountingSource: ByteSource {
    private let upstream: ByteSource
    private(set) var count: Int64 = 0
    init(upstream: ByteSource) { self.upstream = upstream }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let read = try upstream.read(into: buffer)
        count += Int64(read)
        return read
    }
}
