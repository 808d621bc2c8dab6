import NIOCore

/// Where the mirror finds content: the node's containerd (module Containerd), an OCI layout
/// directory (`OCILayoutContentStore`) or memory (`InMemoryContentStore`).
///
/// Contract (checked by the conformance suite in `Tests/MirrorRegistryTests/ContentStoreConformance.swift`):
/// - `resolve` maps a tag reference to the digest of the manifest or index it names, or nil.
/// - `descriptor(of:)` returns the media type and exact byte size of present content, or nil.
///   Manifests and indexes carry their manifest media type (served as `Content-Type`); other blobs may
///   carry their layer/config type or `application/octet-stream`.
/// - `open` returns the bytes of present content (nil when absent, e.g. garbage-collected since
///   `descriptor`); `ContentBody.size` equals `descriptor(of:).size`, and the bytes hash to the digest.
/// - `listDigests` and `listImages` enumerate what the node can serve and advertise; every listed
///   image's digest is resolvable and present.
/// - `events()` starts a new subscription; every later addition or removal is delivered to each
///   subscriber in order. Stores whose content never changes may return a stream that never yields.
/// All methods may be called concurrently.
public protocol ContentStore: Sendable {
    /// The digest of the manifest or index `reference` names, or nil when the store lacks it.
    func resolve(_ reference: TagReference) async throws -> Digest?
    /// The descriptor (media type, size, digest) of present content, or nil.
    func descriptor(of digest: Digest) async throws -> Descriptor?
    /// The bytes of present content, or nil.
    func open(_ digest: Digest) async throws -> ContentBody?
    /// Every digest present, sorted.
    func listDigests() async throws -> [Digest]
    /// Every tagged image present, sorted by reference.
    func listImages() async throws -> [StoredImage]
    /// A new subscription to additions and removals from now on.
    func events() -> AsyncStream<ContentEvent>
    /// Where present content lives as a whole file, when the store can tell without waiting (no I/O but
    /// what a lookup in memory costs); nil when it cannot, and the asynchronous methods decide. The
    /// registry port uses it to answer local blob requests on the connection's event loop.
    func localFile(of digest: Digest) -> LocalContentFile?
}

extension ContentStore {
    /// No file known without waiting: requests take the asynchronous path.
    public func localFile(of digest: Digest) -> LocalContentFile? { nil }
}

/// Present content that is a whole file: its path and size (the file may still vanish before it is
/// opened, as content is garbage-collected).
public struct LocalContentFile: Sendable, Hashable {
    public var path: String
    public var size: Int64

    public init(path: String, size: Int64) {
        self.path = path
        self.size = size
    }
}

/// A tagged image in a store: its reference and the digest of its manifest or index.
public struct StoredImage: Hashable, Sendable, Comparable {
    public var reference: TagReference
    public var digest: Digest

    public init(reference: TagReference, digest: Digest) {
        self.reference = reference
        self.digest = digest
    }

    public static func < (lhs: StoredImage, rhs: StoredImage) -> Bool { lhs.reference < rhs.reference }
}

/// A change in a store, in the routing vocabulary: keys to advertise or to withdraw.
public enum ContentEvent: Hashable, Sendable {
    case added(ContentKey)
    case removed(ContentKey)
}

/// The bytes of one piece of content, with their size, read lazily.
///
/// `.file` lets the server read a region of a file in large chunks without buffering the whole blob
/// (containerd keeps blobs as files in `io.containerd.content.v1.content/blobs/sha256/`); `.buffer` is
/// for small or in-memory content; `.stream` is for sources that produce ranges on demand (a gRPC
/// `content.Read`, a peer).
public struct ContentBody: Sendable {
    public enum Source: Sendable {
        /// `size` bytes of the file at `path`, starting at byte `offset`.
        case file(path: String, offset: Int64)
        /// All readable bytes of the buffer.
        case buffer(ByteBuffer)
        /// A producer of the bytes in a half-open range (within `0..<size`).
        case stream(@Sendable (Range<Int64>) -> AsyncThrowingStream<ByteBuffer, any Error>)
    }

    /// The content's size in bytes.
    public let size: Int64
    public let source: Source

    public init(size: Int64, source: Source) {
        self.size = size
        self.source = source
    }

    /// Content held in memory.
    public init(buffer: ByteBuffer) {
        self.init(size: Int64(buffer.readableBytes), source: .buffer(buffer))
    }

    /// The whole file at `path`, whose size is `size`.
    public init(filePath path: String, size: Int64) {
        self.init(size: size, source: .file(path: path, offset: 0))
    }

    /// The bytes in `range` (clamped to `0..<size`) as chunks of at most `chunkSize` bytes.
    public func chunks(in range: Range<Int64>? = nil, chunkSize: Int = 256 * 1024) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let range = (range ?? 0..<size).clamped(to: 0..<size)
        switch source {
        case .buffer(let buffer):
            return AsyncThrowingStream { continuation in
                var offset = range.lowerBound
                while offset < range.upperBound {
                    let length = Int(min(Int64(chunkSize), range.upperBound - offset))
                    if let slice = buffer.getSlice(at: buffer.readerIndex + Int(offset), length: length) {
                        continuation.yield(slice)
                    }
                    offset += Int64(length)
                }
                continuation.finish()
            }
        case .file(let path, let base):
            return FileChunks.read(path: path, range: (range.lowerBound + base)..<(range.upperBound + base), chunkSize: chunkSize)
        case .stream(let produce):
            return produce(range)
        }
    }
}
