/// Go's `strconv.FormatFloat` with precision -1 (shortest digits that round-trip), for the
/// formats the YAML and JSON encoders need: `'e'`, `'f'` and `'g'`, in 64- and 32-bit precision.
enum GoFloatFormat {
    /// Shortest decimal digits of a finite, non-zero magnitude and the decimal point position:
    /// value = 0.d1d2d3… × 10^decimalPoint (Go's `decimalSlice` `d` and `dp`).
    struct Digits {
        var digits: [UInt8]
        var decimalPoint: Int
    }

    /// The shortest round-trip digits of `description`, which is Swift's shortest representation
    /// (e.g. `1.2345e-07`, `123.5`, `1e+21`), without sign.
    static func digits(fromDescription description: String) -> Digits {
        var mantissa = Substring(description)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(mantissa[mantissa.index(after: e)...]) ?? 0
            mantissa = mantissa[..<e]
        }
        var digits: [UInt8] = []
        var pointPosition: Int? = nil
        for ch in mantissa.utf8 {
            if ch == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if ch >= 48 && ch <= 57 {
                digits.append(ch - 48)
            }
        }
        var dp = (pointPosition ?? digits.count) + exponent
        // Strip leading zeros (each moves the point left) and trailing zeros.
        var start = 0
        while start < digits.count - 1 && digits[start] == 0 {
            start += 1
            dp -= 1
        }
        var end = digits.count
        while end > start + 1 && digits[end - 1] == 0 { end -= 1 }
        return Digits(digits: Array(digits[start..<end]), decimalPoint: dp)
    }

    static func digits(_ value: Double) -> Digits {
        digits(fromDescription: Swift.abs(value).description)
    }

    static func digits32(_ value: Float) -> Digits {
        digits(fromDescription: Swift.abs(value).description)
    }

    /// `strconv.FormatFloat(v, 'g', -1, 64)`, with YAML's spellings of the special values when
    /// `yamlSpecials` (`.inf`, `-.inf`, `.nan`), else Go's (`+Inf`, `-Inf`, `NaN`).
    static func g(_ value: Double, yamlSpecials: Bool = true) -> String {
        if let special = specialText(value.isNaN, value.isInfinite, value < 0, yamlSpecials) { return special }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        return g(digits(value), negative: value < 0)
    }

    /// `strconv.FormatFloat(float64(float32(v)), 'g', -1, 32)`.
    static func g32(_ value: Double, yamlSpecials: Bool = true) -> String {
        let f = Float(value)
        if let special = specialText(f.isNaN, f.isInfinite, f < 0, yamlSpecials) { return special }
        if f == 0 { return f.sign == .minus ? "-0" : "0" }
        return g(digits32(f), negative: f < 0)
    }

    private static func specialText(_ nan: Bool, _ inf: Bool, _ negative: Bool, _ yaml: Bool) -> String? {
        if nan { return yaml ? ".nan" : "NaN" }
        if inf { return negative ? (yaml ? "-.inf" : "-Inf") : (yaml ? ".inf" : "+Inf") }
        return nil
    }

    static func g(_ d: Digits, negative: Bool) -> String {
        let exp = d.decimalPoint - 1
        if exp < -4 || exp >= 6 { return e(d, negative: negative) }
        return f(d, negative: negative)
    }

    /// `%e` with the shortest digits: `d.ddde±XX`.
    static func e(_ d: Digits, negative: Bool) -> String {
        var out = negative ? "-" : ""
        out.append(Character(Unicode.Scalar(48 + d.digits[0])))
        if d.digits.count > 1 {
            out.append(".")
            for digit in d.digits.dropFirst() { out.append(Character(Unicode.Scalar(48 + digit))) }
        }
        let exp = d.decimalPoint - 1
        out.append(exp < 0 ? "e-" : "e+")
        let magnitude = Swift.abs(exp)
        if magnitude < 10 { out.append("0") }
        out.append(String(magnitude))
        return out
    }

    /// `%f` with the shortest digits.
    static func f(_ d: Digits, negative: Bool) -> String {
        var out = negative ? "-" : ""
        let nd = d.digits.count
        if d.decimalPoint <= 0 {
            out.append("0.")
            out.append(String(repeating: "0", count: -d.decimalPoint))
            for digit in d.digits { out.append(Character(Unicode.Scalar(48 + digit))) }
            return out
        }
        for i in 0..<d.decimalPoint {
            out.append(i < nd ? Character(Unicode.Scalar(48 + d.digits[i])) : "0")
        }
        if nd > d.decimalPoint {
            out.append(".")
            for digit in d.digits[d.decimalPoint...] { out.append(Character(Unicode.Scalar(48 + digit))) }
        }
        return out
    }

    /// How Go's `encoding/json` writes a finite float64: `'f'` between 1e-6 and 1e21, else `'e'`
    /// with a one-digit negative exponent (`1e-7`). Returns nil for NaN and infinities, which
    /// `json.Marshal` rejects.
    static func json(_ value: Double) -> String? {
        if value.isNaN || value.isInfinite { return nil }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let magnitude = Swift.abs(value)
        let d = digits(value)
        if magnitude < 1e-6 || magnitude >= 1e21 {
            var text = e(d, negative: value < 0)
            // Go cleans up e-09 to e-9.
            let bytes = Array(text.utf8)
            let n = bytes.count
            if n >= 4 && bytes[n - 4] == UInt8(ascii: "e") && bytes[n - 3] == UInt8(ascii: "-") && bytes[n - 2] == UInt8(ascii: "0") {
                text = String(decoding: bytes[0..<(n - 2)] + [bytes[n - 1]], as: UTF8.self)
            }
            return text
        }
        return f(d, negative: value < 0)
    }

    /// How a float64 prints after Helm's toYaml path (JSON text re-read by go-yaml v2, which keeps
    /// integers as integers): `3` → `3`, `1e+21`, `0.5`, `1.2345675e+06`.
    static func yamlViaJSON(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(.towardZero) {
            if Swift.abs(value) < 9.2233720368547758e18 { return String(Int64(value)) }
            if value > 0 && value < 1.8446744073709552e19 { return String(UInt64(value)) }
        }
        return g(value)
    }
}
