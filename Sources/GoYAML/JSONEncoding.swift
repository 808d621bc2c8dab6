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
        var out = ""
        out.reserveCapacity(64)
        try append(value, to: &out, escapeHTML: escapeHTML, indent: indent, depth: 0)
        return out
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
        case .map(let map):
            let keys = map.sortedKeys
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
        case .object(let object):
            appendQuoted(object.goDescription, to: &out, escapeHTML: escapeHTML)
        }
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

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    static func appendQuoted(_ s: String, to out: inout String, escapeHTML: Bool) {
        out.unicodeScalars.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&":
                if escapeHTML { appendUnicodeEscape(scalar.value, &out) } else { out.unicodeScalars.append(scalar) }
            case "\u{2028}", "\u{2029}":
                appendUnicodeEscape(scalar.value, &out)
            default:
                if scalar.value < 0x20 { appendUnicodeEscape(scalar.value, &out) } else { out.unicodeScalars.append(scalar) }
            }
        }
        out.unicodeScalars.append("\"")
    }

    private static func appendUnicodeEscape(_ value: UInt32, _ out: inout String) {
        out += "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            out.unicodeScalars.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

    /// The JSON kind name Go's decoder uses in type errors: object, array, string, number, bool.
    static func jsonKind(_ value: TemplateValue) -> String {
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
