import ArgumentParser

/// `spegel version`.
struct VersionCommand: ParsableCommand {
    /// The version this binary reports.
    static let version = "0.1.0-dev"

    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() { print(Self.version) }
}
