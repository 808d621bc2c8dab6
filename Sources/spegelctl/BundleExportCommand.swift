import AirGapBundle
import ArgumentParser
import Foundation
import OCI
import RegistryClient

/// `spegelctl bundle export -f values.yaml --out FILE`.
struct BundleExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Render the component, fetch every image it uses and write them with the pinned manifests into one bundle file.",
        discussion: """
        The values must set imageMirror (the site's registry, HOST[/PREFIX]). The bundle is a tar (gzip or \
        zstd with --compress) holding an OCI image layout (oci-layout, index.json, blobs/sha256/…), \
        manifests/release.yaml with every image under imageMirror and pinned by digest, the chart as .tgz, \
        the values files, bundle.json and SHA256SUMS. Two exports of the same input are byte-identical \
        (entry times are SOURCE_DATE_EPOCH, or 0).
        """)

    @OptionGroup var inputs: RenderInputs

    @Option(name: .customLong("out"), help: "The bundle file to write (written next to it first, then renamed).")
    var output: String

    @Option(name: .customLong("platform"), help: "Keep only this platform of multi-platform images, OS/ARCH[/VARIANT] (repeatable; default: all).")
    var platforms: [String] = []

    @Option(help: "Compression of the bundle file: none, gzip or zstd.")
    var compress: BundleCompression = .none

    @OptionGroup var source: ImageSourceOptions

    func run() async throws {
        try await reportingBundleFailures {
            let filters = try platforms.map(PlatformFilter.init(parsing:))
            let modificationTime = try Self.sourceDateEpoch()
            let rendered = try inputs.render()
            _ = try BundleExporter.imageMirror(of: rendered)
            let (imageSource, client) = try source.makeImageSource()
            let request = BundleExportRequest(
                rendered: rendered, chartFiles: try inputs.loadChartFiles(), valuesFiles: try inputs.loadValuesFiles(),
                sets: inputs.sets, platforms: filters, compression: compress, modificationTime: modificationTime)
            try await using(client) {
                let printer = ProgressPrinter()
                defer { printer.finish() }
                try await BundleExporter(source: imageSource, progress: printer.handler)
                    .export(request, to: URL(fileURLWithPath: output))
            }
        }
    }

    /// `SOURCE_DATE_EPOCH` (seconds since 1970) when set, otherwise 0.
    static func sourceDateEpoch() throws -> Int64 {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return 0 }
        guard let value = Int64(text), value >= 0, value <= 0o77777777777 else {
            throw CommandFailure(message: "error: SOURCE_DATE_EPOCH=\(text): expected seconds since 1970 (a non-negative integer)", exitCode: 2)
        }
        return value
    }
}

/// Where `bundle export` reads images from.
struct ImageSourceOptions: ParsableArguments {
    @Option(name: .customLong("image-source"),
            help: ArgumentHelp("Read images from this OCI image layout directory (matched by org.opencontainers.image.ref.name: the full reference or its tag).",
                               valueName: "DIR"))
    var directory: String?

    @OptionGroup var registryOptions: RegistryOptions

    /// The OCI layout of `--image-source`, else the images' registries (over ``RegistryClient``, whose
    /// client the caller shuts down).
    func makeImageSource() throws -> (any ImageSource, RegistryClient?) {
        guard let directory else {
            let client = try registryOptions.makeClient()
            return (RegistryImageSource(client: client), client)
        }
        do {
            return (try OCILayoutImageSource(directory: URL(fileURLWithPath: directory, isDirectory: true)), nil)
        } catch {
            throw CommandFailure(message: "error: --image-source \(directory): not an OCI image layout: \(error)", exitCode: 2)
        }
    }
}
