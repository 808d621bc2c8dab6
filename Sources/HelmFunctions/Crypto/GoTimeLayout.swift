import GoTemplate

/// Go's reference-time layouts ("2006-01-02 15:04:05 MST"): formatting (`Time.Format`) and
/// parsing (`time.ParseInLocation`) with the same element rules as Go's `time` package.
enum GoTimeLayout {
    static let longMonthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December"]
    static let longDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// One element of a layout.
    enum Element: Equatable {
        case literal(String)
        case longMonth, month, numMonth, zeroMonth
        case longWeekDay, weekDay
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12
        case minute, zeroMinute, second, zeroSecond
        case longYear, year
        case pm(upper: Bool)
        case tz
        /// Numeric zone; `z` prints "Z" for UTC (ISO 8601 forms); `colon` separates fields;
        /// `minutes`/`seconds` say which fields appear.
        case numericZone(z: Bool, colon: Bool, minutes: Bool, seconds: Bool)
        /// Fractional seconds: `.000` (fixed digits) or `.999` (trailing zeros trimmed), with '.' or ','.
        case fraction(digits: Int, trimmed: Bool, separator: Character)

        /// The layout text it came from, for parse error messages.
        var text: String {
            switch self {
            case .literal(let s): return s
            case .longMonth: return "January"
            case .month: return "Jan"
            case .numMonth: return "1"
            case .zeroMonth: return "01"
            case .longWeekDay: return "Monday"
            case .weekDay: return "Mon"
            case .day: return "2"
            case .underDay: return "_2"
            case .zeroDay: return "02"
            case .underYearDay: return "__2"
            case .zeroYearDay: return "002"
            case .hour: return "15"
            case .hour12: return "3"
            case .zeroHour12: return "03"
            case .minute: return "4"
            case .zeroMinute: return "04"
            case .second: return "5"
            case .zeroSecond: return "05"
            case .longYear: return "2006"
            case .year: return "06"
            case .pm(let upper): return upper ? "PM" : "pm"
            case .tz: return "MST"
            case .numericZone(let z, let colon, let minutes, let seconds):
                var s = z ? "Z07" : "-07"
                if minutes { s += colon ? ":00" : "00" }
                if seconds { s += colon ? ":00" : "00" }
                return s
            case .fraction(let digits, let trimmed, let separator):
                return String(separator) + String(repeating: trimmed ? "9" : "0", count: digits)
            }
        }
    }

    /// Splits `layout` into elements, as Go's `nextStdChunk` finds them.
    static func elements(of layout: String) -> [Element] {
        let b = Array(layout.utf8)
        var result: [Element] = []
        var literalStart = 0
        var i = 0
        func has(_ text: String, at index: Int) -> Bool {
            let t = Array(text.utf8)
            return index + t.count <= b.count && Array(b[index..<(index + t.count)]) == t
        }
        func startsWithLower(_ index: Int) -> Bool {
            index < b.count && b[index] >= UInt8(ascii: "a") && b[index] <= UInt8(ascii: "z")
        }
        func isDigit(_ index: Int) -> Bool {
            index < b.count && b[index] >= UInt8(ascii: "0") && b[index] <= UInt8(ascii: "9")
        }
        func emit(_ element: Element, length: Int) {
            if literalStart < i { result.append(.literal(String(decoding: b[literalStart..<i], as: UTF8.self))) }
            result.append(element)
            i += length
            literalStart = i
        }
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "J"):
                if has("January", at: i) { emit(.longMonth, length: 7); continue }
                if has("Jan", at: i) && !startsWithLower(i + 3) { emit(.month, length: 3); continue }
            case UInt8(ascii: "M"):
                if has("Monday", at: i) { emit(.longWeekDay, length: 6); continue }
                if has("Mon", at: i) && !startsWithLower(i + 3) { emit(.weekDay, length: 3); continue }
                if has("MST", at: i) { emit(.tz, length: 3); continue }
            case UInt8(ascii: "0"):
                if i + 1 < b.count && b[i + 1] >= UInt8(ascii: "1") && b[i + 1] <= UInt8(ascii: "6") {
                    let elements: [Element] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                    emit(elements[Int(b[i + 1] - UInt8(ascii: "1"))], length: 2)
                    continue
                }
                if has("002", at: i) { emit(.zeroYearDay, length: 3); continue }
            case UInt8(ascii: "1"):
                if has("15", at: i) { emit(.hour, length: 2); continue }
                emit(.numMonth, length: 1)
                continue
            case UInt8(ascii: "2"):
                if has("2006", at: i) { emit(.longYear, length: 4); continue }
                emit(.day, length: 1)
                continue
            case UInt8(ascii: "_"):
                if has("_2", at: i) {
                    // "_2006" is a literal "_" followed by the long year.
                    if has("_2006", at: i) {
                        i += 1
                        emit(.longYear, length: 4)
                        continue
                    }
                    emit(.underDay, length: 2)
                    continue
                }
                if has("__2", at: i) { emit(.underYearDay, length: 3); continue }
            case UInt8(ascii: "3"): emit(.hour12, length: 1); continue
            case UInt8(ascii: "4"): emit(.minute, length: 1); continue
            case UInt8(ascii: "5"): emit(.second, length: 1); continue
            case UInt8(ascii: "P"):
                if has("PM", at: i) { emit(.pm(upper: true), length: 2); continue }
            case UInt8(ascii: "p"):
                if has("pm", at: i) { emit(.pm(upper: false), length: 2); continue }
            case UInt8(ascii: "-"), UInt8(ascii: "Z"):
                let z = c == UInt8(ascii: "Z")
                let prefix = z ? "Z" : "-"
                if has(prefix + "070000", at: i) {
                    emit(.numericZone(z: z, colon: false, minutes: true, seconds: true), length: 7); continue
                }
                if has(prefix + "07:00:00", at: i) {
                    emit(.numericZone(z: z, colon: true, minutes: true, seconds: true), length: 9); continue
                }
                if has(prefix + "0700", at: i) {
                    emit(.numericZone(z: z, colon: false, minutes: true, seconds: false), length: 5); continue
                }
                if has(prefix + "07:00", at: i) {
                    emit(.numericZone(z: z, colon: true, minutes: true, seconds: false), length: 6); continue
                }
                if has(prefix + "07", at: i) {
                    emit(.numericZone(z: z, colon: false, minutes: false, seconds: false), length: 3); continue
                }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if i + 1 < b.count && (b[i + 1] == UInt8(ascii: "0") || b[i + 1] == UInt8(ascii: "9")) {
                    let digit = b[i + 1]
                    var j = i + 1
                    while j < b.count && b[j] == digit { j += 1 }
                    if !isDigit(j) {
                        emit(.fraction(digits: j - (i + 1), trimmed: digit == UInt8(ascii: "9"),
                                       separator: Character(Unicode.Scalar(c))), length: j - i)
                        continue
                    }
                }
            default: break
            }
            i += 1
        }
        if literalStart < b.count {
            result.append(.literal(String(decoding: b[literalStart...], as: UTF8.self)))
        }
        return result
    }

    // MARK: Formatting

    /// `t.Format(layout)`.
    static func format(_ t: GoTime, layout: String) -> String {
        let f = t.components
        let (abbreviation, offset) = t.location.zone(at: t.unixSeconds)
        var out = ""
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(abs(value))
            let padded = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
            return value < 0 ? "-" + padded : padded
        }
        for element in elements(of: layout) {
            switch element {
            case .literal(let s): out += s
            case .year: out += pad(((f.year % 100) + 100) % 100, 2)
            case .longYear: out += pad(f.year, 4)
            case .month: out += String(longMonthNames[f.month - 1].prefix(3))
            case .longMonth: out += longMonthNames[f.month - 1]
            case .numMonth: out += String(f.month)
            case .zeroMonth: out += pad(f.month, 2)
            case .weekDay: out += String(longDayNames[f.weekday].prefix(3))
            case .longWeekDay: out += longDayNames[f.weekday]
            case .day: out += String(f.day)
            case .underDay: out += (f.day < 10 ? " " : "") + String(f.day)
            case .zeroDay: out += pad(f.day, 2)
            case .underYearDay:
                out += (f.yearDay < 100 ? " " : "") + (f.yearDay < 10 ? " " : "") + String(f.yearDay)
            case .zeroYearDay: out += pad(f.yearDay, 3)
            case .hour: out += pad(f.hour, 2)
            case .hour12: out += String(f.hour % 12 == 0 ? 12 : f.hour % 12)
            case .zeroHour12: out += pad(f.hour % 12 == 0 ? 12 : f.hour % 12, 2)
            case .minute: out += String(f.minute)
            case .zeroMinute: out += pad(f.minute, 2)
            case .second: out += String(f.second)
            case .zeroSecond: out += pad(f.second, 2)
            case .pm(let upper):
                let text = f.hour >= 12 ? "PM" : "AM"
                out += upper ? text : text.lowercased()
            case .numericZone(let z, let colon, let minutes, let seconds):
                if z && offset == 0 {
                    out += "Z"
                    continue
                }
                var zone = offset / 60
                var absOffset = offset
                if zone < 0 {
                    out += "-"
                    zone = -zone
                    absOffset = -absOffset
                } else {
                    out += "+"
                }
                out += pad(zone / 60, 2)
                if colon && minutes { out += ":" }
                if minutes { out += pad(zone % 60, 2) }
                if seconds {
                    if colon { out += ":" }
                    out += pad(absOffset % 60, 2)
                }
            case .tz:
                if !abbreviation.isEmpty {
                    out += abbreviation
                } else {
                    let zone = offset / 60
                    out += (zone < 0 ? "-" : "+") + pad(abs(zone) / 60, 2) + pad(abs(zone) % 60, 2)
                }
            case .fraction(let digits, let trimmed, let separator):
                out += fraction(t.nanosecond, digits: digits, trimmed: trimmed, separator: separator)
            }
        }
        return out
    }

    /// The fractional-second text for `nanosecond`.
    static func fraction(_ nanosecond: Int, digits: Int, trimmed: Bool, separator: Character) -> String {
        let all = Array(pad9(nanosecond))
        var kept = Array(all.prefix(min(digits, 9)))
        if trimmed {
            while kept.last == "0" { kept.removeLast() }
            if kept.isEmpty { return "" }
        }
        return String(separator) + String(kept)
    }

    private static func pad9(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    // MARK: Parsing

    /// `time.ParseInLocation(layout, value, location)`, with Go's error messages.
    static func parse(layout: String, value originalValue: String, location: GoLocation) throws -> GoTime {
        var value = Substring(originalValue)
        var year = 0, month = -1, day = -1, yearDay = -1, hour = 0, minute = 0, second = 0, nanosecond = 0
        var pmSet = false, amSet = false
        var zoneOffset: Int? = nil
        var zoneName: String? = nil
        var utc = false
        let elements = elements(of: layout)

        func fail(_ element: String, _ rest: Substring) -> TemplateFunctionError {
            TemplateFunctionError(
                "parsing time \(goQuote(originalValue)) as \(goQuote(layout)): cannot parse \(goQuote(String(rest))) as \(goQuote(element))")
        }
        func rangeError(_ what: String) -> TemplateFunctionError {
            TemplateFunctionError("parsing time \(goQuote(originalValue)): \(what) out of range")
        }
        /// Reads 1–2 digits (exactly 2 when `fixed`).
        func number(_ fixed: Bool) -> Int? {
            let digits = value.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            if digits.count == 1 {
                if fixed { return nil }
                value = value.dropFirst(1)
                return Int(digits)
            }
            let two = digits.prefix(2)
            value = value.dropFirst(2)
            return Int(two)
        }

        for (index, element) in elements.enumerated() {
            let before = value
            switch element {
            case .literal(let literal):
                guard let rest = skipLiteral(literal, in: value) else { throw fail(literal, value) }
                value = rest
            case .year:
                guard value.count >= 2, let n = Int(value.prefix(2)), value.prefix(2).allSatisfy(\.isNumber)
                else { throw fail(element.text, before) }
                year = n >= 69 ? n + 1900 : n + 2000
                value = value.dropFirst(2)
            case .longYear:
                guard value.count >= 4, value.prefix(4).allSatisfy({ $0.isASCII && $0.isNumber }),
                      let n = Int(value.prefix(4)) else { throw fail(element.text, before) }
                year = n
                value = value.dropFirst(4)
            case .month, .longMonth:
                let names = element == .month ? longMonthNames.map { String($0.prefix(3)) } : longMonthNames
                guard let found = lookupName(names, in: value) else { throw fail(element.text, before) }
                month = found.index + 1
                value = value.dropFirst(found.length)
            case .numMonth, .zeroMonth:
                guard let n = number(element == .zeroMonth) else { throw fail(element.text, before) }
                guard n >= 1 && n <= 12 else { throw rangeError("month") }
                month = n
            case .weekDay, .longWeekDay:
                let names = element == .weekDay ? longDayNames.map { String($0.prefix(3)) } : longDayNames
                guard let found = lookupName(names, in: value) else { throw fail(element.text, before) }
                value = value.dropFirst(found.length)
            case .day, .underDay, .zeroDay:
                if element == .underDay && value.first == " " { value = value.dropFirst() }
                guard let n = number(element == .zeroDay) else { throw fail(element.text, before) }
                day = n
            case .underYearDay, .zeroYearDay:
                for _ in 0..<2 where element == .underYearDay && value.first == " " { value = value.dropFirst() }
                let digits = value.prefix { $0.isASCII && $0.isNumber }.prefix(3)
                guard digits.count == 3 || (element == .underYearDay && !digits.isEmpty), let n = Int(digits)
                else { throw fail(element.text, before) }
                value = value.dropFirst(digits.count)
                yearDay = n
            case .hour:
                guard let n = number(false) else { throw fail(element.text, before) }
                guard n <= 23 else { throw rangeError("hour") }
                hour = n
            case .hour12, .zeroHour12:
                guard let n = number(element == .zeroHour12) else { throw fail(element.text, before) }
                guard n <= 12 else { throw rangeError("hour") }
                hour = n
            case .minute, .zeroMinute:
                guard let n = number(element == .zeroMinute) else { throw fail(element.text, before) }
                guard n <= 59 else { throw rangeError("minute") }
                minute = n
            case .second, .zeroSecond:
                guard let n = number(element == .zeroSecond) else { throw fail(element.text, before) }
                guard n <= 59 else { throw rangeError("second") }
                second = n
                // A fraction in the value that the layout does not mention is accepted after seconds.
                let next = index + 1 < elements.count ? elements[index + 1] : nil
                if let separator = value.first, separator == "." || separator == ",",
                   value.dropFirst().first?.isNumber == true {
                    if case .fraction? = next {} else {
                        let digits = value.dropFirst().prefix { $0.isASCII && $0.isNumber }
                        nanosecond = fractionValue(digits)
                        value = value.dropFirst(1 + digits.count)
                    }
                }
            case .pm(let upper):
                let text = String(value.prefix(2))
                if text == (upper ? "PM" : "pm") {
                    pmSet = true
                } else if text == (upper ? "AM" : "am") {
                    amSet = true
                } else {
                    throw fail(element.text, before)
                }
                value = value.dropFirst(2)
            case .numericZone(let z, let colon, let minutes, let seconds):
                if z && value.first == "Z" {
                    value = value.dropFirst()
                    utc = true
                    continue
                }
                guard let sign = value.first, sign == "+" || sign == "-" else { throw fail(element.text, before) }
                var rest = value.dropFirst()
                func twoDigits() -> Int? {
                    let d = rest.prefix(2)
                    guard d.count == 2, d.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
                    rest = rest.dropFirst(2)
                    return Int(d)
                }
                guard let hh = twoDigits() else { throw fail(element.text, before) }
                var mm = 0, ss = 0
                if minutes {
                    if colon { guard rest.first == ":" else { throw fail(element.text, before) }; rest = rest.dropFirst() }
                    guard let m = twoDigits() else { throw fail(element.text, before) }
                    mm = m
                }
                if seconds {
                    if colon { guard rest.first == ":" else { throw fail(element.text, before) }; rest = rest.dropFirst() }
                    guard let s = twoDigits() else { throw fail(element.text, before) }
                    ss = s
                }
                guard hh <= 24, mm <= 60, ss <= 60 else { throw rangeError("time zone offset") }
                let total = (hh * 60 + mm) * 60 + ss
                zoneOffset = sign == "-" ? -total : total
                value = rest
            case .tz:
                if value.hasPrefix("UTC") {
                    utc = true
                    value = value.dropFirst(3)
                    continue
                }
                guard let length = zoneNameLength(value) else { throw fail(element.text, before) }
                zoneName = String(value.prefix(length))
                value = value.dropFirst(length)
            case .fraction(let digits, let trimmed, _):
                guard let separator = value.first, separator == "." || separator == "," else {
                    if trimmed { continue }
                    throw fail(element.text, before)
                }
                if !trimmed {
                    let d = value.dropFirst().prefix(digits)
                    guard d.count == digits, d.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                        throw fail(element.text, before)
                    }
                    nanosecond = fractionValue(d)
                    value = value.dropFirst(1 + digits)
                } else {
                    let d = value.dropFirst().prefix { $0.isASCII && $0.isNumber }
                    nanosecond = fractionValue(d)
                    value = value.dropFirst(1 + d.count)
                }
            }
        }
        if !value.isEmpty {
            throw TemplateFunctionError(
                "parsing time \(goQuote(originalValue)): extra text: \(goQuote(String(value)))")
        }
        if pmSet && hour < 12 { hour += 12 } else if amSet && hour == 12 { hour = 0 }

        if yearDay >= 0 {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            guard yearDay >= 1 && yearDay <= (leap ? 366 : 365) else { throw rangeError("day-of-year") }
            let date = GoTime.civil(fromDays: GoTime.daysFromCivil(year: year, month: 1, day: 1) + Int64(yearDay - 1))
            if month >= 0 && month != date.month || day >= 0 && day != date.day {
                throw rangeError("day-of-year")
            }
            month = date.month
            day = date.day
        } else {
            if month < 0 { month = 1 }
            if day < 0 { day = 1 }
        }
        guard day >= 1 && day <= daysIn(month: month, year: year) else { throw rangeError("day") }

        if utc {
            return GoTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                               nanosecond: nanosecond, location: .utc)
        }
        if let zoneOffset {
            let wall = GoTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                                   nanosecond: nanosecond, location: .utc)
            var t = wall
            t.unixSeconds -= Int64(zoneOffset)
            let (name, localOffset) = location.zone(at: t.unixSeconds)
            if localOffset == zoneOffset && (zoneName == nil || zoneName == name) {
                t.location = location
            } else {
                t.location = .fixed(name: zoneName ?? "", offset: zoneOffset)
            }
            return t
        }
        if let zoneName {
            var t = GoTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                                nanosecond: nanosecond, location: .utc)
            if let offset = location.offset(ofAbbreviation: zoneName, near: t.unixSeconds) {
                t.unixSeconds -= Int64(offset)
                t.location = location
                return t
            }
            var offset = 0
            if zoneName.count > 3 && zoneName.hasPrefix("GMT"), let hours = Int(zoneName.dropFirst(3)) {
                offset = hours * 3600
            }
            // Go shows the UTC reading in the fixed zone without shifting it (a Go quirk kept for fidelity).
            t.location = .fixed(name: zoneName, offset: offset)
            return t
        }
        return GoTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                           nanosecond: nanosecond, location: location)
    }

    /// `value` after the literal `literal`, where runs of spaces match runs of spaces; nil on mismatch.
    private static func skipLiteral(_ literal: String, in value: Substring) -> Substring? {
        var layout = Substring(literal)
        var value = value
        while let c = layout.first {
            if c == " " {
                if let v = value.first, v != " " { return nil }
                layout = layout.drop { $0 == " " }
                value = value.drop { $0 == " " }
                continue
            }
            guard value.first == c else { return nil }
            layout = layout.dropFirst()
            value = value.dropFirst()
        }
        return value
    }

    /// The index and length of the name in `names` that `value` starts with (ASCII case-insensitively).
    private static func lookupName(_ names: [String], in value: Substring) -> (index: Int, length: Int)? {
        for (index, name) in names.enumerated() where value.count >= name.count {
            if value.prefix(name.count).lowercased() == name.lowercased() { return (index, name.count) }
        }
        return nil
    }

    /// How many characters of `value` form a zone abbreviation as Go's `parseTimeZone` accepts it.
    private static func zoneNameLength(_ value: Substring) -> Int? {
        let chars = Array(value)
        guard chars.count >= 3 else { return nil }
        if chars.count >= 4 && (String(chars[0..<4]) == "ChST" || String(chars[0..<4]) == "MeST") { return 4 }
        if String(chars[0..<3]) == "GMT" {
            // "GMT" optionally followed by a signed hour offset.
            guard chars.count > 3, chars[3] == "+" || chars[3] == "-" else { return 3 }
            let digits = chars[4...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let n = Int(String(digits)), n <= 23 else { return 3 }
            return 4 + digits.count
        }
        if chars[0] == "+" || chars[0] == "-" {
            let digits = chars[1...].prefix { $0.isASCII && $0.isNumber }
            return digits.count == 2 || digits.count == 4 ? 1 + digits.count : nil
        }
        var upper = 0
        while upper < chars.count && upper < 6 && chars[upper].isASCII && chars[upper].isUppercase { upper += 1 }
        switch upper {
        case 3: return 3
        case 4 where chars[3] == "T" || String(chars[0..<4]) == "WITA": return 4
        case 5 where chars[4] == "T": return 5
        default: return nil
        }
    }

    /// Nanoseconds of a fraction's digits ("5" → 500000000), extra digits truncated.
    private static func fractionValue(_ digits: Substring) -> Int {
        let nine = String(digits.prefix(9)) + String(repeating: "0", count: max(0, 9 - digits.count))
        return Int(nine) ?? 0
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
