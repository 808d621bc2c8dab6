/// Builds the table tree from parsed statements, enforcing TOML's rules on defining tables once.
enum TOMLTreeBuilder {
    /// A tree rule broken at a byte offset.
    struct Violation: Error {
        var offset: Int
        var message: String
    }

    /// Adds a key/value pair to `table`. New intermediate tables get `origin(prefix)`;
    /// existing intermediate tables may be extended only if `canExtend` says so.
    static func insert(
        _ pair: TOMLKeyValue,
        into table: TOMLTable,
        origin: ([String]) -> TOMLTable.Origin,
        canExtend: (TOMLTable) -> Bool
    ) throws {
        var current = table
        let offset = pair.keyRange.lowerBound
        for index in 0..<(pair.key.count - 1) {
            let segment = pair.key[index]
            let written = pair.key[0...index].map(TOMLKeyFormatter.segment).joined(separator: ".")
            switch current[segment] {
            case nil:
                let child = TOMLTable(origin: origin(Array(pair.key[0...index])), offset: offset)
                current.set(segment, .table(child))
                current = child
            case .table(let child)?:
                guard canExtend(child) else {
                    throw Violation(offset: offset, message: "cannot add keys to table `\(written)` defined elsewhere")
                }
                current = child
            case .arrayOfTables?:
                throw Violation(offset: offset, message: "`\(written)` is an array of tables, not a table")
            case .value?:
                throw Violation(offset: offset, message: "`\(written)` already holds a value, not a table")
            }
        }
        let last = pair.key[pair.key.count - 1]
        if current[last] != nil {
            let written = pair.key.map(TOMLKeyFormatter.segment).joined(separator: ".")
            throw Violation(offset: offset, message: "duplicate key `\(written)`")
        }
        if case .inlineTable(let literal) = pair.value {
            current.set(last, .table(try inlineTable(literal)))
        } else {
            current.set(last, .value(pair.value, pair))
        }
    }

    /// The sealed table an inline table literal defines.
    static func inlineTable(_ literal: TOMLInlineTable) throws -> TOMLTable {
        let table = TOMLTable(origin: .inline(literal: literal, prefix: []), offset: literal.openBrace)
        for pair in literal.entries {
            try insert(pair, into: table, origin: { .inline(literal: literal, prefix: $0) }, canExtend: { child in
                if case .inline(let other, _) = child.origin { return other.openBrace == literal.openBrace }
                return false
            })
        }
        return table
    }

    /// Applies a `[header]` or `[[header]]` and returns the table its pairs go into.
    static func openSection(_ section: TOMLSection, index: Int, in root: TOMLTable) throws -> TOMLTable {
        var current = root
        let offset = section.lineStart + section.indentation.utf8.count
        let written = section.path.map(TOMLKeyFormatter.segment).joined(separator: ".")
        for (position, segment) in section.path.dropLast().enumerated() {
            let prefix = section.path[0...position].map(TOMLKeyFormatter.segment).joined(separator: ".")
            switch current[segment] {
            case nil:
                let child = TOMLTable(origin: .implicit, offset: offset)
                current.set(segment, .table(child))
                current = child
            case .table(let child)?:
                if case .inline = child.origin {
                    throw Violation(offset: offset, message: "cannot extend inline table `\(prefix)` with a header")
                }
                current = child
            case .arrayOfTables(let tables)?:
                current = tables[tables.count - 1]
            case .value?:
                throw Violation(offset: offset, message: "`\(prefix)` already holds a value, not a table")
            }
        }
        let last = section.path[section.path.count - 1]
        if section.isArrayElement {
            let element = TOMLTable(origin: .arrayElement(section: index), offset: offset)
            switch current[last] {
            case nil:
                current.set(last, .arrayOfTables([element]))
            case .arrayOfTables(let tables)?:
                current.set(last, .arrayOfTables(tables + [element]))
            default:
                throw Violation(offset: offset, message: "`\(written)` is already defined and is not an array of tables")
            }
            return element
        }
        switch current[last] {
        case nil:
            let table = TOMLTable(origin: .header(section: index), offset: offset)
            current.set(last, .table(table))
            return table
        case .table(let table)? where table.origin == .implicit:
            table.origin = .header(section: index)
            return table
        case .table?:
            throw Violation(offset: offset, message: "table `[\(written)]` is defined more than once")
        case .arrayOfTables?:
            throw Violation(offset: offset, message: "`\(written)` is an array of tables; use `[[\(written)]]`")
        case .value?:
            throw Violation(offset: offset, message: "`\(written)` already holds a value, not a table")
        }
    }
}

/// Writes keys the way TOML needs them: bare where possible, quoted otherwise.
public enum TOMLKeyFormatter {
    /// One key segment: bare if it is made of `A-Za-z0-9_-`, else a basic string.
    public static func segment(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-"
        }
        return bare ? key : basicString(key)
    }

    /// A dotted key.
    public static func path(_ keys: [String]) -> String {
        keys.map(segment).joined(separator: ".")
    }

    /// A TOML basic string literal holding `text`.
    public static func basicString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
