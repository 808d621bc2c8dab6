import GoTemplate

/// A small, deterministic YAML writer for the documents the component writes itself (the Namespace,
/// the `Spegel` CR, the CRD): block style, two-space indentation, map keys sorted bytewise unless an
/// order is given, list items at their key's indentation, strings quoted whenever a YAML 1.1 reader
/// could take them for something else.
enum PlainYAML {
    /// A node to write: maps keep the order given.
    indirect enum Node {
        case scalar(String)
        case string(String)
        case map([(String, Node)])
        case list([Node])

        /// A node from a values tree, map keys sorted bytewise.
        init(_ value: TemplateValue) {
            switch value {
            case .null: self = .scalar("null")
            case .bool(let b): self = .scalar(b ? "true" : "false")
            case .int(let i): self = .scalar(String(i))
            case .int64(let i): self = .scalar(String(i))
            case .float(let f):
                self = .scalar(f.rounded() == f && abs(f) < 1e15 ? String(Int64(f)) : String(f))
            case .string(let s): self = .string(s)
            case .list, .strings, .bytes: self = .list((value.listElements ?? []).map(Node.init))
            case .map(let map):
                self = .map(map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, Node(map[$0]!)) })
            case .object(let object): self = .string(object.goDescription)
            }
        }
    }

    /// The YAML text of `node` (ending with a newline).
    static func write(_ node: Node) -> String {
        var out = ""
        write(node, indent: 0, into: &out, inline: false)
        return out
    }

    private static func write(_ node: Node, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch node {
        case .scalar(let text): out += text + "\n"
        case .string(let text): out += quoted(text) + "\n"
        case .map(let pairs):
            if pairs.isEmpty { out += "{}\n"; return }
            for (index, (key, value)) in pairs.enumerated() {
                if !(inline && index == 0) { out += pad }
                out += quoted(key) + ":"
                switch value {
                case .map(let inner) where !inner.isEmpty:
                    out += "\n"; write(value, indent: indent + 2, into: &out, inline: false)
                case .list(let inner) where !inner.isEmpty:
                    out += "\n"; write(value, indent: indent, into: &out, inline: false)
                default:
                    out += " "; write(value, indent: indent + 2, into: &out, inline: true)
                }
            }
        case .list(let items):
            if items.isEmpty { out += "[]\n"; return }
            for item in items {
                switch item {
                case .list(let inner) where !inner.isEmpty:
                    out += pad + "-\n"; write(item, indent: indent + 2, into: &out, inline: false)
                default:
                    out += pad + "- "; write(item, indent: indent + 2, into: &out, inline: true)
                }
            }
        }
    }

    /// `text` as a plain scalar when that reads back as the same string, else double-quoted.
    static func quoted(_ text: String) -> String {
        needsQuotes(text) ? doubleQuoted(text) : text
    }

    static let reservedWords: Set<String> = [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
    ]

    static func needsQuotes(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last else { return true }
        if reservedWords.contains(text.lowercased()) { return true }
        if Double(text) != nil || text.hasPrefix("0x") || text.hasPrefix("0o") || text.hasPrefix(".") { return true }
        if first == " " || last == " " || last == ":" { return true }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
            // `-` followed by non-space is fine in plain scalars except a bare `-`; keep it simple: quote.
            return true
        }
        if text.contains(": ") || text.contains(" #") || text.contains("\n") || text.contains("\t") { return true }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return true }
        // Sexagesimal-looking (1:20) and timestamps are read specially by YAML 1.1.
        if text.allSatisfy({ $0.isNumber || $0 == ":" || $0 == "." || $0 == "-" || $0 == "_" || $0 == "+" }) { return true }
        return false
    }

    static func doubleQuoted(_ text: String) -> String {
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
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
