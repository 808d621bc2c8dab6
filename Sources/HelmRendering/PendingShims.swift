// TEMPORARY (chart helper): stand-ins for APIs other helpers are landing on main
// (GoTemplate.TemplateSet).
// Delete each declaration once the real one is merged.
final class TemplateSet {
    init(functions: [String: TemplateFunction] = [:], options: TemplateOptions = TemplateOptions()) {}
    func addFunctions(_ functions: [String: TemplateFunction]) {}
    func parse(name: String, text: String) throws { throw TemplateError(description: "template engine pending") }
    func execute(name: String, data: TemplateValue) throws -> String { throw TemplateError(description: "template engine pending") }
    func clone() -> TemplateSet { self }
    func hasTemplate(_ name: String) -> Bool { false }
}
struct TemplateOptions {
    enum MissingKey { case invalid, zero, error }
    var missingKey: MissingKey = .zero
}
struct TemplateError: Error, CustomStringConvertible { var description: String }
