import GoTemplate
import Testing
@testable import GoYAML

@Suite("YAML decoding API")
struct YAMLDecodingTests {
    @Test func decodesValuesAsHelmSeesThem() throws {
        let map = try YAMLDecoding.decodeMap("replicas: 3\nenabled: yes\nname: web\nempty:\nlist: [1, two]\n")
        #expect(map.count == 5)
        guard case .float(3) = map["replicas"], case .bool(true) = map["enabled"], case .string("web") = map["name"],
              case .null = map["empty"], case .list(let list) = map["list"] else {
            Issue.record("unexpected values: \(map.entries)")
            return
        }
        #expect(list.count == 2)
    }

    @Test func readsOnlyTheFirstDocument() throws {
        let map = try YAMLDecoding.decodeMap("a: 1\n---\nb: 2\n")
        #expect(map.sortedKeys == ["a"])
    }

    @Test func emptyDocumentIsAnEmptyMap() throws {
        #expect(try YAMLDecoding.decodeMap("").isEmpty)
        #expect(try YAMLDecoding.decodeMap("# only a comment\n").isEmpty)
        #expect(try YAMLDecoding.decodeArray("").isEmpty)
    }

    @Test func syntaxErrorsCarryHelmTextAndPosition() {
        do {
            _ = try YAMLDecoding.decodeMap("a: 1\nb: 2\n c: 3: 4\n", fileName: "values.yaml")
            Issue.record("expected an error")
        } catch let error as YAMLError {
            #expect(error.kind == .syntax)
            #expect(error.helmDescription == "error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context")
            #expect(error.fileName == "values.yaml")
            #expect(error.line == 3)
            #expect(error.column == 3)
            #expect(error.description.hasPrefix("values.yaml:3:3: error converting YAML to JSON"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func nonMapTopLevelIsATypeError() {
        #expect(throws: YAMLError.self) { try YAMLDecoding.decodeMap("- a\n") }
        do {
            _ = try YAMLDecoding.decodeArray("a: 1\n")
        } catch let error as YAMLError {
            #expect(error.kind == .type)
            #expect(error.message == "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func excessiveAliasingIsRejected() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<8 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        do {
            _ = try YAMLDecoding.decodeMap(text)
            Issue.record("expected an error")
        } catch let error as YAMLError {
            #expect(error.message == "error converting YAML to JSON: yaml: document contains excessive aliasing")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func splitsDocumentsLikeKubernetesReader() throws {
        let parts = try YAMLDecoding.splitDocuments("a: 1\n---\nb: 2\n--- # comment\nc: 3\n---\n")
        #expect(parts == ["a: 1\n", "b: 2\n", "c: 3\n"])
        #expect(throws: YAMLError.self) { try YAMLDecoding.splitDocuments("a: 1\n--- b: 2\n") }
        let maps = try YAMLDecoding.decodeDocuments("a: 1\n---\nb: 2\n")
        #expect(maps.map(\.sortedKeys) == [["a"], ["b"]])
    }

    @Test func loadsMultiDocumentValuesLikeHelm() throws {
        // Oracle: Helm v4 renders toJson .Values of this values.yaml as {"a":1,"b":2,"c":{"true":3,"x":1}}.
        let values = try YAMLDecoding.loadValues("a: 1\nc: {x: 1, y: 2}\n---\nb: 2\nc: {y: 3}\n---\n# empty\n")
        #expect(try JSONEncoding.encode(.map(values)) == #"{"a":1,"b":2,"c":{"true":3,"x":1}}"#)
        do {
            _ = try YAMLDecoding.loadValues("a: 1\n--- x\nb: 2\n")
            Issue.record("expected an error")
        } catch let error as YAMLError {
            #expect(error.message == "error reading yaml document: invalid Yaml document separator: x")
        }
        do {
            _ = try YAMLDecoding.loadValues("a: 1\nb: 2\n c: 3: 4\n")
            Issue.record("expected an error")
        } catch let error as YAMLError {
            #expect(error.message == "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context")
        }
    }

    @Test func deepNestingIsLimitedLikeGoYAML() throws {
        do {
            _ = try YAMLDecoding.decode(String(repeating: "[", count: 20_000))
            Issue.record("expected an error")
        } catch let error as YAMLError {
            #expect(error.message == "error converting YAML to JSON: yaml: exceeded max depth of 10000")
        }
        // 5000 levels decode and encode (on a large stack) and survive the round trip.
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let value = try YAMLDecoding.decode(deep)
        let yaml = try YAMLEncoding.encode(value)
        #expect(try JSONEncoding.encode(try YAMLDecoding.decode(yaml)) == deep)
        #expect(try JSONEncoding.encode(try JSONDecoding.decode(deep)) == deep)
        #expect(throws: YAMLError.self) { try JSONDecoding.decode(String(repeating: "[", count: 10_001)) }
    }

    @Test func keysBecomeStrings() throws {
        let map = try YAMLDecoding.decodeMap("1: a\ntrue: b\n1.5: c\nno: d\n")
        #expect(map.sortedKeys == ["1", "1.5", "false", "true"])
    }
}

@Suite("Go number formatting")
struct GoFloatFormatTests {
    @Test(arguments: [
        (1000000.0, "1000000"), (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"), (0.000001, "0.000001"), (0.5, "0.5"), (-0.0, "-0"), (123456789.5, "123456789.5"),
    ])
    func json(_ value: Double, _ expected: String) {
        #expect(GoFloatFormat.json(value) == expected)
    }

    @Test(arguments: [
        (1000000.0, "1e+06"), (123456.0, "123456"), (1e-5, "1e-05"), (0.0001, "0.0001"), (1234567.5, "1.2345675e+06"),
        (Double.infinity, ".inf"), (-Double.infinity, "-.inf"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    ])
    func shortestG(_ value: Double, _ expected: String) {
        #expect(GoFloatFormat.g(value) == expected)
    }

    @Test func float32Keys() {
        #expect(GoFloatFormat.g32(3.14159265358979) == "3.1415927")
        #expect(GoFloatFormat.g32(1e10) == "1e+10")
    }
}
