/// A POSIX TZ rule such as `EST5EDT,M3.2.0,M11.1.0` (the footer of TZif files), which Go applies
/// to instants after a zone's last listed transition.
struct PosixTimeZoneRule {
    /// A day-of-year rule: `Mm.w.d`, `Jn` (1–365, no leap day) or `n` (0–365).
    enum Day {
        case monthWeekDay(month: Int, week: Int, weekday: Int)
        case julian(Int)
        case zeroBased(Int)
    }

    var standardName: String
    var standardOffset: Int
    var daylight: (name: String, offset: Int, start: Day, startTime: Int, end: Day, endTime: Int)?

    init?(_ text: String) {
        var s = Substring(text)
        guard let standard = Self.name(&s), let stdOffset = Self.offset(&s) else { return nil }
        standardName = standard
        standardOffset = -stdOffset
        if s.isEmpty {
            daylight = nil
            return
        }
        guard let dstName = Self.name(&s) else { return nil }
        var dstOffset = standardOffset + 3600
        if let first = s.first, first != "," {
            guard let o = Self.offset(&s) else { return nil }
            dstOffset = -o
        }
        if s.isEmpty { s = ",M3.2.0,M11.1.0" }
        guard s.first == "," else { return nil }
        s = s.dropFirst()
        guard let start = Self.day(&s) else { return nil }
        var startTime = 7200
        if s.first == "/" { s = s.dropFirst(); guard let t = Self.offset(&s) else { return nil }; startTime = t }
        guard s.first == "," else { return nil }
        s = s.dropFirst()
        guard let end = Self.day(&s) else { return nil }
        var endTime = 7200
        if s.first == "/" { s = s.dropFirst(); guard let t = Self.offset(&s) else { return nil }; endTime = t }
        guard s.isEmpty else { return nil }
        daylight = (dstName, dstOffset, start, startTime, end, endTime)
    }

    /// The abbreviation and offset in effect at `unix`.
    func lookup(_ unix: Int64) -> (abbreviation: String, offset: Int) {
        guard let daylight else { return (standardName, standardOffset) }
        let year = GoTime.civil(fromDays: floorDivide(unix + Int64(standardOffset), 86400)).year
        let yearStart = GoTime.daysFromCivil(year: year, month: 1, day: 1) * 86400
        // Transition instants in UTC: start is given in standard local time, end in daylight local time.
        let start = yearStart + Int64(Self.dayOfYear(daylight.start, year: year)) * 86400
            + Int64(daylight.startTime) - Int64(standardOffset)
        let end = yearStart + Int64(Self.dayOfYear(daylight.end, year: year)) * 86400
            + Int64(daylight.endTime) - Int64(daylight.offset)
        let inDaylight = start < end ? (unix >= start && unix < end) : !(unix >= end && unix < start)
        return inDaylight ? (daylight.name, daylight.offset) : (standardName, standardOffset)
    }

    private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    /// The zero-based day of the year a rule day falls on.
    static func dayOfYear(_ day: Day, year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        switch day {
        case .julian(let n): return n - 1 + (leap && n >= 60 ? 1 : 0)
        case .zeroBased(let n): return n
        case .monthWeekDay(let month, let week, let weekday):
            let firstOfMonth = GoTime.daysFromCivil(year: year, month: month, day: 1)
            let firstWeekday = Int(((firstOfMonth % 7) + 7 + 4) % 7)
            var day = (weekday - firstWeekday + 7) % 7 + 1 + (week - 1) * 7
            let monthLength = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            while day > monthLength { day -= 7 }
            return Int(firstOfMonth - GoTime.daysFromCivil(year: year, month: 1, day: 1)) + day - 1
        }
    }

    private static func name(_ s: inout Substring) -> String? {
        if s.first == "<" {
            guard let close = s.firstIndex(of: ">") else { return nil }
            let name = String(s[s.index(after: s.startIndex)..<close])
            s = s[s.index(after: close)...]
            return name
        }
        let name = s.prefix { $0.isLetter }
        guard name.count >= 3 else { return nil }
        s = s.dropFirst(name.count)
        return String(name)
    }

    /// `[+-]hh[:mm[:ss]]` in seconds.
    private static func offset(_ s: inout Substring) -> Int? {
        var sign = 1
        if s.first == "+" || s.first == "-" {
            sign = s.first == "-" ? -1 : 1
            s = s.dropFirst()
        }
        var total = 0
        for (index, multiplier) in [3600, 60, 1].enumerated() {
            if index > 0 {
                guard s.first == ":" else { break }
                s = s.dropFirst()
            }
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let n = Int(digits) else { return nil }
            s = s.dropFirst(digits.count)
            total += n * multiplier
        }
        return sign * total
    }

    private static func day(_ s: inout Substring) -> Day? {
        func number() -> Int? {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            s = s.dropFirst(digits.count)
            return Int(digits)
        }
        switch s.first {
        case "M":
            s = s.dropFirst()
            guard let month = number(), s.first == "." else { return nil }
            s = s.dropFirst()
            guard let week = number(), s.first == "." else { return nil }
            s = s.dropFirst()
            guard let weekday = number(), (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday)
            else { return nil }
            return .monthWeekDay(month: month, week: week, weekday: weekday)
        case "J":
            s = s.dropFirst()
            guard let n = number(), (1...365).contains(n) else { return nil }
            return .julian(n)
        default:
            guard let n = number(), (0...365).contains(n) else { return nil }
            return .zeroBased(n)
        }
    }
}
