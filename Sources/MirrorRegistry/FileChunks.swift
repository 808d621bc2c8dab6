import NIOCore
import _NIOFileSystem

/// Reads a region of a file in chunks with NIO's file system (non-blocking for the event loops).
enum FileChunks {
    /// The bytes of `path` in `range`, in chunks of `chunkSize`. Fails if the file is shorter.
    static func read(path: String, range: Range<Int64>, chunkSize: Int) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream(bufferingPolicy: .bufferingNewest(4))
        let task = Task {
            do {
                try await write(path: path, range: range, chunkSize: chunkSize) { chunk in
                    continuation.yield(chunk)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
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
