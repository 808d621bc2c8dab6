import GoTemplate

/// Decoding YAML exactly as Helm does, through `sigs.k8s.io/yaml.Unmarshal` (go-yaml v2 with
/// YAML 1.1 typing, then a JSON round trip): numbers become `.float`, map keys become strings
/// (`1: a` → `"1"`, `true: b` → `"true"`), `yes`/`on`/`y` are booleans, merge keys (`<<`) and
/// aliases are expanded, and only the first document of a stream is read.
public enum YAMLDecoding {
    /// The value of the first document, any type (`null` for an empty document).
    /// Like `yaml.Unmarshal(text, &interface{})`.
    public static func decode(_ text: String, fileName: String? = nil) throws -> TemplateValue {
        try decode(text, fileName: fileName, keeping: .all)
    }

    /// The first document decoded for a Go type, as `yaml.Unmarshal(text, &value)` converts it (see
    /// ``YAMLProjection``): the whole text is still read and checked (the same errors), but the value
    /// holds only what `projection` keeps (Helm's manifest sorting reads only `SimpleHead`).
    public static func decode(_ text: String, fileName: String? = nil, keeping projection: YAMLProjection) throws -> TemplateValue {
        if text.isEmpty { return .null }
        if let error = YAMLReaderCheck.error(in: text, fileName: fileName) { throw error }
        var utf8 = text
        if let value = utf8.withUTF8({ YAMLEventDecoder.decode($0, keeping: projection) }) { return value }
        return try decodeWithTree(text, fileName: fileName, as: projection)
    }

    /// ``decode(_:fileName:)`` through the node tree: anchors, aliases, tags, merge keys and every
    /// error message. ``YAMLEventDecoder`` covers the common documents without the tree.
    static func decodeWithTree(_ text: String, fileName: String? = nil, as projection: YAMLProjection = .all) throws -> TemplateValue {
        var parser = YAMLTreeParser()
        guard let root = try wrap({ try parser.parseFirstDocument(text, fileName: fileName) }) else { return .null }
        var decoder = YAMLValueDecoder(fileName: fileName)
        return try withExtendedLifetime(parser) {
            try DeepRecursion.run(depth: parser.maxDepth) { try wrap { try decoder.decodeRoot(root, as: projection) } }
        }
    }

    /// The first document as a map, as Helm reads values files, `Chart.yaml` and `fromYaml`
    /// (`yaml.Unmarshal(text, &map[string]interface{}{})`): an empty document gives an empty map;
    /// a document that is not a map is an error.
    public static func decodeMap(_ text: String, fileName: String? = nil) throws -> GoMap {
        let value = try decode(text, fileName: fileName)
        switch value {
        case .null: return GoMap()
        case .map(let map): return map
        default: throw typeError(value, target: "map[string]interface {}", fileName: fileName)
        }
    }

    /// The first document as a list (`fromYamlArray`): an empty document gives an empty list.
    public static func decodeArray(_ text: String, fileName: String? = nil) throws -> [TemplateValue] {
        let value = try decode(text, fileName: fileName)
        switch value {
        case .null: return []
        case .list(let items): return items
        default: throw typeError(value, target: "[]interface {}", fileName: fileName)
        }
    }

    /// Every document of a multi-document file as a map, the way Helm's `loader.LoadValues`
    /// reads values files: the text is split on lines starting with `---` (see
    /// ``splitDocuments(_:fileName:)``) and each part decoded with ``decodeMap(_:fileName:)``.
    /// Merging them (later documents win, maps merged deeply) is the caller's job.
    public static func decodeDocuments(_ text: String, fileName: String? = nil) throws -> [GoMap] {
        try splitDocuments(text, fileName: fileName).map { try decodeMap($0, fileName: fileName) }
    }

    /// Helm's `loader.LoadValues`: every document of a values file decoded as a map and merged
    /// in order with Helm's `MergeMaps` (nested maps merge, anything else is replaced).
    /// Errors read as Helm's: `error reading yaml document: …` or
    /// `cannot unmarshal yaml document: error converting YAML to JSON: …` (Helm prefixes them
    /// with `cannot load values.yaml: `).
    public static func loadValues(_ text: String, fileName: String? = nil) throws -> GoMap {
        let documents: [String]
        do {
            documents = try splitDocuments(text, fileName: fileName)
        } catch var error as YAMLError {
            error.message = "error reading yaml document: " + error.message
            throw error
        }
        var merged: [String: TemplateValue] = [:]
        for document in documents {
            do {
                merged = mergeMaps(merged, try decodeMap(document, fileName: fileName).entries)
            } catch var error as YAMLError {
                error.message = "cannot unmarshal yaml document: " + error.message
                throw error
            }
        }
        return GoMap(merged)
    }

    /// Helm's `loader.MergeMaps`: `overrides` wins; maps present on both sides merge recursively.
    public static func mergeMaps(_ base: [String: TemplateValue], _ overrides: [String: TemplateValue]) -> [String: TemplateValue] {
        var out = base
        for (key, value) in overrides {
            if case .map(let newMap) = value, case .map(let oldMap)? = out[key] {
                out[key] = .map(mergeMaps(oldMap.entries, newMap.entries))
                continue
            }
            out[key] = value
        }
        return out
    }

    /// Splits a stream like Kubernetes' `utilyaml.YAMLReader`: a line starting with `---` ends a
    /// document; only spaces or a `#` comment may follow the `---` on that line.
    public static func splitDocuments(_ text: String, fileName: String? = nil) throws -> [String] {
        var documents: [String] = []
        var current = ""
        var lineNumber = 0
        var rest = Substring(text)
        while !rest.isEmpty {
            lineNumber += 1
            let line: Substring
            if let newline = rest.firstIndex(of: "\n") {
                line = rest[...newline]
                rest = rest[rest.index(after: newline)...]
            } else {
                line = rest
                rest = rest[rest.endIndex...]
            }
            if line.hasPrefix("---") {
                let after = line.dropFirst(3).trimmingCharacters(in: .whitespacesAndNewlines)
                if let first = after.first, first != "#" {
                    throw YAMLError(kind: .syntax, fileName: fileName, line: lineNumber, column: 1,
                                    message: "invalid Yaml document separator: \(after)")
                }
                if !current.isEmpty {
                    documents.append(current)
                    current = ""
                }
                continue
            }
            current += line
        }
        if !current.isEmpty { documents.append(current) }
        return documents
    }

    static func typeError(_ value: TemplateValue, target: String, fileName: String?) -> YAMLError {
        YAMLError(kind: .type, fileName: fileName,
                  message: "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(JSONEncoding.jsonKind(value)) into Go value of type \(target)")
    }

    /// Adds sigs.k8s.io/yaml's prefix to errors from the YAML layer.
    private static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as YAMLError {
            error.message = "error converting YAML to JSON: " + error.message
            throw error
        }
    }
}
