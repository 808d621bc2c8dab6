import ArgumentParser
import Foundation
import GoTemplate
import SpegelComponent

/// `spegelctl render`: operator values → the manifests of the spegel component.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the spegel component from operator values.",
        discussion: """
        Values: the built-in defaults (templates/operator-defaults.yaml), then each -f file in order, \
        then each --set. --mode release (default) prints the Namespace and the bundled chart rendered \
        as `helm template spegel -n spegel` prints it, images rewritten to imageMirror; --mode operator \
        prints the Namespace and the Spegel custom resource. Warnings go to stderr; bad input exits 2.
        """)

    enum Mode: String, ExpressibleByArgument, CaseIterable { case release, `operator` }
    enum Stage: String, ExpressibleByArgument, CaseIterable { case chart, chartValues = "chart-values" }

    @OptionGroup var inputs: RenderInputs

    @Option(help: "release: the rendered objects; operator: the Namespace and the Spegel CR.")
    var mode: Mode = .release

    @Option(help: "Write <mode>.yaml into this directory instead of printing.")
    var outputDir: String?

    @Option(help: ArgumentHelp(
        "Print an intermediate stage: chart (the chart's output before image rewriting, without the Namespace) or chart-values (the chart values as JSON).",
        visibility: .hidden))
    var stage: Stage?

    func run() throws {
        try reportingFailures {
            let rendered = try inputs.render(includingChart: mode == .release || stage == .chart)
            let output: String
            switch stage {
            case .chart?: output = rendered.chartOutput
            case .chartValues?: output = rendered.component.isEnabled ? jsonText(rendered.component.chartValues) + "\n" : ""
            case nil: output = mode == .release ? rendered.release : rendered.operatorManifests
            }
            if let outputDir {
                let directory = URL(fileURLWithPath: outputDir, isDirectory: true)
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let file = directory.appendingPathComponent("\(mode.rawValue).yaml")
                try Data(output.utf8).write(to: file, options: .atomic)
                printError("wrote \(file.path)")
            } else {
                FileHandle.standardOutput.write(Data(output.utf8))
            }
        }
    }
}

/// `value` as JSON with sorted keys (numbers as JSON numbers).
func jsonText(_ value: TemplateValue) -> String {
    func plain(_ value: TemplateValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .int64(let i): return i
        case .float(let f): return f.rounded() == f && abs(f) < 1e15 ? Int64(f) as Any : f
        case .string(let s): return s
        case .list, .strings, .bytes: return (value.listElements ?? []).map(plain)
        case .map: return (value.mapValue ?? [:]).mapValues(plain)
        case .object(let object): return object.goDescription
        }
    }
    let data = (try? JSONSerialization.data(withJSONObject: plain(value), options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}
