import ArgumentParser

/// `spegel containerd-prep` (registered in Sources/spegel/main.swift): makes containerd read certs.d and keep unpacked layers.
public struct ContainerdPrepCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "containerd-prep",
        abstract: "Set config_path and discard_unpacked_layers = false in containerd's config.toml.",
        discussion: """
            Changes only those two keys, keeps every other byte, writes atomically with one backup \
            (<config>.spegel-backup) and runs the restart command only when the file changed. Prints \
            `changed` or `unchanged`, the effective config_path and a unified diff. Exit status: 0 changed \
            or unchanged, 2 refused or failed; with --dry-run 0 nothing to change, 1 would change.
            """)

    @Option(name: .customLong("config"), help: "containerd's configuration file.")
    var config: String

    @Option(name: .customLong("config-path"), help: "certs.d directory to set when none is set.")
    var configPath = "/etc/containerd/certs.d"

    @Option(name: .customLong("restart-command"), help: "Command (run by /bin/sh -c) that restarts containerd.")
    var restartCommand = PrepRequest.defaultRestartCommand

    @Option(name: .customLong("host-root"), help: "Where the node's / is mounted; absolute imports are read below it.")
    var hostRoot = ""

    @Flag(name: .customLong("dry-run"), help: "Print what would change; write and restart nothing.")
    var dryRun = false

    @Option(name: .customLong("config-version"), help: "Format of a new file: 2 (containerd 1.x) or 3 (containerd 2.x).")
    var configVersion = 2

    public init() {}

    public func validate() throws {
        guard configVersion == 2 || configVersion == 3 else {
            throw ValidationError("--config-version must be 2 or 3")
        }
        guard !configPath.isEmpty else { throw ValidationError("--config-path must not be empty") }
    }

    public func run() throws {
        let outcome = ContainerdPrep.apply(
            PrepRequest(
                configFile: config, configPath: configPath,
                versionForNewFile: ContainerdConfigVersion(rawValue: configVersion)!,
                restartCommand: restartCommand, dryRun: dryRun, hostRoot: hostRoot))
        FileHandle.standardOutput.write(Data(outcome.output.utf8))
        FileHandle.standardError.write(Data(outcome.messages.utf8))
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}
