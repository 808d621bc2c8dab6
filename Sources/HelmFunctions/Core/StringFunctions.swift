// Sprig's string functions (strings.go and the string entries of functions.go).
import Foundation
import GoTemplate


/// Go slicing of a string by byte offsets (`s[a:b]`): a cut through a character keeps its bytes
/// (``GoBytes``).
func goSlice(_ s: String, _ from: Int, _ to: Int) -> String {
    GoBytes.string(GoBytes.bytes(s)[from..<to])
}

/// Go's runtime panic text for an out-of-range slice expression.
func sliceBoundsError(_ from: Int?, _ to: Int, length: Int) -> TemplateFunctionError {
    if let from, from > to, to <= length {
        return TemplateFunctionError("runtime error: slice bounds out of range [\(from):\(to)]")
    }
    if to > length {
        return TemplateFunctionError("runtime error: slice bounds out of range [:\(to)] with length \(length)")
    }
    return TemplateFunctionError("runtime error: slice bounds out of range [\(from ?? 0):\(to)]")
}

enum StringFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["hello"] = function("hello") { a in try a.expect(0); return .string("Hello!") }
        f["trim"] = stringToString("trim") { trimGoSpace($0) }
        f["upper"] = stringToString("upper") { goUpper($0) }
        f["lower"] = stringToString("lower") { goLower($0) }
        f["title"] = stringToString("title") { TextCase.title($0) }
        f["untitle"] = stringToString("untitle") { TextCase.uncapitalize($0) }
        f["nospace"] = stringToString("nospace") { TextCase.deleteWhiteSpace($0) }
        f["initials"] = stringToString("initials") { TextCase.initials($0) }
        f["swapcase"] = stringToString("swapcase") { TextCase.swapCase($0) }
        f["snakecase"] = stringToString("snakecase") { TextCase.lowerCaseWords($0, connector: "_") }
        f["kebabcase"] = stringToString("kebabcase") { TextCase.lowerCaseWords($0, connector: "-") }
        f["camelcase"] = stringToString("camelcase") { TextCase.pascalCase($0) }
        f["shuffle"] = stringToString("shuffle") { String(String.UnicodeScalarView($0.unicodeScalars.shuffled())) }
        f["b64enc"] = stringToString("b64enc") { Data(GoBytes.bytes($0)).base64EncodedString() }
        f["b64dec"] = stringToString("b64dec") { BaseEncoding.decodeBase64($0) }
        f["b32enc"] = stringToString("b32enc") { BaseEncoding.encodeBase32(GoBytes.bytes($0)) }
        f["b32dec"] = stringToString("b32dec") { BaseEncoding.decodeBase32($0) }

        f["trunc"] = function("trunc") { a in
            try a.expect(2)
            let c = try a.int(0), s = try a.string(1)
            let n = GoBytes.count(s)
            if c < 0 && n + c > 0 { return .string(goSlice(s, n + c, n)) }
            if c >= 0 && n > c { return .string(goSlice(s, 0, c)) }
            return .string(s)
        }
        f["substr"] = function("substr") { a in
            try a.expect(3)
            let start = try a.int(0), end = try a.int(1), s = try a.string(2)
            let n = GoBytes.count(s)
            if start < 0 {
                guard end >= 0, end <= n else { throw sliceBoundsError(nil, end, length: n) }
                return .string(goSlice(s, 0, end))
            }
            if end < 0 || end > n {
                guard start <= n else { throw sliceBoundsError(start, n, length: n) }
                return .string(goSlice(s, start, n))
            }
            guard start <= end else { throw sliceBoundsError(start, end, length: n) }
            return .string(goSlice(s, start, end))
        }
        f["repeat"] = function("repeat") { a in
            try a.expect(2)
            let count = try a.int(0), s = try a.string(1)
            if count < 0 { throw TemplateFunctionError("strings: negative Repeat count") }
            return .string(String(repeating: s, count: count))
        }
        let trimAll = function("trimAll") { a in
            try a.expect(2)
            return .string(goTrim(try a.string(1), cutset: try a.string(0)))
        }
        f["trimAll"] = trimAll
        f["trimall"] = trimAll
        f["trimPrefix"] = function("trimPrefix") { a in
            try a.expect(2)
            let prefix = try a.string(0), s = try a.string(1)
            let bytes = GoBytes.bytes(s), head = GoBytes.bytes(prefix)
            return .string(bytes.starts(with: head) ? GoBytes.string(bytes[head.count...]) : s)
        }
        f["trimSuffix"] = function("trimSuffix") { a in
            try a.expect(2)
            let suffix = try a.string(0), s = try a.string(1)
            let bytes = GoBytes.bytes(s), tail = GoBytes.bytes(suffix)
            return .string(bytes.reversed().starts(with: tail.reversed()) ? GoBytes.string(bytes[..<(bytes.count - tail.count)]) : s)
        }
        f["contains"] = function("contains") { a in
            try a.expect(2)
            let sub = try a.string(0), s = try a.string(1)
            return .bool(sub.isEmpty || byteRange(of: sub, in: s) != nil)
        }
        f["hasPrefix"] = function("hasPrefix") { a in
            try a.expect(2)
            return .bool(try a.string(1).utf8.starts(with: try a.string(0).utf8))
        }
        f["hasSuffix"] = function("hasSuffix") { a in
            try a.expect(2)
            return .bool(try a.string(1).utf8.reversed().starts(with: try a.string(0).utf8.reversed()))
        }
        f["quote"] = function("quote") { a in
            // The usual call, `x | quote`: one argument, no arrays to build.
            if a.count == 1 && !a[0].isNil { return .string(GoFormat.quote(GoFormat.string(a[0]))) }
            return .string(a.values.filter { !$0.isNil }.map { GoFormat.quote(GoFormat.string($0)) }.joined(separator: " "))
        }
        f["squote"] = function("squote") { a in
            .string(a.values.filter { !$0.isNil }.map { "'" + GoFormat.value($0) + "'" }.joined(separator: " "))
        }
        f["cat"] = function("cat") { a in
            .string(a.values.filter { !$0.isNil }.map { GoFormat.value($0) }.joined(separator: " "))
        }
        f["indent"] = function("indent") { a in
            try a.expect(2)
            return .string(try indent(try a.int(0), try a.string(1)))
        }
        f["nindent"] = function("nindent") { a in
            try a.expect(2)
            return .string(try indent(try a.int(0), try a.string(1), newline: true))
        }
        f["replace"] = function("replace") { a in
            try a.expect(3)
            return .string(goReplaceAll(try a.string(2), old: try a.string(0), new: try a.string(1)))
        }
        f["plural"] = function("plural") { a in
            try a.expect(3)
            let one = try a.string(0), many = try a.string(1)
            return .string(try a.int(2) == 1 ? one : many)
        }
        f["wrap"] = function("wrap") { a in
            try a.expect(2)
            return .string(TextCase.wrap(try a.string(1), width: try a.int(0), newline: "", wrapLongWords: false))
        }
        f["wrapWith"] = function("wrapWith") { a in
            try a.expect(3)
            return .string(TextCase.wrap(try a.string(2), width: try a.int(0), newline: try a.string(1),
                                         wrapLongWords: true))
        }
        f["abbrev"] = function("abbrev") { a in
            try a.expect(2)
            let width = try a.int(0), s = try a.string(1)
            if width < 4 { return .string(s) }
            return .string(TextCase.abbreviate(Array(s.utf8), offset: 0, maxWidth: width))
        }
        f["abbrevboth"] = function("abbrevboth") { a in
            try a.expect(3)
            let left = try a.int(0), right = try a.int(1), s = try a.string(2)
            if right < 4 || left > 0 && right < 7 { return .string(s) }
            return .string(TextCase.abbreviate(Array(s.utf8), offset: left, maxWidth: right))
        }
        f["toString"] = function("toString") { a in
            try a.expect(1)
            return .string(GoFormat.string(a[0]))
        }
        f["toStrings"] = function("toStrings") { a in
            try a.expect(1)
            return .strings(stringSlice(a[0]))
        }
        f["join"] = function("join") { a in
            try a.expect(2)
            return .string(stringSlice(a[1]).joined(separator: try a.string(0)))
        }
        f["splitList"] = function("splitList") { a in
            try a.expect(2)
            return .strings(goSplit(try a.string(1), separator: try a.string(0), limit: -1))
        }
        f["split"] = function("split") { a in
            try a.expect(2)
            return indexedMap(goSplit(try a.string(1), separator: try a.string(0), limit: -1))
        }
        f["splitn"] = function("splitn") { a in
            try a.expect(3)
            return indexedMap(goSplit(try a.string(2), separator: try a.string(0), limit: try a.int(1)))
        }
        f["sortAlpha"] = function("sortAlpha") { a in
            try a.expect(1)
            switch a[0] {
            case .list, .strings, .bytes:
                return .strings(stringSlice(a[0]).sorted(by: goStringLess))
            default:
                return .strings([GoFormat.string(a[0])])
            }
        }
        return f
    }

    /// A one-string-in, one-string-out Go function.
    static func stringToString(_ name: String, _ body: @escaping @Sendable (String) -> String) -> TemplateFunction {
        function(name) { a in
            try a.expect(1)
            return .string(body(try a.string(0)))
        }
    }

    /// Sprig's `split`/`splitn` result: `_0`, `_1`, … keys (a Go `map[string]string`).
    static func indexedMap(_ parts: [String]) -> TemplateValue {
        var entries: [String: TemplateValue] = [:]
        for (i, part) in parts.enumerated() { entries["_\(i)"] = .string(part) }
        return .map(entries)
    }

    /// Sprig's `indent` (`pad + strings.Replace(text, "\n", "\n"+pad, -1)`), and `nindent` with
    /// `newline`: written in one pass over the UTF-8 bytes straight into the result's storage.
    static func indent(_ spaces: Int, _ text: String, newline: Bool = false) throws -> String {
        if spaces < 0 { throw TemplateFunctionError("strings: negative Repeat count") }
        var text = text
        return try text.withUTF8 { bytes in
            var lines = 1
            for b in bytes where b == UInt8(ascii: "\n") { lines += 1 }
            let (padding, overflow) = lines.multipliedReportingOverflow(by: spaces)
            if overflow { throw TemplateFunctionError("strings: Repeat output length overflow") }
            let capacity = bytes.count + padding + (newline ? 1 : 0)
            return String(unsafeUninitializedCapacity: capacity) { out in
                var o = 0
                @inline(__always) func pad() {
                    if spaces > 0 { out.baseAddress!.advanced(by: o).initialize(repeating: UInt8(ascii: " "), count: spaces) }
                    o += spaces
                }
                @inline(__always) func copy(_ range: Range<Int>) {
                    if range.isEmpty { return }
                    out.baseAddress!.advanced(by: o).initialize(from: bytes.baseAddress!.advanced(by: range.lowerBound), count: range.count)
                    o += range.count
                }
                if newline {
                    out[o] = UInt8(ascii: "\n")
                    o += 1
                }
                pad()
                var start = 0
                var i = 0
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\n") {
                        copy(start..<(i + 1))
                        pad()
                        start = i + 1
                    }
                    i += 1
                }
                copy(start..<bytes.count)
                return o
            }
        }
    }
}

/// Sprig's `strslice`: a list's non-nil elements as strings, `[]` for nil, `[strval(v)]` otherwise.
func stringSlice(_ value: TemplateValue) -> [String] {
    switch value {
    case .strings(let s): return s
    case .list(let items): return items.filter { !$0.isNil }.map(GoFormat.string)
    case .bytes(let b): return b.map { String($0) }
    case .null: return []
    case .object(let o) where o.sliceElements != nil:
        // Other slice types (Helm's VersionSet, Go's nil slice) go through reflect the same way.
        return o.sliceElements!.filter { !$0.isNil }.map(GoFormat.string)
    default: return [GoFormat.string(value)]
    }
}

/// Go's string ordering (bytewise).
func goStringLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension TemplateValue {
    /// Whether the value is Go's untyped nil.
    var isNil: Bool {
        if case .null = self { return true }
        return false
    }
}

/// The byte range of the first occurrence of `needle` in `haystack`.
func byteRange(of needle: String, in haystack: String, from start: Int = 0) -> Range<Int>? {
    let h = Array(haystack.utf8), n = Array(needle.utf8)
    if n.isEmpty { return start..<start }
    if n.count > h.count - start { return nil }
    var i = start
    while i + n.count <= h.count {
        if h[i] == n[0] && Array(h[i..<(i + n.count)]) == n { return i..<(i + n.count) }
        i += 1
    }
    return nil
}

/// Go's `strings.Split`/`SplitN` (`limit < 0`: all parts).
func goSplit(_ s: String, separator: String, limit: Int) -> [String] {
    if limit == 0 { return [] }
    let bytes = Array(s.utf8)
    if separator.isEmpty {
        // explode into UTF-8 sequences
        var parts = s.unicodeScalars.map { String($0) }
        if limit > 0 && parts.count > limit {
            let head = parts[..<(limit - 1)]
            let tail = parts[(limit - 1)...].joined()
            parts = Array(head) + [tail]
        }
        return parts
    }
    let sep = Array(separator.utf8)
    var parts: [String] = []
    var start = 0
    var i = 0
    while i + sep.count <= bytes.count {
        if limit > 0 && parts.count == limit - 1 { break }
        if bytes[i] == sep[0] && Array(bytes[i..<(i + sep.count)]) == sep {
            parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
            i += sep.count
            start = i
        } else {
            i += 1
        }
    }
    parts.append(String(decoding: bytes[start...], as: UTF8.self))
    return parts
}

/// Go's `strings.Replace(s, old, new, -1)`.
func goReplaceAll(_ s: String, old: String, new: String) -> String {
    if old == new { return s }
    if old.isEmpty {
        // Go inserts `new` before every UTF-8 sequence and at the end
        var out = new
        for scalar in s.unicodeScalars { out.unicodeScalars.append(scalar); out += new }
        return out
    }
    return goStringsReplaceAll(s, old: old, new: new)
}

/// Go's `unicode.IsSpace`.
func isGoSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0: return true
    case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
}

/// Go's `strings.TrimSpace`.
func trimGoSpace(_ s: String) -> String {
    let scalars = s.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isGoSpace($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !isGoSpace($0) })!
    return String(scalars[first...last])
}

/// Go's `strings.Trim(s, cutset)`.
func goTrim(_ s: String, cutset: String) -> String {
    if s.isEmpty || cutset.isEmpty { return s }
    let set = Set(cutset.unicodeScalars)
    let scalars = s.unicodeScalars
    guard let first = scalars.firstIndex(where: { !set.contains($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !set.contains($0) })!
    return String(scalars[first...last])
}

/// Go's `strings.ToUpper` (per-rune simple case mapping).
func goUpper(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars { out.append(GoUnicode.toUpper(scalar)) }
    return String(out)
}

/// Go's `strings.ToLower` (per-rune simple case mapping).
func goLower(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars { out.append(GoUnicode.toLower(scalar)) }
    return String(out)
}

/// Go's `unicode` package predicates and simple (one-rune) case mappings.
enum GoUnicode {
    static func toUpper(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.isASCII { return (s.value >= 0x61 && s.value <= 0x7A) ? Unicode.Scalar(s.value - 32)! : s }
        return s.properties.uppercaseMapping.unicodeScalars.count == 1
            ? s.properties.uppercaseMapping.unicodeScalars.first! : simpleMapping(s, \.uppercaseMapping)
    }
    static func toLower(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.isASCII { return (s.value >= 0x41 && s.value <= 0x5A) ? Unicode.Scalar(s.value + 32)! : s }
        if s == "\u{130}" { return "i" }  // simple mapping; the full one adds a combining dot
        return s.properties.lowercaseMapping.unicodeScalars.count == 1
            ? s.properties.lowercaseMapping.unicodeScalars.first! : simpleMapping(s, \.lowercaseMapping)
    }
    static func toTitle(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.isASCII { return toUpper(s) }
        return s.properties.titlecaseMapping.unicodeScalars.count == 1
            ? s.properties.titlecaseMapping.unicodeScalars.first! : simpleMapping(s, \.titlecaseMapping)
    }
    /// Full mappings with several runes (ß → SS) have no simple mapping in Go: the rune stays.
    private static func simpleMapping(_ s: Unicode.Scalar, _ path: KeyPath<Unicode.Scalar.Properties, String>) -> Unicode.Scalar {
        s
    }
    static func isUpper(_ s: Unicode.Scalar) -> Bool {
        s.properties.generalCategory == .uppercaseLetter
    }
    static func isLower(_ s: Unicode.Scalar) -> Bool {
        s.properties.generalCategory == .lowercaseLetter
    }
    static func isTitle(_ s: Unicode.Scalar) -> Bool {
        s.properties.generalCategory == .titlecaseLetter
    }
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.properties.generalCategory == .decimalNumber }
    static func isNumber(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
    static func isPunct(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }
}
