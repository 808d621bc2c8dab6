import Testing
@testable import ContainerdPrep

/// Thousands of generated layouts: each combination of how the plugin, registry and containerd
/// tables are written (absent, header, implicit, dotted keys, inline tables), in every section
/// order and two indentation styles, must patch into a file that TOMLKit parses, that sets both
/// keys, that differs only in them, and that a second patch leaves alone.
@Suite struct GeneratedLayoutTests {
    /// A piece of a layout: lines inside the plugin section, or a section of its own.
    struct Part {
        var pluginLines: [String] = []
        var sections: [String] = []
        var needsPluginHeader: Bool { !pluginLines.isEmpty }
    }

    static func layouts(version: ContainerdConfigVersion) -> [String] {
        let plugin = TOMLKeyFormatter.path(version.pluginPath)
        let registries: [Part] = [
            Part(),
            Part(sections: ["[\(plugin).registry]\nconfig_path = \"\"\n"]),
            Part(sections: ["[\(plugin).registry]\nconfig_path = \"/custom/certs.d\"\n"]),
            Part(sections: ["[\(plugin).registry]\n"]),
            Part(sections: ["[\(plugin).registry.configs.\"h.example\".auth]\nusername = \"u\"\n"]),
            Part(pluginLines: ["registry.config_path = \"\""]),
            Part(pluginLines: ["registry = {}"]),
            Part(pluginLines: ["registry = { headers = { X = [\"y\"] }, config_path = \"\" }"]),
        ]
        let discards: [Part]
        if version == .v3 {
            discards = [
                Part(),
                Part(pluginLines: ["discard_unpacked_layers = true"]),
                Part(pluginLines: ["snapshotter = \"overlayfs\""]),
                Part(sections: ["[\(plugin).pinned_images]\nsandbox = \"pause\"\n"]),
            ]
        } else {
            discards = [
                Part(),
                Part(sections: ["[\(plugin).containerd]\nsnapshotter = \"overlayfs\"\n"]),
                Part(sections: ["[\(plugin).containerd]\ndiscard_unpacked_layers = true\n"]),
                Part(sections: ["[\(plugin).containerd.runtimes.runc]\nruntime_type = \"io.containerd.runc.v2\"\n"]),
                Part(pluginLines: ["containerd.snapshotter = \"overlayfs\""]),
                Part(pluginLines: ["containerd = { discard_unpacked_layers = true }"]),
            ]
        }
        var texts: [String] = []
        for registry in registries {
            for discard in discards {
                for withPluginHeader in [false, true] {
                    let pluginLines = registry.pluginLines + discard.pluginLines
                    if !pluginLines.isEmpty && !withPluginHeader { continue }
                    var sections = registry.sections + discard.sections + ["[grpc]\ngid = 0\n"]
                    if withPluginHeader {
                        sections.append("[\(plugin)]\n" + (["sandbox_image = \"p\""] + pluginLines).joined(separator: "\n") + "\n")
                    }
                    for order in permutations(Array(sections.indices)) {
                        for indent in ["", "  "] {
                            let body = order.map { index in
                                sections[index].split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
                                    $0.offset == 0 || $0.element.isEmpty ? String($0.element) : indent + $0.element
                                }.joined(separator: "\n")
                            }.joined(separator: "\n")
                            texts.append("version = \(version.rawValue)\n\n" + body)
                        }
                    }
                }
            }
        }
        return texts
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[Int]] in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }

    @Test(arguments: [ContainerdConfigVersion.v2, .v3])
    func everyLayoutPatchesCleanly(version: ContainerdConfigVersion) throws {
        let texts = Self.layouts(version: version)
        #expect(texts.count > 500)
        let keys = [version.configPathKey, version.discardUnpackedLayersKey]
        var failures = 0
        for text in texts where failures < 5 {
            do {
                let before = try independentPlainValue(text)
                let result = try ContainerdConfigPatcher.patch(text: text)
                let after = try independentPlainValue(result.patched)
                var ok = after.removing(keys) == before.removing(keys)
                ok = ok && value(after, version.configPathKey) == .string(result.effectiveConfigPath)
                ok = ok && value(after, version.discardUnpackedLayersKey) == .boolean(false)
                let again = try ContainerdConfigPatcher.patch(text: result.patched)
                ok = ok && !again.changed
                if !ok {
                    failures += 1
                    Issue.record("layout not patched cleanly:\n\(text)\n--- became\n\(result.patched)")
                }
            } catch {
                failures += 1
                Issue.record("\(error) for layout:\n\(text)")
            }
        }
    }

    private func value(_ plain: TOMLPlainValue, _ path: [String]) -> TOMLPlainValue? {
        var current = plain
        for key in path {
            guard case .table(let members) = current, let next = members[key] else { return nil }
            current = next
        }
        return current
    }
}
