/// A loaded chart and its subcharts, as Helm's `chart.Chart` (API v1/v2).
///
/// A reference type: dependency processing replaces subcharts and rewrites metadata in place,
/// and subcharts point back at their parent to compute their full path.
public final class Chart: @unchecked Sendable {
    public var metadata: ChartMetadata
    /// Files under `templates/`.
    public var templates: [ChartFile]
    /// Every other file (not Chart.yaml, values.yaml, values.schema.json, templates or subcharts).
    public var files: [ChartFile]
    /// The chart's default values (values.yaml, every document merged); always a fresh map.
    public var values: GoMap
    /// values.schema.json, if present.
    public var schema: [UInt8]?
    public private(set) var dependencies: [Chart] = []
    public private(set) weak var parent: Chart?

    public init(metadata: ChartMetadata, templates: [ChartFile] = [], files: [ChartFile] = [],
                values: GoMap = GoMap(), schema: [UInt8]? = nil) {
        self.metadata = metadata
        self.templates = templates
        self.files = files
        self.values = values
        self.schema = schema
    }

    /// The chart name (Chart.yaml `name`, or the alias once dependencies are processed).
    public var name: String { metadata.name }
    public var isRoot: Bool { parent == nil }

    /// `parent/charts/child` paths, as template names use them.
    public var fullPath: String {
        guard let parent else { return name }
        return parent.fullPath + "/charts/" + name
    }

    /// Replaces the subcharts.
    public func setDependencies(_ charts: [Chart]) {
        dependencies = []
        addDependencies(charts)
    }

    /// Appends subcharts, making this chart their parent.
    public func addDependencies(_ charts: [Chart]) {
        for c in charts { c.parent = self; dependencies.append(c) }
    }

    /// A shallow copy (same files, copied metadata, no parent, the same dependency objects copied one level).
    func copyForAlias() -> Chart {
        let out = Chart(metadata: metadata, templates: templates, files: files, values: values, schema: schema)
        out.setDependencies(dependencies.map { $0.shallowCopy() })
        return out
    }

    private func shallowCopy() -> Chart {
        let out = Chart(metadata: metadata, templates: templates, files: files, values: values, schema: schema)
        out.dependencies = dependencies
        // The children still name the original as parent in Go (cpy := *dependency keeps their parent pointer);
        // re-parenting them here keeps full paths correct for the copy, which is what rendering sees.
        for c in out.dependencies { c.parent = out }
        return out
    }

    /// CRD files (`crds/*.yaml|yml|json`) of this chart, then of its subcharts, with their full path names.
    public var crdObjects: [(filename: String, file: ChartFile)] {
        var out: [(String, ChartFile)] = []
        for f in files where f.name.hasPrefix("crds/") && hasManifestExtension(f.name) {
            out.append((fullPath + "/" + f.name, f))
        }
        for d in dependencies { out += d.crdObjects }
        return out
    }
}

func hasManifestExtension(_ name: String) -> Bool {
    let base = name.split(separator: "/").last.map(String.init) ?? name
    guard let dot = base.lastIndex(of: ".") else { return false }
    let ext = base[dot...].lowercased()
    return ext == ".yaml" || ext == ".yml" || ext == ".json"
}
