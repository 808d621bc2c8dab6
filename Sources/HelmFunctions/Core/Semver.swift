// Semantic versions and constraints as github.com/Masterminds/semver/v3 (used by Sprig's
import Foundation
import GoTemplate

// `semver` and `semverCompare`) parses, compares and checks them.

/// A parsed `*semver.Version`, reachable from templates (`(semver "1.2.3").Major`).
public struct SemanticVersion: TemplateObject, Equatable {
    /// The version's numbers, prerelease (`beta.1`), build metadata and the text it was parsed from.
    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    public var prerelease: String
    public var metadata: String
    public var original: String
    /// Whether this is a `*semver.Version` (from `semver`) or a `semver.Version` value (from `IncMajor` …).
    var isPointer = true

    /// `*semver.Version`, or `semver.Version` for the values `IncMajor`/`IncMinor`/`IncPatch` return.
    public var goTypeName: String { isPointer ? "*semver.Version" : "semver.Version" }
    public var goKind: String { isPointer ? "ptr" : "struct" }
    public func field(_ name: String) -> TemplateValue? { nil }
    public var goDescription: String { description }

    /// `Version.String()`: `MAJOR.MINOR.PATCH[-PRERELEASE][+METADATA]`.
    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease }
        if !metadata.isEmpty { s += "+" + metadata }
        return s
    }

    private static let methods: Set<String> = [
        "Major", "Minor", "Patch", "Prerelease", "Metadata", "Original", "String", "Compare", "LessThan",
        "LessThanEqual", "GreaterThan", "GreaterThanEqual", "Equal", "IncMajor", "IncMinor", "IncPatch",
    ]

    /// Whether `*semver.Version` has method `name` (`Major`, `Compare`, `IncPatch`, …).
    public func hasMethod(_ name: String) -> Bool { Self.methods.contains(name) }

    /// Calls a `*semver.Version` method; the numbers come back as Go `int` (Go: `uint64`).
    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        func other() throws -> SemanticVersion {
            guard arguments.count == 1 else {
                throw TemplateFunctionError("wrong number of args for \(name): want 1 got \(arguments.count)")
            }
            guard case .object(let o) = arguments[0], let v = o as? SemanticVersion else {
                throw TemplateFunctionError.wrongType(arguments[0], expected: "*semver.Version", argument: 0)
            }
            return v
        }
        switch name {
        case "Major": return .int(Int(truncatingIfNeeded: major))
        case "Minor": return .int(Int(truncatingIfNeeded: minor))
        case "Patch": return .int(Int(truncatingIfNeeded: patch))
        case "Prerelease": return .string(prerelease)
        case "Metadata": return .string(metadata)
        case "Original": return .string(original)
        case "String": return .string(description)
        case "Compare": return .int(compare(try other()))
        case "LessThan": return .bool(compare(try other()) < 0)
        case "LessThanEqual": return .bool(compare(try other()) <= 0)
        case "GreaterThan": return .bool(compare(try other()) > 0)
        case "GreaterThanEqual": return .bool(compare(try other()) >= 0)
        case "Equal": return .bool(compare(try other()) == 0)
        case "IncMajor": return .object(incremented { $0.major += 1; $0.minor = 0; $0.patch = 0 })
        case "IncMinor": return .object(incremented { $0.minor += 1; $0.patch = 0 })
        case "IncPatch": return .object(incremented { if $0.prerelease.isEmpty { $0.patch += 1 } })
        default: return nil
        }
    }

    private func incremented(_ change: (inout SemanticVersion) -> Void) -> SemanticVersion {
        var next = self
        change(&next)
        next.prerelease = ""
        next.metadata = ""
        next.isPointer = false
        next.original = (original.hasPrefix("v") ? "v" : "") + next.description
        return next
    }

    /// `Version.Compare`: -1, 0 or 1; metadata is ignored, a prerelease sorts before its release.
    public func compare(_ o: SemanticVersion) -> Int {
        if major != o.major { return major < o.major ? -1 : 1 }
        if minor != o.minor { return minor < o.minor ? -1 : 1 }
        if patch != o.patch { return patch < o.patch ? -1 : 1 }
        if prerelease.isEmpty && o.prerelease.isEmpty { return 0 }
        if prerelease.isEmpty { return 1 }
        if o.prerelease.isEmpty { return -1 }
        return Self.comparePrerelease(prerelease, o.prerelease)
    }

    static func comparePrerelease(_ v: String, _ o: String) -> Int {
        let s = v.split(separator: ".", omittingEmptySubsequences: false)
        let t = o.split(separator: ".", omittingEmptySubsequences: false)
        for i in 0..<max(s.count, t.count) {
            let a = i < s.count ? String(s[i]) : "", b = i < t.count ? String(t[i]) : ""
            let d = comparePart(a, b)
            if d != 0 { return d }
        }
        return 0
    }

    private static func comparePart(_ s: String, _ o: String) -> Int {
        if s == o { return 0 }
        if s.isEmpty { return -1 }
        if o.isEmpty { return 1 }
        let si = UInt64(s), oi = UInt64(o)
        switch (si, oi) {
        case (nil, nil): return goStringLess(o, s) ? 1 : -1
        case (_, nil): return -1
        case (nil, _): return 1
        case (let a?, let b?): return a > b ? 1 : -1
        }
    }

    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool { a.compare(b) == 0 }

    // MARK: Parsing

    private static let digits = Set("0123456789")
    private static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789")

    /// `semver.NewVersion` (coercing: `v` prefix, missing minor/patch, leading zeros allowed in numbers).
    public static func parse(_ text: String) throws -> SemanticVersion {
        let pattern = #"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        guard let m = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else {
            throw TemplateFunctionError("invalid semantic version")
        }
        func group(_ i: Int) -> String {
            let r = m.range(at: i)
            return r.location == NSNotFound ? "" : ns.substring(with: r)
        }
        func number(_ s: String) throws -> UInt64 {
            let digits = s.hasPrefix(".") ? String(s.dropFirst()) : s
            guard let n = UInt64(digits) else {
                throw TemplateFunctionError(
                    "error parsing version segment: strconv.ParseUint: parsing \(GoFormat.quote(digits)): value out of range")
            }
            return n
        }
        var v = SemanticVersion(major: try number(group(1)), minor: 0, patch: 0,
                                prerelease: group(5), metadata: group(8), original: text)
        if !group(2).isEmpty { v.minor = try number(group(2)) }
        if !group(3).isEmpty { v.patch = try number(group(3)) }
        if !v.prerelease.isEmpty {
            for part in v.prerelease.split(separator: ".", omittingEmptySubsequences: false) {
                if part.isEmpty { throw TemplateFunctionError("invalid prerelease string") }
                if part.allSatisfy({ digits.contains($0) }) {
                    if part.count > 1 && part.hasPrefix("0") { throw TemplateFunctionError("version segment starts with 0") }
                } else if !part.allSatisfy({ allowed.contains($0) }) {
                    throw TemplateFunctionError("invalid prerelease string")
                }
            }
        }
        if !v.metadata.isEmpty {
            for part in v.metadata.split(separator: ".", omittingEmptySubsequences: false)
            where part.isEmpty || !part.allSatisfy({ allowed.contains($0) }) {
                throw TemplateFunctionError("invalid metadata string")
            }
        }
        return v
    }
}

/// A `semver.Constraints`: `||`-separated groups of `,`/space-separated comparisons
/// (`>=1.2.3`, `^1.2`, `~1.2.3`, `1.2 - 1.4.5`, `1.x`, `!=1.2.3`). A prerelease version satisfies a
/// group only when one of the group's versions has a prerelease, as in Masterminds/semver v3.
public struct SemverConstraints: Sendable {
    private struct Comparison: Sendable {
        var op: String
        var version: SemanticVersion
        var dirty = false, minorDirty = false, patchDirty = false
    }

    private var groups: [[Comparison]] = []
    private var groupHasPrerelease: [Bool] = []

    private static let versionPart = #"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
    private static let ops = #"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"#
    private static let single = try! GoRegex(#"^\s*("# + ops + #")\s*("# + versionPart + #")\s*$"#)
    private static let range = try! GoRegex(#"\s*("# + versionPart + #")\s+-\s+("# + versionPart + #")\s*"#)
    private static let find = try! GoRegex("(" + ops + #")\s*("# + versionPart + ")")
    private static let valid = try! GoRegex(#"^(\s*("# + ops + #")\s*("# + versionPart + #")\s*)((?:\s+|,\s*)("# + ops + #")\s*("# + versionPart + #")\s*)*$"#)

    /// Parses `text` as `semver.NewConstraint` does; throws its error (`improper constraint: "…"`).
    public init(_ text: String) throws {
        let rewritten = Self.rewriteRanges(text)
        for group in rewritten.components(separatedBy: "||") {
            guard Self.valid.matches(group) else { throw TemplateFunctionError("improper constraint: \(GoFormat.quote(group))") }
            var parts = Self.find.findAll(group, limit: -1)
            if parts.isEmpty { parts = [group] }
            var comparisons: [Comparison] = []
            var hasPre = false
            for part in parts {
                let c = try Self.parseComparison(part)
                if !c.version.prerelease.isEmpty { hasPre = true }
                comparisons.append(c)
            }
            groups.append(comparisons)
            groupHasPrerelease.append(hasPre)
        }
    }

    private static func rewriteRanges(_ text: String) -> String {
        let ns = text as NSString
        var out = text
        for groups in range.matches(in: text) {
            let whole = ns.substring(with: groups[0]!)
            let low = ns.substring(with: groups[1]!), high = ns.substring(with: groups[11]!)
            if let r = out.range(of: whole) { out.replaceSubrange(r, with: ">= \(low), <= \(high) ") }
        }
        return out
    }

    private static func isX(_ s: String) -> Bool { s == "x" || s == "X" || s == "*" }

    private static func parseComparison(_ text: String) throws -> Comparison {
        let ns = text as NSString
        guard let g = single.matches(in: text, limit: 1).first else {
            throw TemplateFunctionError("improper constraint: \(GoFormat.quote(text))")
        }
        func group(_ i: Int) -> String { g[i].map { ns.substring(with: $0) } ?? "" }
        var version = group(2)
        var c = Comparison(op: group(1), version: try SemanticVersion.parse("0.0.0"))
        let majorPart = group(3), minorPart = group(4), patchPart = group(5), rest = group(6)
        if isX(majorPart) || majorPart.isEmpty {
            version = "0.0.0" + rest
            c.dirty = true
        } else if isX(String(minorPart.dropFirst())) || minorPart.isEmpty {
            c.minorDirty = true
            c.dirty = true
            version = majorPart + ".0.0" + rest
        } else if isX(String(patchPart.dropFirst())) || patchPart.isEmpty {
            c.dirty = true
            c.patchDirty = true
            version = majorPart + minorPart + ".0" + rest
        }
        guard let parsed = try? SemanticVersion.parse(version) else {
            throw TemplateFunctionError("constraint parser error")
        }
        c.version = parsed
        return c
    }

    /// Whether `v` satisfies the constraints (`Constraints.Check`).
    public func check(_ v: SemanticVersion) -> Bool {
        for (i, group) in groups.enumerated() {
            if group.allSatisfy({ Self.check(v, $0, includePrerelease: groupHasPrerelease[i]) }) { return true }
        }
        return false
    }

    private static func check(_ v: SemanticVersion, _ c: Comparison, includePrerelease: Bool) -> Bool {
        if !v.prerelease.isEmpty && !includePrerelease { return false }
        let con = c.version
        switch c.op {
        case "", "=":
            return c.dirty ? tilde(v, c) : v.compare(con) == 0
        case "!=":
            if c.dirty {
                if con.major != v.major { return true }
                if con.minor != v.minor && !c.minorDirty { return true }
                if c.minorDirty { return false }
                if con.patch != v.patch && !c.patchDirty { return true }
                if c.patchDirty {
                    if !v.prerelease.isEmpty || !con.prerelease.isEmpty {
                        return SemanticVersion.comparePrerelease(v.prerelease, con.prerelease) != 0
                    }
                    return false
                }
            }
            return v.compare(con) != 0
        case ">":
            if !c.dirty { return v.compare(con) == 1 }
            if v.major > con.major { return true }
            if v.major < con.major || c.minorDirty { return false }
            if c.patchDirty { return v.minor > con.minor }
            return v.compare(con) == 1
        case "<":
            return v.compare(con) < 0
        case ">=", "=>":
            return v.compare(con) >= 0
        case "<=", "=<":
            if !c.dirty { return v.compare(con) <= 0 }
            if v.major > con.major { return false }
            if v.major == con.major && v.minor > con.minor && !c.minorDirty { return false }
            return true
        case "~", "~>":
            return tilde(v, c)
        case "^":
            if v.compare(con) < 0 { return false }
            if con.major > 0 || c.minorDirty { return v.major == con.major }
            if v.major > 0 { return false }
            if con.minor > 0 || c.patchDirty { return v.minor == con.minor }
            if v.minor > 0 { return false }
            return con.patch == v.patch
        default:
            return false
        }
    }

    private static func tilde(_ v: SemanticVersion, _ c: Comparison) -> Bool {
        let con = c.version
        if v.compare(con) < 0 { return false }
        if con.major == 0 && con.minor == 0 && con.patch == 0 && !c.minorDirty && !c.patchDirty { return true }
        if v.major != con.major { return false }
        if v.minor != con.minor && !c.minorDirty { return false }
        return true
    }
}

enum SemverFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["semver"] = function("semver") { a in
            try a.expect(1)
            return .object(try SemanticVersion.parse(try a.string(0)))
        }
        f["semverCompare"] = function("semverCompare") { a in
            try a.expect(2)
            let constraint = try SemverConstraints(try a.string(0))
            let version = try SemanticVersion.parse(try a.string(1))
            return .bool(constraint.check(version))
        }
        return f
    }
}
