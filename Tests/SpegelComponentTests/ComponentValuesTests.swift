import GoTemplate
import Testing
@testable import SpegelComponent

@Suite struct ComponentValuesTests {
    static func values(_ entries: [String: TemplateValue]) -> TemplateValue { .map(entries) }

    static func spegel(enabled: TemplateValue? = nil, values: TemplateValue? = nil) -> TemplateValue {
        var component: [String: TemplateValue] = [:]
        if let enabled { component["enabled"] = enabled }
        if let values { component["values"] = values }
        return .map(["spegel": .map(component)])
    }

    @Test func providerDecidesWhenEnabledIsUnset() throws {
        #expect(try ComponentValues(operatorValues: .map([:])).isEnabled == false)
        #expect(try ComponentValues(operatorValues: .map(["cloudProvider": .string("nebius")])).isEnabled)
        let aws = try ComponentValues(operatorValues: .map(["cloudProvider": .string("aws")]))
        #expect(aws.isEnabled == false)
        #expect(aws.disabledReason?.contains("cloudProvider is \"aws\"") == true)
        #expect(aws.disabledReason?.contains("saturnComponents.spegel.enabled: true") == true)
        let unsetByNull = try ComponentValues(operatorValues: .map([
            "cloudProvider": .string("nebius"), "saturnComponents": Self.spegel(enabled: .null)]))
        #expect(unsetByNull.isEnabled)
    }

    @Test func explicitEnabledWins() throws {
        let off = try ComponentValues(operatorValues: .map([
            "cloudProvider": .string("nebius"), "saturnComponents": Self.spegel(enabled: .bool(false))]))
        #expect(off.isEnabled == false)
        #expect(off.disabledReason?.contains("enabled is false") == true)
        let on = try ComponentValues(operatorValues: .map([
            "cloudProvider": .string("aws"), "saturnComponents": Self.spegel(enabled: .bool(true))]))
        #expect(on.isEnabled)
    }

    @Test func imagesAreInjectedIntoTheChartValues() throws {
        let digest = "sha256:" + String(repeating: "1", count: 64)
        let resolved = try ComponentValues(operatorValues: .map([
            "images": .map(["spegel": .string("reg.example/team/spegel:v2@" + digest),
                            "saturnK8sUtils": .string("utils")]),
            "saturnComponents": Self.spegel(values: .map(["image": .map(["pullPolicy": .string("Always")])])),
        ]))
        #expect(resolved.chartValues.value(at: ["image", "repository"])?.stringValue == "reg.example/team/spegel")
        #expect(resolved.chartValues.value(at: ["image", "tag"])?.stringValue == "v2")
        #expect(resolved.chartValues.value(at: ["image", "digest"])?.stringValue == digest)
        #expect(resolved.chartValues.value(at: ["image", "pullPolicy"])?.stringValue == "Always")
        #expect(resolved.chartValues.value(at: ["containerdPrep", "image", "repository"])?.stringValue == "docker.io/library/utils")
        #expect(resolved.chartValues.value(at: ["containerdPrep", "image", "tag"])?.stringValue == "")
    }

    @Test func wrongTypesAreErrorsWithKeyPathAndValue() {
        #expect {
            try ComponentValues(operatorValues: .map([
                "saturnComponents": Self.spegel(values: .map(["mirrorResolveRetries": .string("three")]))]))
        } throws: { error in
            "\(error)" == "error: saturnComponents.spegel.values.mirrorResolveRetries: expected an integer, got \"three\" (a string)"
        }
        #expect(throws: ComponentValuesError.self) {
            try ComponentValues(operatorValues: .map(["images": .map(["spegel": .string("Not A Ref")])]))
        }
    }

    @Test func unknownKeysWarnWithASuggestion() throws {
        let resolved = try ComponentValues(operatorValues: .map([
            "imageMirorr": .string("x"),
            "saturnComponents": Self.spegel(values: .map(["mirroredRegistry": .list([])])),
        ]))
        #expect(resolved.warnings.contains(ValueIssue(
            severity: .warning, keyPath: "imageMirorr", message: "unknown key; did you mean \"imageMirror\"?")))
        #expect(resolved.warnings.contains(ValueIssue(
            severity: .warning, keyPath: "saturnComponents.spegel.values.mirroredRegistry",
            message: "unknown key; did you mean \"mirroredRegistries\"?")))
    }

    @Test func lintWarnsAboutRiskyValues() throws {
        let resolved = try ComponentValues(operatorValues: .map([
            "cloudProvider": .string("nebius"),
            "imageMirror": .string("harbor.corp.example/mirror"),
            "saturnComponents": Self.spegel(values: .map([
                "mirroredRegistries": .list([.string("docker.io")]),
                "mirrorResolveTimeout": .string("5s"),
            ])),
        ]))
        let paths = resolved.warnings.map(\.keyPath)
        #expect(paths == ["imageMirror", "saturnComponents.spegel.values.mirrorResolveTimeout"])
        let empty = try ComponentValues(operatorValues: .map([
            "cloudProvider": .string("nebius"),
            "saturnComponents": Self.spegel(values: .map(["mirrorResolveTimeout": .string("20 ms")])),
        ]))
        #expect(empty.warnings.map(\.keyPath) == [
            "saturnComponents.spegel.values.mirroredRegistries", "saturnComponents.spegel.values.mirrorResolveTimeout"])
        #expect(empty.warnings[1].message.contains("not a Go duration"))
    }

    @Test func retiredImagePathsAreWarnedAbout() throws {
        let found = try ManifestImages.occurrences(in: "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - image: gcr.io/google-containers/pause:3.1\n")
        let warnings = ComponentValues.lintImages(found)
        #expect(warnings.count == 1)
        #expect(warnings[0].description.hasPrefix("warning: Pod/p: spec.containers[0].image: gcr.io/google-containers/pause:3.1 is on a retired path"))
    }

    @Test func goDurations() {
        #expect(parseGoDuration("20ms") == 0.02)
        #expect(parseGoDuration("1m30s") == 90)
        #expect(parseGoDuration("1.5s") == 1.5)
        #expect(parseGoDuration("0") == 0)
        #expect(parseGoDuration("20") == nil)
        #expect(parseGoDuration("fast") == nil)
        #expect(parseGoDuration("") == nil)
    }

    @Test func setExpressionsAndMerging() throws {
        let set = try SetAssignments.parse("a.b=1,a.c=true,d={x,y},e.f\\.g=null,h=text")
        let merged = mergeValueLayers([.map(["a": .map(["b": .int64(0), "z": .string("kept")]), "e": .map(["f.g": .string("x")])]), set])
        #expect(merged.value(at: ["a", "z"])?.stringValue == "kept")
        if case .int64(1)? = merged.value(at: ["a", "b"]) {} else { Issue.record("a.b") }
        if case .bool(true)? = merged.value(at: ["a", "c"]) {} else { Issue.record("a.c") }
        #expect(merged.value(at: ["d"])?.listElements?.compactMap(\.stringValue) == ["x", "y"])
        if case .null? = merged.value(at: ["e", "f.g"]) {} else { Issue.record("e.f.g") }
        #expect(merged.value(at: ["h"])?.stringValue == "text")
        #expect(throws: SetAssignments.ParseError.self) { try SetAssignments.parse("novalue") }
    }
}
