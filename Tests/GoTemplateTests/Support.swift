@testable import GoTemplate

/// Renders `text` as template "x" with `data`; returns the output or the error text.
func render(_ text: String, _ data: TemplateValue = .null, missingKey: TemplateOptions.MissingKey = .invalid,
            functions: [String: TemplateFunction] = [:]) -> String {
    let set = TemplateSet(functions: functions, options: TemplateOptions(missingKey: missingKey))
    do {
        try set.parse(name: "x", text: text)
        return try set.execute(name: "x", data: data)
    } catch {
        return "ERROR: \(error)"
    }
}

/// A test fixture: `.Values`-like nested data.
let sampleData: TemplateValue = .map([
    "str": .string("hello"),
    "num": .float(3),
    "big": .float(1_000_000),
    "pi": .float(3.14159),
    "int": .int(42),
    "yes": .bool(true),
    "no": .bool(false),
    "nothing": .null,
    "list": .list([.string("a"), .string("b"), .string("c")]),
    "empty": .list([]),
    "emptyMap": .map([:]),
    "strs": .strings(["x", "y"]),
    "nested": .map(["inner": .map(["leaf": .string("deep")]), "n": .int(1)]),
    "dict": .map(["b": .int(2), "a": .int(1), "c": .int(3)]),
    "mixed": .list([.int(1), .string("two"), .null, .float(4.5), .bool(true)]),
])

struct Case: CustomStringConvertible, Sendable {
    let template: String
    let expected: String
    var data: TemplateValue = sampleData
    var missingKey: TemplateOptions.MissingKey = .invalid
    init(_ template: String, _ expected: String, data: TemplateValue = sampleData,
         missingKey: TemplateOptions.MissingKey = .invalid) {
        self.template = template
        self.expected = expected
        self.data = data
        self.missingKey = missingKey
    }
    var description: String { template }
}
