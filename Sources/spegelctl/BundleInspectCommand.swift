import AirGapBundle
import ArgumentParser
import Foundation

/// `spegelctl bundle inspect FILE [--json]`.
struct BundleInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a bundle's images (source → target, digest, size, platforms), its files and the total size.")

    @Argument(help: "The bundle file.")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        try await reportingBundleFailures {
            let printer = ProgressPrinter()
            let scan = try BundleScan.scan(URL(fileURLWithPath: file), progress: printer.handler)
            printer.finish()
            if let failure = scan.readFailure { printError("warning: \(file): the archive cannot be read to its end: \(failure)") }
            let inspection = try BundleInspection(scan: scan)
            FileHandle.standardOutput.write(Data((json ? try inspection.json() : inspection.text).utf8))
        }
    }
}
