/// A TOML value as written in a document, with the byte range it occupies.
///
/// The parser keeps positions so that callers can splice edits into the original bytes
/// without reformatting anything else.
public indirect enum TOMLValue: Equatable, Sendable {
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
    public var typeNameWithArticle: String {
        let name = typeName
        return ("aeiou".contains(name.first!) ? "an " : "a ") + name
    }

    /// A short English name of the value's type, for error messages.
    public var typeName: String {
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
public struct TOMLInlineTable: Equatable, Sendable {
    /// Offset of `{`.
    public var openBrace: Int
    /// Offset of `}`.
    public var closeBrace: Int
    /// The key/value pairs in the order written.
    public var entries: [TOMLKeyValue]
}

/// One `key = value` pair, in a section, at the top level or inside an inline table.
public struct TOMLKeyValue: Equatable, Sendable {
    /// The (possibly dotted) key, relative to the enclosing table.
    public var key: [String]
    /// Byte range of the key as written.
    public var keyRange: Range<Int>
    /// Byte range of the value as written.
    public var valueRange: Range<Int>
    public var value: TOMLValue
    /// Offset of the start of the line holding the key (before indentation).
    public var lineStart: Int
    /// Offset just past the newline ending the statement (or the end of the file);
    /// for pairs inside inline tables, the end of the value.
    public var statementEnd: Int
    /// The whitespace before the key on its line.
    public var indentation: String
}

/// A `[table]` or `[[array.of.tables]]` header and the pairs that follow it.
public struct TOMLSection: Equatable, Sendable {
    public var path: [String]
    public var isArrayElement: Bool
    /// Offset of the start of the header line (before indentation).
    public var lineStart: Int
    /// Offset just past the newline that ends the header line (or the end of the file).
    public var headerEnd: Int
    /// The whitespace before `[` on the header line.
    public var indentation: String
    public var entries: [TOMLKeyValue]

    /// Offset just past the last statement that belongs to this section.
    public var contentEnd: Int { entries.last?.statementEnd ?? headerEnd }
}

/// A parsed TOML document: the original bytes, the statements with their positions, and the
/// table tree they define.
public struct TOMLDocument {
    public var bytes: [UInt8]
    /// Pairs before the first header.
    public var rootEntries: [TOMLKeyValue]
    public var sections: [TOMLSection]
    /// The tree of tables and values the document defines.
    public var root: TOMLTable
    /// Whether the document's first line break is `\r\n`.
    public var usesCRLF: Bool

    /// Parses `text`, checking it against TOML 1.0.
    /// - Throws: `TOMLSyntaxError` naming the line and column of the first problem.
    public init(parsing text: String) throws {
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
    public var isBlank: Bool { rootEntries.isEmpty && sections.isEmpty }

    /// The 1-based line number of a byte offset.
    public func line(of offset: Int) -> Int {
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
public struct TOMLSyntaxError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}
