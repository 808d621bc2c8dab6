import Foundation
import GoTemplate
import Testing
@testable import GoYAML

/// One oracle case: a YAML text and what Helm v4 renders for `fromYaml` of it through each encoder.
struct OracleCase: Decodable, CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var toJson: String
    var toYaml: String
    var toYamlPretty: String
    var toPrettyJson: String
    var toRawJson: String
    var testDescription: String { name }

    static let all: [OracleCase] = {
        let url = Bundle.module.url(forResource: "yaml-cases", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode([OracleCase].self, from: Data(contentsOf: url))
    }()

    /// Helm's `fromYaml`: the map, or a map holding the error text under "Error".
    var fromYaml: TemplateValue {
        do {
            return .map(try YAMLDecoding.decodeMap(input))
        } catch let error as YAMLError {
            return .map(["Error": .string(error.helmDescription)])
        } catch {
            return .map(["Error": .string("\(error)")])
        }
    }
}

@Suite("Helm oracle fixtures")
struct OracleFixtureTests {
    @Test("fromYaml | toJson", arguments: OracleCase.all)
    func decodesLikeHelm(_ c: OracleCase) throws {
        #expect(try JSONEncoding.encode(c.fromYaml) == c.toJson)
    }

    @Test("fromYaml | toYaml", arguments: OracleCase.all)
    func encodesYAMLLikeHelm(_ c: OracleCase) {
        #expect(YAMLEncoding.toYaml(c.fromYaml) == c.toYaml)
    }

    @Test("fromYaml | toPrettyJson", arguments: OracleCase.all)
    func encodesPrettyJSONLikeHelm(_ c: OracleCase) throws {
        #expect(try JSONEncoding.encode(c.fromYaml, indent: "  ") == c.toPrettyJson)
    }

    @Test("fromYaml | toRawJson", arguments: OracleCase.all)
    func encodesRawJSONLikeHelm(_ c: OracleCase) throws {
        #expect(try JSONEncoding.encode(c.fromYaml, escapeHTML: false) == c.toRawJson)
    }
}
