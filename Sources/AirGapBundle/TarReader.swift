/// One entry of a tar stream as ``TarReader`` reports it (the archive's root `.` is skipped).
struct TarEntryHeader: Equatable {
    enum Kind: Equatable { case file, directory, other(UInt8) }
    /// The path (PAX `path` and GNU long names applied; a leading `./` and a trailing `/` removed).
    var path: String
    /// The data length in bytes.
    var size: Int64
    var kind: Kind
}

/// A tar stream that is not well formed, naming where it broke.
struct TarReadError: Error, CustomStringConvertible, Equatable {
    /// The entry being read, or the last complete one.
    var entry: String
    var reason: String
    var description: String { "\(entry): \(reason)" }
}

/// Reads a ustar/PAX/GNU tar stream entry by entry without holding entries in memory.
final class TarReader {
    private let source: ByteSource
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: streamChunkSize, alignment: 16)
    private var bufferStart = 0
    private var bufferEnd = 0
    /// Data bytes of the current entry not yet read, and its padding.
    private var remaining: Int64 = 0
    private var padding: Int64 = 0
    private var current: String = TarReader.startName
    /// The entry name in errors before the first header.
    static let startName = "(start of archive)"

    init(source: ByteSource) {
        self.source = source
    }

    deinit { buffer.deallocate() }

    /// The next entry, skipping what is left of the current one; nil at the end of the archive.
    func next() throws -> TarEntryHeader? {
        try skip(remaining + padding)
        remaining = 0
        padding = 0
        var paxPath: String?
        var paxSize: Int64?
        var longName: String?
        while true {
            guard let block = try readBlock() else {
                throw TarReadError(entry: current, reason: "the archive ends without its end-of-archive blocks (truncated file)")
            }
            if block.allSatisfy({ $0 == 0 }) { return nil }
            try checkChecksum(block)
            var size = try octal(block, 124, 12)
            let type = block[156]
            var path = string(block, 0, 100)
            if block[257..<262].elementsEqual("ustar".utf8) {
                let prefix = string(block, 345, 155)
                if !prefix.isEmpty { path = prefix + "/" + path }
            }
            switch type {
            case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"):
                let data = try readSmallData(size, what: type == UInt8(ascii: "L") ? "GNU long name" : "PAX header")
                if type == UInt8(ascii: "x") {
                    let records = try Self.paxRecords(data, entry: current)
                    paxPath = records["path"] ?? paxPath
                    if let text = records["size"] {
                        guard let value = Int64(text) else { throw TarReadError(entry: current, reason: "PAX size \"\(text)\" is not a number") }
                        paxSize = value
                    }
                } else if type == UInt8(ascii: "L") {
                    longName = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                }
                continue
            default:
                break
            }
            if let longName { path = longName }
            if let paxPath { path = paxPath }
            if let paxSize { size = paxSize }
            let kind: TarEntryHeader.Kind
            switch type {
            case UInt8(ascii: "0"), 0: kind = path.hasSuffix("/") ? .directory : .file
            case UInt8(ascii: "5"): kind = .directory
            default: kind = .other(type)
            }
            while path.hasSuffix("/") { path.removeLast() }
            // `tar -C DIR .` writes `./NAME`; the bundle's paths are relative either way.
            while path.hasPrefix("./") { path.removeFirst(2) }
            if path == "." && kind == .directory {
                paxPath = nil; paxSize = nil; longName = nil
                continue
            }
            current = path
            let hasData = kind == .file || (kind != .directory && type != UInt8(ascii: "1") && type != UInt8(ascii: "2"))
            remaining = hasData ? size : 0
            padding = hasData ? TarWriter.paddedLength(size) - size : 0
            return TarEntryHeader(path: path, size: hasData ? size : 0, kind: kind)
        }
    }

    /// Reads the current entry's data in chunks.
    func forEachDataChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while remaining > 0 {
            if bufferStart == bufferEnd { try refill() }
            guard bufferStart < bufferEnd else {
                throw TarReadError(entry: current, reason: "the archive ends inside this entry (\(remaining) bytes missing; truncated file)")
            }
            let count = min(bufferEnd - bufferStart, Int(clamping: remaining))
            try body(UnsafeRawBufferPointer(rebasing: buffer[bufferStart..<(bufferStart + count)]))
            bufferStart += count
            remaining -= Int64(count)
        }
    }

    // MARK: Buffering

    private func refill() throws {
        bufferStart = 0
        bufferEnd = 0
        while bufferEnd == 0 {
            let count = try source.read(into: buffer)
            if count == 0 { return }
            bufferEnd = count
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if bufferStart == bufferEnd {
                try refill()
                if bufferEnd == 0 { return out.isEmpty ? nil : out }
            }
            let take = min(count - out.count, bufferEnd - bufferStart)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[bufferStart..<(bufferStart + take)]))
            bufferStart += take
        }
        return out
    }

    private func readBlock() throws -> [UInt8]? {
        guard let block = try readExactly(TarWriter.blockSize) else { return nil }
        guard block.count == TarWriter.blockSize else {
            throw TarReadError(entry: current, reason: "the archive ends inside a header block (truncated file)")
        }
        return block
    }

    private func readSmallData(_ size: Int64, what: String) throws -> [UInt8] {
        guard size <= 1 << 20 else { throw TarReadError(entry: current, reason: "\(what) of \(size) bytes is larger than 1 MiB") }
        let padded = Int(TarWriter.paddedLength(size))
        guard let data = try readExactly(padded), data.count == padded else {
            throw TarReadError(entry: current, reason: "the archive ends inside a \(what) (truncated file)")
        }
        return Array(data.prefix(Int(size)))
    }

    private func skip(_ count: Int64) throws {
        var left = count
        while left > 0 {
            if bufferStart == bufferEnd {
                try refill()
                guard bufferEnd > 0 else {
                    throw TarReadError(entry: current, reason: "the archive ends inside this entry (truncated file)")
                }
            }
            let take = min(Int(clamping: left), bufferEnd - bufferStart)
            bufferStart += take
            left -= Int64(take)
        }
    }

    // MARK: Header fields

    private func string(_ block: [UInt8], _ offset: Int, _ length: Int) -> String {
        String(decoding: block[offset..<(offset + length)].prefix { $0 != 0 }, as: UTF8.self)
    }

    private func octal(_ block: [UInt8], _ offset: Int, _ length: Int) throws -> Int64 {
        let raw = block[offset..<(offset + length)]
        if let first = raw.first, first & 0x80 != 0 {  // base-256 (GNU)
            var value = Int64(first & 0x7F)
            for byte in raw.dropFirst() { value = value << 8 | Int64(byte) }
            return value
        }
        let text = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 0 }
        guard let value = Int64(text, radix: 8) else {
            throw TarReadError(entry: current, reason: "the next header is not a tar header (not a tar archive, or damaged)")
        }
        return value
    }

    private func checkChecksum(_ block: [UInt8]) throws {
        let stored = try octal(block, 148, 8)
        var sum: Int64 = 0
        for (index, byte) in block.enumerated() { sum += (148..<156).contains(index) ? 32 : Int64(byte) }
        guard stored == sum else {
            throw TarReadError(entry: current, reason: "the header after this entry has checksum \(stored), computed \(sum) (not a tar archive, or damaged)")
        }
    }

    static func paxRecords(_ data: [UInt8], entry: String) throws -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                  index + length <= data.count else {
                throw TarReadError(entry: entry, reason: "malformed PAX record after this entry")
            }
            let record = data[(space + 1)..<(index + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                records[String(decoding: record[..<equals], as: UTF8.self)] = String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            index += length
        }
        return records
    }
}
