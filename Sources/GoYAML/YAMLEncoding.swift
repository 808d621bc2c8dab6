import Foundation
import GoTemplate

/// Encoding values as YAML exactly as Helm's `toYaml` does (`sigs.k8s.io/yaml.Marshal`: the value
/// is written as JSON, read back by go-yaml v2, which keeps integers as integers, and written by
/// go-yaml v2): keys in go-yaml's natural order (`"9"` before `"10"`), two-space indentation,
/// sequences not indented under their key, strings quoted when they would read back as another
/// type, multi-line strings as literal blocks, long lines folded near 80 columns.
public enum YAMLEncoding {
    /// Why a value has no YAML form (Helm's `toYaml` then prints "").
    public struct EncodingError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `yaml.Marshal(value)`: the document with its trailing newline.
    public static func encode(_ value: TemplateValue) throws -> String {
        try DeepRecursion.run(depth: depth(of: value)) {
            var emitter = YAMLEmitter()
            do {
                try emitter.emitDocument(value: value)
            } catch is JSONReadBack.Failure {
                // Worded for the first problem in JSON order (the emitter visits keys in YAML order).
                throw EncodingError(description: JSONReadBack.failure(in: value))
            }
            return String(decoding: emitter.out, as: UTF8.self)
        }
    }

    /// 0 for shallow values, else a depth that sends the work to a large stack.
    static func depth(of value: TemplateValue) -> Int {
        DeepRecursion.depthExceeds(value, DeepRecursion.inlineDepthLimit) ? Int.max : 0
    }

    /// Helm's `toYaml`: ``encode(_:)`` without the final newline, or "" when the value cannot be
    /// encoded (NaN or infinite numbers).
    public static func toYaml(_ value: TemplateValue) -> String {
        guard var text = try? encode(value) else { return "" }
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Helm v4's `toYamlPretty`: go-yaml v3 with two-space indentation on the value itself (no
    /// JSON round trip, so float64 prints as `1e+06` and NaN as `.nan`), sequences indented
    /// under their key, no line folding; without the final newline.
    public static func toYamlPretty(_ value: TemplateValue) -> String {
        (try? DeepRecursion.run(depth: depth(of: value)) {
            var emitter = YAMLEmitter()
            emitter.isV3 = true
            emitter.emitDocument(prettyNode(for: value))
            if emitter.out.last == UInt8(ascii: "\n") { emitter.out.removeLast() }
            return String(decoding: emitter.out, as: UTF8.self)
        }) ?? ""
    }

    static func prettyNode(for value: TemplateValue) -> YAMLEmitter.Node {
        switch value {
        case .float(let f):
            return .scalar(Array(GoFloatFormat.g(f).utf8), .plain)
        case .bytes(let b):
            return .sequence(b.map { .scalar(Array(String($0).utf8), .plain) })
        case .list(let items):
            return .sequence(items.map(prettyNode(for:)))
        case .object:
            return prettyNode(for: value.encodableObject!)
        case .map(let map):
            return .mapping(YAMLKeyOrder.sortedEntries(map, v3: true).map { key, value in
                let bytes = Array(key.utf8)
                return (bytes, stringStyle(key, bytes), prettyNode(for: value))
            })
        default:
            return (try? node(for: value, readingBack: false)) ?? .scalar(Array("null".utf8), .plain)
        }
    }

    /// The emitter's node for `value`; `readingBack`: strings and keys as the JSON round trip of
    /// `yaml.Marshal` leaves them (``JSONReadBack``).
    static func node(for value: TemplateValue, readingBack: Bool = true) throws -> YAMLEmitter.Node {
        switch value {
        case .null:
            return .scalar(Array("null".utf8), .plain)
        case .bool(let b):
            return .scalar(Array((b ? "true" : "false").utf8), .plain)
        case .int(let i):
            return .scalar(Array(String(i).utf8), .plain)
        case .int64(let i):
            return .scalar(Array(String(i).utf8), .plain)
        case .float(let f):
            guard let text = GoFloatFormat.yamlViaJSON(f) else {
                throw EncodingError(description: "error marshaling into JSON: json: unsupported value: " + GoFloatFormat.g(f, yamlSpecials: false))
            }
            return .scalar(Array(text.utf8), .plain)
        case .string(let s):
            return stringNode(readingBack ? try JSONReadBack.readBack(s, isKey: false) : s)
        case .bytes(let b):
            return stringNode(Data(b).base64EncodedString())
        case .strings(let items):
            return .sequence(try items.map { stringNode(readingBack ? try JSONReadBack.readBack($0, isKey: false) : $0) })
        case .list(let items):
            return .sequence(try items.map { try node(for: $0, readingBack: readingBack) })
        case .map(let map) where map.isNil:
            return .scalar(Array("null".utf8), .plain)
        case .map(let map):
            let sorted = YAMLKeyOrder.sortedEntries(map, v3: false)
            var entries: [(key: [UInt8], keyStyle: YAMLEmitter.Style, value: YAMLEmitter.Node)] = []
            entries.reserveCapacity(sorted.count)
            for (original, value) in sorted {
                let key = readingBack ? try JSONReadBack.readBack(original, isKey: true) : original
                let bytes = Array(key.utf8)
                entries.append((bytes, stringStyle(key, bytes), try node(for: value, readingBack: readingBack)))
            }
            return .mapping(entries)
        case .object:
            return try node(for: value.encodableObject!, readingBack: readingBack)
        }
    }

    static func stringNode(_ s: String) -> YAMLEmitter.Node {
        let bytes = Array(s.utf8)
        return .scalar(bytes, stringStyle(s, bytes))
    }

    /// go-yaml v2's `stringv`: literal when multi-line, plain when the text reads back as the same
    /// string, else double-quoted (the emitter may still choose single quotes for plain text).
    static func stringStyle(_ s: String, _ bytes: [UInt8]) -> YAMLEmitter.Style {
        if bytes.contains(UInt8(ascii: "\n")) { return .literal }
        if ScalarResolver.resolvePlain(s, checkTimestamps: true) == .string && !ScalarResolver.isBase60Float(s) {
            return .plain
        }
        return .doubleQuoted
    }
}

/// go-yaml's `keyList.Less` for string keys: runs of digits compare as numbers, letters sort
/// before non-letters, otherwise by code point.
enum YAMLKeyOrder {
    static func less(_ a: String, _ b: String) -> Bool { less(scalarValues(a), scalarValues(b), v3: false) }

    /// go-yaml v3's variant: after equal digits, a letter sorts before a digit (`1a` < `12`).
    static func lessV3(_ a: String, _ b: String) -> Bool { less(scalarValues(a), scalarValues(b), v3: true) }

    /// The keys in go-yaml's order. ASCII keys (nearly all) are compared on their bytes in place;
    /// otherwise each key's scalars are decoded once.
    static func sorted<S: Sequence>(_ keys: S, v3: Bool) -> [String] where S.Element == String {
        var keys = Array(keys)
        if keys.count < 2 { return keys }
        if keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            keys.sort { a, b in
                var a = a, b = b
                return a.withUTF8 { pa in b.withUTF8 { pb in less(pa, pb, v3: v3) } }
            }
            return keys
        }
        return keys.map { ($0, scalarValues($0)) }
            .sorted { less($0.1, $1.1, v3: v3) }
            .map(\.0)
    }

    private static func scalarValues(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    /// The map's entries in go-yaml's key order (``sorted(_:v3:)``), without looking keys up again.
    static func sortedEntries(_ map: GoMap, v3: Bool) -> [(key: String, value: TemplateValue)] {
        var entries = Array(map.entries)
        if entries.count < 2 { return entries }
        if entries.allSatisfy({ $0.key.utf8.allSatisfy { $0 < 0x80 } }) {
            entries.sort { a, b in
                var a = a.key, b = b.key
                return a.withUTF8 { pa in b.withUTF8 { pb in less(pa, pb, v3: v3) } }
            }
            return entries
        }
        return entries.map { ($0, scalarValues($0.key)) }
            .sorted { less($0.1, $1.1, v3: v3) }
            .map(\.0)
    }

    /// go-yaml's `keyList.Less` on code points (bytes of ASCII text, or scalar values).
    static func less<C: RandomAccessCollection>(_ ar: C, _ br: C, v3: Bool) -> Bool where C.Element: FixedWidthInteger, C.Index == Int {
        let aStart = ar.startIndex, bStart = br.startIndex
        let aCount = ar.count, bCount = br.count
        @inline(__always) func a(_ k: Int) -> UInt32 { UInt32(ar[aStart + k]) }
        @inline(__always) func b(_ k: Int) -> UInt32 { UInt32(br[bStart + k]) }
        var i = 0
        var digits = false
        while i < aCount && i < bCount {
            if a(i) == b(i) {
                digits = isDigit(a(i))
                i += 1
                continue
            }
            let al = isLetter(a(i))
            let bl = isLetter(b(i))
            if al && bl { return a(i) < b(i) }
            if al || bl { return v3 && digits ? al : bl }
            var an: Int64 = 0
            var bn: Int64 = 0
            if a(i) == 48 || b(i) == 48 {
                var j = i - 1
                while j >= 0 && isDigit(a(j)) {
                    if a(j) != 48 {
                        an = 1
                        bn = 1
                        break
                    }
                    j -= 1
                }
            }
            var ai = i
            while ai < aCount && isDigit(a(ai)) {
                an = an &* 10 &+ (Int64(a(ai)) - 48)
                ai += 1
            }
            var bi = i
            while bi < bCount && isDigit(b(bi)) {
                bn = bn &* 10 &+ (Int64(b(bi)) - 48)
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return a(i) < b(i)
        }
        return aCount < bCount
    }

    @inline(__always) static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 65 && v <= 90) || (v >= 97 && v <= 122) }
        return Unicode.Scalar(v).map(isLetter) ?? false
    }

    @inline(__always) static func isDigit(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 48 && v <= 57 }
        return Unicode.Scalar(v).map(isDigit) ?? false
    }

    @inline(__always) static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    @inline(__always) static func isDigit(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 48 && s.value <= 57 }
        return s.properties.generalCategory == .decimalNumber
    }
}
