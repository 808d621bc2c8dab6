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
    var toToml: String
    var testDescription: String { name }

    static let all: [OracleCase] = {
        let url = Bundle.module.url(forResource: "yaml-cases", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode([OracleCase].self, from: Data(contentsOf: url))
    }()

    /// Helm's `fromYaml`: the map, or a map holding the error text under "Error".
    var fromYaml: TemplateValue {
        if name.hasPrefix("root-") {
            return (try? YAMLDecoding.decodeArray(input).first) ?? .string("no value")
        }
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

@Suite("Helm oracle fixtures: toToml")
struct TOMLFixtureTests {
    @Test("fromYaml | toToml", arguments: OracleCase.all)
    func encodesTOMLLikeHelm(_ c: OracleCase) throws {
        let toToml = try #require(YAMLFunctions.all["toToml"])
        if c.toToml == "<template error>" {
            #expect(throws: TemplateFunctionError.self) { try toToml([c.fromYaml]) }
        } else {
            #expect(try toToml([c.fromYaml]).stringValue == c.toToml)
        }
    }
}

@Suite("Helm oracle fixtures: toYamlPretty")
struct PrettyFixtureTests {
    @Test("fromYaml | toYamlPretty", arguments: OracleCase.all)
    func encodesPrettyYAMLLikeHelm(_ c: OracleCase) {
        #expect(YAMLEncoding.toYamlPretty(c.fromYaml) == c.toYamlPretty)
    }
}

/// One oracle case for Helm's `fromJson` / `fromJsonArray`, each shown through `toJson`.
struct JSONOracleCase: Decodable, CustomTestStringConvertible, Sendable {
    var input: String
    var fromJson: String
    var fromJsonArray: String
    var testDescription: String { input.debugDescription }

    static let all: [JSONOracleCase] = {
        let url = Bundle.module.url(forResource: "json-cases", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode([JSONOracleCase].self, from: Data(contentsOf: url))
    }()
}

@Suite("Helm oracle fixtures: fromJson")
struct JSONFixtureTests {
    @Test("fromJson | toJson", arguments: JSONOracleCase.all)
    func decodesMapLikeHelm(_ c: JSONOracleCase) throws {
        let fromJson = try #require(YAMLFunctions.all["fromJson"])
        #expect(try JSONEncoding.encode(try fromJson([.string(c.input)])) == c.fromJson)
    }

    @Test("fromJsonArray | toJson", arguments: JSONOracleCase.all)
    func decodesArrayLikeHelm(_ c: JSONOracleCase) throws {
        let fromJsonArray = try #require(YAMLFunctions.all["fromJsonArray"])
        #expect(try JSONEncoding.encode(try fromJsonArray([.string(c.input)])) == c.fromJsonArray)
    }
}

/// One oracle case for Helm's `fromToml`, shown through `toJson`.
struct TOMLOracleCase: Decodable, CustomTestStringConvertible, Sendable {
    var input: String
    var fromToml: String
    var isError: Bool
    var testDescription: String { input.debugDescription }

    static let all: [TOMLOracleCase] = {
        let url = Bundle.module.url(forResource: "toml-cases", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode([TOMLOracleCase].self, from: Data(contentsOf: url))
    }()
}

@Suite("Helm oracle fixtures: fromToml")
struct TOMLDecodingFixtureTests {
    @Test("fromToml | toJson", arguments: TOMLOracleCase.all)
    func decodesLikeHelm(_ c: TOMLOracleCase) throws {
        let fromToml = try #require(YAMLFunctions.all["fromToml"])
        #expect(try JSONEncoding.encode(try fromToml([.string(c.input)])) == c.fromToml)
    }
}
