import GoTemplate

/// The shape of a values tree: what the operator values and the chart values (the `Spegel` CR spec)
/// may contain. It drives type checks, unknown-key warnings and the CRD's OpenAPI schema.
public indirect enum ValueSchema: Sendable {
    /// A string.
    case string(String)
    /// A whole number.
    case integer(String)
    /// A boolean.
    case boolean(String)
    /// A map with known keys (others are warned about).
    case object(String, [String: ValueSchema])
    /// A map of anything (Kubernetes objects passed through, labels, …).
    case freeForm(String)
    /// A map of strings (labels, annotations, node selectors).
    case stringMap(String)
    /// A list whose items have the given shape.
    case array(String, ValueSchema)

    /// The documentation of the key.
    public var summary: String {
        switch self {
        case .string(let d), .integer(let d), .boolean(let d), .object(let d, _), .freeForm(let d),
             .stringMap(let d), .array(let d, _):
            return d
        }
    }

    /// How a message names the expected type.
    var expectation: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        case .object, .freeForm, .stringMap: return "a map"
        case .array: return "a list"
        }
    }
}

/// A finding of a values check: an error (wrong type) or a warning (unknown key, lint).
public struct ValueIssue: Sendable, Equatable, CustomStringConvertible {
    /// Whether the input is rejected (exit code 2) or only warned about.
    public enum Severity: Sendable { case error, warning }
    public var severity: Severity
    /// The key path, e.g. `saturnComponents.spegel.values.mirrorResolveRetries`.
    public var keyPath: String
    /// What is wrong.
    public var message: String

    public var description: String {
        "\(severity == .error ? "error" : "warning"): \(keyPath): \(message)"
    }
}

extension ValueSchema {
    /// Checks `value` against the schema; `path` names the value in messages.
    public func check(_ value: TemplateValue, at path: String) -> [ValueIssue] {
        if case .null = value { return [] }
        func wrongType() -> [ValueIssue] {
            [ValueIssue(severity: .error, keyPath: path,
                        message: "expected \(expectation), got \(describe(value))")]
        }
        switch self {
        case .string:
            return value.stringValue != nil ? [] : wrongType()
        case .boolean:
            if case .bool = value { return [] }
            return wrongType()
        case .integer:
            switch value {
            case .int, .int64: return []
            case .float(let f) where f.rounded() == f: return []
            default: return wrongType()
            }
        case .freeForm:
            return value.mapValue != nil ? [] : wrongType()
        case .stringMap:
            guard let map = value.mapValue else { return wrongType() }
            return map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.flatMap { key in
                ValueSchema.string("").check(map[key]!, at: path + "." + key)
            }
        case .array(_, let items):
            guard let elements = value.listElements else { return wrongType() }
            return elements.enumerated().flatMap { index, element in items.check(element, at: "\(path)[\(index)]") }
        case .object(_, let properties):
            guard let map = value.mapValue else { return wrongType() }
            var issues: [ValueIssue] = []
            for key in map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } {
                let keyPath = path.isEmpty ? key : path + "." + key
                if let schema = properties[key] {
                    issues += schema.check(map[key]!, at: keyPath)
                } else {
                    var message = "unknown key"
                    if let suggestion = closestKey(to: key, among: Array(properties.keys)) {
                        message += "; did you mean \"\(suggestion)\"?"
                    }
                    issues.append(ValueIssue(severity: .warning, keyPath: keyPath, message: message))
                }
            }
            return issues
        }
    }
}

/// The key of `candidates` closest to `key` by edit distance, when it is close enough to be a typo.
func closestKey(to key: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
        .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
    guard let best = scored.first else { return nil }
    let limit = max(2, key.count / 3)
    return best.1 <= limit ? best.0 : nil
}

/// Levenshtein distance between two strings (by characters).
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// A short description of a value for messages: `"abc" (a string)`, `3 (a number)`, `a map`.
func describe(_ value: TemplateValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return "\(b) (a boolean)"
    case .int(let i): return "\(i) (a number)"
    case .int64(let i): return "\(i) (a number)"
    case .float(let f): return (f.rounded() == f && abs(f) < 1e15 ? String(Int64(f)) : String(f)) + " (a number)"
    case .string(let s): return "\"\(s)\" (a string)"
    case .list, .strings, .bytes: return "a list"
    case .map: return "a map"
    case .object: return "an object"
    }
}
