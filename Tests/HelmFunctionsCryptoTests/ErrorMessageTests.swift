import GoTemplate
@testable import HelmFunctions
import Testing

/// Error texts Helm printed after `error calling NAME: ` for the same calls.
@Suite struct ErrorMessageTests {
    static let t0: TemplateValue = .object(GoTime(unixSeconds: 1_600_000_000, location: .utc))

    @Test func parseErrorsMatchHelm() {
        let cases: [(String, String, String)] = [
            ("2006-01-02", "2020-02-30", #"parsing time "2020-02-30": day out of range"#),
            ("2006-01-02", "2020-13-01", #"parsing time "2020-13-01": month out of range"#),
            ("2006-01-02", "2020-5-6", #"parsing time "2020-5-6" as "2006-01-02": cannot parse "5-6" as "01""#),
            ("2006-01-02", "2020-05-06x", #"parsing time "2020-05-06x": extra text: "x""#),
            ("2006-01-02", "nope", #"parsing time "nope" as "2006-01-02": cannot parse "nope" as "2006""#),
            ("15:04", "25:00", #"parsing time "25:00": hour out of range"#),
            ("2006-01-02 MST", "2020-01-02 abc",
             #"parsing time "2020-01-02 abc" as "2006-01-02 MST": cannot parse "abc" as "MST""#),
        ]
        for (layout, value, message) in cases {
            #expect(errorMessage { try call("mustToDate", .string(layout), .string(value)) } == message)
        }
    }

    @Test func durationErrorsMatchHelm() {
        #expect(errorMessage { try call("mustDateModify", .string("1d"), Self.t0) }
            == #"time: unknown unit "d" in duration "1d""#)
        #expect(errorMessage { try call("mustDateModify", .string(""), Self.t0) } == #"time: invalid duration """#)
        #expect(errorMessage { try call("mustDateModify", .string("3"), Self.t0) }
            == #"time: missing unit in duration "3""#)
        #expect(errorMessage { try call("mustDateModify", .string("1.h"), Self.t0) } == nil)
    }

    @Test func cryptoErrorsMatchHelm() {
        #expect(errorMessage { try call("decryptAES", .string("pw"), .string("AAAA")) }
            == "runtime error: slice bounds out of range [:16] with capacity 3")
        #expect(errorMessage { try call("decryptAES", .string("pw"), .string("not base64!")) }
            == "illegal base64 data at input byte 3")
        #expect(errorMessage {
            try call("decryptAES", .string("pw"), .string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
        } == "runtime error: slice bounds out of range [:-96]")
        #expect(errorMessage { try call("randInt", .int(2), .int(2)) } == "invalid argument to Intn")
        #expect(errorMessage { try call("randBytes", .int(-1)) } == "runtime error: makeslice: len out of range")
        #expect(errorMessage { try call("genCAWithKey", .string("x"), .int(1), .string("junk")) }
            == "parsing private key: no PEM data in input")
        #expect(errorMessage { try call("genSelfSignedCert", .string("x"), .list([.string("nope")]), .null, .int(1)) }
            == "error parsing ip: nope")
    }

    @Test func quietFailuresMatchHelm() throws {
        #expect(try callString("randAlphaNum", .int(-1)) == "")
        #expect(try callString("date", .string("2006-01-02"), .int(0)) == "1970-01-01")
        #expect(try callString("date", .string("2006-01-02"), .int64(86400)) == "1970-01-02")
        // A float64 (every number from values) is not a date to Sprig: it formats the current time.
        let thisYear = try callString("date", .string("2006"), .call("now"))
        #expect(try callString("date", .string("2006"), .float(1.5)) == thisYear)
        #expect(try callString("unixEpoch", .call("toDate", .string("2006-01-02"), .string("2020-05-06"))) == "1588723200")
    }
}

extension TemplateValue {
    /// The result of calling crypto-family function `name` (for building arguments inline).
    static func call(_ name: String, _ arguments: TemplateValue...) throws -> TemplateValue {
        try SprigCryptoFunctions.all[name]!(arguments)
    }
}
