import OCI

/// Somewhere bytes are written to in order: a file, or a compressor in front of one.
protocol ByteSink: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes what is buffered and closes the stream (a compressor writes its trailer).
    func finish() throws
}

extension ByteSink {
    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// Somewhere bytes are read from in order: a file, or a decompressor behind one.
protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns how many, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// An I/O failure naming the file and the system's reason.
public struct FileStreamError: Error, CustomStringConvertible, Equatable {
    /// The file.
    public var path: String
    /// What was being done and why it failed.
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    static func system(_ path: String, _ action: String, errno code: Int32 = errno) -> FileStreamError {
        FileStreamError(path: path, reason: "cannot \(action): \(String(cString: strerror(code)))")
    }
}

/// A file opened for writing (created or truncated, mode 0644).
final class FileSink: ByteSink {
    let path: String
    private var descriptor: Int32
    /// Bytes written so far.
    private(set) var count: Int64 = 0

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileStreamError.system(path, "create the file") }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileStreamError.system(path, "write")
            }
            remaining -= written
            base += written
            count += Int64(written)
        }
    }

    /// Flushes the file to disk and closes it.
    func finish() throws {
        guard descriptor >= 0 else { return }
        defer { close(descriptor); descriptor = -1 }
        guard fsync(descriptor) == 0 else { throw FileStreamError.system(path, "flush to disk") }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }
}

/// A file opened for reading.
final class FileSource: ByteSource {
    let path: String
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileStreamError.system(path, "open") }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw FileStreamError.system(path, "read") }
        }
    }

    deinit { close(descriptor) }
}

/// Bytes held in memory, read as a stream.
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { all in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}

/// Bytes collected in memory (for small archives such as the chart's `.tgz`).
final class MemorySink: ByteSink {
    private(set) var bytes: [UInt8] = []
    func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes.append(contentsOf: bytes) }
    func finish() throws {}
}

/// The size of I/O buffers used when streaming files.
let streamChunkSize = 1 << 20

/// Streams `path` through `body` in chunks of at most ``streamChunkSize`` bytes.
func forEachChunk(of source: ByteSource, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: streamChunkSize, alignment: 16)
    defer { buffer.deallocate() }
    while true {
        let count = try source.read(into: buffer)
        if count == 0 { return }
        try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }
}

/// The digest and size of the file at `path`, read in chunks.
func digestOfFile(at path: String) throws -> (digest: Digest, size: Int64) {
    var hasher = DigestHasher()
    var size: Int64 = 0
    try forEachChunk(of: FileSource(path: path)) { chunk in
        hasher.update(bufferPointer: chunk)
        size += Int64(chunk.count)
    }
    return (hasher.finalize(), size)
}

/// The size of the regular file at `path`, or nil when there is none.
func regularFileSize(at path: String) -> Int64? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int64(info.st_size)
}

/// Renames `from` to `to` (atomic on one file system), replacing `to`.
func renameFile(from: String, to: String) throws {
    guard rename(from, to) == 0 else { throw FileStreamError.system(to, "rename \(from) to it") }
}

/// Removes what an interrupted run left in `directory`: entries named `PREFIX<suffix>-PID` (for each
/// suffix) whose process is gone. Files of a run still going are kept.
func removeStaleTemporaries(in directory: URL, prefix: String, suffixes: [String]) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    for name in names {
        for suffix in suffixes where name.hasPrefix(prefix + suffix + "-") {
            guard let pid = Int32(name.dropFirst(prefix.count + suffix.count + 1)), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }
}
