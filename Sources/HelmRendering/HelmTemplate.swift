import GoYAML

/// Options of `helm template` (after values have been merged from -f/--set flags).
public struct HelmTemplateOptions: Sendable {
    public var releaseName = "release-name"
    public var namespace = "default"
    /// `--kube-version`; nil for Helm's default (v1.36.0).
    public var kubeVersion: String? = nil
    /// `--api-versions`, appended to Helm's default set.
    public var extraAPIVersions: [String] = []
    public var includeCRDs = false
    public var skipTests = false
    public var disableHooks = false
    public var isUpgrade = false
    public var showOnly: [String] = []
    public var outputDirectory: String? = nil
    /// `--release-name`: put files under `output-dir/<release name>`.
    public var useReleaseNameInOutputDirectory = false
    public var skipSchemaValidation = false
    public init() {}
}

/// The result of `helm template`: what goes to stdout.
public struct HelmTemplateOutput: Sendable {
    public var stdout: String
}

/// `helm template` (Helm v4.2.3, client dry-run install): dependency processing, values, schema,
/// kubeVersion check, rendering, sorting and Helm's framing.
public enum HelmTemplate {
    /// Dependency processing and Helm's `ToRenderValues` (coalesced values checked against the schemas):
    /// the top-level template data, and the Kubernetes version the capabilities report.
    static func renderValues(chart: Chart, values: GoMap, options: HelmTemplateOptions) throws -> (top: GoMap, kube: KubeVersionObject) {
        DependencyProcessing.process(chart, values: values)

        var kube = KubeVersionObject.helmDefault
        if let kv = options.kubeVersion {
            let parsed: KubeVersionObject
            do { parsed = try KubeVersionObject.parse(kv) } catch {
                throw RenderError("invalid kube version '\(kv)': \(error)")
            }
            kube = parsed
        }
        let caps = CapabilitiesObject(
            kubeVersion: kube,
            apiVersions: APIVersionsObject(versions: APIVersionsObject.helmDefaults + options.extraAPIVersions),
            helmVersion: HelmVersionObject())
        var release = ReleaseOptions()
        release.name = options.releaseName
        release.namespace = options.namespace
        release.isUpgrade = options.isUpgrade
        release.isInstall = !options.isUpgrade

        // ToRenderValues.
        let top = GoMap([
            "Chart": chart.metadata.templateMap(isRoot: true),
            "Capabilities": .object(caps),
            "Release": release.templateValue,
        ])
        let coalesced = ValuesCoalescing.coalesceValues(chart: chart, values: values)
        if !options.skipSchemaValidation {
            if let problems = try SchemaValidation.validate(chart: chart, values: coalesced) {
                throw RenderError("values don't meet the specifications of the schema(s) in the following chart(s):\n" + problems)
            }
        }
        top.set("Values", .map(CommonValues.view(coalesced)))

        return (top, kube)
    }

    /// What Helm's `engine.Render` returns after `ProcessDependencies` and `ToRenderValues`: every
    /// rendered template by path, before sorting and framing (used to benchmark the engine alone).
    public static func renderFiles(chart: Chart, values: GoMap, options: HelmTemplateOptions,
                                   renderer: ChartRenderer = ChartRenderer()) throws -> [String: String] {
        let (top, _) = try renderValues(chart: chart, values: values, options: options)
        return try renderer.render(chart: chart, values: top)
    }

    /// Renders `chart` (already loaded) with the merged user `values`.
    public static func run(chart: Chart, values: GoMap, options: HelmTemplateOptions,
                           renderer: ChartRenderer = ChartRenderer()) throws -> HelmTemplateOutput {
        let (top, kube) = try renderValues(chart: chart, values: values, options: options)
        // renderResources: from here on, errors come with a (partial) release.
        let debugHint = "\n\nUse --debug flag to render out invalid YAML"
        if !chart.metadata.kubeVersion.isEmpty && !isCompatibleRange(chart.metadata.kubeVersion, kube.normalized) {
            throw RenderError("chart requires kubeVersion: \(chart.metadata.kubeVersion) which is incompatible with Kubernetes \(kube.version)" + debugHint)
        }
        var files: [String: String]
        do { files = try renderer.render(chart: chart, values: top) } catch {
            throw RenderError("\(error)" + debugHint)
        }
        for key in files.keys where key.hasSuffix("NOTES.txt") { files.removeValue(forKey: key) }
        let sorted: (hooks: [RenderedManifest], manifests: [RenderedManifest])
        do {
            sorted = try ManifestSorting.sort(files) { doc in
                try YAMLDecoding.decode(doc, fileName: "manifest", keeping: ManifestSorting.headProjection)
            }
        } catch {
            throw RenderError("\(error)" + debugHint)
        }

        var stdout = ""
        var manifest = ""
        var written: [String: Bool] = [:]
        let outputDir = options.outputDirectory.map { dir in
            options.useReleaseNameInOutputDirectory ? (dir as NSString).appendingPathComponent(options.releaseName) : dir
        }
        if options.includeCRDs {
            for crd in chart.crdObjects {
                let data = GoBytes.string(crd.file.data)
                if let dir = options.outputDirectory {
                    stdout += try writeFile(directory: dir, name: crd.filename, content: data, append: written[crd.filename] ?? false)
                    written[crd.filename] = true
                } else {
                    manifest += "---\n# Source: \(crd.filename)\n\(data)\n"
                }
            }
        }
        for m in sorted.manifests {
            if let dir = outputDir {
                stdout += try writeFile(directory: dir, name: m.path, content: m.content, append: written[m.path] ?? false)
                written[m.path] = true
            } else {
                manifest += "---\n# Source: \(m.path)\n\(m.content)\n"
            }
        }

        // pkg/cmd/template.go
        var manifests = ManifestSorting.trimSpace(manifest) + "\n"
        if !options.disableHooks {
            var hookWritten: [String: Bool] = [:]
            for h in sorted.hooks {
                if options.skipTests && (h.hookEvents.contains("test") || h.hookEvents.contains("test-success")) { continue }
                if let dir = outputDir {
                    if FileManager.default.fileExists(atPath: dir + "/" + h.path) { hookWritten[h.path] = true }
                    stdout += try writeFile(directory: dir, name: h.path, content: h.content, append: hookWritten[h.path] ?? false)
                } else {
                    manifests += "---\n# Source: \(h.path)\n\(h.content)\n"
                }
            }
        }
        if !options.showOnly.isEmpty {
            let docs = ManifestSorting.split(manifests)
            var selected: [String] = []
            for pattern in options.showOnly {
                var missing = true
                for doc in docs {
                    guard let name = sourceName(doc) else { continue }
                    guard goPathMatch(pattern, name) == true else { continue }
                    selected.append(doc)
                    missing = false
                }
                if missing { throw RenderError("could not find template \(pattern) in chart") }
            }
            for d in selected { stdout += "---\n\(d)\n" }
        } else {
            stdout += manifests
        }
        return HelmTemplateOutput(stdout: stdout)
    }

    /// The path after the chart name in the first `# Source: chart/...` line (regex `# Source: [^/]+/(.+)`).
    static func sourceName(_ doc: String) -> String? {
        var search = doc[...]
        while let r = search.range(of: "# Source: ") {
            let rest = search[r.upperBound...]
            let line = rest.prefix { $0 != "\n" }
            if let slash = line.firstIndex(of: "/"), slash != line.startIndex {
                let name = line[line.index(after: slash)...]
                if !name.isEmpty { return String(name) }
            }
            search = search[r.upperBound...]
        }
        return nil
    }

    /// Helm's `writeToFile`: creates or appends `---\n# Source: name\ncontent\n`; returns the `wrote` line.
    static func writeFile(directory: String, name: String, content: String, append: Bool) throws -> String {
        let path = directory + "/" + name
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = "---\n# Source: \(name)\n\(content)\n"
        if append, let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(GoBytes.bytes(text)))
            handle.closeFile()
        } else {
            try Data(GoBytes.bytes(text)).write(to: URL(fileURLWithPath: path))
        }
        return "wrote \(path)\n"
    }
}
