import AirGapBundle
import ArgumentParser
import Foundation

/// `spegelctl bundle export|verify|inspect|push`: the air-gapped bundle.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Make, check and load an air-gapped bundle: every image of the rendered component, the manifests pinned by digest, the chart and the values.",
        subcommands: [BundleExportCommand.self, BundleVerifyCommand.self, BundleInspectCommand.self, BundlePushCommand.self])
}

extension BundleCompression: ExpressibleByArgument {}

/// Turns errors of the bundle operations into messages and exit codes: bad input 2, everything else 1.
func reportingBundleFailures(_ body: () async throws -> Void) async throws {
    try await reportingFailures {
        do {
            try await body()
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as PlatformFilterError {
            throw CommandFailure(message: "error: \(error)", exitCode: 2)
        } catch let error as BundleError {
            switch error {
            case .noImageMirror, .nothingToBundle, .platformMissing:
                throw CommandFailure(message: "error: \(error)", exitCode: 2)
            default:
                throw CommandFailure(message: "error: \(error)", exitCode: 1)
            }
        } catch {
            throw CommandFailure(message: "error: \(error)", exitCode: 1)
        }
    }
}
