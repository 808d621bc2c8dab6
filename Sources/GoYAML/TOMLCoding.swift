import GoTemplate

/// TOML as Helm's `toToml` writes it (BurntSushi/toml's encoder on the value): plain keys first,
/// sorted bytewise, then tables (`[a.b]`, indented two spaces per level) and arrays of tables
/// (`[[a.b]]`) in key order; floats always show a decimal point or exponent (`1.0`, `1e+06`);
/// nil map entries are skipped; a nil array element is an error.
public enum TOMLEncoding {
    /// Why a value has no TOML form; `toToml` prints this text instead of the document.
    public struct EncodingError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Helm's `toToml`: the document, or the encoder's error text.
    public static func toToml(_ value: TemplateValue) -> String {
        do {
            return try encode(value)
        } catch {
            return "\(error)"
        }
    }

    /// BurntSushi/toml `Encoder.Encode(value)`.
    public static func encode(_ value: TemplateValue) throws -> String {
        try DeepRecursion.run(depth: YAMLEncoding.depth(of: value)) {
            var writer = Writer()
            try writer.encode(key: [], value)
            return writer.out
        }
    }

    struct Writer {
        var out = ""
        var hasWritten: Bool { !out.isEmpty }

        mutating func newline() {
            if hasWritten { out += "\n" }
        }

        mutating func encode(key: [String], _ value: TemplateValue) throws {
            switch value {
            case .null:
                return
            case .object:
                try encode(key: key, value.encodableObject!)
            case .map(let map):
                try table(key: key, map)
            case .list(let items) where try isTableArray(items):
                if key.isEmpty { throw EncodingError(description: "toml: top-level values must be Go maps or structs") }
                for item in items {
                    guard case .map(let map) = item else { continue }
                    newline()
                    out += indent(key) + "[[" + keyPath(key) + "]]"
                    newline()
                    try mapContents(key: key, map, inline: false)
                }
            default:
                try keyValue(key: key, value, inline: false)
            }
        }

        mutating func table(key: [String], _ map: GoMap) throws {
            if key.count == 1 { newline() }
            if !key.isEmpty {
                out += indent(key) + "[" + keyPath(key) + "]"
                newline()
            }
            try mapContents(key: key, map, inline: false)
        }

        func isTable(_ value: TemplateValue) throws -> Bool {
            switch value {
            case .map: return true
            case .list(let items): return try isTableArray(items)
            case .object: return try isTable(value.encodableObject!)
            default: return false
            }
        }

        func isTableArray(_ items: [TemplateValue]) throws -> Bool {
            if items.isEmpty { return false }
            var all = true
            for item in items {
                if case .null = item { throw EncodingError(description: "toml: cannot encode array with nil element") }
                if case .map = item {} else { all = false }
            }
            return all
        }

        mutating func mapContents(key: [String], _ map: GoMap, inline: Bool) throws {
            var direct: [String] = []
            var sub: [String] = []
            for (k, v) in map.entries {
                if try isTable(v) { sub.append(k) } else { direct.append(k) }
            }
            let byBytes: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            direct.sort(by: byBytes)
            sub.sort(by: byBytes)
            if inline { out += "{" }
            for (group, trailingComma) in [(direct, !sub.isEmpty), (sub, false)] {
                for (n, k) in group.enumerated() {
                    let v = map[k]!
                    if case .null = v { continue }
                    if inline {
                        try keyValue(key: [k], v, inline: true)
                        if trailingComma || n != group.count - 1 { out += ", " }
                    } else {
                        try encode(key: key + [k], v)
                    }
                }
            }
            if inline { out += "}" }
        }

        mutating func keyValue(key: [String], _ value: TemplateValue, inline: Bool) throws {
            if !key.isEmpty {
                out += indent(key) + quotedKey(key[key.count - 1]) + " = "
            }
            try element(value)
            if !inline && !key.isEmpty { newline() }
        }

        mutating func element(_ value: TemplateValue) throws {
            switch value {
            case .null:
                throw EncodingError(description: "toml: cannot encode a nil value")
            case .bool(let b): out += b ? "true" : "false"
            case .int(let i): out += String(i)
            case .int64(let i): out += String(i)
            case .float(let f):
                if f.isNaN { out += "nan" }
                else if f.isInfinite { out += f < 0 ? "-inf" : "inf" }
                else {
                    let text = GoFloatFormat.g(f)
                    out += text
                    if !text.contains(".") && !text.contains("e") { out += ".0" }
                }
            case .string(let s): out += quoted(s)
            case .strings(let items): try array(items.map(TemplateValue.string))
            case .bytes(let b): try array(b.map { .int(Int($0)) })
            case .list(let items): try array(items)
            case .map(let map): try mapContents(key: [], map, inline: true)
            case .object: try element(value.encodableObject!)
            }
        }

        mutating func array(_ items: [TemplateValue]) throws {
            _ = try isTableArray(items)
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += ", " }
                try element(item)
            }
            out += "]"
        }

        func indent(_ key: [String]) -> String {
            String(repeating: "  ", count: max(key.count - 1, 0))
        }

        func keyPath(_ key: [String]) -> String {
            key.map(quotedKey).joined(separator: ".")
        }

        func quotedKey(_ k: String) -> String {
            let bare = !k.isEmpty && k.utf8.allSatisfy { c in
                (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 45
            }
            return bare ? k : quoted(k)
        }

        func quoted(_ s: String) -> String {
            var result = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\u{08}": result += "\\b"
                case "\t": result += "\\t"
                case "\n": result += "\\n"
                case "\u{0C}": result += "\\f"
                case "\r": result += "\\r"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        let hex = String(scalar.value, radix: 16)
                        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        result.unicodeScalars.append(scalar)
                    }
                }
            }
            return result + "\""
        }
    }
}

