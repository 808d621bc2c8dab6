import Testing
import GoTemplate
@testable import HelmChart

/// Helm's `common.Values` methods come before keys of the same name in a field chain; every other
/// name is a key.
@Suite struct CommonValuesTests {
    @Test(arguments: ["AsMap", "Encode", "PathValue", "Table", "YAML"])
    func methodsAreFound(_ name: String) {
        #expect(CommonValues.type.hasMethod(name))
    }

    @Test(arguments: ["Values", "Chart", "Release", "Files", "Template", "Capabilities", "asMap", "AsMaP", "Tables",
                      "Tabl", "YAMLs", "Path", "PathValues", "Encodes", "", "A", "Enc0de", "YAMl"])
    func otherNamesAreKeys(_ name: String) {
        #expect(!CommonValues.type.hasMethod(name))
    }

    @Test func aMethodShadowsAKeyOfTheSameName() throws {
        let set = TemplateSet()
        try set.parse(name: "t", text: "{{ .Values.Table \"a\" }}|{{ .Values.other }}")
        let values = CommonValues.make(["Table": .string("key"), "a": .map(["b": .int(1)]), "other": .string("o")])
        #expect(try set.execute(name: "t", data: .map(CommonValues.make(["Values": .map(values)]))) == "map[b:1]|o")
    }
}
