import Foundation
import GoTemplate
@testable import HelmFunctions
import Testing

/// `time.Time` methods as charts call them; expected texts are Helm's.
@Suite struct TimeObjectTests {
    static func t0() throws -> any TemplateObject {
        guard case .object(let time) = try rfc3339("2021-03-04T05:36:07.623456789+01:00") else {
            throw TemplateFunctionError("toDate did not return a time")
        }
        return time
    }

    static func date(_ layout: String, _ text: String) throws -> TemplateValue {
        try call("toDate", .string(layout), .string(text))
    }

    func method(_ name: String, _ arguments: TemplateValue...) throws -> String {
        templateText(try Self.t0().callMethod(name, arguments: arguments)!)
    }

    @Test func methodsMatchHelm() throws {
        #expect(try method("Sub", Self.date("2006-01-02", "2021-03-01")) == "76h36m7.623456789s")
        #expect(try method("Add", .int(5_400_000_000_000)) == "2021-03-04 07:06:07.623456789 +0100 +0100")
        #expect(try method("Truncate", .int(3_600_000_000_000)) == "2021-03-04 05:00:00 +0100 +0100")
        #expect(try method("Round", .int(3_600_000_000_000)) == "2021-03-04 06:00:00 +0100 +0100")
        #expect(try method("Round", .int(1_000_000_000)) == "2021-03-04 05:36:08 +0100 +0100")
        #expect(try method("Format", .string("Jan 2 15:04")) == "Mar 4 05:36")
        #expect(try method("Before", Self.date("2006", "2022")) == "true")
        #expect(try method("After", Self.date("2006", "2022")) == "false")
        #expect(try method("Equal", .object(Self.t0())) == "true")
        #expect(try method("Compare", Self.date("2006", "2022")) == "-1")
        #expect(try method("UnixMicro") == "1614832567623456")
        #expect(try method("Sub", Self.date("2006", "1500")) == "2562047h47m16.854775807s")
        #expect(try method("Weekday") == "Thursday")
        #expect(try method("Month") == "March")
        guard case .object(let zero) = try Self.date("2006", "x") else { return }
        #expect(templateText(try zero.callMethod("IsZero", arguments: [])!) == "true")
        #expect(errorMessage { try Self.t0().callMethod("In", arguments: []) as Any } == "wrong number of args for In: want 1 got 0")
    }

    @Test func jsonTextIsRFC3339Nano() throws {
        guard case .object(let time as GoTime) = try rfc3339("2021-03-04T05:36:07.6234+01:00") else { return }
        #expect(time.rfc3339NanoText == "2021-03-04T05:36:07.6234+01:00")
        #expect(time.in(.utc).rfc3339NanoText == "2021-03-04T04:36:07.6234Z")
    }

    @Test func nowLooksLikeGosTimeNow() throws {
        guard case .object(let now) = try call("now") else { Issue.record("now is not an object"); return }
        #expect(now.goTypeName == "time.Time")
        #expect(now.isTruthy)
        let text = now.goDescription
        // e.g. 2026-11-29 07:59:48.048166949 +0000 UTC m=+0.074578455
        #expect(text.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,9})? [+-]\d{4} \S+ m=\+\d+\.\d{9}$"#,
                            options: .regularExpression) != nil, "\(text)")
        guard case .int64(let unix) = try now.callMethod("Unix", arguments: [])! else { return }
        #expect(abs(Double(unix) - Date().timeIntervalSince1970) < 5)
        // Values derived by arithmetic keep the monotonic reading; dateModify adds to it.
        let later = try call("dateModify", .string("1h"), .object(now))
        let monotonic = { (text: String) in Double(text.components(separatedBy: " m=+").last ?? "") ?? -1 }
        #expect(abs(monotonic(templateText(later)) - monotonic(text) - 3600) < 0.000_001)
    }

    @Test func agoAndDurationRound() throws {
        #expect(try callString("ago", .call("now")) == "0s")
        let hourAgo = try call("dateModify", .string("-1h"), .call("now"))
        #expect(try callString("ago", hourAgo) == "1h0m0s")
        let rounded = try callString("durationRound", hourAgo)
        #expect(rounded == "59m" || rounded == "1h")
        let sinceEpoch = try callString("ago", .int64(0))
        #expect(sinceEpoch.range(of: #"^\d{6}h\d{1,2}m\d{1,2}s$"#, options: .regularExpression) != nil, "\(sinceEpoch)")
    }

    @Test func durationsFormatAsGo() throws {
        #expect(GoDuration.format(0) == "0s")
        #expect(GoDuration.format(1) == "1ns")
        #expect(GoDuration.format(1_500) == "1.5µs")
        #expect(GoDuration.format(1_500_000) == "1.5ms")
        #expect(GoDuration.format(-90 * GoDuration.second) == "-1m30s")
        #expect(GoDuration.format(.min) == "-2562047h47m16.854775808s")
        #expect(try GoDuration.parse("1h2m3.5s") == 3_723_500_000_000)
        #expect(try GoDuration.parse("-.5h") == -1_800_000_000_000)
        #expect(try GoDuration.parse("1µs1ns") == 1_001)
    }
}
