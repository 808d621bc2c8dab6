import Testing
@testable import ContainerdPrep

/// Layouts beyond the fixtures: where keys are added, what is refused and why.
@Suite struct PatchEdgeCaseTests {
    func patched(_ text: String, _ options: PatchOptions = PatchOptions()) throws -> String {
        try ContainerdConfigPatcher.patch(text: text, options: options).patched
    }

    func refusal(_ text: String) -> ContainerdPrepError? {
        do {
            _ = try ContainerdConfigPatcher.patch(text: text)
            return nil
        } catch let error as ContainerdPrepError {
            return error
        } catch {
            return nil
        }
    }

    @Test func fillsAnEmptyInlineTable() throws {
        let text = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\"]\n  registry = {}\n  containerd = {}\n"
        #expect(try patched(text) == """
            version = 2
            [plugins."io.containerd.grpc.v1.cri"]
              registry = { config_path = "/etc/containerd/certs.d" }
              containerd = { discard_unpacked_layers = false }

            """)
    }

    @Test func addsDottedKeysInsideAnInlineTable() throws {
        let text = "version = 2\nplugins = { \"io.containerd.grpc.v1.cri\" = { sandbox_image = \"p\" } }\n"
        #expect(try patched(text) == """
            version = 2
            plugins = { "io.containerd.grpc.v1.cri" = { sandbox_image = "p", registry.config_path = "/etc/containerd/certs.d", containerd.discard_unpacked_layers = false } }

            """)
    }

    @Test func keepsANonEmptyConfigPathAndEditsOnlyTheOtherKey() throws {
        let text = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = '/srv/certs.d' # mine\n"
        let result = try ContainerdConfigPatcher.patch(text: text)
        #expect(result.effectiveConfigPath == "/srv/certs.d")
        #expect(result.patched.hasPrefix(text))
    }

    @Test func replacesAnEmptyLiteralStringWithALiteralString() throws {
        let text = "version = 3\n[plugins.'io.containerd.cri.v1.images']\n  discard_unpacked_layers = true\n  registry.config_path = ''\n"
        #expect(try patched(text) == "version = 3\n[plugins.'io.containerd.cri.v1.images']\n  discard_unpacked_layers = false\n  registry.config_path = '/etc/containerd/certs.d'\n")
    }

    @Test func addsTheFinalLineBreakOnlyWhereNeeded() throws {
        let text = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  snapshotter = \"native\""
        #expect(try patched(text) == """
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd]
              snapshotter = "native"
              discard_unpacked_layers = false

            [plugins."io.containerd.grpc.v1.cri".registry]
              config_path = "/etc/containerd/certs.d"

            """)
    }

    @Test func escapesAConfigPathThatNeedsIt() throws {
        let result = try ContainerdConfigPatcher.patch(text: "", options: PatchOptions(configPath: "/etc/a \"b\"\\c"))
        #expect(result.patched.contains(#"config_path = "/etc/a \"b\"\\c""#))
        #expect(try TOMLDocument(parsing: result.patched).root.value(at: ContainerdConfigVersion.v2.configPathKey)?.value == .string("/etc/a \"b\"\\c"))
    }

    @Test(arguments: [
        ("version = 4\n", "unsupported containerd config `version = 4`"),
        ("version = \"2\"\n", "unsupported containerd config"),
        ("version = 2\n[plugins.\"io.containerd.grpc.v1.cri\"]\nregistry = \"x\"\n", "is a string; containerd expects a table"),
        ("version = 2\n[[plugins.\"io.containerd.grpc.v1.cri\".containerd]]\n", "is an array of tables"),
        ("version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\ndiscard_unpacked_layers = \"false\"\n", "is a string; containerd expects a boolean"),
        ("version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors]\n\"docker.io\" = { endpoint = [] }\n", "legacy"),
        ("version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\nconfigs.\"r\".tls.ca_file = \"/ca\"\n", "configs.<host>.tls"),
        ("version = 2\nimports = \"/etc/x.toml\"\n", "`imports` is a string"),
        ("version = 2\n[a]\nb = 1\nb = 2\n", "duplicate key `b`"),
    ])
    func refuses(text: String, reason: String) {
        let error = refusal(text)
        #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
        #expect(error?.line != nil)
    }

    @Test func acceptsAuthAndEmptyTablesNextToConfigPath() throws {
        let text = """
            version = 2
            [plugins."io.containerd.grpc.v1.cri".registry.configs."r.example".auth]
              username = "u"
            [plugins."io.containerd.grpc.v1.cri".registry.mirrors]
            [plugins."io.containerd.grpc.v1.cri".registry.configs."other".tls]

            """
        #expect(refusal(text)?.message.contains("configs.<host>.tls") == true)
        let accepted = text.replacingOccurrences(of: "[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"other\".tls]\n", with: "")
        #expect(refusal(accepted) == nil)
    }

    @Test func theUnifiedDiffMatchesDiffU() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk"
        #expect(UnifiedDiff.make(from: old, to: new, oldName: "x", newName: "x") == """
            --- x
            +++ x
            @@ -2,9 +2,10 @@
             b
             c
             d
            -e
            +E
             f
             g
             h
             i
             j
            +k
            \\ No newline at end of file

            """)
    }
}
