import AirGapBundle
import ArgumentParser
import Foundation
import RegistryClient

/// `spegelctl bundle push FILE [--registry HOST[/PREFIX]] [--oci-layout DIR]`.
struct BundlePushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Upload every image of a bundle under its target name, by digest and by tag; blobs already there are skipped, so a rerun resumes.",
        discussion: """
        --registry defaults to the bundle's imageMirror, the registry its manifests name; another value is \
        allowed (images keep their paths below it) and reported, since the manifests still name the recorded one.
        """)

    @Argument(help: "The bundle file.")
    var file: String

    @Option(help: ArgumentHelp("The registry to push to (default: the bundle's imageMirror).", valueName: "HOST[/PREFIX]"))
    var registry: String?

    @Option(name: .customLong("oci-layout"),
            help: ArgumentHelp("Write the images into this OCI image layout directory instead of a registry (tags are recorded as REGISTRY/REPO:TAG).",
                               valueName: "DIR"))
    var layout: String?

    @Option(name: .customLong("work-dir"), help: ArgumentHelp("Where blobs wait while they upload (default: next to the bundle).", valueName: "DIR"))
    var workDirectory: String?

    @OptionGroup var registryOptions: RegistryOptions

    func run() async throws {
        try await reportingBundleFailures {
            let (destination, client) = try makeDestination()
            try await using(client) {
                let printer = ProgressPrinter()
                defer { printer.finish() }
                let summary = try await BundlePusher(destination: destination, progress: printer.handler)
                    .push(URL(fileURLWithPath: file), registry: registry,
                          workDirectory: workDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) })
                printer.finish()
                print(summary.text)
            }
        }
    }

    /// An OCI layout with `--oci-layout`, else the registry (over ``RegistryClient``, whose client the
    /// caller shuts down).
    func makeDestination() throws -> (any ImageDestination, RegistryClient?) {
        if let layout {
            return (try OCILayoutImageDestination(directory: URL(fileURLWithPath: layout, isDirectory: true)), nil)
        }
        let client = try registryOptions.makeClient()
        return (RegistryImageDestination(client: client), client)
    }
}
