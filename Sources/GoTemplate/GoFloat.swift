#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A float's shortest round-trip decimal digits, as Go's `strconv` computes them:
/// value = 0.d1d2d3… × 10^dp. Zero has no digits.
struct ShortestDecimal {
    var digits: [UInt8]
    var dp: Int

    init(_ value: Double) {
        let d = value.magnitude
        if d == 0 {
            digits = []
            dp = 0
            return
        }
        // Swift's description is the shortest representation that round-trips (like Go's).
        let text = Array(d.description.utf8)
        var mantissa: ArraySlice<UInt8> = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            var expText = text[(e + 1)...]
            var negative = false
            if let s = expText.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
                negative = s == UInt8(ascii: "-")
                expText = expText.dropFirst()
            }
            for c in expText { exponent = exponent * 10 + Int(c - 48) }
            if negative { exponent = -exponent }
        }
        var ds: [UInt8] = []
        var point = -1
        for c in mantissa {
            if c == UInt8(ascii: ".") { point = ds.count } else { ds.append(c) }
        }
        if point < 0 { point = ds.count }
        var decimalPoint = point + exponent
        var start = 0
        while start < ds.count && ds[start] == UInt8(ascii: "0") {
            start += 1
            decimalPoint -= 1
        }
        var end = ds.count
        while end > start && ds[end - 1] == UInt8(ascii: "0") { end -= 1 }
        digits = Array(ds[start..<end])
        dp = digits.isEmpty ? 0 : decimalPoint
    }
}

/// Go's `strconv.FormatFloat(v, 'g', -1, 64)`, the `%v` form of a float64 (`1e+06`, `3.14`, `100000`).
func formatShortestG(_ v: Double, upper: Bool = false) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
    // Whole numbers below 1e6 (ports, replica counts: every YAML integer is a float64) print as
    // their integer digits, which is what the %f branch below produces for them.
    if v.rounded(.towardZero) == v, abs(v) < 1e6 {
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        return String(Int(v))
    }
    let dec = ShortestDecimal(v)
    let negative = v.sign == .minus
    var out = negative ? "-" : ""
    let nd = dec.digits.count
    if nd == 0 {
        return out + "0"
    }
    let exp = dec.dp - 1
    if exp < -4 || exp >= 6 {
        // %e with nd-1 digits after the point.
        out.unicodeScalars.append(Unicode.Scalar(dec.digits[0]))
        if nd > 1 {
            out += "."
            for d in dec.digits[1...] { out.unicodeScalars.append(Unicode.Scalar(d)) }
        }
        out += upper ? "E" : "e"
        out += exp < 0 ? "-" : "+"
        let e = abs(exp)
        if e < 10 { out += "0" }
        out += String(e)
        return out
    }
    // %f with max(nd-dp, 0) digits after the point.
    if dec.dp > 0 {
        for i in 0..<dec.dp {
            out.unicodeScalars.append(Unicode.Scalar(i < nd ? dec.digits[i] : UInt8(ascii: "0")))
        }
    } else {
        out += "0"
    }
    let frac = max(nd - dec.dp, 0)
    if frac > 0 {
        out += "."
        for i in 1...frac {
            let j = dec.dp + i - 1
            out.unicodeScalars.append(Unicode.Scalar(j >= 0 && j < nd ? dec.digits[j] : UInt8(ascii: "0")))
        }
    }
    return out
}

/// Go's `strconv.FormatFloat(v, 'e', -1, 64)`.
func formatShortestE(_ v: Double, upper: Bool) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
    let dec = ShortestDecimal(v)
    var out = v.sign == .minus ? "-" : ""
    let digits = dec.digits.isEmpty ? [UInt8(ascii: "0")] : dec.digits
    let exp = dec.digits.isEmpty ? 0 : dec.dp - 1
    out.unicodeScalars.append(Unicode.Scalar(digits[0]))
    if digits.count > 1 {
        out += "."
        for d in digits[1...] { out.unicodeScalars.append(Unicode.Scalar(d)) }
    }
    out += upper ? "E" : "e"
    out += exp < 0 ? "-" : "+"
    if abs(exp) < 10 { out += "0" }
    out += String(abs(exp))
    return out
}

/// Go's `strconv.FormatFloat(v, 'f', -1, 64)`.
func formatShortestF(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
    let dec = ShortestDecimal(v)
    var out = v.sign == .minus ? "-" : ""
    let nd = dec.digits.count
    if dec.dp > 0 {
        for i in 0..<dec.dp { out.unicodeScalars.append(Unicode.Scalar(i < nd ? dec.digits[i] : UInt8(ascii: "0"))) }
    } else {
        out += "0"
    }
    let frac = max(nd - dec.dp, 0)
    if frac > 0 {
        out += "."
        for i in 1...frac {
            let j = dec.dp + i - 1
            out.unicodeScalars.append(Unicode.Scalar(j >= 0 && j < nd ? dec.digits[j] : UInt8(ascii: "0")))
        }
    }
    return out
}

/// A float formatted by C's correctly rounded `snprintf` with an explicit precision
/// (`verb` is one of e, E, f, F, g, G); identical to Go for these verbs and precisions.
func formatFloatC(_ v: Double, verb: Character, precision: Int, sharp: Bool = false) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
    let p = min(max(precision, 0), 1000)
    let format = "%" + (sharp ? "#" : "") + "." + String(p) + String(verb)
    var buffer = [CChar](repeating: 0, count: 1100 + 330)
    let n = withVaList([v]) { args in
        buffer.withUnsafeMutableBufferPointer { buf in
            vsnprintf(buf.baseAddress, buf.count, format, args)
        }
    }
    let count = max(0, min(Int(n), buffer.count - 1))
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
