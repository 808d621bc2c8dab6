import ArgumentParser
import MirrorRegistry

/// `spegel configuration`: point containerd at the mirror (writes `certs.d/<host>/hosts.toml`).
struct ConfigurationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configuration",
        abstract: "Write containerd hosts.toml files that try the mirror first and the upstream registry last."
    )

    @Option(help: "containerd registry config directory (config_path).") var containerdRegistryConfigPath = "/etc/containerd/certs.d"
    @Option(parsing: .upToNextOption, help: "Mirror endpoints, in order (e.g. http://localhost:5000).") var mirrorTargets: [String] = []
    @Option(parsing: .upToNextOption, help: "Registries to mirror (URLs or hosts). Empty: all registries (_default).") var mirroredRegistries: [String] = []
    @Option(help: "Whether mirrors may resolve tags.") var resolveTags = true
    @Option(help: "Keep the entries of an existing hosts.toml after the mirror's.") var prependExisting = false
    @Option(help: "Log level.") var logLevel = "info"

    func validate() throws {
        guard !mirrorTargets.isEmpty else { throw ValidationError("--mirror-targets: at least one mirror URL is required") }
    }

    func run() throws {
        let logger = try DaemonBootstrap.logging(level: logLevel)
        let configuration = HostsConfiguration(
            directory: containerdRegistryConfigPath,
            mirroredRegistries: mirroredRegistries.flatMap { $0.split(separator: ",").map(String.init) },
            mirrorTargets: mirrorTargets.flatMap { $0.split(separator: ",").map(String.init) },
            resolveTags: resolveTags, prependExisting: prependExisting)
        for path in try configuration.configure() {
            logger.info("wrote \(path)")
        }
    }
}
