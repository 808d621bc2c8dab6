/// Finds registry settings containerd rejects next to `config_path`: a non-empty legacy
/// `registry.mirrors` and any `registry.configs.<host>.tls` (containerd 1.6 fails its CRI plugin
/// with either; `configs.<host>.auth` and empty tables are accepted).
enum RegistryConflicts {
    static func check(_ document: TOMLDocument, version: ContainerdConfigVersion, file: String) throws {
        let registry = version.registryPath
        if let mirrors = document.root.table(at: registry + ["mirrors"]), let host = mirrors.keys.first {
            throw ContainerdPrepError(
                file: file, line: document.line(of: offset(of: mirrors[host]!)),
                message: "legacy `\(TOMLKeyFormatter.path(registry + ["mirrors"]))` sets mirrors for "
                    + mirrors.keys.map { "\"\($0)\"" }.joined(separator: ", ")
                    + "; containerd rejects `mirrors` together with `config_path`. Move them to hosts.toml files "
                    + "under the certs.d directory, remove the `mirrors` entries, then run containerd-prep again")
        }
        if let configs = document.root.table(at: registry + ["configs"]) {
            for host in configs.keys {
                guard case .table(let hostTable)? = configs[host], let tls = hostTable["tls"] else { continue }
                throw ContainerdPrepError(
                    file: file, line: document.line(of: offset(of: tls)),
                    message: "`\(TOMLKeyFormatter.path(registry + ["configs", host, "tls"]))` is set; containerd rejects "
                        + "`configs.<host>.tls` together with `config_path`. Move the TLS settings to "
                        + "certs.d/\(host)/hosts.toml, remove the `tls` table, then run containerd-prep again")
            }
        }
    }

    /// Where an item was written.
    static func offset(of item: TOMLTable.Item) -> Int {
        switch item {
        case .table(let table): return table.offset
        case .arrayOfTables(let tables): return tables[0].offset
        case .value(_, let pair): return pair.keyRange.lowerBound
        }
    }
}

/// What imported files decide: containerd merges each imported file's plugin tables over the
/// main file's, replacing a plugin's whole table (measured with containerd 1.6), so the last import
/// that mentions the CRI plugin table governs both settings.
struct ImportPrecedence {
    /// `config_path` set (non-empty) by the governing import.
    var configPath: (value: String, file: String)?
    /// Whether the governing import sets `discard_unpacked_layers = false` itself.
    var discardIsSetByImport = false

    static func evaluate(_ imports: [ImportedConfig], mainFile: String) throws -> ImportPrecedence {
        var result = ImportPrecedence()
        for imported in imports {
            try RegistryConflicts.check(imported.document, version: imported.version, file: imported.path)
            if case .boolean(true)? = imported.document.root.value(at: imported.version.discardUnpackedLayersKey)?.value {
                let pair = imported.document.root.value(at: imported.version.discardUnpackedLayersKey)!.pair
                throw ContainerdPrepError(
                    file: imported.path, line: imported.document.line(of: pair.keyRange.lowerBound),
                    message: "imported by \(mainFile), sets `discard_unpacked_layers = true`, which overrides the main file; "
                        + "run containerd-prep on this file instead")
            }
        }
        guard let governing = imports.last(where: { $0.document.root.item(at: $0.version.pluginPath) != nil }) else {
            return result
        }
        let plugin = TOMLKeyFormatter.path(governing.version.pluginPath)
        switch governing.document.root.value(at: governing.version.configPathKey)?.value {
        case .string(let path)? where !path.isEmpty:
            result.configPath = (path, governing.path)
        default:
            throw ContainerdPrepError(
                file: governing.path,
                message: "imported by \(mainFile), defines `\(plugin)`, which replaces that whole table of the main file, "
                    + "but sets no non-empty `config_path`; run containerd-prep on this file instead")
        }
        if case .boolean(false)? = governing.document.root.value(at: governing.version.discardUnpackedLayersKey)?.value {
            result.discardIsSetByImport = true
        }
        return result
    }
}

/// Checks a patched text before it is written: it parses, has the same format, sets both keys,
/// and means exactly what the original meant apart from those two keys.
enum PatchVerifier {
    static func verify(
        original: TOMLDocument, patched: String, version: ContainerdConfigVersion, governing: ImportPrecedence,
        configPath: String, file: String
    ) throws {
        func fail(_ reason: String) -> ContainerdPrepError {
            ContainerdPrepError(file: file, message: "internal error, file left unchanged: the patched text \(reason)")
        }
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: patched)
        } catch {
            throw fail("does not parse (\(error))")
        }
        guard (try? ContainerdConfigVersion.declared(by: document, file: file)) == version else {
            throw fail("changed the config version")
        }
        if governing.configPath == nil {
            guard case .string(configPath)? = document.root.value(at: version.configPathKey)?.value else {
                throw fail("does not set config_path")
            }
        }
        if !governing.discardIsSetByImport {
            guard case .boolean(false)? = document.root.value(at: version.discardUnpackedLayersKey)?.value else {
                throw fail("does not set discard_unpacked_layers = false")
            }
        }
        let keys = [version.configPathKey, version.discardUnpackedLayersKey]
        guard document.root.plain.removing(keys) == original.root.plain.removing(keys) else {
            throw fail("changes more than config_path and discard_unpacked_layers")
        }
    }
}
