/// Reading values documents as Helm's `loader.LoadValues` and merging them as `loader.MergeMaps`.
public enum ValuesFile {
    /// Splits YAML text into documents as Kubernetes' `YAMLReader` does: a line starting with `---`
    /// ends a document; only spaces or a comment may follow the separator.
    public static func documents(_ text: String) throws -> [String] {
        // Each document is the text between separator lines, verbatim; found on bytes, no line copies.
        var docs: [String] = []
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var documentStart = lineStart
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")).map { utf8.index(after: $0) } ?? utf8.endIndex
            if utf8[lineStart..<lineEnd].starts(with: "---".utf8) {
                let afterDashes = utf8.index(lineStart, offsetBy: 3)
                let rest = String(Substring(text.unicodeScalars[afterDashes..<lineEnd])).trimmingCharacters(in: .whitespacesAndNewlines)
                if let first = rest.first, first != "#" {
                    throw ChartError("error reading yaml document: invalid Yaml document separator: \(rest)")
                }
                if documentStart < lineStart { docs.append(String(Substring(text.unicodeScalars[documentStart..<lineStart]))) }
                documentStart = lineEnd
            }
            lineStart = lineEnd
        }
        if documentStart < utf8.endIndex { docs.append(String(Substring(text.unicodeScalars[documentStart...]))) }
        return docs
    }

    /// Every document of `text` decoded as a map and merged (later documents win), as `LoadValues`.
    public static func load(_ text: String, fileName: String) throws -> GoMap {
        var result = GoMap()
        for doc in try documents(text) {
            let value: TemplateValue
            do { value = try decodeYAML(doc, fileName: fileName) } catch {
                throw ChartError("cannot unmarshal yaml document: \(error)")
            }
            switch value {
            case .null: continue
            case .map(let m): result = mergeMaps(result, m)
            default:
                throw ChartError("cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(jsonTypeName(value)) into Go value of type map[string]interface {}")
            }
        }
        return result
    }

    /// Helm's `MergeMaps`: a new map holding `a` with `b` merged over it, nested maps merged recursively.
    public static func mergeMaps(_ a: GoMap, _ b: GoMap) -> GoMap {
        let out = GoMap(a.entries)
        for (k, v) in b.entries {
            if case .map(let vm) = v, case .map(let existing)? = out[k] {
                out.set(k, .map(mergeMaps(existing, vm)))
                continue
            }
            out.set(k, v)
        }
        return out
    }
}
