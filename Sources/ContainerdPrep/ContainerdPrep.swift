// The ContainerdPrep module. Its layer and seams are described in docs/ARCHITECTURE.md.
@_exported import Foundation

/// One run of `spegel containerd-prep`.
public struct PrepRequest {
    /// The containerd configuration file to patch.
    public var configFile: String
    /// The certs.d directory to set when none is set.
    public var configPath: String
    /// The format of a new file (missing or empty input).
    public var versionForNewFile: ContainerdConfigVersion
    /// Run through `/bin/sh -c` after the file changed.
    public var restartCommand: String
    /// Report only: write nothing and restart nothing.
    public var dryRun: Bool
    /// Where the node's root file system is mounted, for absolute `imports` (empty: on the node).
    public var hostRoot: String

    /// The command that restarts containerd on the host from a privileged pod.
    public static let defaultRestartCommand = "nsenter -t 1 -m -u -i -n -p -- systemctl restart containerd"

    public init(
        configFile: String, configPath: String = "/etc/containerd/certs.d",
        versionForNewFile: ContainerdConfigVersion = .v2, restartCommand: String = PrepRequest.defaultRestartCommand,
        dryRun: Bool = false, hostRoot: String = ""
    ) {
        self.hostRoot = hostRoot
        self.configFile = configFile
        self.configPath = configPath
        self.versionForNewFile = versionForNewFile
        self.restartCommand = restartCommand
        self.dryRun = dryRun
    }
}

/// What a run did: the text for standard output and error and the exit status.
public struct PrepOutcome {
    /// `nil` when the run was refused or failed before patching.
    public var result: PatchResult?
    /// Whether the restart command ran.
    public var restarted: Bool
    /// `changed` or `unchanged`, the effective `config_path`, then the unified diff.
    public var output: String
    /// Errors and notes.
    public var messages: String
    /// 0 changed or unchanged, 2 refused or failed; with a dry run 0 nothing to change, 1 would change.
    public var exitStatus: Int32
}

/// File-level `containerd-prep`: read, patch, back up, write atomically, restart when changed.
public enum ContainerdPrep {
    /// The backup beside the config holding the bytes before the last change.
    public static func backupPath(for configFile: String) -> String { configFile + ".spegel-backup" }

    /// Present while a restart after a change is still owed (the restart failed or was interrupted).
    public static func pendingRestartPath(for configFile: String) -> String { configFile + ".spegel-restart-pending" }

    /// Runs one request against a file system and a restart runner.
    public static func apply(
        _ request: PrepRequest, fileSystem: PrepFileSystem = LocalFileSystem(),
        restartRunner: RestartRunner = ShellRestartRunner()
    ) -> PrepOutcome {
        var messages = ""
        func refuse(_ message: String) -> PrepOutcome {
            PrepOutcome(result: nil, restarted: false, output: "", messages: "refused: \(message)\n", exitStatus: 2)
        }
        var path = request.configFile
        if let local = fileSystem as? LocalFileSystem { path = local.resolvingSymlinks(path) }
        let original: [UInt8]?
        do {
            original = try fileSystem.read(path)
        } catch {
            return refuse("\(error)")
        }
        guard let text = String(validating: original ?? [], as: UTF8.self) else {
            return refuse("\(request.configFile): not valid TOML: the file is not UTF-8")
        }
        let result: PatchResult
        do {
            result = try ContainerdConfigPatcher.patch(
                text: text,
                options: PatchOptions(
                    configPath: request.configPath, versionForNewFile: request.versionForNewFile,
                    fileName: path, importReader: fileSystem, hostRoot: request.hostRoot))
        } catch {
            return refuse("\(error)")
        }
        let output = result.report(fileName: path)
        if request.dryRun {
            messages += "dry run: nothing written, containerd not restarted\n"
            return PrepOutcome(result: result, restarted: false, output: output, messages: messages, exitStatus: result.changed ? 1 : 0)
        }
        let pending = ContainerdPrep.pendingRestartPath(for: path)
        var restartOwed = (try? fileSystem.read(pending)) != nil
        if result.changed {
            do {
                try fileSystem.writeAtomically(original ?? [], to: backupPath(for: path))
                try fileSystem.writeAtomically(Array("restart owed after changing \(path)\n".utf8), to: pending)
                try fileSystem.writeAtomically(Array(result.patched.utf8), to: path)
            } catch {
                try? fileSystem.remove(pending)
                return PrepOutcome(
                    result: result, restarted: false, output: "",
                    messages: "failed: \(error); \(path) is unchanged\n", exitStatus: 2)
            }
            restartOwed = true
        } else if restartOwed {
            messages += "a restart owed from an earlier change is due\n"
        }
        guard restartOwed else {
            return PrepOutcome(result: result, restarted: false, output: output, messages: messages, exitStatus: 0)
        }
        messages += "restarting containerd: \(request.restartCommand)\n"
        let status: Int32
        do {
            status = try restartRunner.run(request.restartCommand)
        } catch {
            messages += "failed: cannot run the restart command: \(error); the restart is retried on the next run\n"
            return PrepOutcome(result: result, restarted: false, output: output, messages: messages, exitStatus: 2)
        }
        guard status == 0 else {
            messages += "failed: the restart command exited with status \(status); the restart is retried on the next run\n"
            return PrepOutcome(result: result, restarted: true, output: output, messages: messages, exitStatus: 2)
        }
        try? fileSystem.remove(pending)
        return PrepOutcome(result: result, restarted: true, output: output, messages: messages, exitStatus: 0)
    }
}
