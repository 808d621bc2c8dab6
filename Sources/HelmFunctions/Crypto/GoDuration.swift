import GoTemplate

/// Go's `time.Duration` (nanoseconds) parsing and printing, and the value templates see.
public struct GoDuration: TemplateObject, Equatable {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let nanosecond: Int64 = 1
    public static let microsecond: Int64 = 1_000
    public static let millisecond: Int64 = 1_000_000
    public static let second: Int64 = 1_000_000_000
    public static let minute: Int64 = 60 * second
    public static let hour: Int64 = 60 * minute

    public var goTypeName: String { "time.Duration" }
    public var goKind: String { "int64" }
    public var goDescription: String { Self.format(nanoseconds) }
    public var isTruthy: Bool { nanoseconds != 0 }
    public func field(_ name: String) -> TemplateValue? { nil }

    public func hasMethod(_ name: String) -> Bool {
        ["String", "Hours", "Minutes", "Seconds", "Milliseconds", "Microseconds", "Nanoseconds",
         "Round", "Truncate", "Abs"].contains(name)
    }

    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        let whole = { (unit: Int64) in Double(nanoseconds / unit) + Double(nanoseconds % unit) / Double(unit) }
        switch name {
        case "String": return .string(goDescription)
        case "Hours": return .float(whole(Self.hour))
        case "Minutes": return .float(whole(Self.minute))
        case "Seconds": return .float(whole(Self.second))
        case "Milliseconds": return .int64(nanoseconds / Self.millisecond)
        case "Microseconds": return .int64(nanoseconds / Self.microsecond)
        case "Nanoseconds": return .int64(nanoseconds)
        case "Abs": return .object(GoDuration(nanoseconds: nanoseconds == .min ? .max : abs(nanoseconds)))
        case "Round", "Truncate":
            let arguments = try FunctionArguments(name, arguments, count: 1)
            let unit = try durationArgument(arguments.values[0])
            let result = name == "Round" ? Self.round(nanoseconds, to: unit) : Self.truncate(nanoseconds, to: unit)
            return .object(GoDuration(nanoseconds: result))
        default: return nil
        }
    }

    /// `d.Truncate(m)`: rounds toward zero to a multiple of `unit`.
    static func truncate(_ d: Int64, to unit: Int64) -> Int64 {
        unit <= 0 ? d : d - d % unit
    }

    /// `d.Round(m)`: rounds halfway values away from zero, saturating on overflow.
    static func round(_ d: Int64, to unit: Int64) -> Int64 {
        if unit <= 0 { return d }
        var r = d % unit
        if d < 0 {
            r = -r
            if r + r < unit { return d + r }
            let (value, overflow) = d.subtractingReportingOverflow(unit - r)
            return overflow ? .min : value
        }
        if r + r < unit { return d - r }
        let (value, overflow) = d.addingReportingOverflow(unit - r)
        return overflow ? .max : value
    }

    /// Go's `Duration.String()`: "1h2m3.5s", "1.5ms", "0s".
    public static func format(_ d: Int64) -> String {
        var u = d < 0 ? UInt64(bitPattern: 0 &- d) : UInt64(d)
        if u == 0 { return "0s" }
        var out = ""
        if u < UInt64(second) {
            let unit: String, precision: Int
            switch u {
            case ..<UInt64(microsecond): unit = "ns"; precision = 0
            case ..<UInt64(millisecond): unit = "µs"; precision = 3
            default: unit = "ms"; precision = 6
            }
            out = fraction(&u, precision: precision) + unit
            out = String(u) + out
        } else {
            out = fraction(&u, precision: 9) + "s"
            out = String(u % 60) + out
            u /= 60
            if u > 0 {
                out = String(u % 60) + "m" + out
                u /= 60
                if u > 0 { out = String(u) + "h" + out }
            }
        }
        return d < 0 ? "-" + out : out
    }

    /// The fractional digits of `value / 10^precision` (".5", "" when zero); leaves the integer part in `value`.
    private static func fraction(_ value: inout UInt64, precision: Int) -> String {
        var digits: [Character] = []
        var printing = false
        for _ in 0..<precision {
            let digit = value % 10
            printing = printing || digit != 0
            if printing { digits.insert(Character(String(digit)), at: 0) }
            value /= 10
        }
        return printing ? "." + String(digits) : ""
    }

    /// Go's `time.ParseDuration`: "300ms", "-1.5h", "2h45m"; units ns, us/µs/μs, ms, s, m, h.
    public static func parse(_ text: String) throws -> Int64 {
        let original = text
        let invalid = TemplateFunctionError("time: invalid duration \(goQuote(original))")
        var s = Substring(text)
        var negative = false
        if let first = s.first, first == "-" || first == "+" {
            negative = first == "-"
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        if s.isEmpty { throw invalid }
        var total: UInt64 = 0
        while !s.isEmpty {
            guard let first = s.first, first == "." || first.isASCII && first.isNumber else { throw invalid }
            // Integer part.
            let integerDigits = s.prefix { $0.isASCII && $0.isNumber }
            s = s.dropFirst(integerDigits.count)
            guard let whole = UInt64(integerDigits.isEmpty ? "0" : String(integerDigits)) else { throw invalid }
            var fractionValue: UInt64 = 0, fractionScale: Double = 1
            var sawFraction = false
            if s.first == "." {
                s = s.dropFirst()
                let fractionDigits = s.prefix { $0.isASCII && $0.isNumber }
                s = s.dropFirst(fractionDigits.count)
                sawFraction = !fractionDigits.isEmpty
                for digit in fractionDigits.prefix(18) {
                    fractionValue = fractionValue * 10 + UInt64(digit.wholeNumberValue!)
                    fractionScale *= 10
                }
            }
            if integerDigits.isEmpty && !sawFraction { throw invalid }
            let unitText = s.prefix { !($0 == "." || $0.isASCII && $0.isNumber) }
            if unitText.isEmpty {
                throw TemplateFunctionError("time: missing unit in duration \(goQuote(original))")
            }
            s = s.dropFirst(unitText.count)
            let unit: UInt64
            switch unitText {
            case "ns": unit = 1
            case "us", "µs", "μs": unit = UInt64(microsecond)
            case "ms": unit = UInt64(millisecond)
            case "s": unit = UInt64(second)
            case "m": unit = UInt64(minute)
            case "h": unit = UInt64(hour)
            default:
                throw TemplateFunctionError(
                    "time: unknown unit \(goQuote(String(unitText))) in duration \(goQuote(original))")
            }
            let (scaled, overflow) = whole.multipliedReportingOverflow(by: unit)
            guard !overflow else { throw invalid }
            var value = scaled
            if fractionValue > 0 {
                value += UInt64(Double(fractionValue) * (Double(unit) / fractionScale))
            }
            let (sum, sumOverflow) = total.addingReportingOverflow(value)
            guard !sumOverflow, sum <= 1 << 63 else { throw invalid }
            total = sum
        }
        if negative { return total == 1 << 63 ? .min : -Int64(total) }
        guard total <= UInt64(Int64.max) else { throw invalid }
        return Int64(total)
    }
}


/// A duration argument of a time method: a `time.Duration` or an integer count of nanoseconds.
func durationArgument(_ value: TemplateValue) throws -> Int64 {
    switch value {
    case .object(let d as GoDuration): return d.nanoseconds
    case .int(let i): return Int64(i)
    case .int64(let i): return i
    default:
        throw TemplateFunctionError("wrong type for value; expected time.Duration; got \(value.goTypeName)")
    }
}
