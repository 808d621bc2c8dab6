import GoYAML

/// Decodes one YAML document as Helm does (sigs.k8s.io/yaml: YAML 1.1 scalars, numbers as float64).
func decodeYAML(_ text: String, fileName: String, as type: YAMLProjection = .all) throws -> TemplateValue {
    do { return try YAMLDecoding.decode(text, fileName: fileName, keeping: type) } catch let e as YAMLError {
        throw ChartError(e.helmDescription)
    }
}

/// The message Helm prints for `error` (Go's `err.Error()`), without file/line decoration.
public func helmErrorMessage(_ error: Error) -> String {
    if let e = error as? YAMLError { return e.helmDescription }
    return "\(error)"
}
