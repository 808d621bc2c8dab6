import AirGapBundle
import ArgumentParser
import Foundation

/// `spegelctl bundle verify FILE`.
struct BundleVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every file and blob of a bundle and check it is complete; exit 1 naming each damaged entry.")

    @Argument(help: "The bundle file (tar, gzip or zstd; detected from its first bytes).")
    var file: String

    func run() async throws {
        try await reportingBundleFailures {
            let printer = ProgressPrinter()
            let scan = try BundleScan.scan(URL(fileURLWithPath: file), progress: printer.handler)
            printer.finish()
            let problems = BundleVerifier.problems(in: scan)
            guard problems.isEmpty else {
                throw BundleError.damaged(file: file, problems: problems)
            }
            let images = (try? scan.metadata().images.count) ?? 0
            let files = scan.entries.filter { !$0.isDirectory }
            print("\(file): ok (\(files.count) files, \(images) images, \(formatByteCount(files.reduce(0) { $0 + $1.size })))")
        }
    }
}
