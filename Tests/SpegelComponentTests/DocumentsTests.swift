import GoTemplate
import Testing
@testable import SpegelComponent

@Suite struct DocumentsTests {
    @Test(arguments: [
        ("plain", false), ("", true), ("yes", true), ("On", true), ("null", true), ("1.5", true), ("2025.01.01", true),
        ("0x1F", true), ("a: b", true), ("# x", true), ("-x", true), ("v0.1.0", false), ("20ms", false),
        ("ghcr.io/a/b:v1", false), ("line\nbreak", true), (" lead", true), ("1:20", true), ("*", true),
    ])
    func quotesStringsThatWouldReadBackDifferently(text: String, quoted: Bool) {
        #expect(PlainYAML.needsQuotes(text) == quoted)
    }

    @Test func writesNestedValuesThatReadBackEqual() throws {
        let value: TemplateValue = .map([
            "b": .list([.map(["x": .string("1"), "y": .list([.bool(true)])]), .string("s"), .list([.float(2)])]),
            "a": .map([:]), "c": .list([]), "d": .float(1.5), "e": .string("say \"hi\"\n"), "f": .null,
        ])
        let text = PlainYAML.write(PlainYAML.Node(value))
        #expect(text == """
        a: {}
        b:
        - x: "1"
          "y":
          - true
        - s
        -
          - 2
        c: []
        d: 1.5
        e: "say \\"hi\\"\\n"
        f: null

        """)
        let decoded = try InterimYAMLDecoding.decode(text, fileName: "t.yaml")
        #expect(decoded.value(at: ["b"])?.listElements?.count == 3)
        #expect(decoded.value(at: ["e"])?.stringValue == "say \"hi\"\n")
        #expect(decoded.value(at: ["b"])?.listElements?[0].value(at: ["x"])?.stringValue == "1")
    }

    @Test func customResourceDefinitionDescribesTheChartValues() throws {
        let crd = try InterimYAMLDecoding.decode(SpegelDocuments.customResourceDefinition(), fileName: "crd.yaml")
        #expect(crd.value(at: ["metadata", "name"])?.stringValue == "spegels.charts.saturncloud.io")
        let version = try #require(crd.value(at: ["spec", "versions"])?.listElements?.first)
        #expect(version.value(at: ["name"])?.stringValue == "v1alpha1")
        let spec = try #require(version.value(at: ["schema", "openAPIV3Schema", "properties", "spec"]))
        #expect(spec.value(at: ["properties", "mirrorResolveRetries", "type"])?.stringValue == "integer")
        #expect(spec.value(at: ["properties", "mirroredRegistries", "items", "type"])?.stringValue == "string")
        #expect(spec.value(at: ["properties", "image", "properties", "digest", "type"])?.stringValue == "string")
        if case .bool(true)? = spec.value(at: ["properties", "affinity", "x-kubernetes-preserve-unknown-fields"]) {} else {
            Issue.record("affinity is free-form")
        }
    }

    @Test func chartDefaultsMatchTheSchema() throws {
        let text = String(decoding: try #require(BundledTemplates.chartFiles["values.yaml"]), as: UTF8.self)
        let defaults = try InterimYAMLDecoding.decode(text, fileName: "values.yaml")
        #expect(SpegelSchemas.chartValues.check(defaults, at: "") == [])
        let operatorDefaults = try InterimYAMLDecoding.decode(BundledTemplates.operatorDefaults, fileName: "operator-defaults.yaml")
        #expect(SpegelSchemas.operatorValues.check(operatorDefaults, at: "") == [])
    }

    @Test func unifiedDiffShowsChangedLinesWithContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "line 5", with: "line five")
        #expect(unifiedDiff(from: old, to: old, oldName: "a", newName: "b") == nil)
        #expect(unifiedDiff(from: old, to: new, oldName: "a", newName: "b") == """
        --- a
        +++ b
        @@ -2,7 +2,7 @@
         line 2
         line 3
         line 4
        -line 5
        +line five
         line 6
         line 7
         line 8

        """)
    }

    @Test func releaseIsTheNamespaceThenTheRewrittenChartOutput() throws {
        let chartOutput = "---\n# Source: spegel/templates/pod.yaml\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - image: \"ghcr.io/a/b:1\"\n"
        let component = try ComponentValues(operatorValues: .map([
            "cloudProvider": .string("nebius"), "imageMirror": .string("m.example/p"),
            "saturnComponents": .map(["spegel": .map(["namespaceLabels": .map(["team": .string("x")])])]),
        ]))
        var seen: TemplateValue?
        let rendered = try RenderedComponent(component: component, chartFiles: [:]) { _, values, name, namespace in
            #expect(name == "spegel")
            #expect(namespace == "spegel")
            seen = values
            return chartOutput
        }
        #expect(seen != nil)
        #expect(rendered.chartOutput == chartOutput)
        #expect(rendered.release == """
        ---
        # Source: spegelctl/namespace.yaml
        apiVersion: v1
        kind: Namespace
        metadata:
          name: spegel
          labels:
            team: x

        """ + chartOutput.replacingOccurrences(of: "ghcr.io/a/b:1", with: "m.example/p/a/b:1"))
        #expect(rendered.imageMapping == ["ghcr.io/a/b:1": "m.example/p/a/b:1"])
        #expect(rendered.operatorManifests.contains("kind: Spegel\nmetadata:\n  name: spegel\n  namespace: spegel\nspec: {}\n"))
    }

    @Test func disabledRendersNothing() throws {
        let rendered = try RenderedComponent(component: try ComponentValues(operatorValues: .map([:])), chartFiles: [:]) { _, _, _, _ in
            Issue.record("the chart must not be rendered")
            return ""
        }
        #expect(rendered.release.isEmpty)
        #expect(rendered.operatorManifests.isEmpty)
    }
}
