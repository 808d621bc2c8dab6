/// Checks the spelling of TOML numbers and dates.
enum TOMLValueSyntax {
    static func isInteger(_ token: String) -> Bool {
        var text = Substring(token)
        if text.hasPrefix("0x") { return digits(text.dropFirst(2), allowed: "0123456789abcdefABCDEF") }
        if text.hasPrefix("0o") { return digits(text.dropFirst(2), allowed: "01234567") }
        if text.hasPrefix("0b") { return digits(text.dropFirst(2), allowed: "01") }
        if text.hasPrefix("+") || text.hasPrefix("-") { text = text.dropFirst() }
        guard digits(text, allowed: "0123456789") else { return false }
        return !(text.count > 1 && text.hasPrefix("0"))
    }

    static func isFloat(_ token: String) -> Bool {
        var text = Substring(token)
        if text.hasPrefix("+") || text.hasPrefix("-") { text = text.dropFirst() }
        if text == "inf" || text == "nan" { return true }
        var mantissa = text
        var exponent: Substring? = nil
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = text[text.index(after: e)...]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, digits(parts[0], allowed: "0123456789") else { return false }
        if parts[0].count > 1 && parts[0].hasPrefix("0") { return false }
        if parts.count == 2 && !digits(parts[1], allowed: "0123456789") { return false }
        if var exponent {
            if exponent.hasPrefix("+") || exponent.hasPrefix("-") { exponent = exponent.dropFirst() }
            guard digits(exponent, allowed: "0123456789") else { return false }
        } else if parts.count == 1 {
            return false
        }
        return true
    }

    /// Local/offset date-times, local dates and local times (RFC 3339 shapes).
    static func isDateTime(_ token: String) -> Bool {
        let pattern = #"^(\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}:\d{2}(\.\d+)?)$"#
        return token.range(of: pattern, options: .regularExpression) != nil
    }

    /// Digits with single underscores between them.
    private static func digits(_ text: Substring, allowed: String) -> Bool {
        guard let first = text.first, let last = text.last, first != "_", last != "_" else { return false }
        var previousUnderscore = false
        for character in text {
            if character == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else {
                guard allowed.contains(character) else { return false }
                previousUnderscore = false
            }
        }
        return true
    }
}
