/// Parses a Go `time.Duration` string (`20ms`, `1.5s`, `1m30s`, `-2h`) into seconds, as Go's
/// `time.ParseDuration` does; `nil` when it is not one.
public func parseGoDuration(_ text: String) -> Double? {
    var rest = Substring(text)
    var sign = 1.0
    if rest.first == "-" || rest.first == "+" {
        if rest.first == "-" { sign = -1 }
        rest = rest.dropFirst()
    }
    if rest == "0" { return 0 }
    guard !rest.isEmpty else { return nil }
    let units: [(String, Double)] = [
        ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
    ]
    var total = 0.0
    while !rest.isEmpty {
        let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1,
              let value = Double(number.hasPrefix(".") ? "0" + number : number.hasSuffix(".") ? number + "0" : String(number))
        else { return nil }
        rest = rest.dropFirst(number.count)
        let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
        guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
        rest = rest.dropFirst(unitText.count)
        total += value * unit.1
    }
    return sign * total
}
