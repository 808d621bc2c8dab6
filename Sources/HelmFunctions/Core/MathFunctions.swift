// Sprig's integer and float arithmetic (numeric.go and functions.go).
import Foundation
import GoTemplate


enum MathFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["add1"] = function("add1") { a in
            try a.expect(1)
            return .int64(GoCast.toInt64(a[0]) &+ 1)
        }
        f["add"] = function("add") { a in
            .int64(a.values.reduce(Int64(0)) { $0 &+ GoCast.toInt64($1) })
        }
        f["sub"] = function("sub") { a in
            try a.expect(2)
            return .int64(GoCast.toInt64(a[0]) &- GoCast.toInt64(a[1]))
        }
        f["div"] = function("div") { a in
            try a.expect(2)
            let x = GoCast.toInt64(a[0]), y = GoCast.toInt64(a[1])
            if y == 0 { throw TemplateFunctionError("runtime error: integer divide by zero") }
            return .int64(x.dividedReportingOverflow(by: y).partialValue)
        }
        f["mod"] = function("mod") { a in
            try a.expect(2)
            let x = GoCast.toInt64(a[0]), y = GoCast.toInt64(a[1])
            if y == 0 { throw TemplateFunctionError("runtime error: integer divide by zero") }
            return .int64(x.remainderReportingOverflow(dividingBy: y).partialValue)
        }
        f["mul"] = function("mul") { a in
            try a.expectAtLeast(1)
            return .int64(a.values.dropFirst().reduce(GoCast.toInt64(a[0])) { $0 &* GoCast.toInt64($1) })
        }
        let maximum = function("max") { a in
            try a.expectAtLeast(1)
            return .int64(a.values.map(GoCast.toInt64).max()!)
        }
        f["max"] = maximum
        f["biggest"] = maximum
        f["min"] = function("min") { a in
            try a.expectAtLeast(1)
            return .int64(a.values.map(GoCast.toInt64).min()!)
        }
        f["maxf"] = function("maxf") { a in
            try a.expectAtLeast(1)
            return .float(a.values.dropFirst().reduce(GoCast.toFloat64(a[0])) { goMax($0, GoCast.toFloat64($1)) })
        }
        f["minf"] = function("minf") { a in
            try a.expectAtLeast(1)
            return .float(a.values.dropFirst().reduce(GoCast.toFloat64(a[0])) { goMin($0, GoCast.toFloat64($1)) })
        }
        f["floor"] = function("floor") { a in
            try a.expect(1)
            return .float(GoCast.toFloat64(a[0]).rounded(.down))
        }
        f["ceil"] = function("ceil") { a in
            try a.expect(1)
            return .float(GoCast.toFloat64(a[0]).rounded(.up))
        }
        f["round"] = function("round") { a in
            try a.expectAtLeast(2)
            let roundOn = a.count > 2 ? try a.float(2) : 0.5
            let value = GoCast.toFloat64(a[0])
            let pow = Foundation.pow(10.0, Double(try a.int(1)))
            let digit = pow * value
            let fraction = digit - digit.rounded(.towardZero)
            let rounded = fraction >= roundOn ? digit.rounded(.up) : digit.rounded(.down)
            return .float(rounded / pow)
        }
        f["addf"] = function("addf") { a in
            .float(DecimalArithmetic.apply(.float(0), a.values, +, fallback: +))
        }
        f["add1f"] = function("add1f") { a in
            try a.expect(1)
            return .float(DecimalArithmetic.apply(a[0], [.int(1)], +, fallback: +))
        }
        f["subf"] = function("subf") { a in
            try a.expectAtLeast(1)
            return .float(DecimalArithmetic.apply(a[0], Array(a.values.dropFirst()), -, fallback: -))
        }
        f["mulf"] = function("mulf") { a in
            try a.expectAtLeast(1)
            return .float(DecimalArithmetic.apply(a[0], Array(a.values.dropFirst()), *, fallback: *))
        }
        f["divf"] = function("divf") { a in
            try a.expectAtLeast(1)
            return .float(try DecimalArithmetic.divide(a[0], Array(a.values.dropFirst())))
        }
        f["seq"] = function("seq") { a in
            .string(seq(try (0..<a.count).map { try a.int($0) }))
        }
        f["until"] = function("until") { a in
            try a.expect(1)
            let count = try a.int(0)
            return .list(untilStep(0, count, count < 0 ? -1 : 1).map(TemplateValue.int))
        }
        f["untilStep"] = function("untilStep") { a in
            try a.expect(3)
            return .list(untilStep(try a.int(0), try a.int(1), try a.int(2)).map(TemplateValue.int))
        }
        return f
    }

    /// Go's `math.Max` (NaN wins, +0 beats -0).
    static func goMax(_ x: Double, _ y: Double) -> Double {
        if x.isInfinite && x > 0 || y.isInfinite && y > 0 { return .infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && x == y { return x.sign == .minus ? y : x }
        return x > y ? x : y
    }

    /// Go's `math.Min` (NaN wins, -0 beats +0).
    static func goMin(_ x: Double, _ y: Double) -> Double {
        if x.isInfinite && x < 0 || y.isInfinite && y < 0 { return -.infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && x == y { return x.sign == .minus ? x : y }
        return x < y ? x : y
    }

    /// Sprig's `untilStep`.
    static func untilStep(_ start: Int, _ stop: Int, _ step: Int) -> [Int] {
        var v: [Int] = []
        if stop < start {
            if step >= 0 { return v }
            var i = start
            while i > stop { v.append(i); i += step }
            return v
        }
        if step <= 0 { return v }
        var i = start
        while i < stop { v.append(i); i += step }
        return v
    }

    /// Sprig's `seq`: the numbers joined by spaces.
    static func seq(_ params: [Int]) -> String {
        var increment = 1
        let numbers: [Int]
        switch params.count {
        case 1:
            let start = 1, end = params[0]
            if end < start { increment = -1 }
            numbers = untilStep(start, end + increment, increment)
        case 2:
            let start = params[0], end = params[1]
            let step = end < start ? -1 : 1
            numbers = untilStep(start, end + step, step)
        case 3:
            let start = params[0], end = params[2], step = params[1]
            if end < start {
                increment = -1
                if step > 0 { return "" }
            }
            numbers = untilStep(start, end + increment, step)
        default:
            return ""
        }
        return numbers.map(String.init).joined(separator: " ")
    }
}

/// `github.com/shopspring/decimal` arithmetic as Sprig's `addf`/`subf`/`mulf`/`divf` use it:
/// each float becomes the decimal of its shortest representation, the operation is exact
/// (division rounds to 16 fractional digits), and the result converts back to the nearest float.
enum DecimalArithmetic {
    static func decimal(_ value: TemplateValue) -> Decimal {
        let f = GoCast.toFloat64(value)
        if f.isNaN || f.isInfinite || !fitsDecimal(f) { return Decimal.nan }
        return Decimal(string: GoFormat.floatFixed(f), locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(f)
    }

    static func double(_ d: Decimal) -> Double {
        var d = d
        let text = NSDecimalString(&d, Locale(identifier: "en_US_POSIX"))
        return Double(text) ?? 0
    }

    static func apply(_ first: TemplateValue, _ rest: [TemplateValue], _ op: (Decimal, Decimal) -> Decimal,
                      fallback: (Double, Double) -> Double) -> Double {
        var result = decimal(first)
        var approximate = GoCast.toFloat64(first)
        for value in rest {
            result = op(result, decimal(value))
            approximate = fallback(approximate, GoCast.toFloat64(value))
        }
        // Foundation's Decimal covers about 1e-128...1e127 with 38 digits; beyond it use floats
        if result.isNaN || !fitsDecimal(approximate) { return approximate }
        return double(result)
    }

    private static func fitsDecimal(_ f: Double) -> Bool {
        f == 0 || (abs(f) < 1e120 && abs(f) > 1e-120)
    }

    static func divide(_ first: TemplateValue, _ rest: [TemplateValue]) throws -> Double {
        var result = decimal(first)
        var approximate = GoCast.toFloat64(first)
        for value in rest {
            let divisor = decimal(value)
            if GoCast.toFloat64(value) == 0 { throw TemplateFunctionError("decimal division by 0") }
            approximate /= GoCast.toFloat64(value)
            var quotient = result / divisor
            var rounded = Decimal()
            NSDecimalRound(&rounded, &quotient, 16, .plain)
            result = rounded
        }
        if result.isNaN || !fitsDecimal(approximate) { return approximate }
        return double(result)
    }
}
