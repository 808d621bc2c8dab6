/// A YAML or JSON document that could not be decoded, with where and why.
///
/// `message` is Go's error text as Helm prints it (e.g.
/// `error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context`);
/// `line` and `column` (1-based) locate the problem for people and tools when it is known.
public struct YAMLError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, broadly.
    public enum Kind: Sendable, Equatable {
        /// The text is not well-formed YAML (libyaml scanner or parser error).
        case syntax
        /// Well-formed YAML that has no JSON form (non-string map keys that cannot be converted,
        /// NaN or infinite numbers, unknown anchors, bad merge keys, bad tags).
        case conversion
        /// The top-level value has the wrong type for the target (e.g. a list where a map is needed).
        case type
        /// Malformed JSON.
        case json
    }

    /// The kind of problem.
    public var kind: Kind
    /// The file the text came from, when the caller named one.
    public var fileName: String?
    /// 1-based line of the problem, when known.
    public var line: Int?
    /// 1-based column of the problem, when known.
    public var column: Int?
    /// The message exactly as Helm (Go) prints the error.
    public var message: String

    public init(kind: Kind, fileName: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.kind = kind
        self.fileName = fileName
        self.line = line
        self.column = column
        self.message = message
    }

    /// Go's `err.Error()` text, as Helm's messages embed it.
    public var helmDescription: String { message }

    /// `FILE:LINE:COLUMN: message` (the parts that are known).
    public var description: String {
        var prefix = ""
        if let fileName { prefix += fileName }
        if let line {
            prefix += (prefix.isEmpty ? "" : ":") + "\(line)"
            if let column { prefix += ":\(column)" }
        }
        return prefix.isEmpty ? message : "\(prefix): \(message)"
    }
}
