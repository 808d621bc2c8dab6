import ArgumentParser
import Foundation
import GoTemplate
import SpegelComponent

/// The operator-values options shared by `render` and `images`.
struct RenderInputs: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("values")], help: "Operator values file (repeatable; later files win).")
    var valueFiles: [String] = []

    @Option(name: .customLong("set"), help: "Set an operator value, e.g. saturnComponents.spegel.enabled=true (repeatable; wins over -f).")
    var sets: [String] = []

    @Option(name: .customLong("chart"), help: "Render this chart directory instead of the bundled one.")
    var chart: String?

    /// Renders the operator values; bad input exits with code 2, other failures with 1.
    func render(includingChart: Bool = true) throws -> RenderedComponent {
        do {
            let files = try loadValuesFiles()
            let chartFiles = try loadChartFiles()
            let component = try ComponentValues(files: files, sets: sets, decode: SpegelEngine.decodeValues)
            let rendered = try RenderedComponent(component: component, chartFiles: chartFiles,
                                                 renderChart: includingChart ? SpegelEngine.renderChart : nil)
            for warning in rendered.warnings where warning.severity == .warning {
                printError(warning.description)
            }
            if let reason = rendered.component.disabledReason { printError("note: " + reason) }
            return rendered
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as ComponentValuesError {
            throw CommandFailure(message: error.description, exitCode: 2)
        } catch let error as SetAssignments.ParseError {
            throw CommandFailure(message: "error: \(error)", exitCode: 2)
        } catch let error as SpegelEngine.Unavailable {
            throw CommandFailure(message: "error: \(error)", exitCode: 1)
        } catch {
            // Decoding errors of values files (file:line:col) are bad input too.
            let text = "\(error)"
            let isInput = valueFiles.contains { text.hasPrefix($0 + ":") } || text.hasPrefix("templates/operator-defaults")
            throw CommandFailure(message: "error: \(text)", exitCode: isInput ? 2 : 1)
        }
    }

    /// The `-f` files, in order; an unreadable file exits with code 2.
    func loadValuesFiles() throws -> [OperatorValuesFile] {
        try valueFiles.map { path -> OperatorValuesFile in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure(message: "\(path): cannot read the values file", exitCode: 2)
            }
            return OperatorValuesFile(name: path, text: String(decoding: data, as: UTF8.self))
        }
    }

    /// The files of the `--chart` directory, or of the bundled chart.
    func loadChartFiles() throws -> [String: [UInt8]] {
        try chart.map(readChartDirectory) ?? BundledTemplates.chartFiles
    }

    /// Every file under `path`, keyed by its path relative to it.
    func readChartDirectory(_ path: String) throws -> [String: [UInt8]] {
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Chart.yaml").path) else {
            throw CommandFailure(message: "error: \(path): not a chart directory (no Chart.yaml)", exitCode: 2)
        }
        var files: [String: [UInt8]] = [:]
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            files[relative] = [UInt8](try Data(contentsOf: url))
        }
        return files
    }
}

/// A failure reported as one message on stderr and an exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32
}

/// Writes `text` and a newline to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs `body`, turning a ``CommandFailure`` into its message and exit code.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as CommandFailure {
        printError(failure.message)
        throw ExitCode(failure.exitCode)
    }
}

/// Runs `body`, turning a ``CommandFailure`` into its message and exit code.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CommandFailure {
        printError(failure.message)
        throw ExitCode(failure.exitCode)
    }
}
