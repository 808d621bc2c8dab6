import GoTemplate

/// Parses `--set` expressions as Helm's strvals does for the common forms: `a.b=v`,
/// several assignments separated by `,`, `\,` and `\.` escapes, lists `{x,y}`, and typed values
/// (`true`/`false` → bool, integers → int64, `null` → null, anything else a string).
public enum SetAssignments {
    /// A `--set` expression that does not parse.
    public struct ParseError: Error, CustomStringConvertible {
        public var expression: String
        public var reason: String
        public var description: String { "--set \(expression): \(reason)" }
    }

    /// The values map one `--set` expression describes.
    public static func parse(_ expression: String) throws -> TemplateValue {
        var result = TemplateValue.map([:])
        for assignment in splitUnescaped(expression, on: ",", respectingBraces: true) where !assignment.isEmpty {
            guard let equals = firstUnescaped(assignment, "=") else {
                throw ParseError(expression: expression, reason: "key \"\(assignment)\" has no value (expected key=value)")
            }
            let keyText = String(assignment[..<equals])
            let valueText = String(assignment[assignment.index(after: equals)...])
            let path = splitUnescaped(keyText, on: ".", respectingBraces: false).map(unescape)
            guard !path.isEmpty, !path.contains(where: \.isEmpty) else {
                throw ParseError(expression: expression, reason: "empty key in \"\(keyText)\"")
            }
            result = result.setting(typedValue(valueText), at: path)
        }
        return result
    }

    static func typedValue(_ text: String) -> TemplateValue {
        if text.hasPrefix("{") && text.hasSuffix("}") {
            let inner = String(text.dropFirst().dropLast())
            if inner.isEmpty { return .list([]) }
            return .list(splitUnescaped(inner, on: ",", respectingBraces: false).map { typedValue(unescape($0)) })
        }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            if let number = Int64(text), !(text.hasPrefix("0") && text.count > 1) { return .int64(number) }
            return .string(unescape(text))
        }
    }

    static func splitUnescaped(_ text: String, on separator: Character, respectingBraces: Bool) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var escaped = false
        for character in text {
            if escaped { current.append("\\"); current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if respectingBraces && character == "{" { depth += 1 }
            if respectingBraces && character == "}" { depth -= 1 }
            if character == separator && depth <= 0 { parts.append(current); current = ""; continue }
            current.append(character)
        }
        if escaped { current.append("\\") }
        parts.append(current)
        return parts
    }

    static func firstUnescaped(_ text: String, _ target: Character) -> String.Index? {
        var escaped = false
        for index in text.indices {
            if escaped { escaped = false; continue }
            if text[index] == "\\" { escaped = true; continue }
            if text[index] == target { return index }
        }
        return nil
    }

    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped { out.append(character); escaped = false } else if character == "\\" { escaped = true } else { out.append(character) }
        }
        return out
    }
}
