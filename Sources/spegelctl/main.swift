import ArgumentParser

/// `spegelctl`: renders charts and the spegel component, checks golden files, exports bundles.
@main
struct SpegelCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spegelctl",
        abstract: "Render Helm charts and the spegel component; check golden files; export air-gapped bundles.",
        subcommands: [
            // -- subcommands --
            TemplateCommand.self,
            RenderCommand.self, ImagesCommand.self, CrdCommand.self, GoldenCommand.self, BundleCommand.self,
            ImageCommand.self,
        ]
    )
}
