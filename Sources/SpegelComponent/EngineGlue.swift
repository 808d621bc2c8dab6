import GoTemplate

/// The project's engine as the component uses it: YAML values decoding and chart rendering.
public enum SpegelEngine {
    /// An engine part that is not available in this build.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Decodes a values file as Helm does (errors carry `fileName:line:col`).
    public static func decodeValues(_ text: String, fileName: String) throws -> TemplateValue {
        try InterimYAMLDecoding.decode(text, fileName: fileName)
    }

    /// Renders chart files as `helm template RELEASE CHART -n NAMESPACE` would.
    public static func renderChart(files: [String: [UInt8]], values: TemplateValue,
                                   releaseName: String, namespace: String) throws -> String {
        throw Unavailable(description: "the chart renderer (HelmRendering) is not in this build yet")
    }

    /// Renders operator values files with the bundled (or given) chart.
    public static func render(files: [OperatorValuesFile], sets: [String] = [],
                              chartFiles: [String: [UInt8]] = BundledTemplates.chartFiles) throws -> RenderedComponent {
        let component = try ComponentValues(files: files, sets: sets, decode: decodeValues)
        return try RenderedComponent(component: component, chartFiles: chartFiles, renderChart: renderChart)
    }
}
