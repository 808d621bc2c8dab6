/// Reading values documents as Helm's `loader.LoadValues` and merging them as `loader.MergeMaps`.
public enum ValuesFile {
    /// Splits YAML text into documents as Kubernetes' `YAMLReader` does: a line starting with `---`
    /// ends a document; only spaces or a comment may follow the separator.
    public static func documents(_ text: String) throws -> [String] {
        var docs: [String] = []
        var buffer = ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if text.hasSuffix("\n") { lines.removeLast() } else if let last = lines.last { lines[lines.count - 1] = String(last.dropLast()) }
        for line in lines {
            if line.hasPrefix("---") {
                let rest = line.dropFirst(3).trimmingCharacters(in: .whitespacesAndNewlines)
                if let first = rest.first, first != "#" {
                    throw ChartError("error reading yaml document: invalid Yaml document separator: \(rest)")
                }
                if !buffer.isEmpty { docs.append(buffer); buffer = "" }
                continue
            }
            buffer += line
        }
        if !buffer.isEmpty { docs.append(buffer) }
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
