// One function call whose result Helm v4 printed (type with `%T`, value with `toString`),
// captured by rendering a chart with `helm template`.
import Testing
@testable import HelmFunctions
import GoTemplate

struct OracleCase: CustomTestStringConvertible, Sendable {
    enum Expectation: Sendable {
        case value(type: String, printed: String)
        case error(String)
    }

    var function: String
    var arguments: [TemplateValue]
    var expectation: Expectation

    init(_ function: String, _ arguments: [TemplateValue], type: String, printed: String) {
        self.function = function
        self.arguments = arguments
        self.expectation = .value(type: type, printed: printed)
    }

    init(_ function: String, _ arguments: [TemplateValue], error: String) {
        self.function = function
        self.arguments = arguments
        self.expectation = .error(error)
    }

    var testDescription: String {
        "\(function) " + arguments.map { GoFormat.value($0) }.joined(separator: " ")
    }

    /// Go types our TemplateValue cannot represent exactly, and what we return instead.
    static let typeStandIns: [String: String] = [
        "map[string]string": "map[string]interface {}",  // split, splitn
        "[]int": "[]interface {}",  // until, untilStep
        "[][]interface {}": "[]interface {}",  // chunk
    ]

    /// Runs the call and checks it against Helm's result.
    func verify() {
        guard let body = SprigCoreFunctions.all[function] else {
            Issue.record("no function \(function)")
            return
        }
        switch expectation {
        case .value(let type, let printed):
            do {
                let result = try body(arguments)
                #expect(result.goTypeName == (Self.typeStandIns[type] ?? type), "type of \(testDescription)")
                // Helm's printed bytes were captured as UTF-8 with invalid bytes replaced by U+FFFD.
                let shown = String(decoding: GoBytes.bytes(GoFormat.string(result)), as: UTF8.self)
                #expect(shown == printed, "value of \(testDescription)")
            } catch {
                Issue.record("\(testDescription) threw \(error), Helm printed \(printed)")
            }
        case .error(let message):
            do {
                let result = try body(arguments)
                Issue.record("\(testDescription) returned \(GoFormat.value(result)), Helm failed: \(message)")
            } catch {
                #expect("\(error)" == message, "error of \(testDescription)")
            }
        }
    }
}

@Suite("Sprig core functions against Helm v4 output")
struct OracleTests {
    @Test(arguments: OracleCase.strings)
    func strings(_ c: OracleCase) { c.verify() }

    @Test(arguments: OracleCase.data)
    func conversionsMathListsAndDicts(_ c: OracleCase) { c.verify() }

    @Test(arguments: OracleCase.more)
    func regexPathURLAndSemver(_ c: OracleCase) { c.verify() }

    @Test(arguments: OracleCase.edge)
    func edgeCases(_ c: OracleCase) { c.verify() }
}
