import Testing
@testable import ContainerdPrep

/// `ContainerdConfigReader`: the two settings as a config file states them, for the daemon's check.
@Suite struct ConfigReaderTests {
    @Test func readsVersion2Settings() throws {
        let text = """
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd]
              discard_unpacked_layers = true
            [plugins."io.containerd.grpc.v1.cri".registry]
              config_path = "/etc/containerd/certs.d"
            """
        let values = try ContainerdConfigReader.values(text: text, fileName: "config.toml")
        #expect(values == ContainerdConfigValues(version: .v2, configPath: "/etc/containerd/certs.d", discardUnpackedLayers: true))
    }

    @Test func readsVersion3AndDottedKeys() throws {
        let text = """
            version = 3
            plugins."io.containerd.cri.v1.images".discard_unpacked_layers = false
            plugins."io.containerd.cri.v1.images".registry.config_path = '/etc/containerd/certs.d'
            """
        let values = try ContainerdConfigReader.values(text: text, fileName: "config.toml")
        #expect(values == ContainerdConfigValues(version: .v3, configPath: "/etc/containerd/certs.d", discardUnpackedLayers: false))
    }

    @Test func unsetKeysAreNil() throws {
        let values = try ContainerdConfigReader.values(text: "version = 2\n[grpc]\n  address = \"/run/c.sock\"\n", fileName: "config.toml")
        #expect(values.configPath == nil)
        #expect(values.discardUnpackedLayers == nil)
        #expect(try ContainerdConfigReader.values(text: "", fileName: "empty.toml").configPath == nil)
    }

    @Test func wrongTypesNameTheFileAndLine() throws {
        let text = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = 42\n"
        #expect {
            try ContainerdConfigReader.values(text: text, fileName: "/host/config.toml")
        } throws: { error in
            "\(error)".hasPrefix("/host/config.toml:3:") && "\(error)".contains("expects a string")
        }
    }
}
