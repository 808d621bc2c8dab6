import NIOCore
import _NIOFileSystem

/// Reads a region of a file in chunks with NIO's file system (non-blocking for the event loops).
enum FileChunks {
    /// The bytes of `path` in `range`, in chunks of `chunkSize`, read on demand (each `next()` reads
    /// one chunk, so a slow consumer slows the reads). Fails if the file is shorter.
    static func read(path: String, range: Range<Int64>, chunkSize: Int) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let reader = PullReader(path: path, range: range, chunkSize: chunkSize)
        return AsyncThrowingStream(unfolding: { try await reader.next() })
    }

    /// Calls `body` with the bytes of `path` in `range`, chunk by chunk, awaiting each call
    /// (so a slow client applies back-pressure to the disk reads).
    static func write(path: String, range: Range<Int64>, chunkSize: Int, _ body: (ByteBuffer) async throws -> Void) async throws {
        guard !range.isEmpty else { return }
        try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
            var delivered: Int64 = 0
            for try await chunk in handle.readChunks(in: range, chunkLength: .bytes(Int64(chunkSize))) {
                delivered += Int64(chunk.readableBytes)
                try await body(chunk)
            }
            guard delivered == Int64(range.count) else {
                throw ContentStoreError.truncated(path: path, expected: Int64(range.count), read: delivered)
            }
        }
    }
}

/// Reads a file region chunk by chunk; closes the file at the end, on error, or when abandoned.
final class PullReader: @unchecked Sendable {
    let path: String
    let range: Range<Int64>
    let chunkSize: Int
    private var offset: Int64
    private var handle: ReadFileHandle?
    private var finished = false

    init(path: String, range: Range<Int64>, chunkSize: Int) {
        self.path = path
        self.range = range
        self.chunkSize = chunkSize
        self.offset = range.lowerBound
    }

    /// The next chunk, or nil at the end. Called by one consumer at a time.
    func next() async throws -> ByteBuffer? {
        guard !finished else { return nil }
        guard offset < range.upperBound else {
            try await finish()
            return nil
        }
        do {
            if handle == nil { handle = try await FileSystem.shared.openFile(forReadingAt: FilePath(path)) }
            let length = Int64(min(Int64(chunkSize), range.upperBound - offset))
            let chunk = try await handle!.readChunk(fromAbsoluteOffset: offset, length: .bytes(length))
            guard chunk.readableBytes > 0 else {
                throw ContentStoreError.truncated(path: path, expected: Int64(range.count), read: offset - range.lowerBound)
            }
            offset += Int64(chunk.readableBytes)
            return chunk
        } catch {
            try? await finish()
            throw error
        }
    }

    private func finish() async throws {
        finished = true
        if let open = handle {
            handle = nil
            try await open.close()
        }
    }

    deinit {
        if let open = handle, let descriptor = try? open.detachUnsafeFileDescriptor() {
            try? descriptor.close()
        }
    }
}

/// Errors stores and bodies report.
public enum ContentStoreError: Error, Equatable, CustomStringConvertible {
    case truncated(path: String, expected: Int64, read: Int64)
    case digestMismatch(expected: Digest, actual: Digest)
    case invalidStoreSpecification(String)

    public var description: String {
        switch self {
        case .truncated(let path, let expected, let read):
            return "\(path): expected \(expected) bytes, read \(read)"
        case .digestMismatch(let expected, let actual):
            return "content has digest \(actual), expected \(expected)"
        case .invalidStoreSpecification(let text):
            return "--store \"\(text)\": expected oci-layout:DIR or containerd"
        }
    }
}
