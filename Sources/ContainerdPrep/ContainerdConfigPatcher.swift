/// What to set and how to name things while patching.
public struct PatchOptions {
    /// The certs.d directory to set when no non-empty `config_path` is set yet.
    public var configPath: String
    /// The format of the file written when the input is missing or empty.
    public var versionForNewFile: ContainerdConfigVersion
    /// The file's path, for messages and for resolving relative `imports`.
    public var fileName: String
    /// Reads imported files; `nil` ignores `imports`.
    public var importReader: ImportReader?
    /// Where the node's root file system is mounted (absolute `imports` are read below it); empty
    /// when running on the node itself.
    public var hostRoot: String

    public init(
        configPath: String = "/etc/containerd/certs.d", versionForNewFile: ContainerdConfigVersion = .v2,
        fileName: String = "config.toml", importReader: ImportReader? = nil, hostRoot: String = ""
    ) {
        self.hostRoot = hostRoot
        self.configPath = configPath
        self.versionForNewFile = versionForNewFile
        self.fileName = fileName
        self.importReader = importReader
    }
}

/// The outcome of patching one configuration text.
public struct PatchResult: Equatable {
    public var original: String
    public var patched: String
    /// The format the file is in.
    public var version: ContainerdConfigVersion
    /// The certs.d directory containerd will use after the patch.
    public var effectiveConfigPath: String
    /// The file that sets the effective `config_path` (the patched file or an import).
    public var configPathSource: String

    /// Whether the patched text differs from the original.
    public var changed: Bool { original != patched }

    /// What `containerd-prep` prints: `changed` or `unchanged`, the effective `config_path` and
    /// the file it comes from, then the unified diff.
    public func report(fileName: String) -> String {
        var output = changed ? "changed\n" : "unchanged\n"
        output += "config_path: \(effectiveConfigPath) (set in \(configPathSource))\n"
        return output + UnifiedDiff.make(from: original, to: patched, oldName: fileName, newName: fileName)
    }
}

/// Makes a containerd configuration read `certs.d` (`config_path`) and keep unpacked layers
/// (`discard_unpacked_layers = false`), changing nothing else in the file.
public enum ContainerdConfigPatcher {
    /// Patches `text` (the content of `options.fileName`; empty when the file is missing).
    ///
    /// Pure apart from reading imported files through `options.importReader`.
    /// - Throws: `ContainerdPrepError` when the file is not valid TOML or containerd would reject
    ///   the result (legacy `registry.mirrors`, `registry.configs.<host>.tls`), or when an imported
    ///   file overrides the settings.
    public static func patch(text: String, options: PatchOptions = PatchOptions()) throws -> PatchResult {
        let file = options.fileName
        if text.allSatisfy({ $0.isWhitespace }) {
            let version = options.versionForNewFile
            return PatchResult(
                original: text, patched: version.minimalFile(configPath: options.configPath), version: version,
                effectiveConfigPath: options.configPath, configPathSource: file)
        }
        let document = try parse(text, file: file)
        if document.isBlank {
            let version = options.versionForNewFile
            let separator = text.hasSuffix("\n") ? "\n" : "\n\n"
            return PatchResult(
                original: text, patched: text + separator + version.minimalFile(configPath: options.configPath),
                version: version, effectiveConfigPath: options.configPath, configPathSource: file)
        }
        let version = try ContainerdConfigVersion.declared(by: document, file: file)
        if version == .v1 {
            for newer in [ContainerdConfigVersion.v2, .v3] {
                if let table = document.root.table(at: newer.pluginPath) {
                    throw ContainerdPrepError(
                        file: file, line: document.line(of: table.offset),
                        message: "has no `version` (version 1) but configures `\(TOMLKeyFormatter.path(newer.pluginPath))`, "
                            + "which containerd ignores in version 1 files; add `version = \(newer.rawValue)` at the top first")
                }
            }
        }
        try RegistryConflicts.check(document, version: version, file: file)

        _ = try ImportResolver.importPatterns(of: document, file: file)
        let imports = try options.importReader.map {
            try ImportResolver.load(from: document, path: file, version: version, reader: $0, hostRoot: options.hostRoot)
        } ?? []
        let governing = try ImportPrecedence.evaluate(imports, mainFile: file)

        var edits: [TextEdit] = []
        let planner = KeyInsertionPlanner(document: document, file: file)
        let style = TOMLStyle(document)
        var effectiveConfigPath = options.configPath
        var configPathSource = file
        if let imported = governing.configPath {
            effectiveConfigPath = imported.value
            configPathSource = imported.file
        } else {
            switch try existingValue(at: version.configPathKey, in: document, file: file) {
            case .string(let current)? where !current.isEmpty:
                effectiveConfigPath = current
            case .string?:
                let pair = document.root.value(at: version.configPathKey)!.pair
                let literal = document.bytes[pair.valueRange.lowerBound] == UInt8(ascii: "'")
                edits.append(TextEdit(range: pair.valueRange, text: style.string(options.configPath, literal: literal), kind: .value))
            case let other?:
                throw typeError(version.configPathKey, found: other, expected: "a string", document: document, file: file)
            case nil:
                edits.append(try planner.insertion(of: version.configPathKey, literal: style.string(options.configPath)))
            }
        }
        if !governing.discardIsSetByImport {
            switch try existingValue(at: version.discardUnpackedLayersKey, in: document, file: file) {
            case .boolean(false)?:
                break
            case .boolean(true)?:
                let pair = document.root.value(at: version.discardUnpackedLayersKey)!.pair
                edits.append(TextEdit(range: pair.valueRange, text: "false", kind: .value))
            case let other?:
                throw typeError(version.discardUnpackedLayersKey, found: other, expected: "a boolean", document: document, file: file)
            case nil:
                edits.append(try planner.insertion(of: version.discardUnpackedLayersKey, literal: "false"))
            }
        }
        let patchedBytes = TextEdit.apply(edits, to: document.bytes)
        let patched = String(decoding: patchedBytes, as: UTF8.self)
        if !edits.isEmpty {
            try PatchVerifier.verify(
                original: document, patched: patched, version: version, governing: governing,
                configPath: effectiveConfigPath, file: file)
        }
        return PatchResult(
            original: text, patched: patched, version: version, effectiveConfigPath: effectiveConfigPath,
            configPathSource: configPathSource)
    }

    static func parse(_ text: String, file: String) throws -> TOMLDocument {
        do {
            return try TOMLDocument(parsing: text)
        } catch let error as TOMLSyntaxError {
            throw ContainerdPrepError(
                file: file, line: error.line, message: "not valid TOML: \(error.message) (column \(error.column))")
        }
    }

    /// The value at a key path, `nil` when unset; throws when a step on the way is not a table.
    static func existingValue(at path: [String], in document: TOMLDocument, file: String) throws -> TOMLValue? {
        switch document.root.item(at: path) {
        case nil: return nil
        case .value(let value, _)?: return value
        case .table(let table)?:
            throw ContainerdPrepError(
                file: file, line: document.line(of: table.offset),
                message: "`\(TOMLKeyFormatter.path(path))` is a table; containerd expects a plain value")
        case .arrayOfTables(let tables)?:
            throw ContainerdPrepError(
                file: file, line: document.line(of: tables[0].offset),
                message: "`\(TOMLKeyFormatter.path(path))` is an array of tables; containerd expects a plain value")
        }
    }

    static func typeError(
        _ path: [String], found: TOMLValue, expected: String, document: TOMLDocument, file: String
    ) -> ContainerdPrepError {
        let pair = document.root.value(at: path)!.pair
        return ContainerdPrepError(
            file: file, line: document.line(of: pair.keyRange.lowerBound),
            message: "`\(TOMLKeyFormatter.path(path))` is \(found.typeNameWithArticle); containerd expects \(expected)")
    }
}
