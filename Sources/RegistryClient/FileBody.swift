import NIOCore
import _NIOFileSystem

/// The bytes of a file region as an async sequence of buffers, read on demand (one chunk in memory at
/// a time), for request bodies. Each iteration opens the file anew, so a retried request re-reads it.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String
    let range: Range<Int64>
    let chunkSize: Int
    /// Called with the number of bytes each chunk carries, as it is handed on.
    let onChunk: (@Sendable (Int) -> Void)?

    func makeAsyncIterator() -> Iterator {
        Iterator(reader: FileRegionReader(path: path, range: range, chunkSize: chunkSize), onChunk: onChunk)
    }

    struct Iterator: AsyncIteratorProtocol {
        let reader: FileRegionReader
        let onChunk: (@Sendable (Int) -> Void)?

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await reader.next() else { return nil }
            onChunk?(chunk.readableBytes)
            return chunk
        }
    }
}

/// Reads a file region chunk by chunk; closes the file at the end, on error, or when abandoned.
final class FileRegionReader: @unchecked Sendable {
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
            let length = min(Int64(chunkSize), range.upperBound - offset)
            let chunk = try await handle!.readChunk(fromAbsoluteOffset: offset, length: .bytes(length))
            guard chunk.readableBytes > 0 else {
                throw FileRegionError(path: path, detail: "the file ended at byte \(offset), expected \(range.upperBound) bytes")
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

/// A local file that is shorter than expected or cannot be read.
struct FileRegionError: Error, CustomStringConvertible {
    var path: String
    var detail: String
    var description: String { "\(path): \(detail)" }
}

/// Counts bytes of one transfer and reports the running total.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total: Int64 = 0
    private let report: (@Sendable (Int64) -> Void)?

    init(_ report: (@Sendable (Int64) -> Void)?) { self.report = report }

    /// Sets the total (after a restart or a resumed offset) and reports it.
    func reset(to value: Int64) {
        lock.lock(); total = value; lock.unlock()
        report?(value)
    }

    /// Adds `count` bytes and reports the new total.
    func add(_ count: Int) {
        lock.lock(); total += Int64(count); let now = total; lock.unlock()
        report?(now)
    }

    var value: Int64 { lock.lock(); defer { lock.unlock() }; return total }
}
