// TEMPORARY (chart helper): stand-in for GoYAML's decoder until the `yaml` branch lands on main.
// Delete this file once `GoYAML.YAMLDecoding` exists.
enum YAMLDecoding {
    static func decode(_ text: String, fileName: String) throws -> TemplateValue {
        throw ChartError("YAML decoding is not available yet (GoYAML pending)")
    }
}
