import ArgumentParser

/// `spegel version`.
struct VersionCommand: ParsableCommand {
    /// The version this binary reports; the daemon image is tagged `v<version>` (scripts/build-image.sh),
    /// and it equals the bundled chart's `appVersion` and the default `images.spegel` tag.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() { print(Self.version) }
}
