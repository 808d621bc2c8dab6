import GoTemplate

/// TOML decoding for Helm's `fromToml` (BurntSushi/toml `Unmarshal` into `map[string]interface{}`):
/// integers become `int64`, floats `float64`, date-times their RFC 3339 text. Error texts follow
/// BurntSushi's shape (`toml: line N (last key "k"): …`) but not always its exact words.
public enum TOMLDecoding {
    /// A TOML document that could not be decoded.
    public struct DecodingError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { message }
    }

    /// Decodes a TOML document into a map.
    public static func decodeMap(_ text: String) throws -> GoMap {
        var parser = TOMLParser(bytes: Array(text.utf8))
        let root = try parser.parseDocument()
        return GoMap(root.templateEntries())
    }
}

/// A table being built; tracks how it was defined so redefinitions can be rejected.
final class TOMLTable {
    enum Entry { case value(TemplateValue), table(TOMLTable), tables([TOMLTable]) }
    var entries: [String: Entry] = [:]
    /// Defined by a `[header]` or as an inline table / value (cannot be reopened by a header).
    var explicitlyDefined = false
    /// Created by an inline table (closed to any later addition).
    var sealed = false
    /// Created implicitly by a dotted key inside this document section.
    var definedByDottedKey = false

    func templateEntries() -> [String: TemplateValue] {
        var result: [String: TemplateValue] = [:]
        for (key, entry) in entries {
            switch entry {
            case .value(let v): result[key] = v
            case .table(let t): result[key] = .map(t.templateEntries())
            case .tables(let ts): result[key] = .list(ts.map { .map($0.templateEntries()) })
            }
        }
        return result
    }
}

struct TOMLParser {
    let bytes: [UInt8]
    var i = 0
    var line = 1
    var lastKey = ""

    init(bytes: [UInt8]) { self.bytes = bytes }

    func fail(_ message: String) -> TOMLDecoding.DecodingError {
        let keyPart = lastKey.isEmpty ? "" : " (last key \"\(lastKey)\")"
        return TOMLDecoding.DecodingError(line: line, message: "toml: line \(line)\(keyPart): \(message)")
    }

    var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    func describe(_ c: UInt8?) -> String {
        guard let c else { return "end of file" }
        switch c {
        case 0x0A: return "'\\n'"
        case 0x0D: return "'\\r'"
        case 0x09: return "'\\t'"
        default: return "'" + String(decoding: [c], as: UTF8.self) + "'"
        }
    }

    mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x09 { i += 1 }
    }

    mutating func skipComment() {
        if current == UInt8(ascii: "#") {
            while let c = current, c != 0x0A { i += 1 }
        }
    }

    /// Skips blank lines, comments and whitespace (between statements and inside arrays).
    mutating func skipTrivia() {
        while true {
            skipWhitespace()
            skipComment()
            if current == 0x0A { i += 1; line += 1; continue }
            if current == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 2; line += 1; continue }
            return
        }
    }

    mutating func expectLineEnd() throws {
        skipWhitespace()
        skipComment()
        if current == nil { return }
        if current == 0x0A { i += 1; line += 1; return }
        if current == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 2; line += 1; return }
        throw fail("expected a top-level item to end with a newline, comment, or EOF, but got \(describe(current)) instead")
    }

    mutating func parseDocument() throws -> TOMLTable {
        let root = TOMLTable()
        var section = root
        while true {
            skipTrivia()
            guard let c = current else { return root }
            if c == UInt8(ascii: "[") {
                lastKey = ""
                let isArray = i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "[")
                i += isArray ? 2 : 1
                skipWhitespace()
                let key = try parseKey()
                skipWhitespace()
                if isArray {
                    guard current == UInt8(ascii: "]"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "]") else {
                        throw fail("expected ']]' to close an array of tables, but got \(describe(current)) instead")
                    }
                    i += 2
                    section = try openArrayTable(root, key)
                } else {
                    guard current == UInt8(ascii: "]") else {
                        throw fail("expected ']' to close a table header, but got \(describe(current)) instead")
                    }
                    i += 1
                    section = try openTable(root, key)
                }
                lastKey = ""
                try expectLineEnd()
            } else {
                try parseKeyValue(into: section)
                lastKey = ""
                try expectLineEnd()
            }
        }
    }

    func walk(_ root: TOMLTable, _ path: ArraySlice<String>, forHeader: Bool) throws -> TOMLTable {
        var table = root
        for part in path {
            switch table.entries[part] {
            case nil:
                let child = TOMLTable()
                table.entries[part] = .table(child)
                table = child
            case .table(let child)?:
                if child.sealed { throw fail("Key '\(part)' has already been defined.") }
                table = child
            case .tables(let list)?:
                table = list[list.count - 1]
            case .value?:
                throw fail("Key '\(part)' has already been defined.")
            }
        }
        return table
    }

    mutating func openTable(_ root: TOMLTable, _ key: [String]) throws -> TOMLTable {
        let parent = try walk(root, key.dropLast(), forHeader: true)
        let name = key[key.count - 1]
        switch parent.entries[name] {
        case nil:
            let table = TOMLTable()
            table.explicitlyDefined = true
            parent.entries[name] = .table(table)
            return table
        case .table(let table)?:
            if table.explicitlyDefined || table.sealed || table.definedByDottedKey {
                throw fail("Key '\(key.joined(separator: "."))' has already been defined.")
            }
            table.explicitlyDefined = true
            return table
        default:
            throw fail("Key '\(key.joined(separator: "."))' has already been defined.")
        }
    }

    mutating func openArrayTable(_ root: TOMLTable, _ key: [String]) throws -> TOMLTable {
        let parent = try walk(root, key.dropLast(), forHeader: true)
        let name = key[key.count - 1]
        let table = TOMLTable()
        table.explicitlyDefined = true
        switch parent.entries[name] {
        case nil:
            parent.entries[name] = .tables([table])
        case .tables(var list)?:
            list.append(table)
            parent.entries[name] = .tables(list)
        default:
            throw fail("Key '\(key.joined(separator: "."))' has already been defined.")
        }
        return table
    }

    mutating func parseKeyValue(into section: TOMLTable) throws {
        let key = try parseKey()
        lastKey = key.joined(separator: ".")
        skipWhitespace()
        guard current == UInt8(ascii: "=") else {
            throw fail("expected key separator '=', but got \(describe(current)) instead")
        }
        i += 1
        skipWhitespace()
        let value = try parseValue()
        var table = section
        for part in key.dropLast() {
            switch table.entries[part] {
            case nil:
                let child = TOMLTable()
                child.definedByDottedKey = true
                table.entries[part] = .table(child)
                table = child
            case .table(let child)? where !child.sealed && (child.definedByDottedKey || !child.explicitlyDefined):
                child.definedByDottedKey = true
                table = child
            default:
                throw fail("Key '\(lastKey)' has already been defined.")
            }
        }
        let name = key[key.count - 1]
        if table.entries[name] != nil { throw fail("Key '\(lastKey)' has already been defined.") }
        table.entries[name] = value
    }

    mutating func parseKey() throws -> [String] {
        var parts: [String] = []
        while true {
            skipWhitespace()
            guard let c = current else { throw fail("unexpected EOF; expected key") }
            if c == UInt8(ascii: "\"") {
                parts.append(try parseBasicString())
            } else if c == UInt8(ascii: "'") {
                parts.append(try parseLiteralString())
            } else {
                let start = i
                while let c = current, isBareKeyChar(c) { i += 1 }
                if i == start {
                    if current == UInt8(ascii: "=") { throw fail("unexpected '=': key name appears blank") }
                    throw fail("bare keys cannot contain \(describe(current))")
                }
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
            }
            skipWhitespace()
            if current == UInt8(ascii: ".") { i += 1; continue }
            return parts
        }
    }

    func isBareKeyChar(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 45
    }

    mutating func parseValue() throws -> TOMLTable.Entry {
        guard let c = current else { throw fail("expected value but found EOF instead") }
        switch c {
        case UInt8(ascii: "\""):
            if startsWith("\"\"\"") { return .value(.string(try parseMultilineBasicString())) }
            return .value(.string(try parseBasicString()))
        case UInt8(ascii: "'"):
            if startsWith("'''") { return .value(.string(try parseMultilineLiteralString())) }
            return .value(.string(try parseLiteralString()))
        case UInt8(ascii: "["):
            return .value(try parseArray())
        case UInt8(ascii: "{"):
            let table = try parseInlineTable()
            return .table(table)
        case UInt8(ascii: "t"):
            if startsWith("true") { i += 4; return .value(.bool(true)) }
        case UInt8(ascii: "f"):
            if startsWith("false") { i += 5; return .value(.bool(false)) }
        default:
            break
        }
        if c == 0x0A || c == 0x0D {
            throw fail("expected value but found \(describe(c)) instead")
        }
        return .value(try parseNumberOrDate())
    }

    func startsWith(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return i + u.count <= bytes.count && Array(bytes[i..<(i + u.count)]) == u
    }

    mutating func parseArray() throws -> TemplateValue {
        i += 1
        var items: [TemplateValue] = []
        while true {
            skipTrivia()
            if current == UInt8(ascii: "]") { i += 1; return .list(items) }
            switch try parseValue() {
            case .value(let v): items.append(v)
            case .table(let t): items.append(.map(t.templateEntries()))
            case .tables(let ts): items.append(.list(ts.map { .map($0.templateEntries()) }))
            }
            let valueLine = line
            skipTrivia()
            if current == nil { line = valueLine }
            if current == UInt8(ascii: ",") { i += 1; continue }
            if current == UInt8(ascii: "]") { i += 1; return .list(items) }
            throw fail("expected a comma (',') or array terminator (']'), but got \(describe(current))")
        }
    }

    mutating func parseInlineTable() throws -> TOMLTable {
        i += 1
        let table = TOMLTable()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            i += 1
            table.sealed = true
            return table
        }
        while true {
            skipWhitespace()
            let saved = lastKey
            try parseKeyValue(into: table)
            lastKey = saved
            skipWhitespace()
            if current == UInt8(ascii: ",") { i += 1; continue }
            if current == UInt8(ascii: "}") { i += 1; break }
            throw fail("expected a comma or an inline table terminator '}', but got \(describe(current)) instead")
        }
        func seal(_ t: TOMLTable) {
            t.sealed = true
            for case .table(let child) in t.entries.values { seal(child) }
        }
        seal(table)
        return table
    }

    mutating func parseBasicString() throws -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard let c = current else { throw fail("unexpected EOF; expected '\"'") }
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if c == 0x0A { throw fail("strings cannot contain newlines") }
            if c == UInt8(ascii: "\\") {
                i += 1
                try parseEscape(into: &out)
                continue
            }
            if (c < 0x20 && c != 0x09) || c == 0x7F { throw fail("control characters are not allowed in strings: \(describe(c))") }
            out.append(c)
            i += 1
        }
    }

    mutating func parseEscape(into out: inout [UInt8]) throws {
        guard let e = current else { throw fail("unexpected EOF in escape") }
        i += 1
        switch e {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = e == UInt8(ascii: "u") ? 4 : 8
            guard i + count <= bytes.count,
                  let code = UInt32(String(decoding: bytes[i..<(i + count)], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else {
                throw fail("invalid escape in string '\\\(String(decoding: [e], as: UTF8.self))'")
            }
            i += count
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw fail("invalid escape in string '\\\(String(decoding: [e], as: UTF8.self))'")
        }
    }

    mutating func parseLiteralString() throws -> String {
        i += 1
        let start = i
        while true {
            guard let c = current else { throw fail("unexpected EOF; expected \"'\"") }
            if c == UInt8(ascii: "'") {
                i += 1
                return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
            }
            if c == 0x0A { throw fail("strings cannot contain newlines") }
            i += 1
        }
    }

    mutating func skipFirstNewline() {
        if current == 0x0A { i += 1; line += 1 }
        else if current == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 2; line += 1 }
    }

    mutating func parseMultilineBasicString() throws -> String {
        i += 3
        skipFirstNewline()
        var out: [UInt8] = []
        while true {
            guard let c = current else { throw fail("unexpected EOF; expected '\"\"\"'") }
            if startsWith("\"\"\"") {
                // Up to two extra quotes may end the content.
                var end = i + 3
                while end < bytes.count && bytes[end] == UInt8(ascii: "\"") && end - i < 5 { end += 1 }
                out.append(contentsOf: Array(repeating: UInt8(ascii: "\""), count: end - i - 3))
                i = end
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                // A line-ending backslash trims the following whitespace and newlines.
                var j = i + 1
                while j < bytes.count && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                if j < bytes.count && (bytes[j] == 0x0A || bytes[j] == 0x0D) {
                    i = j
                    while let w = current, w == 0x20 || w == 0x09 || w == 0x0A || w == 0x0D {
                        if w == 0x0A { line += 1 }
                        i += 1
                    }
                    continue
                }
                i += 1
                try parseEscape(into: &out)
                continue
            }
            if c == 0x0A { line += 1 }
            out.append(c)
            i += 1
        }
    }

    mutating func parseMultilineLiteralString() throws -> String {
        i += 3
        skipFirstNewline()
        let start = i
        while true {
            guard let c = current else { throw fail("unexpected EOF; expected \"'''\"") }
            if startsWith("'''") {
                var end = i + 3
                while end < bytes.count && bytes[end] == UInt8(ascii: "'") && end - i < 5 { end += 1 }
                let text = String(decoding: bytes[start..<(end - 3)], as: UTF8.self)
                i = end
                return text
            }
            if c == 0x0A { line += 1 }
            i += 1
        }
    }

    mutating func parseNumberOrDate() throws -> TemplateValue {
        let start = i
        // BurntSushi/toml quotes a rune that cannot start any value as a Go rune ('='), a word as a string.
        if let first = current, !(first >= 0x30 && first <= 0x39), !(first | 0x20 >= 0x61 && first | 0x20 <= 0x7A),
           first != UInt8(ascii: "+"), first != UInt8(ascii: "-"), first < 0x80 {
            throw fail("expected value but found \(describe(first)) instead")
        }
        while let c = current, !(c == 0x20 && !looksLikeDateTimeSpace(start)), c != 0x09, c != 0x0A, c != 0x0D,
              c != UInt8(ascii: ","), c != UInt8(ascii: "]"), c != UInt8(ascii: "}"), c != UInt8(ascii: "#") {
            i += 1
        }
        let token = String(decoding: bytes[start..<i], as: UTF8.self)
        if let value = TOMLScalars.number(token) { return value }
        if let date = TOMLScalars.dateTime(token) { return .string(date) }
        throw fail("expected value but found \"\(token)\" instead")
    }

    /// A space inside a date-time (`1979-05-27 07:32:00`) is part of the value.
    func looksLikeDateTimeSpace(_ start: Int) -> Bool {
        let length = i - start
        guard length == 10, i + 1 < bytes.count, bytes[i + 1] >= 48, bytes[i + 1] <= 57 else { return false }
        return bytes[start + 4] == UInt8(ascii: "-") && bytes[start + 7] == UInt8(ascii: "-")
    }
}

enum TOMLScalars {
    static func number(_ token: String) -> TemplateValue? {
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let u = Array(token.utf8)
        guard !u.isEmpty else { return nil }
        // Underscores must sit between digits.
        for (n, c) in u.enumerated() where c == UInt8(ascii: "_") {
            guard n > 0, n + 1 < u.count, isHexDigit(u[n - 1]), isHexDigit(u[n + 1]) else { return nil }
        }
        let plain = u.filter { $0 != UInt8(ascii: "_") }
        if plain.count > 2 && plain[0] == UInt8(ascii: "0") {
            let radix: Int?
            switch plain[1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: radix = nil
            }
            if let radix {
                return Int64(String(decoding: plain[2...], as: UTF8.self), radix: radix).map { .int64($0) }
            }
        }
        var body = plain[...]
        if body.first == UInt8(ascii: "+") || body.first == UInt8(ascii: "-") { body = body.dropFirst() }
        guard let first = body.first, first >= 48 && first <= 57 else { return nil }
        let isFloat = body.contains(UInt8(ascii: ".")) || body.contains(UInt8(ascii: "e")) || body.contains(UInt8(ascii: "E"))
        // No leading zeros on the integer part.
        if body.count > 1 && first == UInt8(ascii: "0") && body[body.startIndex + 1] >= 48 && body[body.startIndex + 1] <= 57 { return nil }
        let text = String(decoding: plain, as: UTF8.self)
        if !isFloat { return Int64(text).map { .int64($0) } }
        // A decimal point needs digits on both sides.
        if let dot = body.firstIndex(of: UInt8(ascii: ".")) {
            guard dot + 1 < body.endIndex, body[dot + 1] >= 48, body[dot + 1] <= 57 else { return nil }
        }
        guard ScalarResolver.parseDecimalFloat(plain) != nil || Double(text) != nil,
              let value = Double(text) else { return nil }
        return .float(value)
    }

    static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
    }

    /// RFC 3339 text of a TOML date-time as Go's `time.Time` JSON prints it.
    static func dateTime(_ token: String) -> String? {
        let u = Array(token.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= u.count && u[range].allSatisfy { $0 >= 48 && $0 <= 57 } }
        var date = ""
        var rest = u[...]
        if u.count >= 10 && digits(0..<4) && u[4] == UInt8(ascii: "-") && digits(5..<7) && u[7] == UInt8(ascii: "-") && digits(8..<10) {
            date = String(decoding: u[0..<10], as: UTF8.self)
            rest = u[10...]
            if rest.isEmpty { return date + "T00:00:00Z" }
            guard let sep = rest.first, sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == 0x20 else { return nil }
            rest = rest.dropFirst()
        }
        let time = Array(rest)
        guard time.count >= 8, time[2] == UInt8(ascii: ":"), time[5] == UInt8(ascii: ":") else { return nil }
        var timeText = String(decoding: time[0..<8], as: UTF8.self)
        var k = 8
        if k < time.count && time[k] == UInt8(ascii: ".") {
            let fracStart = k
            k += 1
            while k < time.count && time[k] >= 48 && time[k] <= 57 { k += 1 }
            var fraction = String(decoding: time[fracStart..<k], as: UTF8.self)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if fraction != "." { timeText += fraction }
        }
        var zone = "Z"
        if k < time.count {
            let z = String(decoding: time[k...], as: UTF8.self)
            if z == "Z" || z == "z" { zone = "Z" } else if z.count == 6 { zone = z == "+00:00" ? "Z" : z } else { return nil }
        }
        if date.isEmpty { return "0000-01-01T" + timeText + zone }
        return date + "T" + timeText + zone
    }
}
