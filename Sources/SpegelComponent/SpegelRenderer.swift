import GoTemplate
import OCI

/// Renders a chart like `helm template NAME CHART -n NAMESPACE` with the given values; the seam
/// between the component and the Helm-compatible engine.
public typealias ChartRenderFunction = (_ chartFiles: [String: [UInt8]], _ values: TemplateValue,
                                        _ releaseName: String, _ namespace: String) throws -> String

/// Everything `spegelctl render` can print for one set of operator values.
public struct RenderedComponent {
    /// The resolved operator values.
    public var component: ComponentValues
    /// The chart's output exactly as `helm template` prints it for ``ComponentValues/chartValues``
    /// (before image rewriting); empty when the component is disabled.
    public var chartOutput: String
    /// `--mode release`: the Namespace, then the chart's output with images rewritten.
    public var release: String
    /// `--mode operator`: the Namespace and the `Spegel` CR.
    public var operatorManifests: String
    /// Source → mirrored reference of every rewritten image (empty without `imageMirror`).
    public var imageMapping: [String: String]
    /// Warnings: unknown keys, lint, retired image paths.
    public var warnings: [ValueIssue]

    /// Renders `component` with `chartFiles` (the bundled chart unless another is given). Without a
    /// `renderChart` function only the operator manifests are made (release and chart output stay empty).
    public init(component: ComponentValues, chartFiles: [String: [UInt8]] = BundledTemplates.chartFiles,
                renderChart: ChartRenderFunction?) throws {
        self.component = component
        warnings = component.warnings
        guard component.isEnabled else {
            chartOutput = ""
            release = ""
            operatorManifests = ""
            imageMapping = [:]
            return
        }
        let namespace = SpegelDocuments.namespace(labels: component.namespaceLabels)
        operatorManifests = namespace + SpegelDocuments.customResource(spec: component.operatorSpec)
        guard let renderChart else {
            chartOutput = ""
            release = ""
            imageMapping = [:]
            return
        }
        chartOutput = try renderChart(chartFiles, component.chartValues, ComponentValues.releaseName, ComponentValues.namespace)
        var rewritten = chartOutput
        var mapping: [String: String] = [:]
        if let mirror = component.imageMirror {
            (rewritten, mapping) = try ManifestImages.rewrite(chartOutput, mirror: mirror)
        }
        imageMapping = mapping
        warnings += ComponentValues.lintImages(try ManifestImages.occurrences(in: chartOutput))
        release = namespace + rewritten
    }
}

extension ComponentValues {
    /// The `Spegel` CR's spec: the chart values, with the injected images moved under the image
    /// mirror when one is set (so the CR alone runs air-gapped).
    public var operatorSpec: TemplateValue {
        guard let mirror = imageMirror else { return chartValues }
        var spec = chartValues
        for path in [["image"], ["containerdPrep", "image"]] {
            guard let repository = spec.value(at: path + ["repository"])?.stringValue,
                  let reference = try? ImageReference(parsing: repository) else { continue }
            spec = spec.setting(.string(reference.mirrored(to: mirror).name), at: path + ["repository"])
        }
        return spec
    }
}
