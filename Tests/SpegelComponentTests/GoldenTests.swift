import Foundation
import Testing
@testable import SpegelComponent

@Suite struct GoldenTests {
    static let root = BundledTemplatesTests.packageRoot.appendingPathComponent("golden")

    static var scenarioNames: [String] {
        (try? GoldenFiles(root: root) { _ in throw CancellationError() }.scenarios().map(\.lastPathComponent)) ?? []
    }

    @Test func thereAreAtLeastTwelveScenarios() {
        #expect(Self.scenarioNames.count >= 12)
    }

    /// operator.yaml of every scenario (needs no chart rendering).
    @Test(arguments: scenarioNames)
    func operatorManifestsMatch(scenario: String) throws {
        let directory = Self.root.appendingPathComponent(scenario)
        let values = try String(contentsOf: directory.appendingPathComponent("values.yaml"), encoding: .utf8)
        let component = try ComponentValues(files: [OperatorValuesFile(name: "values.yaml", text: values)], decode: SpegelEngine.decodeValues)
        let rendered = try RenderedComponent(component: component, renderChart: nil)
        let expected = try String(contentsOf: directory.appendingPathComponent("operator.yaml"), encoding: .utf8)
        #expect(rendered.operatorManifests == expected)
        #expect(SpegelSchemas.chartValues.check(component.operatorSpec, at: "spec") == [])
    }

    /// release.yaml and operator.yaml of every scenario, rendered by the project's engine.
    @Test(arguments: scenarioNames)
    func releaseManifestsMatch(scenario: String) throws {
        let golden = GoldenFiles(root: Self.root) { file in try SpegelEngine.render(files: [file]) }
        let outputs = try golden.expectedOutputs(of: Self.root.appendingPathComponent(scenario))
        for (name, expected) in outputs {
            let actual = try String(contentsOf: Self.root.appendingPathComponent(scenario).appendingPathComponent(name), encoding: .utf8)
            #expect(actual == expected, "\(scenario)/\(name):\n\(unifiedDiff(from: actual, to: expected, oldName: "golden", newName: "rendered") ?? "")")
        }
    }
}
