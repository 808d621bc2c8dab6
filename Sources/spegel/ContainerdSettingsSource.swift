import Containerd
import ContainerdPrep
import Foundation
import MirrorRegistry

/// Where `spegel registry` learns containerd's registry and layer settings for its configuration check.
enum ContainerdSettingsSource {
    /// Reads `configFile` when given (a mounted `config.toml`), else asks containerd's CRI status on
    /// `socket`. The client connects lazily and lives as long as the daemon.
    static func reader(configFile: String?, socket: String, namespace: String) -> @Sendable () async throws -> ContainerdSettings {
        if let configFile {
            return {
                let text: String
                do {
                    text = try String(contentsOfFile: configFile, encoding: .utf8)
                } catch {
                    throw ContainerdPrepError(file: configFile, message: "cannot be read (\(error.localizedDescription)); mount containerd's config.toml there or drop --containerd-config-file")
                }
                let values = try ContainerdConfigReader.values(text: text, fileName: configFile)
                return ContainerdSettings(registryConfigPath: values.configPath ?? "", discardUnpackedLayers: values.discardUnpackedLayers ?? false,
                                          source: configFile)
            }
        }
        let connection = LazyClient(socket: socket, namespace: namespace)
        return { try await connection.client().criSettings() }
    }
}

/// One containerd client, connected on first use.
private actor LazyClient {
    let socket: String
    let namespace: String
    private var connected: ContainerdClient?

    init(socket: String, namespace: String) {
        self.socket = socket
        self.namespace = namespace
    }

    func client() throws -> ContainerdClient {
        if let connected { return connected }
        let client = try ContainerdClient(socketPath: socket, namespace: namespace)
        Task { try await client.run() }
        connected = client
        return client
    }
}
