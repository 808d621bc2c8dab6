import GoTemplate

/// A ``TemplateObject`` that knows its `encoding/json` form (e.g. chart metadata with its JSON
/// field names). `toJson`, `toYaml` and `toToml` encode that form; other objects are encoded as
/// the text Go's `%v` prints.
public protocol JSONRepresentable {
    /// The value `json.Marshal` would produce, as maps, lists and scalars.
    var jsonValue: TemplateValue { get }
    /// For a Go struct: its JSON field names in declaration order, the order `json.Marshal` writes
    /// them (maps are written sorted); nil for map-like values.
    var jsonFieldOrder: [String]? { get }
}

extension JSONRepresentable {
    public var jsonFieldOrder: [String]? { nil }
}

extension TemplateValue {
    /// Objects replaced by their JSON form (or their `%v` text); other values unchanged.
    var encodableObject: TemplateValue? {
        guard case .object(let object) = self else { return nil }
        if let representable = object as? JSONRepresentable { return representable.jsonValue }
        return .string(object.goDescription)
    }
}

extension GoNilSlice: JSONRepresentable {
    /// `json.Marshal` of a nil slice.
    public var jsonValue: TemplateValue { .null }
}
