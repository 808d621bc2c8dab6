import ContainerdPrep
import ArgumentParser

/// `spegel`: the node-local, peer-to-peer OCI registry mirror and its node helpers.
@main
struct Spegel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spegel",
        abstract: "Peer-to-peer OCI registry mirror for containerd nodes.",
        version: VersionCommand.version,
        subcommands: [
            // -- subcommands --
            RegistryCommand.self, ConfigurationCommand.self, CleanupCommand.self, CleanupWaitCommand.self, VersionCommand.self,
            ContainerdPrepCommand.self,
        ]
    )
}
