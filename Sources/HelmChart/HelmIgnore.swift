/// `.helmignore` rules with Helm's semantics (pkg/ignore): one glob per line, `#` comments,
/// `!` negation, trailing `/` for directories only, leading `/` anchored to the chart root, patterns
/// with a `/` matched against the whole path, others against the base name. `**` is rejected.
public struct HelmIgnoreRules: Sendable {
    struct Pattern: Sendable {
        enum Kind: Sendable { case anchored, path, baseName }
        var rule: String
        var kind: Kind
        var negate: Bool
        var mustBeDirectory: Bool
    }
    var patterns: [Pattern] = []

    /// No rules.
    public init() {}

    /// Parses the text of a `.helmignore` file.
    public init(parsing text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        for line in lines { try addRule(line) }
    }

    /// Helm's default rule: hidden files under `templates/`.
    public mutating func addDefaults() { patterns.append(Self.defaultPattern) }

    /// Helm's default rule, `templates/.?*`, compiled once.
    private static let defaultPattern = Pattern(rule: "templates/.?*", kind: .path, negate: false, mustBeDirectory: false)

    mutating func addRule(_ raw: String) throws {
        var rule = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if rule.isEmpty || rule.hasPrefix("#") { return }
        if rule.contains("**") { throw ChartError("double-star (**) syntax is not supported") }
        if !goPathPatternIsValid(rule) { throw ChartError("syntax error in pattern") }
        var negate = false, dir = false
        if rule.hasPrefix("!") { negate = true; rule.removeFirst() }
        if rule.hasSuffix("/") { dir = true; rule.removeLast() }
        let kind: Pattern.Kind
        if rule.hasPrefix("/") { rule.removeFirst(); kind = .anchored }
        else if rule.contains("/") { kind = .path }
        else { kind = .baseName }
        patterns.append(Pattern(rule: rule, kind: kind, negate: negate, mustBeDirectory: dir))
    }

    /// Whether `path` (relative, `/`-separated) is ignored.
    public func ignores(_ path: String, isDirectory: Bool) -> Bool {
        if path.isEmpty || path == "." || path == "./" { return false }
        for p in patterns {
            let subject: String
            switch p.kind {
            case .anchored, .path: subject = path
            case .baseName: subject = path.split(separator: "/").last.map(String.init) ?? path
            }
            let matched = goPathMatch(p.rule, subject) ?? false
            if p.negate {
                if p.mustBeDirectory && !isDirectory { return true }
                if !matched { return true }
                continue
            }
            if p.mustBeDirectory && !isDirectory { continue }
            if matched { return true }
        }
        return false
    }
}
