/// Reads the files a containerd configuration imports.
public protocol ImportReader {
    /// Paths matching a glob pattern (an absolute path), sorted; a pattern without `*?[` names one file.
    func paths(matching pattern: String) throws -> [String]
    /// The text of a file, or `nil` when it does not exist.
    func contents(of path: String) throws -> String?
}

/// One file reached through `imports`, parsed.
struct ImportedConfig {
    var path: String
    var document: TOMLDocument
    var version: ContainerdConfigVersion
}

/// Follows `imports` the way containerd 1.6 does (measured): in order, breadth first, each file
/// once; a path with `*` is a glob pattern, expanded relative to containerd's working directory
/// (`/` for a system service); any other relative path is joined to the importing file's directory.
/// Absolute paths (and the working directory) are taken under `hostRoot`, where the node's root
/// file system is mounted when running in a pod.
enum ImportResolver {
    /// How deep to follow imports of imports.
    static let maximumDepth = 8

    static func load(
        from document: TOMLDocument, path: String, version: ContainerdConfigVersion, reader: ImportReader,
        hostRoot: String = ""
    ) throws -> [ImportedConfig] {
        let root = hostRoot.hasSuffix("/") ? String(hostRoot.dropLast()) : hostRoot
        var loaded: Set<String> = [path]
        var result: [ImportedConfig] = []
        var pending: [(importer: TOMLDocument, path: String, version: ContainerdConfigVersion, depth: Int)] = [
            (document, path, version, 0)
        ]
        while !pending.isEmpty {
            let (importer, importerPath, importerVersion, depth) = pending.removeFirst()
            for pattern in try importPatterns(of: importer, file: importerPath) {
                let isGlob = pattern.contains("*")
                let absolute: String
                if pattern.hasPrefix("/") {
                    absolute = root + pattern
                } else if isGlob {
                    absolute = root + "/" + pattern
                } else {
                    absolute = directory(of: importerPath) + "/" + pattern
                }
                let matches = isGlob ? try reader.paths(matching: absolute) : [absolute]
                for match in matches where !loaded.contains(match) {
                    loaded.insert(match)
                    guard let text = try reader.contents(of: match) else {
                        throw ContainerdPrepError(
                            file: importerPath, message: "imports `\(match)`, which does not exist (containerd would fail to start)")
                    }
                    let imported: TOMLDocument
                    do {
                        imported = try TOMLDocument(parsing: text)
                    } catch let error as TOMLSyntaxError {
                        throw ContainerdPrepError(file: match, line: error.line, message: "not valid TOML: \(error.message) (column \(error.column))")
                    }
                    let hasVersion = imported.root.value(at: ["version"]) != nil
                    let importedVersion = hasVersion ? try ContainerdConfigVersion.declared(by: imported, file: match) : importerVersion
                    result.append(ImportedConfig(path: match, document: imported, version: importedVersion))
                    if depth + 1 < maximumDepth {
                        pending.append((imported, match, importedVersion, depth + 1))
                    }
                }
            }
        }
        return result
    }

    /// The strings in a document's top-level `imports` array.
    static func importPatterns(of document: TOMLDocument, file: String) throws -> [String] {
        guard let (value, pair) = document.root.value(at: ["imports"]) else { return [] }
        guard case .array(let items) = value else {
            throw ContainerdPrepError(
                file: file, line: document.line(of: pair.keyRange.lowerBound),
                message: "`imports` is \(value.typeNameWithArticle); expected an array of paths")
        }
        return try items.map { item in
            guard case .string(let text) = item else {
                throw ContainerdPrepError(
                    file: file, line: document.line(of: pair.keyRange.lowerBound),
                    message: "`imports` holds \(item.typeNameWithArticle); expected paths as strings")
            }
            return text
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "" : String(path[..<slash])
    }
}
