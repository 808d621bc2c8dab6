/// A containerd configuration file format, which decides where the CRI settings live.
public enum ContainerdConfigVersion: Int, Sendable, CaseIterable {
    /// containerd 1.x without `version` (or `version = 1`): `plugins.cri`.
    case v1 = 1
    /// containerd 1.x `version = 2`: `plugins."io.containerd.grpc.v1.cri"`.
    case v2 = 2
    /// containerd 2.x `version = 3`: `plugins."io.containerd.cri.v1.images"`.
    case v3 = 3

    /// The plugin table holding both settings.
    public var pluginPath: [String] {
        switch self {
        case .v1: return ["plugins", "cri"]
        case .v2: return ["plugins", "io.containerd.grpc.v1.cri"]
        case .v3: return ["plugins", "io.containerd.cri.v1.images"]
        }
    }

    /// The registry table (`config_path`, `mirrors`, `configs`).
    public var registryPath: [String] { pluginPath + ["registry"] }

    /// The full key path of `config_path`.
    public var configPathKey: [String] { registryPath + ["config_path"] }

    /// The full key path of `discard_unpacked_layers`.
    public var discardUnpackedLayersKey: [String] {
        switch self {
        case .v1, .v2: return pluginPath + ["containerd", "discard_unpacked_layers"]
        case .v3: return pluginPath + ["discard_unpacked_layers"]
        }
    }

    /// The smallest file that sets both keys, used for a missing or empty file.
    func minimalFile(configPath: String) -> String {
        let plugin = TOMLKeyFormatter.path(pluginPath)
        let registry = TOMLKeyFormatter.path(registryPath)
        let value = TOMLKeyFormatter.basicString(configPath)
        switch self {
        case .v1, .v2:
            return """
                \(self == .v2 ? "version = 2\n\n" : "")[\(plugin).containerd]
                  discard_unpacked_layers = false

                [\(registry)]
                  config_path = \(value)

                """
        case .v3:
            return """
                version = 3

                [\(plugin)]
                  discard_unpacked_layers = false

                [\(registry)]
                  config_path = \(value)

                """
        }
    }

    /// The version a document declares: `version` absent means 1.
    static func declared(by document: TOMLDocument, file: String) throws -> ContainerdConfigVersion {
        guard let (value, pair) = document.root.value(at: ["version"]) else { return .v1 }
        if case .integer(let raw) = value, let number = TOMLPlainValue.integerValue(raw),
            let version = ContainerdConfigVersion(rawValue: Int(number))
        {
            return version
        }
        throw ContainerdPrepError(
            file: file, line: document.line(of: pair.valueRange.lowerBound),
            message: "unsupported containerd config `version = \(String(decoding: document.bytes[pair.valueRange], as: UTF8.self))` (expected 1, 2 or 3)")
    }
}

/// Why `containerd-prep` refused to change a file; names the file, the line when known, and the reason.
public struct ContainerdPrepError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
