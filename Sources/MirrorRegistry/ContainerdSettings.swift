import Foundation

/// containerd's two settings the mirror depends on, as containerd itself (its CRI status) or its
/// configuration file reports them.
public struct ContainerdSettings: Sendable, Equatable {
    /// The CRI registry `config_path` (the `certs.d` directory); empty when unset, nil when unknown.
    public var registryConfigPath: String?
    /// `discard_unpacked_layers`; nil when unknown (containerd's default is false).
    public var discardUnpackedLayers: Bool?
    /// Where the settings came from, for messages: `containerd's CRI status`, or a file path.
    public var source: String

    public init(registryConfigPath: String?, discardUnpackedLayers: Bool?, source: String) {
        self.registryConfigPath = registryConfigPath
        self.discardUnpackedLayers = discardUnpackedLayers
        self.source = source
    }
}

/// What the mirror needs from containerd: `config_path` pointing at the directory `spegel configuration`
/// writes, a spegel `hosts.toml` there for every mirrored registry, and unpacked layers kept.
public struct ContainerdConfigExpectation: Sendable, Equatable {
    /// The `certs.d` directory the daemon's `hosts.toml` files are in (`--containerd-registry-config-path`),
    /// as both containerd and the daemon see it; nil skips the directory checks.
    public var registryConfigPath: String?
    /// Registry hosts that must have a spegel `hosts.toml`; empty means `_default`.
    public var mirroredRegistries: [String]

    public init(registryConfigPath: String?, mirroredRegistries: [String]) {
        self.registryConfigPath = registryConfigPath
        self.mirroredRegistries = mirroredRegistries
    }

    /// Every way `settings` (and the files in the expected directory) fail the mirror, each as one
    /// sentence saying what is wrong and what to do; empty when containerd will use the mirror.
    ///
    /// - Parameter managedHosts: the hosts that have a spegel-written `hosts.toml` in a directory
    ///   (``HostsConfiguration/managedHosts(in:)``).
    public func problems(with settings: ContainerdSettings, managedHosts: (String) throws -> [String] = HostsConfiguration.managedHosts(in:)) -> [String] {
        var problems: [String] = []
        let configured = settings.registryConfigPath
        if configured == "" {
            problems.append("containerd's registry config_path is empty (\(settings.source)): containerd ignores certs.d and never asks the mirror; "
                + "run `spegel containerd-prep` (the spegel-containerd-prep DaemonSet) and restart containerd")
        } else if let configured, let expected = registryConfigPath, !samePath(configured, expected) {
            problems.append("containerd reads hosts.toml files from \(configured) (\(settings.source)) but spegel writes them to \(expected); "
                + "set --containerd-registry-config-path to \(configured) or config_path to \(expected)")
        }
        if settings.discardUnpackedLayers == true {
            problems.append("containerd discards layers after unpacking them (discard_unpacked_layers = true, \(settings.source)): "
                + "this node cannot serve those layers to peers; set it to false with `spegel containerd-prep` and restart containerd")
        }
        if let directory = registryConfigPath {
            let wanted = mirroredRegistries.isEmpty ? ["_default"] : mirroredRegistries
            do {
                let present = Set(try managedHosts(directory))
                let missing = wanted.filter { !present.contains($0) }
                if !missing.isEmpty {
                    problems.append("no spegel hosts.toml for \(missing.joined(separator: ", ")) in \(directory): "
                        + "run `spegel configuration` (the DaemonSet's init container) with these registries")
                }
            } catch {
                problems.append("cannot read \(directory): \(error)")
            }
        }
        return problems
    }

    private func samePath(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}
