/// Parses Go's `time.ParseDuration` syntax: a sequence of decimal numbers with units
/// (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`), optionally signed, e.g. `20ms`, `1.5s`, `1h2m3s`; `0` alone is zero.
public enum GoDuration {
    /// The parsed duration.
    /// - Throws: `GoDurationError` naming the text and what was expected.
    public static func parse(_ text: String) throws -> Duration {
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return .zero }
        guard !rest.isEmpty else { throw GoDurationError(text: text) }
        var totalNanoseconds: Double = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1, let value = Double(number) else {
                throw GoDurationError(text: text)
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1_000
            case "ms": scale = 1_000_000
            case "s": scale = 1_000_000_000
            case "m": scale = 60_000_000_000
            case "h": scale = 3_600_000_000_000
            default: throw GoDurationError(text: text)
            }
            totalNanoseconds += value * scale
        }
        let nanoseconds = Int64(totalNanoseconds.rounded())
        return .nanoseconds(negative ? -nanoseconds : nanoseconds)
    }
}

/// A duration that is not in Go's syntax.
public struct GoDurationError: Error, Equatable, CustomStringConvertible {
    public var text: String
    public init(text: String) { self.text = text }
    public var description: String { "invalid duration \"\(text)\": expected Go syntax such as 20ms, 1.5s or 1h2m (units ns, us, ms, s, m, h)" }
}
