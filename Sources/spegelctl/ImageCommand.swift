import ArgumentParser
import Foundation
import ImageBuilding

/// `spegelctl image build`: the daemon's OCI image from a release binary.
struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Build the spegel daemon's OCI image.",
        subcommands: [Build.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an OCI image layout of an executable and the shared libraries it loads (scripts/build-image.sh runs this).",
            discussion: """
            The image has one layer: the executable at /usr/local/bin/spegel (the entrypoint, with Cmd \
            ["registry"]), every shared library `ldd` lists and the dynamic loader at their paths, /etc/passwd \
            and /etc/group with the user 65532 "nonroot" it runs as, and /tmp. Files have mode, owner and \
            mtime fixed (mtime = --source-date-epoch, else $SOURCE_DATE_EPOCH, else 0), so the same inputs \
            give the same digest. Prints the manifest digest.
            """)

        @Option(help: "The executable, e.g. .build/release/spegel.") var binary: String
        @Option(help: "The OCI layout directory to write (replaced if it holds a layout).") var out: String
        @Option(help: "The image reference recorded as org.opencontainers.image.ref.name, e.g. ghcr.io/saturncloud/spegel:v0.1.0.")
        var tag: String
        @Option(name: .customLong("label"), help: "A label KEY=VALUE of the image configuration (repeatable).")
        var labels: [String] = []
        @Option(help: "Seconds since 1970 used as every file's mtime and the config's created time.")
        var sourceDateEpoch: Int?

        func run() throws {
            try reportingFailures {
                do {
                    let epoch = try sourceDateEpoch ?? Self.environmentEpoch()
                    let options = ExecutableImageOptions(
                        executable: binary, reference: tag, labels: try Self.parseLabels(labels), timestamp: epoch)
                    let image = try ExecutableImageBuilder().build(options)
                    try image.writeLayout(to: URL(fileURLWithPath: out))
                    printError("wrote \(out): \(tag), \(image.configuration.os)/\(image.configuration.architecture), "
                        + "\(image.files.count) paths (\(image.libraries.count) shared libraries), \(image.size) bytes")
                    print(image.digest)
                } catch let error as ImageBuildError {
                    throw CommandFailure(message: "image build: \(error)", exitCode: 1)
                }
            }
        }

        static func parseLabels(_ texts: [String]) throws -> [String: String] {
            var labels: [String: String] = [:]
            for text in texts {
                guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                    throw ImageBuildError.invalidLabel(text)
                }
                labels[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            return labels
        }

        static func environmentEpoch() throws -> Int {
            guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return 0 }
            guard let seconds = Int(text), seconds >= 0 else {
                throw CommandFailure(message: "image build: SOURCE_DATE_EPOCH \"\(text)\": expected a non-negative integer (seconds since 1970)", exitCode: 1)
            }
            return seconds
        }
    }
}
