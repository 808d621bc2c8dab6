// Argument checking and Go's conversions of template arguments to Go parameter types.
import Foundation
import GoTemplate


/// The arguments of one function call, checked the way Go's `text/template` checks them
/// against the Go function's parameter types.
struct Arguments {
    /// The function's template name, for error messages.
    let function: String
    /// The evaluated arguments, in call order.
    let values: [TemplateValue]

    init(_ function: String, _ values: [TemplateValue]) {
        self.function = function
        self.values = values
    }

    var count: Int { values.count }
    subscript(index: Int) -> TemplateValue { values[index] }

    /// Requires exactly `n` arguments (a Go function without variadic parameter).
    func expect(_ n: Int) throws {
        if values.count != n {
            throw TemplateFunctionError("wrong number of args for \(function): want \(n) got \(values.count)")
        }
    }

    /// Requires at least `n` arguments (a variadic Go function with `n` fixed parameters).
    func expectAtLeast(_ n: Int) throws {
        if values.count < n {
            throw TemplateFunctionError(
                "wrong number of args for \(function): want at least \(n) got \(values.count)")
        }
    }

    /// The argument at `index` as a Go `string` parameter.
    func string(_ index: Int) throws -> String {
        if case .string(let s) = values[index] { return s }
        throw TemplateFunctionError.wrongType(values[index], expected: "string", argument: index)
    }

    /// The argument at `index` as a Go `int` parameter. Only an `int` fits: Go refuses a float64 read
    /// from values and an int64 from `--set` (reflect assigns no other type to `int`); the executor
    /// converts a whole-number constant such as `5.0` and calls again.
    func int(_ index: Int) throws -> Int {
        if case .int(let i) = values[index] { return i }
        throw TemplateFunctionError.wrongType(values[index], expected: "int", argument: index)
    }

    /// The argument at `index` as a Go `float64` parameter.
    func float(_ index: Int) throws -> Double {
        switch values[index] {
        case .float(let f): return f
        case .int(let i): return Double(i)
        case .int64(let i): return Double(i)
        default: throw TemplateFunctionError.wrongType(values[index], expected: "float64", argument: index)
        }
    }

    /// The argument at `index` as a Go `bool` parameter.
    func bool(_ index: Int) throws -> Bool {
        if case .bool(let b) = values[index] { return b }
        throw TemplateFunctionError.wrongType(values[index], expected: "bool", argument: index)
    }

    /// The argument at `index` as a Go `map[string]interface{}` parameter; `nil` for a nil map.
    func map(_ index: Int) throws -> GoMap? {
        switch values[index] {
        case .map(let m) where !m.holdsStrings: return m
        case .null: return nil
        default: throw TemplateFunctionError.wrongType(values[index], expected: "map[string]interface {}", argument: index)
        }
    }
}

/// Builds a ``TemplateFunction`` that checks its arguments with an ``Arguments`` value.
func function(_ name: String, _ body: @escaping @Sendable (Arguments) throws -> TemplateValue) -> TemplateFunction {
    return { values in try body(Arguments(name, values)) }
}

/// The conversions of `github.com/spf13/cast` that Sprig uses (`toInt64`, `toInt`, `toFloat64`):
/// failures give 0.
enum GoCast {
    /// `cast.ToInt64`: integers as they are, floats truncated, strings parsed as Go integer
    /// literals (`0x`, `0o`, `0b`, leading-zero octal, `_` separators; a zero fraction such as
    /// `12.0` is allowed), booleans as 0/1, anything else 0.
    static func toInt64(_ value: TemplateValue) -> Int64 {
        switch value {
        case .int(let i): return Int64(i)
        case .int64(let i): return i
        case .float(let f):
            if f.isNaN { return Int64.min }
            if f >= 9.223372036854775807e18 || f < -9.223372036854775808e18 { return Int64.min }
            return Int64(f)
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return parseGoInteger(trimZeroDecimal(s)) ?? 0
        default: return 0
        }
    }

    /// `cast.ToInt`.
    static func toInt(_ value: TemplateValue) -> Int { Int(toInt64(value)) }

    /// `cast.ToFloat64`: numbers converted, strings parsed with `strconv.ParseFloat`, booleans 0/1.
    static func toFloat64(_ value: TemplateValue) -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .int64(let i): return Double(i)
        case .float(let f): return f
        case .bool(let b): return b ? 1 : 0
        case .string(let s):
            // ParseFloat reports out-of-range values as an error, which cast turns into 0
            guard let f = parseGoFloat(s) else { return 0 }
            if f.isInfinite && !s.lowercased().contains("inf") { return 0 }
            return f
        default: return 0
        }
    }

    /// Removes a fraction made only of zeros (`"12.00"` → `"12"`), as cast does before parsing.
    static func trimZeroDecimal(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var foundZero = false
        var i = bytes.count
        while i > 0 {
            switch bytes[i - 1] {
            case UInt8(ascii: "."):
                if foundZero { return String(decoding: bytes[..<(i - 1)], as: UTF8.self) }
                return s
            case UInt8(ascii: "0"):
                foundZero = true
            default:
                return s
            }
            i -= 1
        }
        return s
    }

    /// `strconv.ParseInt(s, 0, 64)`.
    static func parseGoInteger(_ s: String) -> Int64? {
        var text = Substring(s)
        var negative = false
        if text.hasPrefix("+") || text.hasPrefix("-") {
            negative = text.hasPrefix("-")
            text = text.dropFirst()
        }
        var base = 10
        var prefixed = false
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { base = 16; text = text.dropFirst(2); prefixed = true }
        else if lower.hasPrefix("0b") { base = 2; text = text.dropFirst(2); prefixed = true }
        else if lower.hasPrefix("0o") { base = 8; text = text.dropFirst(2); prefixed = true }
        else if text.hasPrefix("0") && text.count > 1 { base = 8; text = text.dropFirst(); prefixed = true }
        guard validUnderscores(String(text), prefixed: prefixed) else { return nil }
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard !digits.isEmpty, let magnitude = UInt64(digits, radix: base) else { return nil }
        if negative {
            if magnitude > UInt64(Int64.max) + 1 { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        if magnitude > UInt64(Int64.max) { return nil }
        return Int64(magnitude)
    }

    /// Go's rule: `_` only between digits, or right after a base prefix.
    private static func validUnderscores(_ digits: String, prefixed: Bool) -> Bool {
        guard digits.contains("_") else { return true }
        var previous: Character = prefixed ? "_" : " "
        if prefixed { previous = "0" }
        for c in digits {
            if c == "_" && previous == "_" { return false }
            previous = c
        }
        return !digits.hasSuffix("_") && (prefixed || !digits.hasPrefix("_"))
    }

    /// `strconv.ParseFloat(s, 64)` for decimal and special forms.
    static func parseGoFloat(_ s: String) -> Double? {
        let lower = s.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        let allowed = Set("0123456789+-.eE_xXpPabcdefABCDEF")
        guard !s.isEmpty, s.allSatisfy({ allowed.contains($0) }) else { return nil }
        if lower.contains("x") {
            // hexadecimal floats need a `p` exponent
            guard lower.contains("p") else { return nil }
            return Double(s.replacingOccurrences(of: "_", with: ""))
        }
        if s.contains("_") {
            // Go allows `_` only between digits
            let chars = Array(s)
            for (i, ch) in chars.enumerated() where ch == "_" {
                guard i > 0, i + 1 < chars.count, chars[i - 1].isNumber, chars[i + 1].isNumber else { return nil }
            }
            return Double(s.replacingOccurrences(of: "_", with: ""))
        }
        return Double(s)
    }
}
