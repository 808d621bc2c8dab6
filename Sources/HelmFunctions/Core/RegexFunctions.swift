// Sprig's regular expression functions (regex.go), with Go's RE2 semantics via GoRegex.
import Foundation
import GoTemplate


enum RegexFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["regexMatch"] = function("regexMatch") { a in
            try a.expect(2)
            let pattern = try a.string(0), s = try a.string(1)
            return .bool((try? GoRegex.compiled(pattern))?.matches(s) ?? false)
        }
        f["mustRegexMatch"] = function("mustRegexMatch") { a in
            try a.expect(2)
            let pattern = try a.string(0), s = try a.string(1)
            return .bool(try GoRegex.compiled(pattern).matches(s))
        }
        for (name, must) in [("regexFindAll", false), ("mustRegexFindAll", true)] {
            f[name] = function(name) { a in
                try a.expect(3)
                let pattern = try a.string(0), s = try a.string(1), n = try a.int(2)
                // Go's FindAllString returns nil when nothing matches.
                let found = try compile(pattern, must: must).findAll(s, limit: n)
                return found.isEmpty ? .object(GoNilSlice(of: "string")) : .strings(found)
            }
        }
        for (name, must) in [("regexFind", false), ("mustRegexFind", true)] {
            f[name] = function(name) { a in
                try a.expect(2)
                let pattern = try a.string(0), s = try a.string(1)
                return .string(try compile(pattern, must: must).find(s))
            }
        }
        for (name, must, literal) in [("regexReplaceAll", false, false), ("mustRegexReplaceAll", true, false),
                                      ("regexReplaceAllLiteral", false, true),
                                      ("mustRegexReplaceAllLiteral", true, true)] {
            f[name] = function(name) { a in
                try a.expect(3)
                let pattern = try a.string(0), s = try a.string(1), replacement = try a.string(2)
                return .string(try compile(pattern, must: must).replaceAll(s, with: replacement, literal: literal))
            }
        }
        for (name, must) in [("regexSplit", false), ("mustRegexSplit", true)] {
            f[name] = function(name) { a in
                try a.expect(3)
                let pattern = try a.string(0), s = try a.string(1), n = try a.int(2)
                return .strings(try compile(pattern, must: must).split(s, limit: n))
            }
        }
        f["regexQuoteMeta"] = function("regexQuoteMeta") { a in
            try a.expect(1)
            return .string(GoRegex.quoteMeta(try a.string(0)))
        }
        return f
    }

    /// `regexp.Compile` for the `must` variants, `regexp.MustCompile` (panic text) otherwise.
    private static func compile(_ pattern: String, must: Bool) throws -> GoRegex {
        must ? try GoRegex.compiled(pattern) : try GoRegex.mustCompile(pattern)
    }
}
