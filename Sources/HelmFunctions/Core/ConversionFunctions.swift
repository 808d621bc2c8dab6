// Sprig's defaults, type inspection and conversion functions (defaults.go, reflect.go, numeric.go).
import Foundation
import GoTemplate


enum ConversionFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["default"] = function("default") { a in
            try a.expectAtLeast(1)
            if a.count < 2 || isEmpty(a[1]) { return a[0] }
            return a[1]
        }
        f["empty"] = function("empty") { a in
            try a.expect(1)
            return .bool(isEmpty(a[0]))
        }
        f["coalesce"] = function("coalesce") { a in
            a.values.first { !isEmpty($0) } ?? .null
        }
        f["all"] = function("all") { a in .bool(a.values.allSatisfy { !isEmpty($0) }) }
        f["any"] = function("any") { a in .bool(a.values.contains { !isEmpty($0) }) }
        f["ternary"] = function("ternary") { a in
            try a.expect(3)
            return try a.bool(2) ? a[0] : a[1]
        }
        f["typeOf"] = function("typeOf") { a in
            try a.expect(1)
            return .string(a[0].goTypeName)
        }
        f["typeIs"] = function("typeIs") { a in
            try a.expect(2)
            return .bool(try a.string(0) == a[1].goTypeName)
        }
        f["typeIsLike"] = function("typeIsLike") { a in
            try a.expect(2)
            let target = try a.string(0), t = a[1].goTypeName
            return .bool(target == t || "*" + target == t)
        }
        f["kindOf"] = function("kindOf") { a in
            try a.expect(1)
            return .string(a[0].goKind)
        }
        f["kindIs"] = function("kindIs") { a in
            try a.expect(2)
            return .bool(try a.string(0) == a[1].goKind)
        }
        f["deepEqual"] = function("deepEqual") { a in
            try a.expect(2)
            return .bool(deepEqual(a[0], a[1]))
        }
        f["atoi"] = function("atoi") { a in
            try a.expect(1)
            return .int(Int(goAtoi(try a.string(0)) ?? 0))
        }
        f["int"] = function("int") { a in
            try a.expect(1)
            return .int(GoCast.toInt(a[0]))
        }
        f["int64"] = function("int64") { a in
            try a.expect(1)
            return .int64(GoCast.toInt64(a[0]))
        }
        f["float64"] = function("float64") { a in
            try a.expect(1)
            return .float(GoCast.toFloat64(a[0]))
        }
        f["toDecimal"] = function("toDecimal") { a in
            try a.expect(1)
            return .int64(parseOctal(GoFormat.value(a[0])) ?? 0)
        }
        return f
    }

    /// Sprig's `empty`: nil, zero numbers, false, and empty strings, slices and maps.
    /// Structs and non-nil pointers (template objects) are never empty.
    static func isEmpty(_ value: TemplateValue) -> Bool {
        // Structs are never empty; slice-like objects (a nil slice, Helm's VersionSet) are when they hold nothing.
        if case .object(let o) = value { return o.sliceElements?.isEmpty ?? false }
        return !value.isTruthy
    }

    /// `strconv.Atoi`: an optional sign and decimal digits only.
    static func goAtoi(_ s: String) -> Int64? {
        var text = Substring(s)
        var negative = false
        if text.hasPrefix("+") || text.hasPrefix("-") {
            negative = text.hasPrefix("-")
            text = text.dropFirst()
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // out of range: Atoi returns the clamped value with its error, which Sprig ignores
        guard let magnitude = Int64(negative ? "-" + text : String(text)) else { return negative ? Int64.min : Int64.max }
        return magnitude
    }

    /// `strconv.ParseInt(s, 8, 64)`.
    static func parseOctal(_ s: String) -> Int64? {
        var text = Substring(s)
        var negative = false
        if text.hasPrefix("+") || text.hasPrefix("-") {
            negative = text.hasPrefix("-")
            text = text.dropFirst()
        }
        guard !text.isEmpty, text.allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        return Int64((negative ? "-" : "") + text, radix: 8)
    }
}

/// Go's `reflect.DeepEqual` on template values: types must match exactly.
func deepEqual(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.int64(let x), .int64(let y)): return x == y
    case (.float(let x), .float(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.strings(let x), .strings(let y)): return x == y
    case (.bytes(let x), .bytes(let y)): return x == y
    case (.list(let x), .list(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { deepEqual($0, $1) }
    case (.map(let x), .map(let y)):
        if x === y { return true }
        guard x.count == y.count else { return false }
        for (k, v) in x {
            guard let w = y[k], deepEqual(v, w) else { return false }
        }
        return true
    case (.object(let x), .object(let y)):
        return x.goTypeName == y.goTypeName && x.goDescription == y.goDescription
    default: return false
    }
}
