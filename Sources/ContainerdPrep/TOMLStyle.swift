/// The quoting a document already uses, so that added keys and strings look like their neighbours
/// (containerd 2.x writes `'single quotes'`, 1.x `"double quotes"`).
struct TOMLStyle {
    /// Whether quoted keys in table headers mostly use literal (single) quotes.
    var prefersLiteralQuotes: Bool

    init(_ document: TOMLDocument) {
        var literal = 0
        var basic = 0
        for section in document.sections {
            let header = document.bytes[section.lineStart..<section.headerEnd]
            if header.contains(UInt8(ascii: "'")) { literal += 1 }
            if header.contains(UInt8(ascii: "\"")) { basic += 1 }
        }
        prefersLiteralQuotes = literal > basic
    }

    /// A string literal in the preferred quoting, falling back to a basic string when needed.
    func string(_ text: String, literal: Bool? = nil) -> String {
        let useLiteral = literal ?? prefersLiteralQuotes
        if useLiteral, !text.contains("'"), !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "'" + text + "'"
        }
        return TOMLKeyFormatter.basicString(text)
    }

    /// One key segment: bare when possible, else quoted in the preferred style.
    func segment(_ key: String) -> String {
        let bare = TOMLKeyFormatter.segment(key)
        return bare.hasPrefix("\"") ? string(key) : bare
    }

    /// A dotted key.
    func path(_ keys: [String]) -> String {
        keys.map(segment).joined(separator: ".")
    }
}
