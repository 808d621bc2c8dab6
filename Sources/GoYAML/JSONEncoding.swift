import Foundation
import GoTemplate

/// Go's `encoding/json` encoder for template values, as Helm's `toJson` and Sprig's
/// `toPrettyJson`/`toRawJson` use it: keys sorted bytewise, `<`, `>`, `&`, U+2028 and U+2029
/// escaped (unless raw), float64 written as Go does (`1000000`, `1e+21`, `1e-7`).
public enum JSONEncoding {
    /// The error `json.Marshal` returns (e.g. `json: unsupported value: NaN`).
    public struct UnsupportedValue: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `json.Marshal(value)` (`escapeHTML` true) or an encoder with `SetEscapeHTML(false)`.
    /// With `indent`, `json.MarshalIndent(value, "", indent)`.
    public static func encode(_ value: TemplateValue, escapeHTML: Bool = true, indent: String? = nil) throws -> String {
        try DeepRecursion.run(depth: YAMLEncoding.depth(of: value)) {
            var out = ""
            out.reserveCapacity(64)
            try append(value, to: &out, escapeHTML: escapeHTML, indent: indent, depth: 0)
            return out
        }
    }

    static func append(_ value: TemplateValue, to out: inout String, escapeHTML: Bool, indent: String?, depth: Int) throws {
        switch value {
        case .null:
            out += "null"
        case .bool(let b):
            out += b ? "true" : "false"
        case .int(let i):
            out += String(i)
        case .int64(let i):
            out += String(i)
        case .float(let f):
            guard let text = GoFloatFormat.json(f) else {
                throw UnsupportedValue(description: "json: unsupported value: " + GoFloatFormat.g(f, yamlSpecials: false))
            }
            out += text
        case .string(let s):
            appendQuoted(s, to: &out, escapeHTML: escapeHTML)
        case .bytes(let b):
            out += "\"" + Data(b).base64EncodedString() + "\""
        case .strings(let items):
            try appendArray(items.map(TemplateValue.string), to: &out, escapeHTML: escapeHTML, indent: indent, depth: depth)
        case .list(let items):
            try appendArray(items, to: &out, escapeHTML: escapeHTML, indent: indent, depth: depth)
        case .map(let map) where map.isNil:
            out += "null"
        case .map(let map):
            try appendObject(map, keys: map.sortedKeys, to: &out, escapeHTML: escapeHTML, indent: indent, depth: depth)
        case .object(let object):
            if let representable = object as? JSONRepresentable, let order = representable.jsonFieldOrder,
               case .map(let fields) = representable.jsonValue {
                try appendObject(fields, keys: order.filter { fields[$0] != nil }, to: &out, escapeHTML: escapeHTML, indent: indent, depth: depth)
            } else {
                try append(value.encodableObject!, to: &out, escapeHTML: escapeHTML, indent: indent, depth: depth)
            }
        }
    }

    private static func appendObject(_ map: GoMap, keys: [String], to out: inout String, escapeHTML: Bool, indent: String?, depth: Int) throws {
        if keys.isEmpty {
            out += "{}"
            return
        }
        out += "{"
        for (n, key) in keys.enumerated() {
            if n > 0 { out += "," }
            newline(&out, indent, depth + 1)
            appendQuoted(key, to: &out, escapeHTML: escapeHTML)
            out += indent == nil ? ":" : ": "
            try append(map[key]!, to: &out, escapeHTML: escapeHTML, indent: indent, depth: depth + 1)
        }
        newline(&out, indent, depth)
        out += "}"
    }

    private static func appendArray(_ items: [TemplateValue], to out: inout String, escapeHTML: Bool, indent: String?, depth: Int) throws {
        if items.isEmpty {
            out += "[]"
            return
        }
        out += "["
        for (n, item) in items.enumerated() {
            if n > 0 { out += "," }
            newline(&out, indent, depth + 1)
            try append(item, to: &out, escapeHTML: escapeHTML, indent: indent, depth: depth + 1)
        }
        newline(&out, indent, depth)
        out += "]"
    }

    private static func newline(_ out: inout String, _ indent: String?, _ depth: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<depth { out += indent }
    }

    /// A Go JSON string literal.
    public static func quote(_ s: String, escapeHTML: Bool = true) -> String {
        var out = ""
        appendQuoted(s, to: &out, escapeHTML: escapeHTML)
        return out
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendQuoted(_ s: String, to out: inout String, escapeHTML: Bool) {
        // Fast path: nothing to escape.
        var plain = true
        for byte in s.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 || byte == 0xF4
            || (escapeHTML && (byte == 0x3C || byte == 0x3E || byte == 0x26)) {
            plain = false
            break
        }
        if plain {
            out += "\""
            out += s
            out += "\""
            return
        }
        var buffer: [UInt8] = [0x22]
        buffer.reserveCapacity(s.utf8.count + 8)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": buffer += [0x5C, 0x22]
            case "\\": buffer += [0x5C, 0x5C]
            case "\n": buffer += [0x5C, UInt8(ascii: "n")]
            case "\r": buffer += [0x5C, UInt8(ascii: "r")]
            case "\t": buffer += [0x5C, UInt8(ascii: "t")]
            case "\u{08}": buffer += [0x5C, UInt8(ascii: "b")]
            case "\u{0C}": buffer += [0x5C, UInt8(ascii: "f")]
            case "<", ">", "&":
                if escapeHTML { appendUnicodeEscape(scalar.value, &buffer) } else { buffer.append(UInt8(scalar.value)) }
            case "\u{2028}", "\u{2029}":
                appendUnicodeEscape(scalar.value, &buffer)
            default:
                // A raw byte that is not UTF-8 (``GoBytes``): json.Marshal writes `\ufffd`.
                if GoBytes.rawByte(scalar) != nil {
                    appendUnicodeEscape(0xFFFD, &buffer)
                    continue
                }
                if scalar.value < 0x20 {
                    appendUnicodeEscape(scalar.value, &buffer)
                } else {
                    buffer.append(contentsOf: UTF8.encode(scalar)!)
                }
            }
        }
        buffer.append(0x22)
        out += String(decoding: buffer, as: UTF8.self)
    }

    private static func appendUnicodeEscape(_ value: UInt32, _ out: inout [UInt8]) {
        out += [0x5C, UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

    /// The JSON kind name Go's decoder uses in type errors (`cannot unmarshal array into …`): object,
    /// array, string, number, bool.
    public static func jsonKind(_ value: TemplateValue) -> String {
        switch value {
        case .map: return "object"
        case .list, .strings: return "array"
        case .string, .bytes: return "string"
        case .int, .int64, .float: return "number"
        case .bool: return "bool"
        case .null: return "null"
        case .object: return "object"
        }
    }
}
