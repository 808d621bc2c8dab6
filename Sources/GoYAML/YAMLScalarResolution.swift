/// go-yaml v2's implicit typing of plain scalars (YAML 1.1 as Helm sees it): `yes`/`on`/`y` are
/// booleans, `~` is null, `0777` is octal, `0x1F` hex, `1_000` a thousand, `.inf` infinity.
/// Timestamps stay strings when decoding (go-yaml v2 keeps them as text for `interface{}`), but
/// the encoder quotes them, as it quotes base-60 numbers like `1:20`.
enum ResolvedScalar: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case float(Double)
    case string
    case timestamp
    case merge

    static func == (a: ResolvedScalar, b: ResolvedScalar) -> Bool {
        switch (a, b) {
        case (.null, .null), (.string, .string), (.timestamp, .timestamp), (.merge, .merge): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.uint(x), .uint(y)): return x == y
        case let (.float(x), .float(y)): return x == y || (x.isNaN && y.isNaN)
        default: return false
        }
    }
}

enum ScalarResolver {
    private static let specialWords: [String: ResolvedScalar] = {
        var table: [String: ResolvedScalar] = [:]
        for word in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { table[word] = .bool(true) }
        for word in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { table[word] = .bool(false) }
        for word in ["", "~", "null", "Null", "NULL"] { table[word] = .null }
        for word in [".nan", ".NaN", ".NAN"] { table[word] = .float(.nan) }
        for word in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { table[word] = .float(.infinity) }
        for word in ["-.inf", "-.Inf", "-.INF"] { table[word] = .float(-.infinity) }
        table["<<"] = .merge
        return table
    }()

    /// Resolves a plain (untagged, unquoted) scalar as go-yaml v2's `resolve("", text)`.
    /// `checkTimestamps` is needed only by the encoder: a decoded timestamp stays a string.
    static func resolvePlain(_ text: String, checkTimestamps: Bool) -> ResolvedScalar {
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        let hint: UInt8
        switch first {
        case UInt8(ascii: "+"), UInt8(ascii: "-"): hint = UInt8(ascii: "S")
        case UInt8(ascii: "0")...UInt8(ascii: "9"): hint = UInt8(ascii: "D")
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"),
             UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"),
             UInt8(ascii: "~"): hint = UInt8(ascii: "M")
        case UInt8(ascii: "."): hint = UInt8(ascii: ".")
        default: return .string
        }
        if let special = specialWords[text] { return special }
        switch hint {
        case UInt8(ascii: "."):
            if let value = parseDecimalFloat(Array(utf8)) { return .float(value) }
        case UInt8(ascii: "D"), UInt8(ascii: "S"):
            if checkTimestamps && isTimestamp(Array(utf8)) { return .timestamp }
            let plain = Array(utf8).filter { $0 != UInt8(ascii: "_") }
            switch parseGoInt(plain) {
            case .value(let v): return .int(v)
            case .failure:
                if case .value(let u) = parseGoUInt(plain) { return .uint(u) }
            }
            if let value = parseDecimalFloat(plain) { return .float(value) }
        default:
            break
        }
        return .string
    }

    enum ParseResult<T> { case value(T), failure }

    /// Go's `strconv.ParseUint(s, 0, 64)` (prefixes `0x`, `0o`, `0b`, leading-zero octal).
    static func parseGoUInt(_ s: [UInt8]) -> ParseResult<UInt64> {
        guard !s.isEmpty else { return .failure }
        var base: UInt64 = 10
        var digits = s[...]
        if s[0] == UInt8(ascii: "0") {
            let second = s.count >= 3 ? (s[1] | 0x20) : 0
            if second == UInt8(ascii: "b") { base = 2; digits = s[2...] }
            else if second == UInt8(ascii: "o") { base = 8; digits = s[2...] }
            else if second == UInt8(ascii: "x") { base = 16; digits = s[2...] }
            else { base = 8; digits = s[1...] }
        }
        var value: UInt64 = 0
        for c in digits {
            let d: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): d = UInt64(c - 97 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): d = UInt64(c - 65 + 10)
            default: return .failure
            }
            if d >= base { return .failure }
            let (m, o1) = value.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { return .failure }
            value = a
        }
        return .value(value)
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`.
    static func parseGoInt(_ s: [UInt8]) -> ParseResult<Int64> {
        guard !s.isEmpty else { return .failure }
        var negative = false
        var body = s
        if s[0] == UInt8(ascii: "+") || s[0] == UInt8(ascii: "-") {
            negative = s[0] == UInt8(ascii: "-")
            body = Array(s.dropFirst())
        }
        guard case .value(let magnitude) = parseGoUInt(body) else { return .failure }
        if negative {
            if magnitude > UInt64(Int64.max) + 1 { return .failure }
            return .value(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        if magnitude > UInt64(Int64.max) { return .failure }
        return .value(Int64(magnitude))
    }

    /// Matches go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` and parses the
    /// value as Go's `ParseFloat` does (out of range → not a float).
    static func parseDecimalFloat(_ s: [UInt8]) -> Double? {
        var i = 0
        let n = s.count
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
        if i < n && s[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < n && isDigit(s[i]) { i += 1 }
            if i == start { return nil }
        } else {
            let start = i
            while i < n && isDigit(s[i]) { i += 1 }
            if i == start { return nil }
            if i < n && s[i] == UInt8(ascii: ".") {
                i += 1
                while i < n && isDigit(s[i]) { i += 1 }
            }
        }
        if i < n && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
            let start = i
            while i < n && isDigit(s[i]) { i += 1 }
            if i == start { return nil }
        }
        if i != n { return nil }
        guard let value = Double(String(decoding: s, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// go-yaml v2's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
    static func isBase60Float(_ text: String) -> Bool {
        let s = Array(text.utf8)
        guard let c = s.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || (c >= 48 && c <= 57),
              s.contains(UInt8(ascii: ":")) else { return false }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var i = 0
        let n = s.count
        if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n, isDigit(s[i]) else { return false }
        i += 1
        while i < n && (isDigit(s[i]) || s[i] == UInt8(ascii: "_")) { i += 1 }
        var groups = 0
        while i < n && s[i] == UInt8(ascii: ":") {
            i += 1
            // [0-5]?[0-9]
            if i + 1 < n && s[i] >= 48 && s[i] <= 53 && isDigit(s[i + 1]) { i += 2 }
            else if i < n && isDigit(s[i]) { i += 1 }
            else { return false }
            groups += 1
        }
        guard groups > 0 else { return false }
        if i < n && s[i] == UInt8(ascii: ".") {
            i += 1
            while i < n && (isDigit(s[i]) || s[i] == UInt8(ascii: "_")) { i += 1 }
        }
        return i == n
    }

    /// Whether Go's `time.Parse` accepts `s` in one of go-yaml v2's timestamp layouts:
    /// `2006-1-2T15:4:5.999999999Z07:00` (also lower-case `t`), `2006-1-2 15:4:5.999999999`, `2006-1-2`.
    static func isTimestamp(_ s: [UInt8]) -> Bool {
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        guard s.count >= 8, s[0..<4].allSatisfy(isDigit), s[4] == UInt8(ascii: "-") else { return false }
        var i = 5
        // Go's getnum: one or two digits.
        func number(_ max: Int) -> Int? {
            guard i < s.count, isDigit(s[i]) else { return nil }
            var v = Int(s[i] - 48)
            i += 1
            if i < s.count, isDigit(s[i]) { v = v * 10 + Int(s[i] - 48); i += 1 }
            return v <= max ? v : nil
        }
        let year = Int(String(decoding: s[0..<4], as: UTF8.self))!
        guard let month = number(12), month >= 1, i < s.count, s[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let day = number(31), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= daysInMonth else { return false }
        if i == s.count { return true }
        let separator = s[i]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else { return false }
        i += 1
        guard number(23) != nil, i < s.count, s[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard number(59) != nil, i < s.count, s[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard number(59) != nil else { return false }
        if i < s.count && (s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",")) && i + 1 < s.count && isDigit(s[i + 1]) {
            i += 1
            while i < s.count && isDigit(s[i]) { i += 1 }
        }
        if separator == UInt8(ascii: " ") { return i == s.count }
        // Z07:00
        guard i < s.count else { return false }
        if s[i] == UInt8(ascii: "Z") { return i + 1 == s.count }
        guard s.count - i == 6, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-"),
              isDigit(s[i + 1]), isDigit(s[i + 2]), s[i + 3] == UInt8(ascii: ":"), isDigit(s[i + 4]), isDigit(s[i + 5])
        else { return false }
        return true
    }
}
