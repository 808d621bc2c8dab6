import Foundation
import MirrorRegistry

extension ContainerdClient {
    /// containerd's registry `config_path` and `discard_unpacked_layers` as the running containerd
    /// reports them: the CRI plugin's verbose status (`info["config"]`, its effective configuration).
    /// - Throws: a gRPC error when the CRI plugin is not serving, or ``ContainerdError/unexpectedStatus(_:)``
    ///   when the status carries no readable configuration.
    public func criSettings() async throws -> ContainerdSettings {
        let info = try await runtimeStatusInfo(verbose: true)
        guard let json = info["config"] else {
            throw ContainerdError.unexpectedStatus("the CRI status has no \"config\" entry (keys: \(info.keys.sorted().joined(separator: ", ")))")
        }
        return try ContainerdSettings(criConfigJSON: json)
    }
}

extension ContainerdSettings {
    /// Reads the CRI plugin's configuration JSON: `registry.configPath` and
    /// `containerd.discardUnpackedLayers` (containerd 1.6/1.7), or a top-level `discardUnpackedLayers`
    /// (containerd 2's images plugin).
    public init(criConfigJSON json: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw ContainerdError.unexpectedStatus("the CRI status \"config\" is not a JSON object")
        }
        let registry = object["registry"] as? [String: Any]
        let runtime = object["containerd"] as? [String: Any]
        let discard = (runtime?["discardUnpackedLayers"] ?? object["discardUnpackedLayers"]) as? Bool
        self.init(registryConfigPath: registry.map { $0["configPath"] as? String ?? "" },
                  discardUnpackedLayers: discard, source: "containerd's CRI status")
    }
}
