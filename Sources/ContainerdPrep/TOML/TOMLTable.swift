/// A table in a document's tree, remembering how it came to exist so that edits can add keys
/// in a place TOML allows.
public final class TOMLTable {
    /// How a table was defined.
    public enum Origin: Equatable {
        /// The document itself.
        case root
        /// A `[header]` (the index into `TOMLDocument.sections`).
        case header(section: Int)
        /// Created only as the parent of a deeper `[header]`; may still get its own header.
        case implicit
        /// Created by a dotted key (`a.b = 1`) in a section (`nil`: before the first header).
        case dotted(section: Int?)
        /// Part of an inline table value; `prefix` leads from the literal to this table.
        case inline(literal: TOMLInlineTable, prefix: [String])
        /// One element of an array of tables (`[[header]]`).
        case arrayElement(section: Int)
    }

    /// One member of a table.
    public enum Item {
        case table(TOMLTable)
        /// Tables from `[[header]]` sections.
        case arrayOfTables([TOMLTable])
        /// A value written by a key/value pair.
        case value(TOMLValue, TOMLKeyValue)
    }

    public var origin: Origin
    /// Byte offset where the table was first mentioned (for messages).
    public var offset: Int
    public private(set) var keys: [String] = []
    public private(set) var items: [String: Item] = [:]

    init(origin: Origin, offset: Int) {
        self.origin = origin
        self.offset = offset
    }

    public subscript(key: String) -> Item? { items[key] }

    func set(_ key: String, _ item: Item) {
        if items[key] == nil { keys.append(key) }
        items[key] = item
    }

    /// The member at a path of keys, descending through tables (and the last element of
    /// arrays of tables, as TOML headers do).
    public func item(at path: [String]) -> Item? {
        guard let first = path.first else { return .table(self) }
        guard let item = items[first] else { return nil }
        if path.count == 1 { return item }
        switch item {
        case .table(let table): return table.item(at: Array(path.dropFirst()))
        case .arrayOfTables(let tables): return tables.last?.item(at: Array(path.dropFirst()))
        case .value(.inlineTable, _), .value: return nil
        }
    }

    /// The table at a path, if every step is a table.
    public func table(at path: [String]) -> TOMLTable? {
        if case .table(let table)? = item(at: path) { return table }
        return path.isEmpty ? self : nil
    }

    /// The value at a path with the pair that wrote it.
    public func value(at path: [String]) -> (value: TOMLValue, pair: TOMLKeyValue)? {
        if case .value(let value, let pair)? = item(at: path) { return (value, pair) }
        return nil
    }

    /// A plain, position-free copy of the tree for comparing documents.
    public var plain: TOMLPlainValue {
        var members: [String: TOMLPlainValue] = [:]
        for key in keys {
            switch items[key]! {
            case .table(let table): members[key] = table.plain
            case .arrayOfTables(let tables): members[key] = .array(tables.map { $0.plain })
            case .value(let value, _): members[key] = TOMLPlainValue(value)
            }
        }
        return .table(members)
    }
}

/// A TOML value without positions or spelling, for comparing the meaning of two documents.
public indirect enum TOMLPlainValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    /// A float, spelled as Swift prints the `Double` it stands for.
    case float(String)
    case boolean(Bool)
    case dateTime(String)
    case array([TOMLPlainValue])
    case table([String: TOMLPlainValue])

    init(_ value: TOMLValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .integer(let raw): self = .integer(TOMLPlainValue.integerValue(raw) ?? 0)
        case .float(let raw):
            let digits = raw.replacingOccurrences(of: "_", with: "")
            self = .float(Double(digits).map { String($0) } ?? digits)
        case .boolean(let b): self = .boolean(b)
        case .dateTime(let raw): self = .dateTime(raw)
        case .array(let values): self = .array(values.map(TOMLPlainValue.init))
        case .inlineTable(let literal):
            let table = TOMLTable(origin: .root, offset: 0)
            for pair in literal.entries {
                try? TOMLTreeBuilder.insert(pair, into: table, origin: { _ in .root }, canExtend: { _ in true })
            }
            self = table.plain
        }
    }

    static func integerValue(_ raw: String) -> Int64? {
        var text = raw.replacingOccurrences(of: "_", with: "")
        var sign: Int64 = 1
        if text.hasPrefix("+") { text.removeFirst() } else if text.hasPrefix("-") { sign = -1; text.removeFirst() }
        if text.hasPrefix("0x") { return Int64(text.dropFirst(2), radix: 16).map { $0 * sign } }
        if text.hasPrefix("0o") { return Int64(text.dropFirst(2), radix: 8).map { $0 * sign } }
        if text.hasPrefix("0b") { return Int64(text.dropFirst(2), radix: 2).map { $0 * sign } }
        return Int64(text).map { $0 * sign }
    }

    /// This value with the members at the given paths removed, and tables along those paths that
    /// end up empty removed too (for comparing trees minus the keys an edit may change).
    public func removing(_ paths: [[String]]) -> TOMLPlainValue {
        guard case .table(var members) = self else { return self }
        for path in paths {
            guard let first = path.first else { continue }
            if path.count == 1 {
                members[first] = nil
            } else if let child = members[first] {
                let rest = child.removing([Array(path.dropFirst())])
                members[first] = rest == .table([:]) ? nil : rest
            }
        }
        return .table(members)
    }
}
