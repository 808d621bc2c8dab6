// Go's strconv rules for quoting, unquoting and parsing numbers, as the template language uses them.

/// Whether Go's `unicode.IsPrint` holds for `s` (letters, marks, numbers, punctuation, symbols, ASCII space).
func isGoPrintable(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 { return v >= 0x20 && v < 0x7F }
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
         .nonspacingMark, .spacingMark, .enclosingMark,
         .decimalNumber, .letterNumber, .otherNumber,
         .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
         .initialPunctuation, .finalPunctuation, .otherPunctuation,
         .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
        return true
    default:
        return false
    }
}

private let lowerHex: [Character] = Array("0123456789abcdef")

/// Go's `strconv.Quote`: a double-quoted Go string literal with non-printable runes escaped.
public func goQuote(_ s: String) -> String {
    var out = "\""
    appendQuoted(s, quote: "\"", asciiOnly: false, to: &out)
    out += "\""
    return out
}

/// Go's `strconv.QuoteToASCII` (used by `%+q`).
func goQuoteASCII(_ s: String) -> String {
    var out = "\""
    appendQuoted(s, quote: "\"", asciiOnly: true, to: &out)
    out += "\""
    return out
}

/// Go's `strconv.QuoteRune`.
func goQuoteRune(_ r: Int) -> String {
    var out = "'"
    if r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF) {
        out += "\\ufffd"
    } else {
        appendEscapedRune(Unicode.Scalar(UInt32(r))!, quote: "'", asciiOnly: false, to: &out)
    }
    out += "'"
    return out
}

private func appendQuoted(_ s: String, quote: Character, asciiOnly: Bool, to out: inout String) {
    for scalar in s.unicodeScalars {
        // A raw byte that is not UTF-8 (``GoBytes``) is written `\xff`, as strconv writes it.
        if let raw = GoBytes.rawByte(scalar) {
            out += "\\x" + hex(UInt32(raw), digits: 2)
            continue
        }
        appendEscapedRune(scalar, quote: quote, asciiOnly: asciiOnly, to: &out)
    }
}

private func hex(_ v: UInt32, digits: Int) -> String {
    var s = ""
    var shift = (digits - 1) * 4
    while shift >= 0 {
        s.append(lowerHex[Int((v >> UInt32(shift)) & 0xF)])
        shift -= 4
    }
    return s
}

private func appendEscapedRune(_ scalar: Unicode.Scalar, quote: Character, asciiOnly: Bool, to out: inout String) {
    let v = scalar.value
    if Character(scalar) == quote || scalar == "\\" {
        out += "\\"
        out.unicodeScalars.append(scalar)
        return
    }
    if asciiOnly {
        if v < 0x80 && isGoPrintable(scalar) {
            out.unicodeScalars.append(scalar)
            return
        }
    } else if isGoPrintable(scalar) {
        out.unicodeScalars.append(scalar)
        return
    }
    switch v {
    case 0x07: out += "\\a"
    case 0x08: out += "\\b"
    case 0x0C: out += "\\f"
    case 0x0A: out += "\\n"
    case 0x0D: out += "\\r"
    case 0x09: out += "\\t"
    case 0x0B: out += "\\v"
    default:
        if v < 0x20 || v == 0x7F {
            out += "\\x" + hex(v, digits: 2)
        } else if v < 0x10000 {
            out += "\\u" + hex(v, digits: 4)
        } else {
            out += "\\U" + hex(v, digits: 8)
        }
    }
}

private func hexValue(_ s: Unicode.Scalar) -> UInt32? {
    switch s {
    case "0"..."9": return s.value - 48
    case "a"..."f": return s.value - 87
    case "A"..."F": return s.value - 55
    default: return nil
    }
}

/// Go's `strconv.UnquoteChar`: decodes one (possibly escaped) character; returns it as a byte value
/// (for `\x` and octal escapes, `isByte`) or a rune, plus the rest of the input.
func goUnquoteChar(_ s: [Unicode.Scalar], quote: Unicode.Scalar) -> (Int, [Unicode.Scalar])? {
    guard let r = goUnquoteCharDetailed(s[...], quote: quote) else { return nil }
    return (r.value, Array(r.rest))
}

private func goUnquoteCharDetailed(_ s: ArraySlice<Unicode.Scalar>, quote: Unicode.Scalar)
    -> (value: Int, isByte: Bool, rest: ArraySlice<Unicode.Scalar>)? {
    guard let c = s.first else { return nil }
    if c == quote && (quote == "'" || quote == "\"") { return nil }
    if c != "\\" { return (Int(c.value), false, s.dropFirst()) }
    var rest = s.dropFirst()
    guard let e = rest.first else { return nil }
    rest = rest.dropFirst()
    switch e {
    case "a": return (7, false, rest)
    case "b": return (8, false, rest)
    case "f": return (12, false, rest)
    case "n": return (10, false, rest)
    case "r": return (13, false, rest)
    case "t": return (9, false, rest)
    case "v": return (11, false, rest)
    case "x", "u", "U":
        let n = e == "x" ? 2 : (e == "u" ? 4 : 8)
        guard rest.count >= n else { return nil }
        var v: UInt32 = 0
        for k in rest.prefix(n) {
            guard let h = hexValue(k) else { return nil }
            v = v << 4 | h
        }
        rest = rest.dropFirst(n)
        if e == "x" { return (Int(v), true, rest) }
        if v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return nil }
        return (Int(v), false, rest)
    case "0"..."7":
        guard rest.count >= 2 else { return nil }
        var v = e.value - 48
        for k in rest.prefix(2) {
            guard k.value >= 48 && k.value <= 55 else { return nil }
            v = v << 3 | (k.value - 48)
        }
        if v > 255 { return nil }
        return (Int(v), true, rest.dropFirst(2))
    case "\\": return (92, false, rest)
    case "'", "\"":
        if e != quote { return nil }
        return (Int(e.value), false, rest)
    default:
        return nil
    }
}

/// Go's `strconv.Unquote` for double-quoted and back-quoted literals; `nil` on invalid syntax.
public func goUnquote(_ s: String) -> String? {
    // Fast path, the common case in templates: "text" without escapes, quotes or newlines.
    let utf8 = s.utf8
    if utf8.count >= 2, utf8.first == UInt8(ascii: "\""), utf8.last == UInt8(ascii: "\"") {
        let body = utf8.dropFirst().dropLast()
        if !body.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
            return String(Substring(body))
        }
    }
    let scalars = Array(s.unicodeScalars)
    guard scalars.count >= 2, let q = scalars.first, scalars.last == q else { return nil }
    let body = scalars[1..<(scalars.count - 1)]
    if q == "`" {
        if body.contains("`") { return nil }
        var out = String.UnicodeScalarView()
        for c in body where c != "\r" { out.append(c) }
        return String(out)
    }
    guard q == "\"" || q == "'" else { return nil }
    if body.contains("\n") { return nil }
    if !body.contains("\\") && !body.contains(q) {
        if q == "'" { return body.count == 1 ? String(String.UnicodeScalarView(body)) : nil }
        return String(String.UnicodeScalarView(body))
    }
    var bytes: [UInt8] = []
    var rest = body
    while !rest.isEmpty {
        guard let r = goUnquoteCharDetailed(rest, quote: q) else { return nil }
        if r.isByte {
            bytes.append(UInt8(r.value))
        } else {
            bytes.append(contentsOf: Array(String(Character(Unicode.Scalar(UInt32(r.value))!)).utf8))
        }
        rest = r.rest
        if q == "'" && !rest.isEmpty { return nil }
    }
    // `\xff` and `\377` are bytes: together they may spell UTF-8 or not (``GoBytes``).
    return GoBytes.string(bytes)
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
private func underscoreOK(_ text: String) -> Bool {
    var s = Array(text.utf8)
    if let f = s.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { s.removeFirst() }
    var saw: UInt8 = UInt8(ascii: "^")
    var i = 0
    var hex = false
    if s.count >= 2 && s[0] == UInt8(ascii: "0") {
        let l = s[1] | 0x20
        if l == UInt8(ascii: "b") || l == UInt8(ascii: "o") || l == UInt8(ascii: "x") {
            i = 2
            saw = UInt8(ascii: "0")
            hex = l == UInt8(ascii: "x")
        }
    }
    while i < s.count {
        let c = s[i]
        let l = c | 0x20
        if (c >= 48 && c <= 57) || (hex && l >= UInt8(ascii: "a") && l <= UInt8(ascii: "f")) {
            saw = UInt8(ascii: "0")
        } else if c == UInt8(ascii: "_") {
            if saw != UInt8(ascii: "0") { return false }
            saw = c
        } else {
            if saw == UInt8(ascii: "_") { return false }
            saw = UInt8(ascii: "!")
        }
        i += 1
    }
    return saw != UInt8(ascii: "_")
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
func goParseUint(_ text: String) -> UInt64? {
    var s = Substring(text)
    guard !s.isEmpty else { return nil }
    var base: UInt64 = 10
    var prefixed = false
    if s.first == "0" && s.count > 1 {
        let second = s[s.index(after: s.startIndex)].lowercased()
        switch second {
        case "x": base = 16; s = s.dropFirst(2); prefixed = true
        case "o": base = 8; s = s.dropFirst(2); prefixed = true
        case "b": base = 2; s = s.dropFirst(2); prefixed = true
        default: base = 8; s = s.dropFirst(1); prefixed = true
        }
    }
    _ = prefixed
    var value: UInt64 = 0
    var sawUnderscore = false
    var digits = 0
    for c in s.utf8 {
        if c == UInt8(ascii: "_") { sawUnderscore = true; continue }
        let d: UInt64
        switch c {
        case 48...57: d = UInt64(c - 48)
        case 97...122: d = UInt64(c - 87)
        case 65...90: d = UInt64(c - 55)
        default: return nil
        }
        if d >= base { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: base)
        let (a, o2) = m.addingReportingOverflow(d)
        if o1 || o2 { return nil }
        value = a
        digits += 1
    }
    if digits == 0 && !(base == 8 && text.utf8.count > 0 && !text.hasPrefix("0o") && !text.hasPrefix("0O")) { return nil }
    if sawUnderscore && !underscoreOK(text) { return nil }
    return value
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
func goParseInt(_ text: String) -> Int64? {
    var s = text
    var negative = false
    if s.hasPrefix("+") { s.removeFirst() } else if s.hasPrefix("-") { negative = true; s.removeFirst() }
    if s.hasPrefix("+") || s.hasPrefix("-") { return nil }
    guard let u = goParseUint(s) else { return nil }
    if !negative {
        return u <= UInt64(Int64.max) ? Int64(u) : nil
    }
    if u <= UInt64(Int64.max) { return -Int64(u) }
    if u == UInt64(Int64.max) + 1 { return Int64.min }
    return nil
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal and hexadecimal literals (with underscores).
func goParseFloat(_ text: String) -> Double? {
    if text.contains("_") && !underscoreOK(text) { return nil }
    var s = text.replacingAll("_", with: "")
    var sign = ""
    if s.hasPrefix("+") || s.hasPrefix("-") { sign = String(s.removeFirst()) }
    guard let first = s.first, first.isNumber || first == "." else { return nil }
    let lower = s.lowercased()
    if lower.hasPrefix("0x") {
        if !lower.contains("p") { return nil }
        return Double(sign + s)
    }
    if lower.hasPrefix("0b") || lower.hasPrefix("0o") { return nil }
    for c in lower.utf8 where !(c >= 48 && c <= 57) && c != UInt8(ascii: ".") && c != UInt8(ascii: "e")
        && c != UInt8(ascii: "+") && c != UInt8(ascii: "-") {
        return nil
    }
    return Double(sign + s)
}

extension String {
    /// The string with every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, self.contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[rest.startIndex..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        let t = Array(target.utf8)
        let u = self.utf8
        guard !t.isEmpty, u.count >= t.count else { return nil }
        var i = u.startIndex
        while i != u.endIndex {
            var j = i
            var k = 0
            while k < t.count, j != u.endIndex, u[j] == t[k] {
                j = u.index(after: j)
                k += 1
            }
            if k == t.count { return i..<j }
            i = u.index(after: i)
        }
        return nil
    }
}
