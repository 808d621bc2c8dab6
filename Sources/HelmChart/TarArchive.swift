/// One regular file of a tar archive.
public struct TarEntry: Sendable {
    public var name: String
    public var data: [UInt8]
}

/// Reads the regular files of a ustar/GNU/PAX tar archive (directories and PAX headers skipped,
/// PAX `path` and GNU long names honoured).
public func readTar(_ bytes: [UInt8]) throws -> [TarEntry] {
    var entries: [TarEntry] = []
    var offset = 0
    var longName: String? = nil
    var paxPath: String? = nil
    func field(_ start: Int, _ length: Int) -> [UInt8] {
        let slice = bytes[(offset + start)..<(offset + start + length)]
        return Array(slice.prefix { $0 != 0 })
    }
    func octal(_ start: Int, _ length: Int) throws -> Int {
        let raw = bytes[(offset + start)..<(offset + start + length)]
        if let first = raw.first, first & 0x80 != 0 {  // base-256
            var v = Int(first & 0x7F)
            for b in raw.dropFirst() { v = v << 8 | Int(b) }
            return v
        }
        let text = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 0 }
        guard let v = Int(text, radix: 8) else { throw ChartError("archive/tar: invalid tar header") }
        return v
    }
    while offset + 512 <= bytes.count {
        if bytes[offset..<(offset + 512)].allSatisfy({ $0 == 0 }) { break }
        let size = try octal(124, 12)
        let type = bytes[offset + 156]
        var name = String(decoding: field(0, 100), as: UTF8.self)
        let magic = field(257, 6)
        if magic.starts(with: Array("ustar".utf8)) {
            let prefix = String(decoding: field(345, 155), as: UTF8.self)
            if !prefix.isEmpty { name = prefix + "/" + name }
        }
        let dataStart = offset + 512
        guard dataStart + size <= bytes.count else { throw ChartError("unexpected EOF") }
        let data = Array(bytes[dataStart..<(dataStart + size)])
        offset = dataStart + (size + 511) / 512 * 512
        switch type {
        case UInt8(ascii: "L"):
            longName = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
            continue
        case UInt8(ascii: "x"):
            paxPath = parsePaxPath(data)
            continue
        case UInt8(ascii: "g"):
            continue
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
            if let l = longName { name = l }
            if let p = paxPath { name = p }
            longName = nil; paxPath = nil
            if name.hasSuffix("/") { continue }
            entries.append(TarEntry(name: name, data: data))
        default:
            longName = nil; paxPath = nil
            continue  // directories, links and devices are not chart files
        }
    }
    return entries
}

private func parsePaxPath(_ data: [UInt8]) -> String? {
    var i = 0
    var result: String? = nil
    while i < data.count {
        guard let space = data[i...].firstIndex(of: UInt8(ascii: " ")),
              let length = Int(String(decoding: data[i..<space], as: UTF8.self)), length > 0 else { break }
        let record = data[(space + 1)..<min(i + length, data.count)]
        let text = String(decoding: record, as: UTF8.self).trimmingCharacters(in: .newlines)
        if text.hasPrefix("path=") { result = String(text.dropFirst(5)) }
        i += length
    }
    return result
}
