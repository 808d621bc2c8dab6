import GoTemplate

/// Go's `encoding/json` decoder into `interface{}` values (objects → maps, numbers → float64),
/// with Go's error texts (`invalid character 'x' looking for beginning of value`,
/// `unexpected end of JSON input`, `json: cannot unmarshal array into Go value of type …`).
public enum JSONDecoding {
    /// Decodes one JSON value (`json.Unmarshal(text, &interface{})`).
    public static func decode(_ text: String) throws -> TemplateValue {
        let (value, overflow) = try parse(text)
        if let overflow {
            throw YAMLError(kind: .type, message: "json: cannot unmarshal number \(overflow) into Go value of type float64")
        }
        return value
    }

    /// Go validates the whole input before decoding, so syntax errors win over type errors.
    private static func parse(_ text: String) throws -> (TemplateValue, String?) {
        var parser = Parser(bytes: Array(text.utf8))
        // Nesting depth is at most the number of brackets; deep input parses on a large stack.
        var brackets = 0
        for byte in text.utf8 where byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
            brackets += 1
            if brackets > DeepRecursion.inlineDepthLimit { break }
        }
        let value = try DeepRecursion.run(depth: brackets) { try parser.parseDocument() }
        return (value, parser.numberOverflow)
    }

    /// `json.Unmarshal(text, &map[string]interface{}{})`. JSON `null` gives nil (Go's nil map).
    public static func decodeMap(_ text: String) throws -> GoMap? {
        let (map, error) = try decodeMapKeepingPartial(text)
        if let error { throw error }
        return map
    }

    /// `json.Unmarshal(text, &m)` as Helm's `fromJson` sees it: a number too large for float64 is a
    /// type error that leaves the rest of the map decoded (that number null), so the map comes back
    /// with the error; syntax errors and a non-object still throw.
    public static func decodeMapKeepingPartial(_ text: String) throws -> (map: GoMap?, error: YAMLError?) {
        let (value, overflow) = try parse(text)
        switch value {
        case .null: return (nil, nil)
        case .map(let map):
            return (map, overflow.map { YAMLError(kind: .type, message: "json: cannot unmarshal number \($0) into Go value of type float64") })
        case let other:
            throw YAMLError(kind: .type, message: "json: cannot unmarshal \(JSONEncoding.jsonKind(other)) into Go value of type map[string]interface {}")
        }
    }

    /// `json.Unmarshal(text, &[]interface{}{})`. JSON `null` gives nil (Go's nil slice).
    public static func decodeArray(_ text: String) throws -> [TemplateValue]? {
        let (value, overflow) = try parse(text)
        switch value {
        case .null: return nil
        case .list(let items) where overflow == nil: return items
        case .list: throw YAMLError(kind: .type, message: "json: cannot unmarshal number \(overflow!) into Go value of type float64")
        case let other:
            throw YAMLError(kind: .type, message: "json: cannot unmarshal \(JSONEncoding.jsonKind(other)) into Go value of type []interface {}")
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        var numberOverflow: String?
        var depth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func syntax(_ message: String) -> YAMLError {
            var line = 1, column = 1
            for b in bytes[0..<min(i, bytes.count)] {
                if b == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            }
            return YAMLError(kind: .json, line: line, column: column, message: message)
        }

        func unexpected(_ context: String) -> YAMLError {
            if i >= bytes.count { return syntax("unexpected end of JSON input") }
            return syntax("invalid character \(quoteChar(bytes[i])) \(context)")
        }

        /// Go's scanner sees the end of input as a space: inside a literal, number or escape
        /// that space is the invalid character it reports.
        func unexpectedOrSpace(_ context: String) -> YAMLError {
            if i >= bytes.count { return syntax("invalid character ' ' \(context)") }
            return syntax("invalid character \(quoteChar(bytes[i])) \(context)")
        }

        mutating func skipSpace() {
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 } else { break }
            }
        }

        mutating func parseDocument() throws -> TemplateValue {
            skipSpace()
            let value = try parseValue()
            skipSpace()
            if i < bytes.count { throw unexpected("after top-level value") }
            return value
        }

        mutating func parseValue() throws -> TemplateValue {
            skipSpace()
            guard i < bytes.count else { throw syntax("unexpected end of JSON input") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: throw unexpected("looking for beginning of value")
            }
        }

        mutating func literal(_ word: String) throws {
            for (n, expected) in word.utf8.enumerated() {
                if n == 0 { i += 1; continue }
                if i >= bytes.count || bytes[i] != expected {
                    throw unexpectedOrSpace("in literal \(word) (expecting \(quoteChar(expected)))")
                }
                i += 1
            }
        }

        mutating func enter() throws {
            depth += 1
            if depth > 10000 { throw unexpected("exceeded max depth") }
        }

        mutating func parseObject() throws -> TemplateValue {
            try enter()
            defer { depth -= 1 }
            i += 1
            var entries: [String: TemplateValue] = [:]
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .map(entries)
            }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                    throw unexpected("looking for beginning of object key string")
                }
                let key = try parseString()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw unexpected("after object key") }
                i += 1
                entries[key] = try parseValue()
                skipSpace()
                guard i < bytes.count else { throw syntax("unexpected end of JSON input") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .map(entries) }
                throw unexpected("after object key:value pair")
            }
        }

        mutating func parseArray() throws -> TemplateValue {
            try enter()
            defer { depth -= 1 }
            i += 1
            var items: [TemplateValue] = []
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .list(items)
            }
            while true {
                items.append(try parseValue())
                skipSpace()
                guard i < bytes.count else { throw syntax("unexpected end of JSON input") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
                throw unexpected("after array element")
            }
        }

        mutating func hex4() throws -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard i < bytes.count else { throw unexpectedOrSpace("in \\u hexadecimal character escape") }
                let c = bytes[i]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
                default: throw unexpected("in \\u hexadecimal character escape")
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        mutating func parseString() throws -> String {
            i += 1
            var out: [UInt8] = []
            var start = i
            while true {
                guard i < bytes.count else { throw syntax("unexpected end of JSON input") }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    out.append(contentsOf: bytes[start..<i])
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c < 0x20 { throw unexpected("in string literal") }
                if c != UInt8(ascii: "\\") { i += 1; continue }
                out.append(contentsOf: bytes[start..<i])
                i += 1
                guard i < bytes.count else { throw unexpectedOrSpace("in string escape code") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        // A surrogate pair, if the next escape completes it.
                        let save = i
                        if i + 1 < bytes.count && bytes[i] == UInt8(ascii: "\\") && bytes[i + 1] == UInt8(ascii: "u") {
                            i += 2
                            let low = try hex4()
                            if low >= 0xDC00 && low < 0xE000 {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                i = save
                                scalar = 0xFFFD
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        scalar = 0xFFFD
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    i -= 1
                    throw unexpected("in string escape code")
                }
                start = i
            }
        }

        mutating func parseNumber() throws -> TemplateValue {
            let start = i
            func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
            if bytes[i] == UInt8(ascii: "-") {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else { throw unexpectedOrSpace("in numeric literal") }
            }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
            } else {
                while i < bytes.count && isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else { throw unexpectedOrSpace("after decimal point in numeric literal") }
                while i < bytes.count && isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
                i += 1
                if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
                guard i < bytes.count, isDigit(bytes[i]) else { throw unexpectedOrSpace("in exponent of numeric literal") }
                while i < bytes.count && isDigit(bytes[i]) { i += 1 }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            let value = Double(text) ?? .infinity
            guard value.isFinite else {
                // encoding/json reports the first such number and leaves the element nil.
                if numberOverflow == nil { numberOverflow = text }
                return depth > 0 ? .null : .float(value)  // (a top-level number is a type error of its own)
            }
            return .float(value)
        }
    }

    /// Go's `quoteChar` for scanner errors: `'x'`, `'\n'`, `'\''`, `'"'`.
    static func quoteChar(_ c: UInt8) -> String {
        switch c {
        case UInt8(ascii: "'"): return "'\\''"
        case UInt8(ascii: "\""): return "'\"'"
        case 0x07: return "'\\a'"
        case 0x08: return "'\\b'"
        case 0x0C: return "'\\f'"
        case 0x0A: return "'\\n'"
        case 0x0D: return "'\\r'"
        case 0x09: return "'\\t'"
        case 0x0B: return "'\\v'"
        case UInt8(ascii: "\\"): return "'\\\\'"
        default:
            if c < 0x20 || c == 0x7F { return "'\\x" + (c < 0x10 ? "0" : "") + String(c, radix: 16) + "'" }
            if c >= 0x80 && c < 0xA0 { return "'\\u00" + String(c, radix: 16) + "'" }
            return "'" + String(Character(Unicode.Scalar(c))) + "'"
        }
    }
}
