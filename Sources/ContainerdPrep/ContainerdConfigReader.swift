/// The two settings spegel depends on, as one containerd configuration file states them.
public struct ContainerdConfigValues: Equatable, Sendable {
    /// The file's format.
    public var version: ContainerdConfigVersion
    /// The registry `config_path`; nil when the file does not set it (containerd then ignores `certs.d`).
    public var configPath: String?
    /// `discard_unpacked_layers`; nil when the file does not set it (containerd's default is false).
    public var discardUnpackedLayers: Bool?
}

/// Reads (never changes) a containerd `config.toml`: what `spegel registry --containerd-config-file`
/// checks when it cannot ask containerd itself. Files named by `imports` are not followed.
public enum ContainerdConfigReader {
    /// The settings `text` (the content of `fileName`) states.
    /// - Throws: `ContainerdPrepError` naming the file and line when the TOML is invalid, the version is
    ///   unknown, or a key holds the wrong type.
    public static func values(text: String, fileName: String) throws -> ContainerdConfigValues {
        let document = try ContainerdConfigPatcher.parse(text, file: fileName)
        let version = try ContainerdConfigVersion.declared(by: document, file: fileName)
        var values = ContainerdConfigValues(version: version, configPath: nil, discardUnpackedLayers: nil)
        switch try ContainerdConfigPatcher.existingValue(at: version.configPathKey, in: document, file: fileName) {
        case .string(let path)?: values.configPath = path
        case nil: break
        case let other?:
            throw ContainerdConfigPatcher.typeError(version.configPathKey, found: other, expected: "a string", document: document, file: fileName)
        }
        switch try ContainerdConfigPatcher.existingValue(at: version.discardUnpackedLayersKey, in: document, file: fileName) {
        case .boolean(let discard)?: values.discardUnpackedLayers = discard
        case nil: break
        case let other?:
            throw ContainerdConfigPatcher.typeError(version.discardUnpackedLayersKey, found: other, expected: "a boolean", document: document, file: fileName)
        }
        return values
    }
}
