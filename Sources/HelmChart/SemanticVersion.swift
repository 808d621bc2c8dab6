/// A semantic version parsed leniently as Masterminds/semver v3 `NewVersion` does
/// (`v` prefix, missing minor/patch allowed, prerelease and metadata).
public struct SemanticVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: UInt64, minor: UInt64, patch: UInt64
    public var prerelease: String
    public var metadata: String
    /// The text as given.
    public var original: String

    public init?(_ text: String) {
        original = text
        var s = Substring(text)
        if s.hasPrefix("v") { s = s.dropFirst() }
        var meta = "", pre = ""
        if let plus = s.firstIndex(of: "+") { meta = String(s[s.index(after: plus)...]); s = s[..<plus] }
        if let dash = s.firstIndex(of: "-") { pre = String(s[s.index(after: dash)...]); s = s[..<dash] }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var nums: [UInt64] = []
        for (i, p) in parts.enumerated() {
            guard !p.isEmpty, p.allSatisfy(\.isASCII), p.allSatisfy(\.isNumber), let n = UInt64(p) else { return nil }
            // Masterminds rejects leading zeros except in the major component of a lenient parse.
            if i > 0 && p.count > 1 && p.hasPrefix("0") { return nil }
            nums.append(n)
        }
        while nums.count < 3 { nums.append(0) }
        let identOK: (String) -> Bool = { $0.isEmpty || $0.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } } }
        guard identOK(pre), identOK(meta) else { return nil }
        if !pre.isEmpty {
            for ident in pre.split(separator: ".") where ident.allSatisfy(\.isNumber) && ident.count > 1 && ident.hasPrefix("0") { return nil }
        }
        (major, minor, patch) = (nums[0], nums[1], nums[2])
        prerelease = pre; metadata = meta
    }

    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: String = "") {
        self.major = major; self.minor = minor; self.patch = patch; self.prerelease = prerelease
        metadata = ""; original = "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease)
    }

    /// `major.minor.patch[-pre][+meta]`.
    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease) + (metadata.isEmpty ? "" : "+" + metadata)
    }

    /// Semver precedence (metadata ignored): -1, 0 or 1.
    public func compare(_ o: SemanticVersion) -> Int {
        if major != o.major { return major < o.major ? -1 : 1 }
        if minor != o.minor { return minor < o.minor ? -1 : 1 }
        if patch != o.patch { return patch < o.patch ? -1 : 1 }
        if prerelease == o.prerelease { return 0 }
        if prerelease.isEmpty { return 1 }
        if o.prerelease.isEmpty { return -1 }
        let a = prerelease.split(separator: "."), b = o.prerelease.split(separator: ".")
        for i in 0..<max(a.count, b.count) {
            if i >= a.count { return -1 }
            if i >= b.count { return 1 }
            if a[i] == b[i] { continue }
            let an = UInt64(a[i]), bn = UInt64(b[i])
            switch (an, bn) {
            case let (x?, y?): return x < y ? -1 : 1
            case (_?, nil): return -1
            case (nil, _?): return 1
            default: return a[i] < b[i] ? -1 : 1
            }
        }
        return 0
    }
}

/// A Masterminds/semver v3 constraint: `||`-separated groups of `,`/space-separated comparisons
/// (`=`, `!=`, `>`, `<`, `>=`, `<=`, `~`, `~>`, `^`, wildcards `x`/`X`/`*`, hyphen ranges).
public struct VersionConstraint: Sendable {
    struct Comparison: Sendable {
        var op: String
        var version: SemanticVersion
        /// How many components were given (wildcards/missing parts count as absent).
        var givenParts: Int
        var dirty: Bool
    }
    var groups: [[Comparison]]

    public init?(_ text: String) {
        var groups: [[Comparison]] = []
        for orPart in text.components(separatedBy: "||") {
            var comps: [Comparison] = []
            // Hyphen ranges "a - b".
            var normalized = orPart.trimmingCharacters(in: .whitespaces)
            var tokens: [String] = []
            normalized = normalized.replacingOccurrences(of: ",", with: " ")
            let raw = normalized.split(separator: " ").map(String.init)
            var i = 0
            // Join operators separated from their version by spaces (">= 1.2").
            while i < raw.count {
                var t = raw[i]
                if ["=", "!=", ">", "<", ">=", "<=", "=>", "=<", "~", "~>", "^"].contains(t), i + 1 < raw.count {
                    t += raw[i + 1]; i += 1
                }
                tokens.append(t); i += 1
            }
            var j = 0
            while j < tokens.count {
                if j + 2 < tokens.count && tokens[j + 1] == "-" {
                    guard let lo = Self.parse(">=" + tokens[j]), let hi = Self.parse("<=" + tokens[j + 2]) else { return nil }
                    comps += [lo, hi]; j += 3; continue
                }
                guard let c = Self.parse(tokens[j]) else { return nil }
                comps.append(c); j += 1
            }
            if comps.isEmpty { return nil }
            groups.append(comps)
        }
        self.groups = groups
    }

    static func parse(_ token: String) -> Comparison? {
        var op = ""
        var rest = Substring(token)
        for candidate in [">=", "<=", "=>", "=<", "!=", "~>", ">", "<", "=", "~", "^"] where rest.hasPrefix(candidate) {
            op = candidate; rest = rest.dropFirst(candidate.count); break
        }
        if op == "=>" { op = ">=" }
        if op == "=<" { op = "<=" }
        if op == "~>" { op = "~" }
        var s = rest
        if s.hasPrefix("v") { s = s.dropFirst() }
        var pre = ""
        var core = s
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        if let dash = core.firstIndex(of: "-") { pre = String(core[core.index(after: dash)...]); core = core[..<dash] }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var nums: [UInt64] = []
        var given = 0
        var dirty = false
        for p in parts {
            if p == "x" || p == "X" || p == "*" { dirty = true; break }
            guard let n = UInt64(p) else { return nil }
            if dirty { return nil }
            nums.append(n); given += 1
        }
        if given < 3 { dirty = true }
        while nums.count < 3 { nums.append(0) }
        var v = SemanticVersion(major: nums[0], minor: nums[1], patch: nums[2], prerelease: pre)
        v.original = String(rest)
        return Comparison(op: op, version: v, givenParts: given, dirty: dirty)
    }

    /// Whether `version` satisfies the constraint.
    public func check(_ version: SemanticVersion) -> Bool {
        groups.contains { group in group.allSatisfy { Self.check($0, version) } }
    }

    static func check(_ c: Comparison, _ v: SemanticVersion) -> Bool {
        // A prerelease version only matches constraints that carry a prerelease themselves.
        if !v.prerelease.isEmpty && c.version.prerelease.isEmpty { return false }
        let cv = c.version
        let cmp = v.compare(cv)
        switch c.op {
        case "", "=":
            if c.dirty {
                if c.givenParts == 0 { return true }
                if v.major != cv.major { return false }
                if c.givenParts >= 2 && v.minor != cv.minor { return false }
                return true
            }
            return cmp == 0
        case "!=":
            if c.dirty {
                if c.givenParts == 0 { return false }
                if v.major != cv.major { return true }
                if c.givenParts >= 2 && v.minor != cv.minor { return true }
                return false
            }
            return cmp != 0
        case ">":
            if c.dirty {
                if c.givenParts == 0 { return false }
                if c.givenParts == 1 { return v.major > cv.major }
                return v.major > cv.major || (v.major == cv.major && v.minor > cv.minor)
            }
            return cmp > 0
        case "<":
            return cmp < 0
        case ">=":
            return cmp >= 0
        case "<=":
            if c.dirty {
                if c.givenParts == 0 { return true }
                if c.givenParts == 1 { return v.major <= cv.major }
                return v.major < cv.major || (v.major == cv.major && v.minor <= cv.minor)
            }
            return cmp <= 0
        case "~":
            if cmp < 0 { return false }
            if c.givenParts == 0 { return true }
            if v.major != cv.major { return false }
            if c.givenParts >= 2 && v.minor != cv.minor { return false }
            return true
        case "^":
            if cmp < 0 { return false }
            if cv.major > 0 || c.givenParts == 1 { return v.major == cv.major }
            if cv.minor > 0 || c.givenParts == 2 { return v.major == 0 && v.minor == cv.minor }
            return v.major == 0 && v.minor == 0 && v.patch == cv.patch
        default:
            return false
        }
    }
}

/// Helm's `IsCompatibleRange`: whether `version` parses and satisfies `constraint`.
public func isCompatibleRange(_ constraint: String, _ version: String) -> Bool {
    guard let v = SemanticVersion(version), let c = VersionConstraint(constraint) else { return false }
    return c.check(v)
}
