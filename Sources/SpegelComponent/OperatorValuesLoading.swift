import GoTemplate

/// Decodes a YAML values file into a values tree (errors name `fileName:line:col`).
public typealias ValuesDecodeFunction = (_ text: String, _ fileName: String) throws -> TemplateValue

/// One `-f` file's name and text.
public struct OperatorValuesFile: Sendable {
    public var name: String
    public var text: String
    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

extension ComponentValues {
    /// Resolves operator values from their layers: the built-in defaults, then each `-f` file in order,
    /// then each `--set` expression.
    public init(files: [OperatorValuesFile], sets: [String] = [], decode: ValuesDecodeFunction) throws {
        var layers = [try decode(BundledTemplates.operatorDefaults, "templates/" + BundledTemplates.operatorDefaultsFileName)]
        for file in files {
            let layer = try decode(file.text, file.name)
            if case .null = layer { continue }
            guard case .map = layer else {
                throw ComponentValuesError(issues: [ValueIssue(
                    severity: .error, keyPath: file.name, message: "expected a map of values, got \(describe(layer))")])
            }
            layers.append(layer)
        }
        for expression in sets { layers.append(try SetAssignments.parse(expression)) }
        try self.init(operatorValues: mergeValueLayers(layers))
    }
}
