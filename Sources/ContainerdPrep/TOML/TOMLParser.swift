/// A TOML 1.0 parser over bytes that records where every statement, key and value stands.
struct TOMLParser {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Document

    mutating func parseDocument() throws -> TOMLDocument {
        let root = TOMLTable(origin: .root, offset: 0)
        var rootEntries: [TOMLKeyValue] = []
        var sections: [TOMLSection] = []
        var context = root
        var sectionIndex: Int? = nil
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        while true {
            let lineStart = position
            skipWhitespace()
            let indentation = String(decoding: bytes[lineStart..<position], as: UTF8.self)
            guard let byte = peek() else { break }
            if byte == UInt8(ascii: "#") || byte == 0x0A || byte == 0x0D {
                try finishLine()
                continue
            }
            if byte == UInt8(ascii: "[") {
                var section = try parseHeader(lineStart: lineStart, indentation: indentation)
                let index = sections.count
                section.entries = []
                do {
                    context = try TOMLTreeBuilder.openSection(section, index: index, in: root)
                } catch let violation as TOMLTreeBuilder.Violation {
                    throw error(violation.message, at: violation.offset)
                }
                sections.append(section)
                sectionIndex = index
                continue
            }
            let pair = try parseKeyValue(lineStart: lineStart, indentation: indentation, inline: false)
            let owner = sectionIndex
            do {
                try TOMLTreeBuilder.insert(pair, into: context, origin: { _ in .dotted(section: owner) }, canExtend: {
                    $0.origin == .dotted(section: owner)
                })
            } catch let violation as TOMLTreeBuilder.Violation {
                throw error(violation.message, at: violation.offset)
            }
            if let index = sectionIndex {
                sections[index].entries.append(pair)
            } else {
                rootEntries.append(pair)
            }
        }
        return TOMLDocument(bytes: bytes, rootEntries: rootEntries, sections: sections, root: root)
    }

    /// Parses `[a.b]` or `[[a.b]]` and the rest of its line.
    private mutating func parseHeader(lineStart: Int, indentation: String) throws -> TOMLSection {
        position += 1
        var isArray = false
        if peek() == UInt8(ascii: "[") {
            isArray = true
            position += 1
        }
        skipWhitespace()
        let (path, _) = try parseKey()
        skipWhitespace()
        try expect("]", "`]` to close the table header")
        if isArray {
            guard peek() == UInt8(ascii: "]") else { throw error("expected `]]` to close the array-of-tables header") }
            position += 1
        }
        try finishLine()
        return TOMLSection(
            path: path, isArrayElement: isArray, lineStart: lineStart, headerEnd: position,
            indentation: indentation, entries: [])
    }

    /// Parses `key = value`; at statement level also the rest of the line.
    private mutating func parseKeyValue(lineStart: Int, indentation: String, inline: Bool) throws -> TOMLKeyValue {
        let (key, keyRange) = try parseKey()
        skipWhitespace()
        try expect("=", "`=` after key `\(TOMLKeyFormatter.path(key))`")
        skipWhitespace()
        let valueStart = position
        let value = try parseValue()
        let valueRange = valueStart..<position
        if !inline { try finishLine() }
        return TOMLKeyValue(
            key: key, keyRange: keyRange, valueRange: valueRange, value: value, lineStart: lineStart,
            statementEnd: position, indentation: indentation)
    }

    /// After a statement: optional whitespace and comment, then a line break or the end.
    private mutating func finishLine() throws {
        skipWhitespace()
        if peek() == UInt8(ascii: "#") { try skipComment() }
        guard let byte = peek() else { return }
        if byte == 0x0A {
            position += 1
        } else if byte == 0x0D && peek(1) == 0x0A {
            position += 2
        } else {
            throw error("expected the end of the line, found \(describe(byte))")
        }
    }

    private mutating func skipComment() throws {
        while let byte = peek(), byte != 0x0A {
            if byte == 0x0D && peek(1) == 0x0A { break }
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                throw error("control character in comment")
            }
            position += 1
        }
    }

    // MARK: Keys

    private mutating func parseKey() throws -> ([String], Range<Int>) {
        let start = position
        var segments: [String] = []
        while true {
            segments.append(try parseKeySegment())
            let afterSegment = position
            skipWhitespace()
            if peek() == UInt8(ascii: ".") {
                position += 1
                skipWhitespace()
                continue
            }
            position = afterSegment
            return (segments, start..<afterSegment)
        }
    }

    private mutating func parseKeySegment() throws -> String {
        guard let byte = peek() else { throw error("expected a key, found the end of the file") }
        if byte == UInt8(ascii: "\"") {
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                throw error("multi-line strings cannot be keys")
            }
            return try parseBasicString()
        }
        if byte == UInt8(ascii: "'") {
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                throw error("multi-line strings cannot be keys")
            }
            return try parseLiteralString()
        }
        let start = position
        while let byte = peek(), isBareKeyByte(byte) { position += 1 }
        guard position > start else { throw error("expected a key, found \(describe(byte))") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    // MARK: Values

    private mutating func parseValue() throws -> TOMLValue {
        guard let byte = peek() else { throw error("expected a value, found the end of the file") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                return .string(try parseMultilineBasicString())
            }
            return .string(try parseBasicString())
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                return .string(try parseMultilineLiteralString())
            }
            return .string(try parseLiteralString())
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "{"):
            return try parseInlineTable()
        case UInt8(ascii: "t") where matches("true"):
            position += 4
            return .boolean(true)
        case UInt8(ascii: "f") where matches("false"):
            position += 5
            return .boolean(false)
        default:
            return try parseNumberOrDate()
        }
    }

    private mutating func parseArray() throws -> TOMLValue {
        position += 1
        var values: [TOMLValue] = []
        while true {
            try skipArrayFiller()
            guard let byte = peek() else { throw error("unterminated array") }
            if byte == UInt8(ascii: "]") {
                position += 1
                return .array(values)
            }
            values.append(try parseValue())
            try skipArrayFiller()
            guard let next = peek() else { throw error("unterminated array") }
            if next == UInt8(ascii: ",") {
                position += 1
            } else if next == UInt8(ascii: "]") {
                position += 1
                return .array(values)
            } else {
                throw error("expected `,` or `]` in array, found \(describe(next))")
            }
        }
    }

    /// Whitespace, line breaks and comments, as allowed between array elements.
    private mutating func skipArrayFiller() throws {
        while let byte = peek() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A {
                position += 1
            } else if byte == 0x0D && peek(1) == 0x0A {
                position += 2
            } else if byte == UInt8(ascii: "#") {
                try skipComment()
            } else {
                return
            }
        }
    }

    private mutating func parseInlineTable() throws -> TOMLValue {
        let open = position
        position += 1
        var entries: [TOMLKeyValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .inlineTable(TOMLInlineTable(openBrace: open, closeBrace: position - 1, entries: []))
        }
        while true {
            skipWhitespace()
            let pair = try parseKeyValue(lineStart: position, indentation: "", inline: true)
            entries.append(pair)
            skipWhitespace()
            guard let byte = peek() else { throw error("unterminated inline table") }
            if byte == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if byte == UInt8(ascii: "}") {
                position += 1
                let literal = TOMLInlineTable(openBrace: open, closeBrace: position - 1, entries: entries)
                do {
                    _ = try TOMLTreeBuilder.inlineTable(literal)
                } catch let violation as TOMLTreeBuilder.Violation {
                    throw error(violation.message, at: violation.offset)
                }
                return .inlineTable(literal)
            }
            throw error("expected `,` or `}` in inline table, found \(describe(byte))")
        }
    }

    // MARK: Strings

    private mutating func parseBasicString() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(try parseEscape())
            case 0x0A, 0x0D:
                throw error("line break in a single-line string")
            default:
                scalars.append(contentsOf: try parseUTF8Scalar().unicodeScalars)
            }
        }
    }

    private mutating func parseMultilineBasicString() throws -> String {
        position += 3
        skipOneNewline()
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw error("unterminated multi-line string") }
            if byte == UInt8(ascii: "\""), peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                var quotes = 3
                while peek(quotes) == UInt8(ascii: "\"") && quotes < 5 { quotes += 1 }
                for _ in 0..<(quotes - 3) { scalars.append("\"") }
                position += quotes
                return String(scalars)
            }
            if byte == UInt8(ascii: "\\") {
                var lookahead = 1
                while peek(lookahead) == 0x20 || peek(lookahead) == 0x09 { lookahead += 1 }
                if peek(lookahead) == 0x0A || (peek(lookahead) == 0x0D && peek(lookahead + 1) == 0x0A) {
                    position += lookahead
                    while let next = peek(), next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D {
                        if next == 0x0D && peek(1) != 0x0A { throw error("lone carriage return") }
                        position += 1
                    }
                    continue
                }
                scalars.append(try parseEscape())
                continue
            }
            if byte == 0x0A {
                scalars.append("\n")
                position += 1
                continue
            }
            if byte == 0x0D && peek(1) == 0x0A {
                scalars.append("\r")
                scalars.append("\n")
                position += 2
                continue
            }
            scalars.append(contentsOf: try parseUTF8Scalar().unicodeScalars)
        }
    }

    private mutating func parseLiteralString() throws -> String {
        position += 1
        let start = position
        while true {
            guard let byte = peek() else { throw error("unterminated literal string") }
            if byte == UInt8(ascii: "'") {
                let text = try decode(start..<position)
                position += 1
                return text
            }
            if byte == 0x0A || byte == 0x0D { throw error("line break in a single-line string") }
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F { throw error("control character in string") }
            position += 1
        }
    }

    private mutating func parseMultilineLiteralString() throws -> String {
        position += 3
        skipOneNewline()
        let start = position
        while true {
            guard let byte = peek() else { throw error("unterminated multi-line literal string") }
            if byte == UInt8(ascii: "'"), peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                var quotes = 3
                while peek(quotes) == UInt8(ascii: "'") && quotes < 5 { quotes += 1 }
                let text = try decode(start..<(position + quotes - 3))
                position += quotes
                return text
            }
            if byte == 0x0D && peek(1) != 0x0A { throw error("lone carriage return") }
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
                throw error("control character in string")
            }
            position += 1
        }
    }

    private mutating func skipOneNewline() {
        if peek() == 0x0A {
            position += 1
        } else if peek() == 0x0D && peek(1) == 0x0A {
            position += 2
        }
    }

    private mutating func parseEscape() throws -> Unicode.Scalar {
        position += 1
        guard let byte = peek() else { throw error("unterminated escape sequence") }
        position += 1
        switch byte {
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let length = byte == UInt8(ascii: "u") ? 4 : 8
            guard position + length <= bytes.count,
                let code = UInt32(String(decoding: bytes[position..<(position + length)], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            else {
                throw error("invalid unicode escape", at: position - 2)
            }
            position += length
            return scalar
        default:
            throw error("invalid escape sequence `\\\(Character(Unicode.Scalar(byte)))`", at: position - 2)
        }
    }

    /// One UTF-8 encoded character of a string; rejects control characters.
    private mutating func parseUTF8Scalar() throws -> String {
        let byte = bytes[position]
        if (byte < 0x20 && byte != 0x09) || byte == 0x7F { throw error("control character in string") }
        let length: Int
        switch byte {
        case 0..<0x80: length = 1
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: throw error("invalid UTF-8")
        }
        let text = try decode(position..<min(position + length, bytes.count))
        position += length
        return text
    }

    private func decode(_ range: Range<Int>) throws -> String {
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw error("invalid UTF-8", at: range.lowerBound)
        }
        return text
    }

    // MARK: Numbers and dates

    private mutating func parseNumberOrDate() throws -> TOMLValue {
        let start = position
        while let byte = peek() {
            if isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: ":")
            {
                position += 1
            } else if byte == 0x20, position - start == 10, let next = peek(1), next >= 0x30, next <= 0x39,
                isDate(String(decoding: bytes[start..<position], as: UTF8.self))
            {
                position += 1
            } else {
                break
            }
        }
        let token = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !token.isEmpty else {
            throw error("expected a value, found \(describe(bytes[start]))")
        }
        if TOMLValueSyntax.isInteger(token) { return .integer(token) }
        if TOMLValueSyntax.isFloat(token) { return .float(token) }
        if TOMLValueSyntax.isDateTime(token) { return .dateTime(token) }
        throw error("invalid value `\(token)`", at: start)
    }

    private func isDate(_ text: String) -> Bool {
        TOMLValueSyntax.isDateTime(text) && text.count == 10
    }

    // MARK: Helpers

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func matches(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position..<(position + utf8.count)]) == utf8 else {
            return false
        }
        if let next = peek(utf8.count), isBareKeyByte(next) { return false }
        return true
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 { position += 1 }
    }

    private mutating func expect(_ character: Character, _ what: String) throws {
        guard let byte = peek(), byte == character.asciiValue! else {
            throw error("expected \(what), found \(peek().map(describe) ?? "the end of the file")")
        }
        position += 1
    }

    private func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x0A: return "a line break"
        case 0x0D: return "a carriage return"
        case 0x20..<0x7F: return "`\(Character(Unicode.Scalar(byte)))`"
        default: return "byte 0x\(String(byte, radix: 16))"
        }
    }

    private func error(_ message: String, at offset: Int? = nil) -> TOMLSyntaxError {
        let offset = min(offset ?? position, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return TOMLSyntaxError(line: line, column: column, message: message)
    }
}
