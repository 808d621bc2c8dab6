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
        var emitter = YAMLEmitter()
        emitter.emitDocument(try node(for: value))
        return String(decoding: emitter.out, as: UTF8.self)
    }

    /// Helm's `toYaml`: ``encode(_:)`` without the final newline, or "" when the value cannot be
    /// encoded (NaN or infinite numbers).
    public static func toYaml(_ value: TemplateValue) -> String {
        guard var text = try? encode(value) else { return "" }
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    static func node(for value: TemplateValue) throws -> YAMLEmitter.Node {
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
            return stringNode(s)
        case .bytes(let b):
            return stringNode(Data(b).base64EncodedString())
        case .strings(let items):
            return .sequence(items.map(stringNode))
        case .list(let items):
            return .sequence(try items.map(node(for:)))
        case .map(let map):
            let keys = map.keys.sorted(by: YAMLKeyOrder.less)
            var entries: [(key: [UInt8], keyStyle: YAMLEmitter.Style, value: YAMLEmitter.Node)] = []
            entries.reserveCapacity(keys.count)
            for key in keys {
                let bytes = Array(key.utf8)
                entries.append((bytes, stringStyle(key, bytes), try node(for: map[key]!)))
            }
            return .mapping(entries)
        case .object(let object):
            return stringNode(object.goDescription)
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
    static func less(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars)
        let br = Array(b.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] {
                i += 1
                continue
            }
            let al = isLetter(ar[i])
            let bl = isLetter(br[i])
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an: Int64 = 0
            var bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" {
                        an = 1
                        bn = 1
                        break
                    }
                    j -= 1
                }
            }
            var ai = i
            while ai < ar.count && isDigit(ar[ai]) {
                an = an &* 10 &+ (Int64(ar[ai].value) - 48)
                ai += 1
            }
            var bi = i
            while bi < br.count && isDigit(br[bi]) {
                bn = bn &* 10 &+ (Int64(br[bi].value) - 48)
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
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
