import ArgumentParser
import HelmChart
import HelmRendering
import Dispatch

/// `spegelctl template CHART [NAME]`: renders a chart exactly as `helm template` (Helm v4) prints it.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a Helm chart locally, byte-identical to `helm template` (Helm v4).",
        discussion: "Arguments may be given as CHART [NAME] or, as Helm does, NAME CHART. NAME defaults to release-name.")

    @Argument(help: "The chart directory or .tgz archive, and optionally the release name.")
    var arguments: [String]

    @Option(name: [.customShort("f"), .long], help: "Values files (YAML), merged in order; repeatable or comma-separated.")
    var values: [String] = []
    @Option(name: .long, help: "Set values (a.b=c,d[0]=e); repeatable.")
    var set: [String] = []
    @Option(name: .customLong("set-string"), help: "Set string values; repeatable.")
    var setString: [String] = []
    @Option(name: .customLong("set-file"), help: "Set values from files (key=path); repeatable.")
    var setFile: [String] = []
    @Option(name: .customLong("set-json"), help: "Set JSON values (key=json or a JSON object); repeatable.")
    var setJSON: [String] = []
    @Option(name: .customLong("set-literal"), help: "Set a literal string value (key=value, no parsing of the value).")
    var setLiteral: [String] = []
    @Option(name: [.customShort("n"), .long], help: "Release namespace.")
    var namespace: String = "default"
    @Option(name: .customLong("kube-version"), help: "Kubernetes version for Capabilities.KubeVersion.")
    var kubeVersion: String?
    @Option(name: [.customShort("a"), .customLong("api-versions")], help: "Extra API versions for Capabilities.APIVersions; repeatable or comma-separated.")
    var apiVersions: [String] = []
    @Flag(name: .customLong("include-crds"), help: "Include CRDs in the output.")
    var includeCRDs = false
    @Flag(name: .customLong("skip-tests"), help: "Skip test hooks.")
    var skipTests = false
    @Flag(name: .customLong("no-hooks"), help: "Omit hooks.")
    var noHooks = false
    @Flag(name: .customLong("is-upgrade"), help: "Set .Release.IsUpgrade instead of .Release.IsInstall.")
    var isUpgrade = false
    @Flag(name: .customLong("skip-schema-validation"), help: "Do not validate values against values.schema.json.")
    var skipSchemaValidation = false
    @Option(name: [.customShort("s"), .customLong("show-only")], help: "Only show manifests rendered from these templates (globs); repeatable.")
    var showOnly: [String] = []
    @Option(name: .customLong("output-dir"), help: "Write each template to files under this directory instead of stdout.")
    var outputDir: String?
    @Flag(name: .customLong("release-name"), help: "Use the release name in the output-dir path.")
    var useReleaseName = false
    @Option(name: .customLong("benchmark-iterations"), help: .hidden)
    var benchmarkIterations: Int?

    /// What `--benchmark-iterations` times: `pipeline` (chart loading, dependencies, values, schema,
    /// templates, sorting, framing: what a client dry-run install does) or `engine` (dependencies, values
    /// and template execution: what Helm's `engine.Render` behind `helm_render` does).
    @Option(name: .customLong("benchmark-scope"), help: .hidden)
    var benchmarkScope: String = "pipeline"

    func run() throws {
        if let n = benchmarkIterations { return try benchmark(iterations: n) }
        // Helm's messages (values skipped while coalescing, non-bool conditions, symbolic links
        // followed) go to stderr as Go's logger writes them.
        HelmLog.setHandler { message in FileHandle.standardError.write(Data(HelmLog.stamped(message).utf8)) }
        defer { HelmLog.setHandler(nil) }
        do {
            let output = try render()
            FileHandle.standardOutput.write(Data(GoBytes.bytes(output)))
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Everything `helm template` does, returning stdout.
    func render() throws -> String {
        let (chartPath, name) = try resolveArguments()
        if name.isEmpty { throw RenderError("release name \"\": no name provided") }
        if name.utf8.count > 53 || name.range(of: #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#, options: .regularExpression) == nil {
            throw RenderError("release name check failed: release name \"\(name)\": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53")
        }
        if let kv = kubeVersion {
            do { _ = try KubeVersionObject.parse(kv) } catch {
                throw RenderError("invalid kube version '\(kv)': \(error)")
            }
        }
        let userValues = try ValuesOptions(
            valueFiles: values.flatMap { $0.split(separator: ",").map(String.init) },
            jsonValues: setJSON, values: set, stringValues: setString, fileValues: setFile, literalValues: setLiteral
        ).merged()
        let chart = try ChartLoader.load(path: chartPath)
        var options = HelmTemplateOptions()
        options.releaseName = name
        options.namespace = namespace
        options.kubeVersion = kubeVersion
        options.extraAPIVersions = apiVersions.flatMap { $0.split(separator: ",").map(String.init) }
        options.includeCRDs = includeCRDs
        options.skipTests = skipTests
        options.disableHooks = noHooks
        options.isUpgrade = isUpgrade
        options.skipSchemaValidation = skipSchemaValidation
        options.showOnly = showOnly
        options.outputDirectory = outputDir
        options.useReleaseNameInOutputDirectory = useReleaseName
        return try HelmTemplate.run(chart: chart, values: userValues, options: options).stdout
    }

    /// Renders the chart `iterations` times in this process (chart loading excluded) and prints
    /// `median_ms=… min_ms=… iterations=…` to stderr; used by benchmarks/render.
    func benchmark(iterations: Int) throws {
        let (chartPath, name) = try resolveArguments()
        let userValues = try ValuesOptions(valueFiles: values, values: set).merged()
        var options = HelmTemplateOptions()
        options.releaseName = name
        options.namespace = namespace
        let renderer = ChartRenderer()
        var samples: [Double] = []
        var bytes = 0
        guard benchmarkScope == "pipeline" || benchmarkScope == "engine" else {
            throw ValidationError("--benchmark-scope: expected pipeline or engine, got \(benchmarkScope)")
        }
        for _ in 0..<max(1, iterations) {
            if benchmarkScope == "engine" {
                let chart = try ChartLoader.load(path: chartPath)
                let start = DispatchTime.now().uptimeNanoseconds
                let files = try HelmTemplate.renderFiles(chart: chart, values: ValuesCoalescing.deepCopy(userValues), options: options, renderer: renderer)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                bytes = files.values.reduce(0) { $0 + $1.utf8.count }
            } else {
                let start = DispatchTime.now().uptimeNanoseconds
                let chart = try ChartLoader.load(path: chartPath)
                let out = try HelmTemplate.run(chart: chart, values: ValuesCoalescing.deepCopy(userValues), options: options, renderer: renderer)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                bytes = out.stdout.utf8.count
            }
        }
        samples.sort()
        let median = samples[samples.count / 2]
        FileHandle.standardError.write(Data(String(format: "median_ms=%.3f min_ms=%.3f iterations=%d bytes=%d\n", median, samples[0], samples.count, bytes).utf8))
    }

    func resolveArguments() throws -> (chart: String, name: String) {
        switch arguments.count {
        case 1: return (arguments[0], "release-name")
        case 2:
            let fm = FileManager.default
            if fm.fileExists(atPath: arguments[0]) && !fm.fileExists(atPath: arguments[1]) { return (arguments[0], arguments[1]) }
            return (arguments[1], arguments[0])
        default:
            throw RenderError("expected at most 2 arguments, unexpected arguments: \(arguments.dropFirst(2).joined(separator: ", "))")
        }
    }
}
