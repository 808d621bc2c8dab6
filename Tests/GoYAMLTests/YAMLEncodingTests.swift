import GoTemplate
import Testing
@testable import GoYAML

@Suite("YAML and JSON encoding")
struct YAMLEncodingTests {
    let sample: TemplateValue = .map([
        "10": .int(1), "9": .int64(2), "list": .list([.string("a"), .map(["k": .bool(true)])]),
        "names": .strings(["yes", "x"]), "none": .null, "ratio": .float(0.25), "big": .float(1e6),
    ])

    @Test func encodesGoTypesLikeHelm() throws {
        let expected = """
            "9": 2
            "10": 1
            big: 1000000
            list:
            - a
            - k: true
            names:
            - "yes"
            - x
            none: null
            ratio: 0.25

            """
        #expect(try YAMLEncoding.encode(sample) == expected)
        #expect(YAMLEncoding.toYaml(sample) == String(expected.dropLast()))
    }

    @Test func prettyIndentsSequencesAndKeepsFloatsAsFloats() {
        let pretty = YAMLEncoding.toYamlPretty(.map(["a": .list([.float(1e6), .int(2)])]))
        #expect(pretty == "a:\n  - 1e+06\n  - 2")
    }

    @Test func unencodableValuesGiveEmptyTextOrErrors() throws {
        let bad: TemplateValue = .map(["x": .float(.nan)])
        #expect(YAMLEncoding.toYaml(bad) == "")
        #expect(throws: YAMLEncoding.EncodingError.self) { try YAMLEncoding.encode(bad) }
        let functions = YAMLFunctions.all
        #expect(try functions["toJson"]!([bad]) .stringValue == "")
        #expect(throws: TemplateFunctionError.self) { try functions["mustToJson"]!([bad]) }
        #expect(throws: TemplateFunctionError.self) { try functions["mustToYaml"]!([bad]) }
    }

    /// Oracle (Helm v4): `error calling mustToJson: json: unsupported value: NaN`,
    /// `error calling mustToYaml: error marshaling into JSON: json: unsupported value: NaN`;
    /// toJson/toPrettyJson/toYaml print ""; toYamlPretty prints `-.inf`; toToml `a = nan`.
    @Test func notANumberAsHelm() throws {
        let functions = YAMLFunctions.all
        let nan: TemplateValue = .float(.nan)
        func message(_ name: String) -> String? {
            do {
                _ = try functions[name]!([nan])
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(message("mustToJson") == "json: unsupported value: NaN")
        #expect(message("toRawJson") == "json: unsupported value: NaN")
        #expect(message("mustToRawJson") == "json: unsupported value: NaN")
        #expect(message("mustToPrettyJson") == "json: unsupported value: NaN")
        #expect(message("mustToYaml") == "error marshaling into JSON: json: unsupported value: NaN")
        for name in ["toJson", "toPrettyJson", "toYaml"] {
            #expect(try functions[name]!([nan]).stringValue == "")
        }
        #expect(try functions["toYamlPretty"]!([.float(-.infinity)]).stringValue == "-.inf")
        #expect(try functions["toToml"]!([.map(["a": nan])]).stringValue == "a = nan\n")
    }

    @Test func jsonEscapesLikeGo() throws {
        let value: TemplateValue = .map(["h": .string("<a href=\"x\">&\u{2028}\u{01}\t")])
        #expect(try JSONEncoding.encode(value) == #"{"h":"\u003ca href=\"x\"\u003e\u0026\u2028\u0001\t"}"#)
        #expect(try JSONEncoding.encode(value, escapeHTML: false) == #"{"h":"<a href=\"x\">&\u2028\u0001\t"}"#)
        #expect(try JSONEncoding.encode(.bytes([104, 105])) == #""aGk=""#)
        #expect(try JSONEncoding.encode(.map([:]), indent: "  ") == "{}")
        #expect(try JSONEncoding.encode(.list([.int(1)]), indent: "  ") == "[\n  1\n]")
    }

    @Test func functionsFollowHelmErrorConventions() throws {
        let functions = YAMLFunctions.all
        let broken = try functions["fromYaml"]!([.string("a: [1\n")])
        #expect(broken.mapValue?["Error"]?.stringValue == "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'")
        let array = try functions["fromYamlArray"]!([.string("a: 1\n")])
        #expect(array.listElements?.count == 1)
        #expect(throws: TemplateFunctionError.self) { try functions["fromYaml"]!([.int(1)]) }
        #expect(throws: TemplateFunctionError.self) { try functions["toYaml"]!([]) }
        // JSON null leaves Go's map nil: still a map[string]interface {}, encoded as null.
        let nilMap = try functions["fromJson"]!([.string("null")])
        #expect(nilMap.goTypeName == "map[string]interface {}")
        #expect(try JSONEncoding.encode(nilMap) == "null")
        #expect(YAMLEncoding.toYaml(nilMap) == "null")
        for name in ["toYaml", "mustToYaml", "toYamlPretty", "fromYaml", "fromYamlArray", "toJson", "mustToJson", "toPrettyJson",
                     "mustToPrettyJson", "toRawJson", "mustToRawJson", "fromJson", "fromJsonArray", "toToml", "fromToml"] {
            #expect(functions[name] != nil, "missing \(name)")
        }
    }

    @Test func keyOrderIsGoYAMLs() {
        let keys = ["b", "a10", "a9", "_x", "A", "10", "9", "", "a09"]
        #expect(keys.sorted(by: YAMLKeyOrder.less) == ["", "_x", "9", "10", "A", "a9", "a09", "a10", "b"])
        #expect(YAMLKeyOrder.sorted(keys, v3: false) == ["", "_x", "9", "10", "A", "a9", "a09", "a10", "b"])
    }

    /// `sorted` (bytes in place for ASCII keys, scalars otherwise) sorts exactly as sorting with the
    /// pairwise comparison does. go-yaml's order is not transitive (`1a` < `7` < `12` < `1a`), so the
    /// result depends on the input order, as in Go; the comparison is made on the same input.
    @Test func sortingAgreesWithTheComparison() {
        let ascii = ["x1a", "x12", "x1", "x01", "x001", "x0", "a-b", "a_b", "a.b", "007", "7", "70", "1a", "12", "Z", "z", "zz9", "zz10"]
        let mixed = ascii + ["é", "e\u{301}", "ä1", "ä10", "ä9", "日本", "x١٢"]
        for keys in [ascii, mixed] {
            for v3 in [false, true] {
                for input in [keys, keys.reversed(), keys.shuffled(), keys.shuffled()] {
                    #expect(YAMLKeyOrder.sorted(input, v3: v3) == input.sorted(by: v3 ? YAMLKeyOrder.lessV3 : YAMLKeyOrder.less))
                }
            }
        }
        #expect(YAMLKeyOrder.sorted(["x1a", "x12"], v3: false) == ["x12", "x1a"])
        #expect(YAMLKeyOrder.sorted(["x12", "x1a"], v3: true) == ["x1a", "x12"])
    }
}

private struct Metadata: TemplateObject, JSONRepresentable {
    var goTypeName: String { "*chart.Metadata" }
    func field(_ name: String) -> TemplateValue? { name == "Name" ? .string("web") : nil }
    var goDescription: String { "&{web}" }
    var jsonValue: TemplateValue { .map(["name": .string("web"), "version": .string("1.0.0")]) }
}

private struct Opaque: TemplateObject {
    var goTypeName: String { "*x.Opaque" }
    func field(_ name: String) -> TemplateValue? { nil }
    var goDescription: String { "opaque" }
}

@Suite("Encoding template objects")
struct ObjectEncodingTests {
    @Test func objectsWithAJSONFormEncodeAsThatForm() throws {
        let value: TemplateValue = .map(["chart": .object(Metadata()), "other": .object(Opaque())])
        #expect(try JSONEncoding.encode(value) == #"{"chart":{"name":"web","version":"1.0.0"},"other":"opaque"}"#)
        #expect(YAMLEncoding.toYaml(value) == "chart:\n  name: web\n  version: 1.0.0\nother: opaque")
        #expect(TOMLEncoding.toToml(value) == "other = \"opaque\"\n\n[chart]\n  name = \"web\"\n  version = \"1.0.0\"\n")
    }
}

@Suite("Helm quirks kept on purpose")
struct HelmQuirkTests {
    /// Oracle: `toYaml (dict "<<" 1 "b" "<<")` → `<<: 1\nb: <<` (go-yaml does not quote "<<",
    /// so the output reads back as a merge key).
    @Test func mergeKeyTextIsNotQuoted() {
        let value: TemplateValue = .map(["<<": .int(1), "b": .string("<<")])
        #expect(YAMLEncoding.toYaml(value) == "<<: 1\nb: <<")
        #expect(YAMLEncoding.toYamlPretty(value) == "<<: 1\nb: <<")
    }
}
