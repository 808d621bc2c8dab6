import GoTemplate

/// Sprig's date functions: `now`, `date`, `dateInZone`, `htmlDate`, `toDate`, `dateModify`,
/// `unixEpoch`, `ago`, `duration`, `durationRound` and their aliases.
enum DateFunctions {
    static var all: [String: TemplateFunction] {
        let dateInZone: TemplateFunction = { args in
            let arguments = try FunctionArguments("dateInZone", args, count: 3)
            return .string(format(layout: try arguments.string(0), date: arguments.values[1], zone: try arguments.string(2)))
        }
        let dateModify: TemplateFunction = { args in
            let arguments = try FunctionArguments("dateModify", args, count: 2)
            let modifier = try arguments.string(0), date = try arguments.time(1)
            guard let d = try? GoDuration.parse(modifier) else { return .object(date) }
            return .object(date.adding(nanoseconds: d))
        }
        let mustDateModify: TemplateFunction = { args in
            let arguments = try FunctionArguments("mustDateModify", args, count: 2)
            let modifier = try arguments.string(0), date = try arguments.time(1)
            return .object(date.adding(nanoseconds: try GoDuration.parse(modifier)))
        }
        return [
            "now": { args in
                _ = try FunctionArguments("now", args, count: 0)
                return .object(GoTime.now())
            },
            "date": { args in
                let arguments = try FunctionArguments("date", args, count: 2)
                return .string(format(layout: try arguments.string(0), date: arguments.values[1], zone: "Local"))
            },
            "dateInZone": dateInZone,
            "date_in_zone": dateInZone,
            "htmlDate": { args in
                let arguments = try FunctionArguments("htmlDate", args, count: 1)
                return .string(format(layout: "2006-01-02", date: arguments.values[0], zone: "Local"))
            },
            "htmlDateInZone": { args in
                let arguments = try FunctionArguments("htmlDateInZone", args, count: 2)
                return .string(format(layout: "2006-01-02", date: arguments.values[0], zone: try arguments.string(1)))
            },
            "dateModify": dateModify,
            "date_modify": dateModify,
            "mustDateModify": mustDateModify,
            "must_date_modify": mustDateModify,
            "toDate": { args in
                let arguments = try FunctionArguments("toDate", args, count: 2)
                let layout = try arguments.string(0), text = try arguments.string(1)
                let parsed = try? GoTimeLayout.parse(layout: layout, value: text, location: .local)
                return .object(parsed ?? .zero)
            },
            "mustToDate": { args in
                let arguments = try FunctionArguments("mustToDate", args, count: 2)
                return .object(try GoTimeLayout.parse(
                    layout: try arguments.string(0), value: try arguments.string(1), location: .local))
            },
            "unixEpoch": { args in
                let date = try FunctionArguments("unixEpoch", args, count: 1).time(0)
                return .string(String(date.unixSeconds))
            },
            "ago": { args in
                let arguments = try FunctionArguments("ago", args, count: 1)
                let then = instant(arguments.values[0])
                let elapsed = GoTime.now().nanoseconds(since: then)
                return .string(GoDuration.format(GoDuration.round(elapsed, to: GoDuration.second)))
            },
            "duration": { args in
                let arguments = try FunctionArguments("duration", args, count: 1)
                let seconds: Int64
                switch arguments.values[0] {
                case .string(let s): seconds = Int64(s) ?? 0
                case .int64(let n): seconds = n
                default: seconds = 0 // Sprig's type switch only knows string and int64.
                }
                return .string(GoDuration.format(seconds &* GoDuration.second))
            },
            "durationRound": { args in
                let arguments = try FunctionArguments("durationRound", args, count: 1)
                let d: Int64
                switch arguments.values[0] {
                case .string(let s): d = (try? GoDuration.parse(s)) ?? 0
                case .int64(let n): d = n
                case .object(let t as GoTime): d = GoTime.now().nanoseconds(since: t)
                default: d = 0
                }
                return .string(roundedDuration(d))
            },
        ]
    }

    /// The instant Sprig's date functions take from an `interface{}` argument: a time, or Unix
    /// seconds as `int`/`int64`; anything else (even a float64 from values) means now.
    static func instant(_ value: TemplateValue) -> GoTime {
        switch value {
        case .object(let t as GoTime): return t
        case .int(let n): return GoTime(unixSeconds: Int64(n), location: .local)
        case .int64(let n): return GoTime(unixSeconds: n, location: .local)
        default: return GoTime.now()
        }
    }

    /// `dateInZone`: unknown zones fall back to UTC.
    static func format(layout: String, date: TemplateValue, zone: String) -> String {
        let location = GoLocation.load(zone) ?? .utc
        return GoTimeLayout.format(instant(date).in(location), layout: layout)
    }

    /// Sprig's `durationRound`: the largest whole unit (y = 365 d, mo = 30 d, d, h, m, s).
    static func roundedDuration(_ d: Int64) -> String {
        let u = d < 0 ? UInt64(bitPattern: 0 &- d) : UInt64(d)
        let second = UInt64(GoDuration.second), minute = 60 * second, hour = 60 * minute, day = 24 * hour
        let units: [(UInt64, String)] = [(365 * day, "y"), (30 * day, "mo"), (day, "d"), (hour, "h"),
                                         (minute, "m"), (second, "s")]
        for (size, suffix) in units where u > size {
            return String(u / size) + suffix
        }
        return "0s"
    }
}
