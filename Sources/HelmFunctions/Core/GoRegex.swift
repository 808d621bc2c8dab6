// Go's RE2 regular expressions on top of NSRegularExpression: the pattern is translated to ICU
import Foundation
import GoTemplate

// syntax with Go's ASCII meanings of \d \w \s, POSIX classes and `$`, and matching, replacing and
// splitting follow Go's regexp package rules (empty matches, `$1`/`${name}` expansion).

/// A compiled Go regular expression.
final class GoRegex {
    let pattern: String
    private let regex: NSRegularExpression
    /// Capture group names by group number (index 0 is the whole match, unnamed groups are "").
    private(set) var groupNames: [String] = [""]

    /// Compiles `pattern` as Go's `regexp.Compile` does; throws Go's error text.
    init(_ pattern: String) throws {
        self.pattern = pattern
        var translator = GoRegexTranslator(pattern)
        let translated = try translator.translate()
        groupNames = translated.groupNames
        do {
            regex = try NSRegularExpression(pattern: translated.pattern.isEmpty ? "(?:)" : translated.pattern,
                                            options: [.useUnixLineSeparators])
        } catch {
            throw TemplateFunctionError("error parsing regexp: invalid or unsupported Perl syntax: `\(pattern)`")
        }
    }

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [String: GoRegex] = [:]

    /// A compiled expression for `pattern`, reused across calls (charts call regex functions in loops).
    static func compiled(_ pattern: String) throws -> GoRegex {
        cacheLock.lock()
        let cached = cache[pattern]
        cacheLock.unlock()
        if let cached { return cached }
        let regex = try GoRegex(pattern)
        cacheLock.lock()
        if cache.count >= 512 { cache.removeAll() }
        cache[pattern] = regex
        cacheLock.unlock()
        return regex
    }

    /// Compiles as `regexp.MustCompile`, whose panic text the template engine reports.
    static func mustCompile(_ pattern: String) throws -> GoRegex {
        do {
            return try compiled(pattern)
        } catch let error as TemplateFunctionError {
            let quoted = pattern.contains("`") ? GoFormat.quote(pattern) : "`" + pattern + "`"
            throw TemplateFunctionError("regexp: Compile(\(quoted)): \(error.message)")
        }
    }

    /// Match ranges (UTF-16, per group; `nil` for a group that did not take part), Go's `FindAll` rules:
    /// at most `limit` matches (`limit < 0`: all), no empty match right after the previous match.
    func matches(in s: String, limit: Int = -1) -> [[NSRange?]] {
        if limit == 0 { return [] }
        let ns = s as NSString
        var result: [[NSRange?]] = []
        var previousEnd = -1
        for match in regex.matches(in: s, options: [], range: NSRange(location: 0, length: ns.length)) {
            let r = match.range
            if r.length == 0 && r.location == previousEnd {
                previousEnd = r.location + r.length
                continue
            }
            previousEnd = r.location + r.length
            result.append((0..<match.numberOfRanges).map { i in
                let g = match.range(at: i)
                return g.location == NSNotFound ? nil : g
            })
            if limit > 0 && result.count == limit { break }
        }
        return result
    }

    /// `MatchString`.
    func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, options: [], range: NSRange(location: 0, length: (s as NSString).length)) != nil
    }

    /// `FindAllString(s, n)`.
    func findAll(_ s: String, limit: Int) -> [String] {
        let ns = s as NSString
        return matches(in: s, limit: limit).map { ns.substring(with: $0[0]!) }
    }

    /// `FindString(s)`.
    func find(_ s: String) -> String {
        findAll(s, limit: 1).first ?? ""
    }

    /// `ReplaceAllString` (`literal == false`, expands `$1`, `${name}`) or `ReplaceAllLiteralString`.
    func replaceAll(_ s: String, with replacement: String, literal: Bool) -> String {
        let ns = s as NSString
        var out = ""
        var last = 0
        for groups in matches(in: s) {
            let whole = groups[0]!
            out += ns.substring(with: NSRange(location: last, length: whole.location - last))
            out += literal ? replacement : expand(replacement, groups: groups, in: ns)
            last = whole.location + whole.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// `Split(s, n)`.
    func split(_ s: String, limit: Int) -> [String] {
        if limit == 0 { return [] }
        if !pattern.isEmpty && s.isEmpty { return [""] }
        let ns = s as NSString
        var parts: [String] = []
        var begin = 0, end = 0
        for groups in matches(in: s, limit: limit) {
            if limit > 0 && parts.count == limit - 1 { break }
            let m = groups[0]!
            end = m.location
            if m.location + m.length != 0 {
                parts.append(ns.substring(with: NSRange(location: begin, length: end - begin)))
            }
            begin = m.location + m.length
        }
        if end != ns.length {
            parts.append(ns.substring(from: begin))
        }
        return parts
    }

    /// Go's `Regexp.expand` of a replacement template.
    private func expand(_ template: String, groups: [NSRange?], in source: NSString) -> String {
        var out = ""
        var rest = Substring(template)
        func group(_ i: Int) -> String {
            guard i < groups.count, let r = groups[i] else { return "" }
            return source.substring(with: r)
        }
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                out += "$"
                rest = rest.dropFirst()
                continue
            }
            guard let (name, remainder) = Self.extractName(rest) else {
                out += "$"
                continue
            }
            rest = remainder
            if let number = Int(name), name.allSatisfy({ $0.isASCII && $0.isNumber }), name.count < 9 {
                out += group(number)
            } else if let index = groupNames.firstIndex(of: name), !name.isEmpty {
                out += group(index)
            }
        }
        out += rest
        return out
    }

    /// Go's `extract`: a `name` or `{name}` after `$`.
    private static func extractName(_ s: Substring) -> (String, Substring)? {
        var rest = s
        var brace = false
        if rest.first == "{" {
            brace = true
            rest = rest.dropFirst()
        }
        var name = ""
        while let c = rest.unicodeScalars.first,
              GoUnicode.isLetter(c) || GoUnicode.isDigit(c) || c == "_" {
            name.unicodeScalars.append(c)
            rest = Substring(rest.unicodeScalars.dropFirst())
        }
        if name.isEmpty { return nil }
        if brace {
            guard rest.first == "}" else { return nil }
            rest = rest.dropFirst()
        }
        return (name, rest)
    }

    /// `regexp.QuoteMeta`.
    static func quoteMeta(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(c) { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out
    }
}

/// Rewrites RE2 syntax into ICU syntax with the same meaning.
struct GoRegexTranslator {
    private let source: [Unicode.Scalar]
    private let text: String
    private var i = 0
    private var out = ""
    private var names: [String] = [""]
    private var multiline = false
    private var caseInsensitive = false

    init(_ pattern: String) {
        text = pattern
        source = Array(pattern.unicodeScalars)
    }

    private static let posixClasses: [String: String] = [
        "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7F", "blank": "\\t ",
        "cntrl": "\\x00-\\x1F\\x7F", "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
        "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\x0B\\f\\r ", "upper": "A-Z", "word": "0-9A-Za-z_",
        "xdigit": "0-9A-Fa-f",
    ]
    private static let perlClasses: [Unicode.Scalar: String] = [
        "d": "0-9", "w": "0-9A-Za-z_", "s": "\\t\\n\\f\\r ",
    ]

    private func error(_ code: String, _ expr: String) -> TemplateFunctionError {
        TemplateFunctionError("error parsing regexp: \(code): `\(expr)`")
    }

    mutating func translate() throws -> (pattern: String, groupNames: [String]) {
        multiline = text.range(of: #"\(\?[a-zA-Z]*m"#, options: .regularExpression) != nil
        caseInsensitive = text.range(of: #"\(\?[a-zA-Z]*i"#, options: .regularExpression) != nil
        var savedUngreedy: [Bool] = []  // the `U` flag outside each open group
        var ungreedy = false
        // The `s` flag, tracked here: ICU's dot-all `.` takes "\r\n" as one character, Go's takes one rune.
        var savedDotAll: [Bool] = []
        var dotAll = false
        var atomStart = true  // whether a repetition operator here has nothing to repeat
        var lastRepetition: Int?  // where the repetition operator just emitted starts
        while i < source.count {
            let c = source[i]
            let repetitionBefore = lastRepetition
            lastRepetition = nil
            switch c {
            case "\\":
                try escape(inClass: false)
                atomStart = false
            case "[":
                try characterClass()
                atomStart = false
            case "(":
                savedUngreedy.append(ungreedy)
                savedDotAll.append(dotAll)
                if i + 1 < source.count && source[i + 1] == "?" {
                    if i + 2 < source.count && (source[i + 2] == "P" || source[i + 2] == "<") {
                        try namedGroup()
                        atomStart = true
                        continue
                    }
                    // flags, optionally for a non-capturing group: "(?flags)" or "(?flags:"
                    let start = i
                    var j = i + 2
                    var flags = ""
                    var negated = false
                    var setUngreedy: Bool?
                    var setDotAll: Bool?
                    while j < source.count && source[j] != ":" && source[j] != ")" {
                        let f = source[j]
                        switch f {
                        case "s": setDotAll = !negated
                        case "i", "m": break
                        case "U": setUngreedy = !negated
                        case "-" where !negated: negated = true
                        default:
                            throw error("invalid or unsupported Perl syntax", String(String.UnicodeScalarView(source[start...j])))
                        }
                        if f != "U" { flags.unicodeScalars.append(f) } else if negated && !flags.contains("-") { flags += "-" }
                        j += 1
                    }
                    guard j < source.count, !(negated && source[j - 1] == "-") else {
                        throw error("missing argument to repetition operator", String(String.UnicodeScalarView(source[start..<min(j + 1, source.count)])))
                    }
                    if flags == "-" { flags = "" }
                    if source[j] == ")" {
                        savedUngreedy.removeLast()
                        savedDotAll.removeLast()
                        if let setUngreedy { ungreedy = setUngreedy }
                        if let setDotAll { dotAll = setDotAll }
                        if !flags.isEmpty { out += "(?" + flags + ")" }
                        atomStart = true
                    } else {
                        if let setUngreedy { ungreedy = setUngreedy }
                        if let setDotAll { dotAll = setDotAll }
                        out += "(?" + flags + ":"
                        atomStart = true
                    }
                    i = j + 1
                    continue
                }
                names.append("")
                out += "("
                atomStart = true
            case ")":
                guard let outer = savedUngreedy.popLast() else { throw error("unexpected )", text) }
                ungreedy = outer
                dotAll = savedDotAll.popLast() ?? false
                out += ")"
                atomStart = false
            case "$":
                out += multiline ? "$" : "\\z"
                atomStart = false
            case "*", "+", "?", "{":
                var end = i
                if c == "{" {
                    guard let close = repetitionEnd(from: i) else {
                        out += "\\{"
                        atomStart = false
                        break
                    }
                    end = close
                    let body = String(String.UnicodeScalarView(source[(i + 1)..<close]))
                    let bounds = body.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
                    let low = bounds[0] ?? 1001, high = bounds.count > 1 ? bounds[1] : low
                    if low > 1000 || (high ?? 0) > 1000 || (high != nil && high! < low) {
                        throw error("invalid repeat count", String(String.UnicodeScalarView(source[i...close])))
                    }
                }
                let operatorText = String(String.UnicodeScalarView(source[i...end]))
                if let previous = repetitionBefore {
                    throw error("invalid nested repetition operator", String(String.UnicodeScalarView(source[previous...end])))
                }
                if atomStart {
                    throw error("missing argument to repetition operator", operatorText)
                }
                var lazy = false
                if end + 1 < source.count && source[end + 1] == "?" {
                    lazy = true
                }
                out += operatorText + (lazy != ungreedy ? "?" : "")
                lastRepetition = i
                i = lazy ? end + 1 : end
            case "|":
                out += "|"
                atomStart = true
            case "}":
                out += "\\}"
                atomStart = false
            case "." where dotAll:
                out += "[\\x{0}-\\x{10FFFF}]"  // any one rune, "\r" and "\n" separately
                atomStart = false
            case "#", " ", "&", "~":
                out += "\\"
                out.unicodeScalars.append(c)
                atomStart = false
            default:
                if caseInsensitive && !c.isASCII {
                    // a one-rune set keeps ICU from full case folding (ß would match "SS"; Go folds simply)
                    out += "["
                    out.unicodeScalars.append(c)
                    out += "]"
                } else {
                    out.unicodeScalars.append(c)
                }
                atomStart = false
            }
            i += 1
        }
        if !savedUngreedy.isEmpty { throw error("missing closing )", text) }
        return (out, names)
    }

    /// `(?P<name>` or `(?<name>`: a named capture group.
    private mutating func namedGroup() throws {
        let python = source[i + 2] == "P"
        if python && (i + 3 >= source.count || source[i + 3] != "<") {
            throw error("invalid named capture", String(String.UnicodeScalarView(source[i...])))
        }
        var j = python ? i + 4 : i + 3
        var name = ""
        while j < source.count && source[j] != ">" { name.unicodeScalars.append(source[j]); j += 1 }
        guard j < source.count, !name.isEmpty,
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
        else {
            throw error("invalid named capture", String(String.UnicodeScalarView(source[i..<min(j + 1, source.count)])))
        }
        // ICU sees a plain group (same number); the name is ours (`groupNames`), so Go's rules apply,
        // among them that a name may appear twice.
        names.append(name)
        out += "("
        i = j + 1
    }

    /// The index of the `}` ending a valid `{n}`, `{n,}` or `{n,m}` starting at `start`.
    private func repetitionEnd(from start: Int) -> Int? {
        var j = start + 1
        var digits = 0
        while j < source.count, ("0"..."9").contains(source[j]) { j += 1; digits += 1 }
        if digits == 0 { return nil }
        if j < source.count && source[j] == "," {
            j += 1
            while j < source.count, ("0"..."9").contains(source[j]) { j += 1 }
        }
        return j < source.count && source[j] == "}" ? j : nil
    }

    private mutating func escape(inClass: Bool) throws {
        guard i + 1 < source.count else { throw error("trailing backslash at end of expression", "") }
        let e = source[i + 1]
        i += 1
        if let cls = Self.perlClasses[e] {
            out += inClass ? cls : "[\(cls)]"
            return
        }
        if let upper = Self.perlClasses[Unicode.Scalar(e.value + 32) ?? e], ("A"..."Z").contains(e) {
            out += "[^\(upper)]"
            return
        }
        switch e {
        case "Q":
            // literal text up to \E
            i += 1
            while i < source.count {
                if source[i] == "\\" && i + 1 < source.count && source[i + 1] == "E" {
                    i += 1
                    return
                }
                out += GoRegex.quoteMeta(String(source[i]))
                i += 1
            }
            return
        case "x", "a", "f", "t", "n", "r", "v", "0"..."7":
            // One character, read as Go reads it (octal, hex, control letters).
            let character = try escapedCharacter(from: i - 1)
            i -= 1
            out += Self.classLiteral(character)
            return
        case "p", "P":
            out += "\\"
            out.unicodeScalars.append(e)
            if i + 1 < source.count && source[i + 1] != "{" {
                // one-letter property name: \pL
                i += 1
                out += "{" + String(source[i]) + "}"
                return
            }
            if i + 1 < source.count && source[i + 1] == "{" {
                while i + 1 < source.count {
                    i += 1
                    out.unicodeScalars.append(source[i])
                    if source[i] == "}" { break }
                }
            }
            return
        case "b" where !inClass:
            out += "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))"
            return
        case "B" where !inClass:
            out += "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))"
            return
        case "A", "z":
            out += "\\"
            out.unicodeScalars.append(e)
            return
        default:
            // Go escapes only ASCII punctuation this way (`\.`, `\-`); letters, digits and non-ASCII fail.
            if !e.isASCII || e.properties.isAlphabetic || ("0"..."9").contains(e) {
                throw error("invalid escape sequence", "\\" + String(e))
            }
            out += "\\"
            out.unicodeScalars.append(e)
        }
    }

    /// A bracketed class, parsed as Go's `parseClass` (Perl mode) and written out with every single
    /// character as `\x{…}` (no ICU class syntax can leak through). A `-` makes a range only after a
    /// single character and before anything but `]`, and a range's end is always one character: in
    /// `[\w-.]` the `-` is literal, in `[.-[:digit:]]` the range is `.` to `[`.
    private mutating func characterClass() throws {
        let start = i
        let wholeClass = String(String.UnicodeScalarView(source[start...]))
        out += "["
        i += 1
        if i < source.count && source[i] == "^" {
            out += "^"
            i += 1
        }
        var first = true
        while true {
            guard i < source.count else { throw error("missing closing ]", wholeClass) }
            let c = source[i]
            if c == "]" && !first {
                out += "]"
                return
            }
            first = false
            if c == "[" && i + 1 < source.count && source[i + 1] == ":", let end = namedClassEnd() {
                let body = String(String.UnicodeScalarView(source[(i + 2)..<end]))
                let negated = body.hasPrefix("^")
                guard let cls = Self.posixClasses[negated ? String(body.dropFirst()) : body] else {
                    throw error("invalid character class range", String(String.UnicodeScalarView(source[i...(end + 1)])))
                }
                out += negated ? "[^\(cls)]" : cls
                i = end + 2
                continue
            }
            if c == "\\", i + 1 < source.count, Self.isClassEscape(source[i + 1]) {
                try escape(inClass: true)
                i += 1
                continue
            }
            let loStart = i
            let lo = try classCharacter(wholeClass)
            var hi = lo
            if i + 1 < source.count && source[i] == "-" && source[i + 1] != "]" {
                i += 1
                hi = try classCharacter(wholeClass)
                if hi.value < lo.value {
                    throw error("invalid character class range", String(String.UnicodeScalarView(source[loStart..<i])))
                }
            }
            out += Self.classLiteral(lo)
            if hi != lo {
                out += "-" + Self.classLiteral(hi)
            }
        }
    }

    /// Whether `\e` names a class (`\d`, `\W`, `\pL`, `\p{Greek}`) rather than one character.
    private static func isClassEscape(_ e: Unicode.Scalar) -> Bool {
        if e == "p" || e == "P" || perlClasses[e] != nil { return true }
        return ("A"..."Z").contains(e) && perlClasses[Unicode.Scalar(e.value + 32) ?? e] != nil
    }

    /// The index of the `:` of the `:]` closing a `[:name:]` at `i`, or nil when there is none (then
    /// `[` is an ordinary character, as in Go's `parseNamedClass`).
    private func namedClassEnd() -> Int? {
        var j = i + 2
        while j + 1 < source.count {
            if source[j] == ":" && source[j + 1] == "]" { return j }
            j += 1
        }
        return nil
    }

    /// One character of a class (Go's `parseClassChar`): itself, or an escape standing for one
    /// character; advances past it.
    private mutating func classCharacter(_ wholeClass: String) throws -> Unicode.Scalar {
        guard i < source.count else { throw error("missing closing ]", wholeClass) }
        let c = source[i]
        i += 1
        guard c == "\\" else { return c }
        return try escapedCharacter(from: i - 1)
    }

    /// The character of the escape starting at `escapeStart` (its backslash), as Go's `parseEscape`
    /// reads it: octal, `\x..`/`\x{...}`, `\a\f\n\r\t\v`, or escaped punctuation; anything else is an
    /// invalid escape. `i` is just after the backslash and ends after the escape.
    private mutating func escapedCharacter(from escapeStart: Int) throws -> Unicode.Scalar {
        func invalid() -> TemplateFunctionError {
            error("invalid escape sequence", String(String.UnicodeScalarView(source[escapeStart..<min(i, source.count)])))
        }
        guard i < source.count else { throw error("trailing backslash at end of expression", "") }
        let c = source[i]
        i += 1
        func octalDigit(_ k: Int) -> UInt32? {
            guard k < source.count, ("0"..."7").contains(source[k]) else { return nil }
            return source[k].value - 48
        }
        switch c {
        case "1"..."7", "0":
            if c != "0" && octalDigit(i) == nil { throw invalid() }
            var r = c.value - 48
            for _ in 0..<2 {
                guard let d = octalDigit(i) else { break }
                r = r * 8 + d
                i += 1
            }
            return Unicode.Scalar(r)!
        case "x":
            guard i < source.count else { throw invalid() }
            if source[i] == "{" {
                i += 1
                var value: UInt32 = 0, digits = 0
                while i < source.count, let d = Self.hexValue(source[i]) {
                    value = value * 16 + d
                    digits += 1
                    i += 1
                    if value > 0x10FFFF { throw invalid() }
                }
                guard digits > 0, i < source.count, source[i] == "}", let scalar = Unicode.Scalar(value) else { throw invalid() }
                i += 1
                return scalar
            }
            guard let x = Self.hexValue(source[i]) else { i += 1; throw invalid() }
            i += 1
            guard i < source.count, let y = Self.hexValue(source[i]) else { i = min(i + 1, source.count); throw invalid() }
            i += 1
            return Unicode.Scalar(x * 16 + y)!
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        default:
            if c.isASCII && !(c.properties.isAlphabetic || ("0"..."9").contains(c)) { return c }
            throw invalid()
        }
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    /// One character inside an ICU class, written so that no character is read as class syntax.
    private static func classLiteral(_ c: Unicode.Scalar) -> String {
        "\\x{" + String(c.value, radix: 16) + "}"
    }
}
