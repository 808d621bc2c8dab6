/// Writes a ustar archive in memory: directories and regular files, with the metadata given (nothing
/// is read from the host), so the same entries always give the same bytes.
///
/// Paths longer than 100 bytes are split into ustar's `prefix` (155 bytes) and `name` (100 bytes);
/// a path that cannot be split that way is rejected.
public struct TarWriter {
    /// The archive so far (without the end-of-archive blocks until ``finish()``).
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends a directory entry; `path` is relative (`usr/local/bin`), without a trailing slash.
    public mutating func appendDirectory(_ path: String, mode: UInt32, uid: Int = 0, gid: Int = 0, mtime: Int) throws {
        try appendHeader(path: path + "/", mode: mode, uid: uid, gid: gid, size: 0, mtime: mtime, type: UInt8(ascii: "5"))
    }

    /// Appends a regular file entry with `contents`.
    public mutating func appendFile(_ path: String, contents: [UInt8], mode: UInt32, uid: Int = 0, gid: Int = 0, mtime: Int) throws {
        try appendHeader(path: path, mode: mode, uid: uid, gid: gid, size: contents.count, mtime: mtime, type: UInt8(ascii: "0"))
        bytes.append(contentsOf: contents)
        bytes.append(contentsOf: repeatElement(0, count: Self.padding(contents.count)))
    }

    /// Appends the two zero blocks that end an archive and returns the archive.
    public mutating func finish() -> [UInt8] {
        bytes.append(contentsOf: repeatElement(0, count: 2 * Self.blockSize))
        return bytes
    }

    static let blockSize = 512

    static func padding(_ size: Int) -> Int { (blockSize - size % blockSize) % blockSize }

    private mutating func appendHeader(path: String, mode: UInt32, uid: Int, gid: Int, size: Int, mtime: Int, type: UInt8) throws {
        let (prefix, name) = try Self.split(path)
        var header = [UInt8](repeating: 0, count: Self.blockSize)
        func put(_ field: [UInt8], at offset: Int) {
            header.replaceSubrange(offset..<(offset + field.count), with: field)
        }
        put(name, at: 0)
        put(try Self.octal(Int(mode), width: 8, path: path, field: "mode"), at: 100)
        put(try Self.octal(uid, width: 8, path: path, field: "uid"), at: 108)
        put(try Self.octal(gid, width: 8, path: path, field: "gid"), at: 116)
        put(try Self.octal(size, width: 12, path: path, field: "size"), at: 124)
        put(try Self.octal(mtime, width: 12, path: path, field: "mtime"), at: 136)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)  // checksum placeholder
        header[156] = type
        put(Array("ustar\0".utf8), at: 257)
        put(Array("00".utf8), at: 263)
        put(prefix, at: 345)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(try Self.octal(checksum, width: 7, path: path, field: "checksum") + [UInt8(ascii: " ")], at: 148)
        bytes.append(contentsOf: header)
    }

    /// `value` as zero-padded octal digits followed by NUL, `width` bytes in all.
    static func octal(_ value: Int, width: Int, path: String, field: String) throws -> [UInt8] {
        let digits = Array(String(value, radix: 8).utf8)
        guard value >= 0, digits.count <= width - 1 else {
            throw ImageBuildError.tarFieldOverflow(path: path, field: field, value: value)
        }
        return Array(repeating: UInt8(ascii: "0"), count: width - 1 - digits.count) + digits + [0]
    }

    /// Splits `path` into ustar `prefix` and `name`.
    static func split(_ path: String) throws -> (prefix: [UInt8], name: [UInt8]) {
        let bytes = Array(path.utf8)
        if bytes.count <= 100 { return ([], bytes) }
        // Split at a slash so that the name (after it) fits in 100 bytes and the prefix in 155.
        // A directory's trailing slash stays with its name.
        let searchEnd = bytes.last == UInt8(ascii: "/") ? bytes.count - 1 : bytes.count
        for index in 0..<searchEnd where bytes[index] == UInt8(ascii: "/") {
            let prefix = Array(bytes[..<index]), name = Array(bytes[(index + 1)...])
            if prefix.count <= 155 && name.count <= 100 && !name.isEmpty { return (prefix, name) }
        }
        throw ImageBuildError.pathTooLong(path)
    }
}
