import OCI

/// Writes a deterministic POSIX tar stream: ustar headers (PAX records for names over 100 bytes and
/// sizes over 8 GiB), mode 0644 for files and 0755 for directories, uid/gid 0 without owner names,
/// one fixed modification time. Entries are written in the order given; callers sort them.
final class TarWriter {
    private let sink: ByteSink
    private let modificationTime: Int64
    /// Bytes written so far (headers, data and padding).
    private(set) var written: Int64 = 0

    static let blockSize = 512
    /// The largest size the 11 octal digits of a ustar header hold.
    static let maximumHeaderSize: Int64 = 0o77777777777

    init(sink: ByteSink, modificationTime: Int64) {
        self.sink = sink
        self.modificationTime = modificationTime
    }

    /// Writes a directory entry (`path` without the trailing slash).
    func addDirectory(_ path: String) throws {
        try writeHeaders(path: path + "/", size: 0, type: UInt8(ascii: "5"), mode: 0o755)
    }

    /// Writes a file entry holding `bytes`.
    func addFile(_ path: String, bytes: [UInt8]) throws {
        try writeHeaders(path: path, size: Int64(bytes.count), type: UInt8(ascii: "0"), mode: 0o644)
        try sink.write(bytes)
        written += Int64(bytes.count)
        try pad(Int64(bytes.count))
    }

    /// Writes a file entry of `size` bytes streamed from `source`, passing each chunk to `observe`
    /// (to hash it or report progress). Fails when `source` holds a different number of bytes.
    func addFile(_ path: String, size: Int64, from source: ByteSource,
                 observe: (UnsafeRawBufferPointer) -> Void = { _ in }) throws {
        try writeHeaders(path: path, size: size, type: UInt8(ascii: "0"), mode: 0o644)
        var copied: Int64 = 0
        try forEachChunk(of: source) { chunk in
            copied += Int64(chunk.count)
            guard copied <= size else { throw TarWriteError(path: path, reason: "the file grew beyond \(size) bytes while it was written") }
            observe(chunk)
            try sink.write(chunk)
        }
        guard copied == size else {
            throw TarWriteError(path: path, reason: "expected \(size) bytes, the file holds \(copied)")
        }
        written += size
        try pad(size)
    }

    /// Writes the two zero blocks that end the archive and finishes the sink.
    func finish() throws {
        try sink.write([UInt8](repeating: 0, count: 2 * Self.blockSize))
        written += Int64(2 * Self.blockSize)
        try sink.finish()
    }

    /// How many bytes an entry for `path` with `size` bytes of data takes in the archive.
    static func entryLength(path: String, size: Int64) -> Int64 {
        let records = paxRecords(path: path, size: size)
        var length = Int64(blockSize) + paddedLength(size)
        if !records.isEmpty { length += Int64(blockSize) + paddedLength(Int64(records.count)) }
        return length
    }

    /// The length of the two end blocks.
    static let trailerLength = Int64(2 * blockSize)

    static func paddedLength(_ size: Int64) -> Int64 { (size + Int64(blockSize) - 1) / Int64(blockSize) * Int64(blockSize) }

    /// The PAX extended header records the entry needs (empty when the ustar header suffices).
    static func paxRecords(path: String, size: Int64) -> [UInt8] {
        var records: [UInt8] = []
        if path.utf8.count > 100 || !path.utf8.allSatisfy({ $0 < 0x80 }) { records += paxRecord("path", path) }
        if size > maximumHeaderSize { records += paxRecord("size", String(size)) }
        return records
    }

    /// One `LENGTH KEY=VALUE\n` record; LENGTH counts the whole record including itself.
    static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n".utf8.count
        var length = body + 1
        while String(length).utf8.count + body != length { length += 1 }
        return Array("\(length) \(key)=\(value)\n".utf8)
    }

    private func writeHeaders(path: String, size: Int64, type: UInt8, mode: Int) throws {
        let records = Self.paxRecords(path: path, size: size)
        if !records.isEmpty {
            let baseName = path.split(separator: "/").last.map(String.init) ?? path
            let paxName = "PaxHeaders/" + String(decoding: Array(baseName.utf8.suffix(80)).filter { $0 < 0x80 }, as: UTF8.self)
            try sink.write(header(name: paxName, size: Int64(records.count), type: UInt8(ascii: "x"), mode: 0o644))
            try sink.write(records)
            written += Int64(Self.blockSize + records.count)
            try pad(Int64(records.count))
        }
        let shortName = String(decoding: Array(path.utf8.prefix(100)).filter { $0 < 0x80 }, as: UTF8.self)
        try sink.write(header(name: shortName, size: min(size, Self.maximumHeaderSize), type: type, mode: mode))
        written += Int64(Self.blockSize)
    }

    private func header(name: String, size: Int64, type: UInt8, mode: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(Int64(mode), at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(modificationTime, at: 136, width: 12)
        block[156] = type
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        octal(0, at: 329, width: 8)
        octal(0, at: 337, width: 8)
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        let checksum = block.reduce(0) { $0 + Int64($1) }
        octal(checksum, at: 148, width: 7)  // six digits, NUL, space (as GNU tar writes it)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return block
    }

    private func pad(_ size: Int64) throws {
        let padding = Int(Self.paddedLength(size) - size)
        if padding > 0 {
            try sink.write([UInt8](repeating: 0, count: padding))
            written += Int64(padding)
        }
    }
}

/// A file that could not be written into the archive as announced.
struct TarWriteError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): \(reason)" }
}
