import GoYAML

/// Decodes one YAML document as Helm does (sigs.k8s.io/yaml: YAML 1.1 scalars, numbers as float64).
func decodeYAML(_ text: String, fileName: String) throws -> TemplateValue {
    try YAMLDecoding.decode(text, fileName: fileName)
}
