import GoTemplate
import HelmChart
import HelmRendering

/// The project's engine as the component uses it: YAML values decoding and chart rendering.
public enum SpegelEngine {
    /// An engine part that is not available in this build.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Decodes a values file as Helm does (errors carry `fileName:line:col`).
    /// Uses the interim libyaml decoder until `GoYAML.YAMLDecoding.decode(_:fileName:)` is on main;
    /// then this becomes `try YAMLDecoding.decode(text, fileName: fileName)`.
    public static func decodeValues(_ text: String, fileName: String) throws -> TemplateValue {
        try InterimYAMLDecoding.decode(text, fileName: fileName)
    }

    /// Renders chart files as `helm template RELEASE CHART -n NAMESPACE` would.
    public static func renderChart(files: [String: [UInt8]], values: TemplateValue,
                                   releaseName: String, namespace: String) throws -> String {
        let chart = try ChartLoader.loadFiles(
            files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ChartFile(name: $0, data: files[$0]!) })
        var options = HelmTemplateOptions()
        options.releaseName = releaseName
        options.namespace = namespace
        let userValues: GoMap
        if case .map(let map) = deepCopy(values) { userValues = map } else { userValues = GoMap() }
        return try HelmTemplate.run(chart: chart, values: userValues, options: options).stdout
    }

    /// Renders operator values files with the bundled (or given) chart.
    public static func render(files: [OperatorValuesFile], sets: [String] = [],
                              chartFiles: [String: [UInt8]] = BundledTemplates.chartFiles) throws -> RenderedComponent {
        let component = try ComponentValues(files: files, sets: sets, decode: decodeValues)
        return try RenderedComponent(component: component, chartFiles: chartFiles, renderChart: renderChart)
    }
}
