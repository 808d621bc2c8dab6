import ArgumentParser
import Foundation
import SpegelComponent

/// `spegelctl golden check|update [DIR]`.
struct GoldenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "golden",
        abstract: "Check or update the golden files (golden/<scenario>/values.yaml → release.yaml, operator.yaml).",
        subcommands: [Check.self, Update.self])

    static func goldenFiles(_ directory: String) -> GoldenFiles {
        GoldenFiles(root: URL(fileURLWithPath: directory, isDirectory: true)) { file in
            try SpegelEngine.render(files: [file])
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render every scenario and compare; print a unified diff and exit 1 on drift.")
        @Argument(help: "The golden directory.") var directory = "golden"

        func run() throws {
            try reportingFailures {
                let golden = GoldenCommand.goldenFiles(directory)
                let scenarios = try golden.scenarios()
                let diffs = try golden.check()
                for diff in diffs { FileHandle.standardOutput.write(Data(diff.utf8)) }
                guard diffs.isEmpty else {
                    throw CommandFailure(
                        message: "golden: \(diffs.count) file(s) drifted; run `spegelctl golden update \(directory)` if the change is intended",
                        exitCode: 1)
                }
                printError("golden: \(scenarios.count) scenarios up to date")
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rewrite the golden outputs (atomically, only those that changed).")
        @Argument(help: "The golden directory.") var directory = "golden"

        func run() throws {
            try reportingFailures {
                let written = try GoldenCommand.goldenFiles(directory).update()
                for path in written { printError("wrote \(path)") }
                printError("golden: \(written.count) file(s) updated")
            }
        }
    }
}
