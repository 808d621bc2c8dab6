import GoYAML

/// What Helm's manifest sorting reads of a rendered document: `releaseutil.SimpleHead`, decoded with
/// `sigs.k8s.io/yaml.Unmarshal` — YAML converted to JSON for this Go type (numbers and booleans
/// bound for strings become text: `kind: 5` sorts as kind "5"), then `encoding/json` (keys in sorted
/// order, field names matched exactly or ignoring case, the first type error reported).
struct SimpleHead {
    /// The document's kind ("" when absent or null).
    var kind = ""
    /// `metadata.annotations`, nil when there is no such map.
    var annotations: [String: String]?

    /// The Go type: `{apiVersion string; kind string; metadata *{name string; annotations map[string]string}}`.
    static let projection: YAMLProjection = .fields([
        (name: "apiVersion", type: .string), (name: "kind", type: .string),
        (name: "metadata", type: .fields([(name: "name", type: .string), (name: "annotations", type: .stringMap)])),
    ])
    private static let topFields: [(name: String, type: Void)] = [(name: "apiVersion", type: ()), (name: "kind", type: ()), (name: "metadata", type: ())]
    private static let metadataFields: [(name: String, type: Void)] = [(name: "name", type: ()), (name: "annotations", type: ())]
    private static let metadataType = #"struct { Name string "json:\"name\""; Annotations map[string]string "json:\"annotations\"" }"#

    /// `json.Unmarshal` of the converted document (from ``projection``) into a `SimpleHead`; the
    /// error is encoding/json's message for the first value of the wrong type.
    init(decoding value: TemplateValue) throws(TypeError) {
        var firstError: TypeError?
        func mismatch(_ v: TemplateValue, _ field: String, _ type: String) {
            if firstError == nil { firstError = TypeError("json: cannot unmarshal \(JSONEncoding.jsonKind(v)) into Go struct field \(field) of type \(type)") }
        }
        /// A JSON string, or nil for null (which leaves a Go string as it was) and for a type error.
        func string(_ v: TemplateValue, _ field: String) -> String? {
            switch v {
            case .string(let s): return s
            case .null: return nil
            default:
                mismatch(v, field, "string")
                return nil
            }
        }
        switch value {
        case .null:
            return
        case .map(let top):
            var hasMetadata = false
            for key in top.sortedKeys {
                guard let field = YAMLProjection.field(named: key, in: Self.topFields) else { continue }
                let v = top[key]!
                switch field.name {
                case "apiVersion":
                    _ = string(v, "SimpleHead.apiVersion")
                case "kind":
                    if let s = string(v, "SimpleHead.kind") { kind = s }
                default:  // metadata, a pointer to a struct: null sets it to nil, an object fills it in
                    switch v {
                    case .null:
                        hasMetadata = false
                        annotations = nil
                    case .map(let metadata):
                        hasMetadata = true
                        for key in metadata.sortedKeys {
                            guard let field = YAMLProjection.field(named: key, in: Self.metadataFields) else { continue }
                            let v = metadata[key]!
                            if field.name == "name" {
                                _ = string(v, ".metadata.name")
                                continue
                            }
                            switch v {
                            case .null:
                                annotations = nil
                            case .map(let entries):
                                var merged = annotations ?? [:]  // an existing map is filled in, not replaced
                                for name in entries.sortedKeys {
                                    let entry = entries[name]!
                                    if case .null = entry { merged[name] = "" } else { merged[name] = string(entry, ".metadata.annotations") ?? "" }
                                }
                                annotations = merged
                            default:
                                mismatch(v, ".metadata.annotations", "map[string]string")
                            }
                        }
                    default:
                        mismatch(v, "SimpleHead.metadata", Self.metadataType)
                    }
                }
            }
            if !hasMetadata { annotations = nil }
        default:
            throw TypeError("json: cannot unmarshal \(JSONEncoding.jsonKind(value)) into Go value of type util.SimpleHead")
        }
        if let firstError { throw firstError }
    }

    /// A value of the wrong JSON type for its field.
    struct TypeError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
