/// Go strings are bytes; Swift strings are Unicode. A Go string that is not valid UTF-8 (a binary
/// file read with `.Files.Get`, `b64dec` of binary data, a byte cut through a character) is carried
/// here losslessly: each byte that is not part of a valid UTF-8 sequence (Go's `utf8.DecodeRune`
/// gives `RuneError` of width 1 for it) becomes one scalar of the private-use range
/// U+10FE80–U+10FEFF, and turns back into that byte wherever Go looks at bytes: output, `len`,
/// `b64enc`, digests, `quote` (`\xff`). JSON writes it as `\ufffd`, as `json.Marshal` does.
///
/// Text that genuinely contains one of those 128 private-use characters (U+10FE80–U+10FEFF) would
/// be read as raw bytes; no chart text does.
public enum GoBytes {
    /// The scalar standing for raw byte 0x80 (bytes 0x80–0xFF map to base + byte).
    static let base: UInt32 = 0x10FE00

    /// The Go string of `bytes`: valid UTF-8 as is, other bytes as stand-in scalars.
    public static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var scalars = String.UnicodeScalarView()
        let b = Array(bytes)
        var i = 0
        while i < b.count {
            let (scalar, width) = decodeRune(b, i)
            scalars.append(scalar ?? Unicode.Scalar(base + UInt32(b[i]))!)
            i += width
        }
        return String(scalars)
    }

    /// Whether every byte is ASCII (such bytes are the same Go string and Swift string), checked
    /// eight at a time.
    public static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var i = 0
            let n = raw.count
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < n {
                if raw[i] >= 0x80 { return false }
                i += 1
            }
            return true
        }
    }

    /// The bytes of Go string `s` (stand-in scalars as the raw bytes they stand for).
    public static func bytes(_ s: String) -> [UInt8] {
        if !containsRawBytes(s) { return Array(s.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            if let raw = rawByte(scalar) { out.append(raw) } else { out.append(contentsOf: UTF8.encode(scalar)!) }
        }
        return out
    }

    /// Go's `len(s)`: the number of bytes.
    public static func count(_ s: String) -> Int {
        if !containsRawBytes(s) { return s.utf8.count }
        return s.unicodeScalars.reduce(0) { $0 + (rawByte($1) != nil ? 1 : UTF8.width($1)) }
    }

    /// Whether `s` holds any stand-in scalar (a quick scan for their UTF-8 lead bytes F4 8F BA/BB).
    @inline(__always) public static func containsRawBytes(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            var i = 0
            let n = u.count
            while i + 3 < n {
                if u[i] == 0xF4 && u[i + 1] == 0x8F && (u[i + 2] == 0xBA || u[i + 2] == 0xBB) { return true }
                i += 1
            }
            return false
        }
    }

    /// The raw byte `scalar` stands for, if it is a stand-in.
    @inline(__always) public static func rawByte(_ scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        return v >= base + 0x80 && v <= base + 0xFF ? UInt8(v - base) : nil
    }

    /// `s` with every stand-in replaced by U+FFFD, as Go's `strings.ToValidUTF8`-like conversions
    /// (`json.Marshal`, `[]rune(s)`) see an invalid byte.
    public static func replacingRawBytes(_ s: String) -> String {
        if !containsRawBytes(s) { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars { out.append(rawByte(scalar) != nil ? "\u{FFFD}" : scalar) }
        return String(out)
    }

    /// Go's `utf8.DecodeRune` at `i`: the scalar and its width, or nil and width 1 for an invalid byte.
    static func decodeRune(_ b: [UInt8], _ i: Int) -> (Unicode.Scalar?, Int) {
        let c0 = b[i]
        if c0 < 0x80 { return (Unicode.Scalar(c0), 1) }
        let n = b.count - i
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> UInt32? {
            guard k < n, b[i + k] >= lo, b[i + k] <= hi else { return nil }
            return UInt32(b[i + k] & 0x3F)
        }
        switch c0 {
        case 0xC2...0xDF:
            guard let x1 = cont(1) else { return (nil, 1) }
            return (Unicode.Scalar(UInt32(c0 & 0x1F) << 6 | x1), 2)
        case 0xE0...0xEF:
            let lo: UInt8 = c0 == 0xE0 ? 0xA0 : 0x80, hi: UInt8 = c0 == 0xED ? 0x9F : 0xBF
            guard let x1 = cont(1, lo, hi), let x2 = cont(2) else { return (nil, 1) }
            return (Unicode.Scalar(UInt32(c0 & 0x0F) << 12 | x1 << 6 | x2), 3)
        case 0xF0...0xF4:
            let lo: UInt8 = c0 == 0xF0 ? 0x90 : 0x80, hi: UInt8 = c0 == 0xF4 ? 0x8F : 0xBF
            guard let x1 = cont(1, lo, hi), let x2 = cont(2), let x3 = cont(3) else { return (nil, 1) }
            return (Unicode.Scalar(UInt32(c0 & 0x07) << 18 | x1 << 12 | x2 << 6 | x3), 4)
        default:
            return (nil, 1)
        }
    }
}
