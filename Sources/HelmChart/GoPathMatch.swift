/// Go's `path/filepath.Match` (Unix): `*` any run of non-`/` characters, `?` one non-`/` character,
/// `[...]` a class (`^` or `!`... only `^` negates, as in Go), `\` escapes.
///
/// Returns `nil` for a malformed pattern (Go's `ErrBadPattern`).
public func goPathMatch(_ pattern: String, _ name: String) -> Bool? {
    let p = Array(pattern.unicodeScalars), n = Array(name.unicodeScalars)
    return matchFrom(p, 0, n, 0)
}

/// Whether `pattern` is well formed for ``goPathMatch``.
public func goPathPatternIsValid(_ pattern: String) -> Bool {
    let p = Array(pattern.unicodeScalars)
    var i = 0
    while i < p.count {
        switch p[i] {
        case "\\":
            if i + 1 >= p.count { return false }
            i += 2
        case "[":
            guard let end = classEnd(p, i) else { return false }
            i = end
        default: i += 1
        }
    }
    return true
}

private func classEnd(_ p: [Unicode.Scalar], _ start: Int) -> Int? {
    var i = start + 1
    if i < p.count && p[i] == "^" { i += 1 }
    var first = true
    while i < p.count {
        if p[i] == "]" && !first { return i + 1 }
        first = false
        if p[i] == "\\" { i += 1; if i >= p.count { return nil } }
        if p[i] == "-" && !first { /* range dash handled loosely */ }
        i += 1
    }
    return nil
}

private func matchClass(_ p: [Unicode.Scalar], _ start: Int, _ c: Unicode.Scalar) -> (matched: Bool, next: Int)? {
    var i = start + 1
    var negated = false
    if i < p.count && p[i] == "^" { negated = true; i += 1 }
    var matched = false
    var first = true
    while true {
        guard i < p.count else { return nil }
        if p[i] == "]" && !first { i += 1; break }
        first = false
        var lo = p[i]
        if lo == "\\" { i += 1; guard i < p.count else { return nil }; lo = p[i] }
        i += 1
        var hi = lo
        if i + 1 < p.count && p[i] == "-" && p[i + 1] != "]" {
            i += 1
            hi = p[i]
            if hi == "\\" { i += 1; guard i < p.count else { return nil }; hi = p[i] }
            i += 1
        }
        if lo.value <= c.value && c.value <= hi.value { matched = true }
    }
    return (matched != negated, i)
}

private func matchFrom(_ p: [Unicode.Scalar], _ pi: Int, _ n: [Unicode.Scalar], _ ni: Int) -> Bool? {
    var pi = pi, ni = ni
    while pi < p.count {
        switch p[pi] {
        case "*":
            // Collapse stars, then try every split that does not cross a '/'.
            while pi < p.count && p[pi] == "*" { pi += 1 }
            if pi == p.count { return !n[ni...].contains("/") }
            var k = ni
            while true {
                if let r = matchFrom(p, pi, n, k), r { return true }
                if k >= n.count || n[k] == "/" { break }
                k += 1
            }
            return goPathPatternIsValid(String(String.UnicodeScalarView(p[pi...]))) ? false : nil
        case "?":
            if ni >= n.count || n[ni] == "/" { return false }
            pi += 1; ni += 1
        case "[":
            guard ni < n.count else { return goPathPatternIsValid(String(String.UnicodeScalarView(p[pi...]))) ? false : nil }
            guard let (ok, next) = matchClass(p, pi, n[ni]) else { return nil }
            if !ok || n[ni] == "/" { return false }
            pi = next; ni += 1
        case "\\":
            pi += 1
            guard pi < p.count else { return nil }
            if ni >= n.count || n[ni] != p[pi] { return false }
            pi += 1; ni += 1
        default:
            if ni >= n.count || n[ni] != p[pi] { return false }
            pi += 1; ni += 1
        }
    }
    return ni == n.count
}
