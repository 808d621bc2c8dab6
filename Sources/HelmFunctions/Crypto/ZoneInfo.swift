import Foundation

/// Time zone data read from a TZif file (`/usr/share/zoneinfo/NAME`), as Go's `time` package reads
/// it: transitions with their offsets and abbreviations, and the POSIX rule for later times.
final class ZoneInfo: @unchecked Sendable {
    struct ZoneType {
        var offset: Int
        var isDST: Bool
        var abbreviation: String
    }

    let types: [ZoneType]
    let transitions: [Int64]
    let transitionTypes: [Int]
    /// The footer TZ string (e.g. `EST5EDT,M3.2.0,M11.1.0`) for instants after the last transition.
    let rule: PosixTimeZoneRule?

    /// Directories searched for zone files, as Go does on Unix.
    static let directories = ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/"]

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [String: ZoneInfo] = [:]

    /// The zone called `name` (e.g. `America/New_York`), or nil when no readable file has that name.
    static func named(_ name: String) -> ZoneInfo? {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("..") else { return nil }
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = cache[name] { return cached }
        for directory in directories {
            if let data = FileManager.default.contents(atPath: directory + name), let zone = ZoneInfo(tzif: [UInt8](data)) {
                cache[name] = zone
                return zone
            }
        }
        return nil
    }

    /// The zone in the file at `path`.
    static func file(_ path: String) -> ZoneInfo? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return ZoneInfo(tzif: [UInt8](data))
    }

    /// Parses TZif data (versions 1–4), preferring the 64-bit section.
    init?(tzif bytes: [UInt8]) {
        var reader = ByteReader(bytes: bytes)
        guard let header = reader.header() else { return nil }
        var counts = header.counts
        var timeSize = 4
        if header.version >= 2 {
            // Skip the version 1 body and read the 64-bit one.
            reader.skip(counts.timecnt * 5 + counts.typecnt * 6 + counts.charcnt + counts.leapcnt * 8
                        + counts.isstdcnt + counts.isutcnt)
            guard let second = reader.header() else { return nil }
            counts = second.counts
            timeSize = 8
        }
        var transitions: [Int64] = []
        for _ in 0..<counts.timecnt {
            guard let t = timeSize == 8 ? reader.int64() : reader.int32().map(Int64.init) else { return nil }
            transitions.append(t)
        }
        var indices: [Int] = []
        for _ in 0..<counts.timecnt {
            guard let i = reader.byte() else { return nil }
            indices.append(Int(i))
        }
        var raw: [(Int, Bool, Int)] = []
        for _ in 0..<counts.typecnt {
            guard let offset = reader.int32(), let dst = reader.byte(), let index = reader.byte() else { return nil }
            raw.append((Int(offset), dst != 0, Int(index)))
        }
        guard let chars = reader.bytes(counts.charcnt) else { return nil }
        reader.skip(counts.leapcnt * (timeSize + 4) + counts.isstdcnt + counts.isutcnt)
        let parsedTypes = raw.map { offset, dst, index in
            let tail = index < chars.count ? chars[index...] : []
            let name = tail.prefix { $0 != 0 }
            return ZoneType(offset: offset, isDST: dst, abbreviation: String(decoding: name, as: UTF8.self))
        }
        guard !parsedTypes.isEmpty, indices.allSatisfy({ $0 < parsedTypes.count }) else { return nil }
        self.types = parsedTypes
        self.transitions = transitions
        self.transitionTypes = indices
        var footer: PosixTimeZoneRule? = nil
        if header.version >= 2, let rest = reader.remaining(), rest.first == UInt8(ascii: "\n") {
            let text = String(decoding: rest.dropFirst().prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            footer = PosixTimeZoneRule(text)
        }
        self.rule = footer
    }

    /// The abbreviation and offset in effect at `unix`.
    func lookup(_ unix: Int64) -> (abbreviation: String, offset: Int) {
        if transitions.isEmpty || unix < transitions[0] {
            let type = types[firstZoneIndex]
            return (type.abbreviation, type.offset)
        }
        if unix >= transitions[transitions.count - 1], let rule {
            return rule.lookup(unix)
        }
        var low = 0, high = transitions.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if unix < transitions[middle] { high = middle } else { low = middle }
        }
        let type = types[transitionTypes[low]]
        return (type.abbreviation, type.offset)
    }

    /// The zone used before the first transition, chosen as Go's `lookupFirstZone` does.
    private var firstZoneIndex: Int {
        if !transitionTypes.contains(0) { return 0 }
        if let first = transitionTypes.first, types[first].isDST {
            for index in stride(from: first - 1, through: 0, by: -1) where !types[index].isDST { return index }
        }
        return types.firstIndex { !$0.isDST } ?? 0
    }
}

/// A big-endian reader over TZif bytes.
private struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    struct Counts { var isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0 }

    mutating func header() -> (version: Int, counts: Counts)? {
        guard let magic = self.bytes(4), magic == Array("TZif".utf8), let version = byte() else { return nil }
        skip(15)
        var values: [Int] = []
        for _ in 0..<6 {
            guard let n = int32(), n >= 0 else { return nil }
            values.append(Int(n))
        }
        let counts = Counts(isutcnt: values[0], isstdcnt: values[1], leapcnt: values[2], timecnt: values[3],
                            typecnt: values[4], charcnt: values[5])
        let number = version == 0 ? 1 : Int(version) - Int(UInt8(ascii: "0"))
        return (number, counts)
    }

    mutating func skip(_ count: Int) { position += count }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, position + count <= bytes.count else { return nil }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func byte() -> UInt8? { bytes(1)?.first }

    mutating func int32() -> Int32? {
        guard let b = bytes(4) else { return nil }
        return Int32(bitPattern: b.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    mutating func int64() -> Int64? {
        guard let b = bytes(8) else { return nil }
        return Int64(bitPattern: b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    func remaining() -> ArraySlice<UInt8>? { position <= bytes.count ? bytes[position...] : nil }
}
