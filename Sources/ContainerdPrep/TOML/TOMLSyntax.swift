/// A TOML value as written in a document, with the byte range it occupies.
///
/// The parser keeps positions so that callers can splice edits into the original bytes
/// without reformatting anything else.
indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    /// An integer, kept as written (underscores and prefixes included).
    case integer(String)
    /// A float, kept as written.
    case float(String)
    case boolean(Bool)
    /// An offset/local date-time, date or time, kept as written.
    case dateTime(String)
    case array([TOMLValue])
    case inlineTable(TOMLInlineTable)

    /// The type's name with its article ("an array"), for error messages.
    var typeNameWithArticle: String {
        let name = typeName
        return ("aeiou".contains(name.first!) ? "an " : "a ") + name
    }

    /// A short English name of the value's type, for error messages.
    var typeName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .boolean: return "boolean"
        case .dateTime: return "date-time"
        case .array: return "array"
        case .inlineTable: return "inline table"
        }
    }
}

/// An inline table (`{ a = 1, b.c = 2 }`) with the byte offsets of its braces.
struct TOMLInlineTable: Equatable, Sendable {
    /// Offset of `{`.
    var openBrace: Int
    /// Offset of `}`.
    var closeBrace: Int
    /// The key/value pairs in the order written.
    var entries: [TOMLKeyValue]
}

/// One `key = value` pair, in a section, at the top level or inside an inline table.
struct TOMLKeyValue: Equatable, Sendable {
    /// The (possibly dotted) key, relative to the enclosing table.
    var key: [String]
    /// Byte range of the key as written.
    var keyRange: Range<Int>
    /// Byte range of the value as written.
    var valueRange: Range<Int>
    var value: TOMLValue
    /// Offset of the start of the line holding the key (before indentation).
    var lineStart: Int
    /// Offset just past the newline ending the statement (or the end of the file);
    /// for pairs inside inline tables, the end of the value.
    var statementEnd: Int
    /// The whitespace before the key on its line.
    var indentation: String
}

/// A `[table]` or `[[array.of.tables]]` header and the pairs that follow it.
struct TOMLSection: Equatable, Sendable {
    var path: [String]
    var isArrayElement: Bool
    /// Offset of the start of the header line (before indentation).
    var lineStart: Int
    /// Offset just past the newline that ends the header line (or the end of the file).
    var headerEnd: Int
    /// The whitespace before `[` on the header line.
    var indentation: String
    var entries: [TOMLKeyValue]

    /// Offset just past the last statement that belongs to this section.
    var contentEnd: Int { entries.last?.statementEnd ?? headerEnd }
}

/// A parsed TOML document: the original bytes, the statements with their positions, and the
/// table tree they define.
struct TOMLDocument {
    var bytes: [UInt8]
    /// Pairs before the first header.
    var rootEntries: [TOMLKeyValue]
    var sections: [TOMLSection]
    /// The tree of tables and values the document defines.
    var root: TOMLTable
    /// Whether the document's first line break is `\r\n`.
    var usesCRLF: Bool

    /// Parses `text`, checking it against TOML 1.0.
    /// - Throws: `TOMLSyntaxError` naming the line and column of the first problem.
    init(parsing text: String) throws {
        var parser = TOMLParser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }

    init(bytes: [UInt8], rootEntries: [TOMLKeyValue], sections: [TOMLSection], root: TOMLTable) {
        self.bytes = bytes
        self.rootEntries = rootEntries
        self.sections = sections
        self.root = root
        if let newline = bytes.firstIndex(of: 0x0A) {
            usesCRLF = newline > 0 && bytes[newline - 1] == 0x0D
        } else {
            usesCRLF = false
        }
    }

    /// Whether the document holds no key/value pair and no table header.
    var isBlank: Bool { rootEntries.isEmpty && sections.isEmpty }

    /// The 1-based line number of a byte offset.
    func line(of offset: Int) -> Int {
        var line = 1
        var index = 0
        while index < offset && index < bytes.count {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        return line
    }
}

/// A TOML document that does not follow the TOML 1.0 grammar, with the position of the problem.
struct TOMLSyntaxError: Error, Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String

    var description: String { "line \(line), column \(column): \(message)" }
}
