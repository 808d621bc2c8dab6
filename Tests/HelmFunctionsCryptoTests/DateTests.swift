import Foundation
import GoTemplate
@testable import HelmFunctions
import Testing

/// One case of HelmDateCases.swift.
struct HelmDateCase: Decodable, CustomStringConvertible {
    var kind: String
    var instant: String?
    var zone: String?
    var layout: String?
    var value: String?
    var mod: String?
    var type: String?
    var method: String?
    var args: [Int]?
    var expected: String

    var description: String {
        [kind, instant, zone, layout, value, mod, type, method, args.map { "\($0)" }].compactMap { $0 }.joined(separator: " | ")
    }
}

/// Sprig's `toString` of a result, as the captured template printed it.
func templateText(_ value: TemplateValue) -> String {
    switch value {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .int64(let i): return String(i)
    case .bool(let b): return String(b)
    case .object(let o): return o.goDescription
    default: return "\(value)"
    }
}

/// The time `toDate "2006-01-02T15:04:05.999999999Z07:00" text`.
func rfc3339(_ text: String) throws -> TemplateValue {
    try call("toDate", .string("2006-01-02T15:04:05.999999999Z07:00"), .string(text))
}

/// A typed template value as the case's Go type.
func typedValue(_ type: String, _ text: String) -> TemplateValue {
    switch type {
    case "int64": return .int64(Int64(text)!)
    case "int": return .int(Int(text)!)
    default: return .string(text)
    }
}

@Suite struct DateTests {
    static let cases: [HelmDateCase] = try! JSONDecoder().decode([HelmDateCase].self, from: Data(helmDateCases.utf8))

    /// Evaluates one case the way its template expression did in Helm.
    static func evaluate(_ c: HelmDateCase) throws -> String {
        let t0 = try rfc3339("2021-03-04T05:06:07.123456789+01:00")
        switch c.kind {
        case "format":
            return try callString("dateInZone", .string(c.layout!), try rfc3339(c.instant!), .string(c.zone!))
        case "parse":
            return templateText(try call("toDate", .string(c.layout!), .string(c.value!)))
        case "modify":
            return templateText(try call("dateModify", .string(c.mod!), t0))
        case "duration":
            return try callString("duration", typedValue(c.type!, c.value!))
        case "durationRound":
            return try callString("durationRound", typedValue(c.type!, c.value!))
        case "method":
            guard case .object(let time) = t0 else { return "" }
            return templateText(try time.callMethod(c.method!, arguments: [])!)
        case "addDate":
            guard case .object(let time) = t0 else { return "" }
            return templateText(try time.callMethod("AddDate", arguments: c.args!.map { .int($0) })!)
        default:
            return "unknown kind \(c.kind)"
        }
    }

    @Test func casesMatchHelm() throws {
        #expect(Self.cases.count > 500)
        var failures = 0
        for c in Self.cases {
            let actual = try Self.evaluate(c)
            if actual != c.expected {
                failures += 1
                if failures <= 40 { Issue.record("\(c): got \(goQuote(actual)), Helm \(goQuote(c.expected))") }
            }
        }
        #expect(failures == 0)
    }
}
