import GoTemplate

/// What the JSON round trip inside `sigs.k8s.io/yaml.Marshal` (Helm's `toYaml`) does to text:
/// the value is written by `json.Marshal` and read back by go-yaml v2 before it is written as YAML.
///
/// `json.Marshal` escapes control characters below U+0020, `"`, `\`, `<`, `>`, `&`, U+2028 and
/// U+2029, and writes everything else as it is. go-yaml's reader then refuses U+007F–U+0084,
/// U+0086–U+009F, U+FFFE and U+FFFF ("control characters are not allowed": `toYaml` prints "",
/// `mustToYaml` fails), and its scanner reads U+0085 (NEL) as a line break inside a double-quoted
/// scalar, folding it as YAML folds lines (`"a<NEL>b"` reads back `"a b"`); a key with a NEL is a
/// multi-line key, which a flow mapping refuses.
enum JSONReadBack {
    /// Why the round trip fails, with go-yaml's message.
    struct Failure: Error {
        var message: String
    }

    static let controlCharacters = "yaml: control characters are not allowed"

    /// `text` as go-yaml reads it back, or a failure for a refused character or (for a `key`) a NEL.
    /// ASCII text below U+007F, nearly all text, comes back unchanged without a scan of its scalars.
    @inline(__always) static func readBack(_ text: String, isKey: Bool) throws -> String {
        if text.utf8.allSatisfy({ $0 < 0x7F }) { return text }
        return try readBackSlowly(text, isKey: isKey)
    }

    private static func readBackSlowly(_ text: String, isKey: Bool) throws -> String {
        // Raw bytes that are not UTF-8 (``GoBytes``) come back as U+FFFD (json.Marshal's `\ufffd`).
        let text = GoBytes.replacingRawBytes(text)
        var hasLineBreak = false
        for scalar in text.unicodeScalars {
            if isRefused(scalar) { throw Failure(message: controlCharacters) }
            if scalar.value == 0x85 { hasLineBreak = true }
        }
        if !hasLineBreak { return text }
        if isKey { throw Failure(message: "") }  // worded by `failure(in:)`, which knows the line
        return fold(text)
    }

    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7F...0x84, 0x86...0x9F, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// go-yaml's `yaml_parser_scan_flow_scalar` over the JSON string's raw characters: blanks before
    /// a line break are dropped, blanks after it skipped, a single break becomes a space and further
    /// breaks become newlines. Only spaces are raw blanks here (`json.Marshal` escapes tabs).
    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var whitespace = String.UnicodeScalarView()
        var sawBreak = false
        var trailingBreaks = 0
        func join() {
            if sawBreak {
                if trailingBreaks == 0 {
                    out.append(" ")
                } else {
                    for _ in 0..<trailingBreaks { out.append("\n") }
                }
            } else {
                out.append(contentsOf: whitespace)
            }
            whitespace.removeAll()
            sawBreak = false
            trailingBreaks = 0
        }
        var inBlanks = false
        for scalar in text.unicodeScalars {
            let isBlank = scalar == " "
            let isBreak = scalar.value == 0x85
            if isBlank || isBreak {
                inBlanks = true
                if isBlank {
                    if !sawBreak { whitespace.append(scalar) }
                } else if !sawBreak {
                    whitespace.removeAll()
                    sawBreak = true
                } else {
                    trailingBreaks += 1
                }
                continue
            }
            if inBlanks {
                join()
                inBlanks = false
            }
            out.append(scalar)
        }
        if inBlanks { join() }
        return String(out)
    }

    /// The error go-yaml gives for `value`'s JSON form. Its reader checks every character of each
    /// 512-byte chunk before the scanner reads a token, so a refused character anywhere in the
    /// (nearly always shorter) text comes first; otherwise the first multi-line key in the order
    /// `json.Marshal` writes them (map keys sorted bytewise), on the line of the token after it
    /// (counted in NELs read so far).
    static func failure(in value: TemplateValue) -> String {
        var breaks = 0
        var refused = false
        let keyLine = firstMultiLineKey(value, &breaks, &refused)
        if refused || keyLine == nil { return controlCharacters }
        return "yaml: line \(keyLine!): did not find expected ',' or '}'"
    }

    /// Walks `value` in JSON order, counting NELs in `breaks` and noting refused characters; returns
    /// the line after the first key holding a NEL.
    private static func firstMultiLineKey(_ value: TemplateValue, _ breaks: inout Int, _ refused: inout Bool) -> Int? {
        var found: Int?
        func visit(_ value: TemplateValue) {
            switch value {
            case .string(let s):
                scan(s)
            case .strings(let items):
                items.forEach(scan)
            case .list(let items):
                items.forEach(visit)
            case .map(let map):
                for key in map.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                    let before = breaks
                    scan(key)
                    if breaks > before && found == nil { found = breaks }
                    visit(map[key]!)
                }
            case .object:
                if let encodable = value.encodableObject { visit(encodable) }
            default:
                break
            }
        }
        func scan(_ text: String) {
            if text.utf8.allSatisfy({ $0 < 0x7F }) { return }
            for scalar in text.unicodeScalars {
                if isRefused(scalar) { refused = true }
                if scalar.value == 0x85 { breaks += 1 }
            }
        }
        visit(value)
        return found
    }
}
