import Foundation
import GoTemplate

/// A Go `time.Time`: an instant (Unix seconds + nanoseconds), the location it is shown in, and for
/// `now` the monotonic clock reading that Go's `Time.String()` appends as `m=+0.000000001`.
public struct GoTime: TemplateObject {
    /// Whole seconds since 1970-01-01 UTC.
    public var unixSeconds: Int64
    /// Nanoseconds within the second, 0..<1e9.
    public var nanosecond: Int
    /// The location used for calendar fields and formatting.
    public var location: GoLocation
    /// Seconds since the process started, present only on times from `now`.
    public var monotonicSeconds: Double?

    public init(unixSeconds: Int64, nanosecond: Int = 0, location: GoLocation = .local, monotonicSeconds: Double? = nil) {
        self.unixSeconds = unixSeconds + Int64(nanosecond / 1_000_000_000) - (nanosecond < 0 ? 1 : 0)
        self.nanosecond = ((nanosecond % 1_000_000_000) + 1_000_000_000) % 1_000_000_000
        self.location = location
        self.monotonicSeconds = monotonicSeconds
    }

    /// Go's `time.Now()` in the local zone, with a monotonic reading.
    public static func now() -> GoTime {
        let start = processStartUptime // initialize the origin before reading the clock
        let now = Date().timeIntervalSince1970
        let seconds = now.rounded(.down)
        return GoTime(unixSeconds: Int64(seconds), nanosecond: Int((now - seconds) * 1e9), location: .local,
                      monotonicSeconds: ProcessInfo.processInfo.systemUptime - start)
    }

    /// Go's zero `time.Time` (January 1, year 1, 00:00:00 UTC).
    public static let zero = GoTime(unixSeconds: -62_135_596_800, location: .utc)

    /// Go's `time.Date(...)`: the instant of a wall-clock time in `location`, normalizing overflowing fields.
    public static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int,
                            location: GoLocation) -> GoTime {
        // Normalize month into 1...12, carrying into the year.
        var year = year, month = month - 1
        year += month >= 0 ? month / 12 : (month - 11) / 12
        month = ((month % 12) + 12) % 12 + 1
        var seconds = Int64(second) + Int64(nanosecond >= 0 ? nanosecond / 1_000_000_000 : (nanosecond - 999_999_999) / 1_000_000_000)
        let nano = ((nanosecond % 1_000_000_000) + 1_000_000_000) % 1_000_000_000
        seconds += Int64(minute) * 60 + Int64(hour) * 3600
        let days = daysFromCivil(year: year, month: month, day: 1) + Int64(day - 1)
        let wall = days * 86400 + seconds
        // Find the offset for this wall time as Go does: try the offset at `wall`, then at the corrected instant.
        var offset = location.zone(at: wall).offset
        if offset != 0 {
            let candidate = wall - Int64(offset)
            let corrected = location.zone(at: candidate).offset
            if corrected != offset { offset = corrected }
        }
        return GoTime(unixSeconds: wall - Int64(offset), nanosecond: nano, location: location)
    }

    /// The wall-clock fields in `location`.
    public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int, yearDay: Int) {
        let offset = location.zone(at: unixSeconds).offset
        let wall = unixSeconds + Int64(offset)
        let days = Int64((Double(wall) / 86400).rounded(.down))
        let secondsOfDay = Int(wall - days * 86400)
        let (year, month, day) = Self.civil(fromDays: days)
        let weekday = Int(((days % 7) + 7 + 4) % 7) // 1970-01-01 was a Thursday (4).
        let yearDay = Int(days - Self.daysFromCivil(year: year, month: 1, day: 1)) + 1
        return (year, month, day, secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60, weekday, yearDay)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }

    /// The same instant shown in `location`.
    public func `in`(_ location: GoLocation) -> GoTime {
        GoTime(unixSeconds: unixSeconds, nanosecond: nanosecond, location: location, monotonicSeconds: monotonicSeconds)
    }

    /// Nanoseconds since the epoch, as Go's `UnixNano` (wrapping outside its range).
    public var unixNanoseconds: Int64 { unixSeconds &* 1_000_000_000 &+ Int64(nanosecond) }

    /// Go's `t.Add(d)`.
    public func adding(nanoseconds d: Int64) -> GoTime {
        let total = Int64(nanosecond) + d % 1_000_000_000
        var result = GoTime(unixSeconds: unixSeconds + d / 1_000_000_000, nanosecond: 0, location: location)
        result.unixSeconds += total >= 1_000_000_000 ? 1 : (total < 0 ? -1 : 0)
        result.nanosecond = Int((total % 1_000_000_000 + 1_000_000_000) % 1_000_000_000)
        if let monotonic = monotonicSeconds { result.monotonicSeconds = monotonic + Double(d) / 1e9 }
        return result
    }

    /// Go's `t.Sub(u)` in nanoseconds (saturating).
    public func nanoseconds(since other: GoTime) -> Int64 {
        let seconds = unixSeconds.subtractingReportingOverflow(other.unixSeconds)
        let (scaled, overflow) = seconds.partialValue.multipliedReportingOverflow(by: 1_000_000_000)
        if seconds.overflow || overflow { return unixSeconds > other.unixSeconds ? .max : .min }
        let (value, overflow2) = scaled.addingReportingOverflow(Int64(nanosecond - other.nanosecond))
        if overflow2 { return scaled > 0 ? .max : .min }
        return value
    }

    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`, plus ` m=±…` for `now` values.
    public var goDescription: String {
        var text = GoTimeLayout.format(self, layout: "2006-01-02 15:04:05.999999999 -0700 MST")
        if let monotonic = monotonicSeconds {
            let sign = monotonic < 0 ? "-" : "+"
            text += " m=" + sign + String(format: "%.9f", abs(monotonic))
        }
        return text
    }

    /// The text Go's `Time.MarshalJSON`/`MarshalText` write (RFC 3339 with nanoseconds), which
    /// `toJson`/`toYaml` print for a time value.
    public var rfc3339NanoText: String {
        GoTimeLayout.format(self, layout: "2006-01-02T15:04:05.999999999Z07:00")
    }

    public var goTypeName: String { "time.Time" }
    public func field(_ name: String) -> TemplateValue? { nil }

    static let methodNames: Set<String> = [
        "Unix", "UnixNano", "UnixMilli", "UnixMicro", "Format", "String", "UTC", "Local", "Year", "Month", "Day",
        "Hour", "Minute", "Second", "Nanosecond", "YearDay", "Weekday", "Add", "AddDate", "Sub", "Before",
        "After", "Equal", "Compare", "IsZero", "Truncate", "Round", "In",
    ]

    public func hasMethod(_ name: String) -> Bool { Self.methodNames.contains(name) }

    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        guard hasMethod(name) else { return nil }
        let takesArgument = ["Format", "Add", "Sub", "Before", "After", "Equal", "Compare", "Truncate", "Round", "In"]
        let count = name == "AddDate" ? 3 : (takesArgument.contains(name) ? 1 : 0)
        let args = try FunctionArguments(name, arguments, count: count)
        let fields = components
        switch name {
        case "Unix": return .int64(unixSeconds)
        case "UnixNano": return .int64(unixNanoseconds)
        case "UnixMilli": return .int64(unixSeconds * 1000 + Int64(nanosecond / 1_000_000))
        case "UnixMicro": return .int64(unixSeconds * 1_000_000 + Int64(nanosecond / 1000))
        case "Format": return .string(GoTimeLayout.format(self, layout: try args.string(0)))
        case "String": return .string(goDescription)
        case "UTC": return .object(self.in(.utc))
        case "Local": return .object(self.in(.local))
        case "In":
            guard case .object(let location as GoLocationValue) = args.values[0] else {
                throw TemplateFunctionError.wrongType(args.values[0], expected: "*time.Location", argument: 0)
            }
            return .object(self.in(location.location))
        case "Year": return .int(fields.year)
        case "Month": return .object(GoMonth(number: fields.month))
        case "Day": return .int(fields.day)
        case "Hour": return .int(fields.hour)
        case "Minute": return .int(fields.minute)
        case "Second": return .int(fields.second)
        case "Nanosecond": return .int(nanosecond)
        case "YearDay": return .int(fields.yearDay)
        case "Weekday": return .object(GoWeekday(number: fields.weekday))
        case "IsZero": return .bool(unixSeconds == GoTime.zero.unixSeconds && nanosecond == 0)
        case "Add": return .object(adding(nanoseconds: try durationArgument(args.values[0])))
        case "AddDate":
            let years = try args.int(0), months = try args.int(1), days = try args.int(2)
            var result = GoTime.date(
                year: fields.year + years, month: fields.month + months, day: fields.day + days,
                hour: fields.hour, minute: fields.minute, second: fields.second, nanosecond: nanosecond,
                location: location)
            result.monotonicSeconds = nil
            return .object(result)
        case "Sub":
            return .object(GoDuration(nanoseconds: nanoseconds(since: try args.time(0))))
        case "Before":
            let other = try args.time(0)
            return .bool((unixSeconds, nanosecond) < (other.unixSeconds, other.nanosecond))
        case "After":
            let other = try args.time(0)
            return .bool((unixSeconds, nanosecond) > (other.unixSeconds, other.nanosecond))
        case "Equal":
            let other = try args.time(0)
            return .bool(unixSeconds == other.unixSeconds && nanosecond == other.nanosecond)
        case "Compare":
            let other = try args.time(0)
            let a = (unixSeconds, nanosecond), b = (other.unixSeconds, other.nanosecond)
            return .int(a < b ? -1 : (a > b ? 1 : 0))
        case "Truncate", "Round":
            let unit = try durationArgument(args.values[0])
            var result = self
            result.monotonicSeconds = nil
            guard unit > 0 else { return .object(result) }
            // Go measures from the zero time; offsets from it are the same modulo any unit dividing days,
            // and for general units we compute from the absolute nanoseconds since year 1.
            let sinceZero = (unixSeconds - GoTime.zero.unixSeconds).multipliedReportingOverflow(by: 1)
            let seconds = sinceZero.partialValue
            let remainder = Self.remainder(seconds: seconds, nanoseconds: Int64(nanosecond), unit: unit)
            var shift = -remainder
            if name == "Round" && remainder + remainder >= unit { shift = unit - remainder }
            return .object(result.adding(nanoseconds: shift))
        default: return nil
        }
    }

    /// (seconds·1e9 + nanoseconds) mod unit, without overflowing.
    private static func remainder(seconds: Int64, nanoseconds: Int64, unit: Int64) -> Int64 {
        let u = UInt64(unit)
        let secondsPart = UInt64(seconds).multipliedFullWidth(by: 1_000_000_000)
        let (_, rem) = u.dividingFullWidth((secondsPart.high % u, secondsPart.low))
        return Int64((rem + UInt64(nanoseconds)) % u)
    }
}

/// Uptime when this module first read the clock, as the origin of monotonic readings.
let processStartUptime = ProcessInfo.processInfo.systemUptime

/// Go's `time.Month`: prints as its English name.
public struct GoMonth: TemplateObject {
    public var number: Int
    public var goTypeName: String { "time.Month" }
    public var goKind: String { "int" }
    public var goDescription: String { GoTimeLayout.longMonthNames[number - 1] }
    public func field(_ name: String) -> TemplateValue? { nil }
    public func hasMethod(_ name: String) -> Bool { name == "String" }
    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        name == "String" ? .string(goDescription) : nil
    }
}

/// Go's `time.Weekday`: prints as its English name (Sunday = 0).
public struct GoWeekday: TemplateObject {
    public var number: Int
    public var goTypeName: String { "time.Weekday" }
    public var goKind: String { "int" }
    public var goDescription: String { GoTimeLayout.longDayNames[number] }
    public var isTruthy: Bool { number != 0 }
    public func field(_ name: String) -> TemplateValue? { nil }
    public func hasMethod(_ name: String) -> Bool { name == "String" }
    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        name == "String" ? .string(goDescription) : nil
    }
}

/// A Go `*time.Location` value in a template.
public struct GoLocationValue: TemplateObject {
    public var location: GoLocation
    public var goTypeName: String { "*time.Location" }
    public var goKind: String { "ptr" }
    public var goDescription: String { location.name }
    public func field(_ name: String) -> TemplateValue? { nil }
}
