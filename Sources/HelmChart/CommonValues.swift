import GoTemplate
import GoYAML

/// Helm's `common.Values` (`type Values map[string]interface{}`): the type of `.Values`, of the
/// render context `.` (and `$`) and of `.Template`. Templates see it through `%T`/`typeOf`
/// (`common.Values`) and its methods, which a field chain finds before a key of the same name:
/// `AsMap`, `Table`, `PathValue`, `YAML` and `Encode`. Functions taking a
/// `map[string]interface{}` parameter accept it (Go assigns the named type to its underlying one);
/// functions asserting `.(map[string]interface{})` on an `interface{}` (Sprig's `dig`) refuse it.
public struct CommonValues: GoNamedMapType {
    /// The type, shared by every map viewed as `common.Values`.
    public static let type = CommonValues()

    /// `map` seen as `common.Values` (same entries).
    public static func view(_ map: GoMap) -> GoMap { map.viewed(as: type) }

    /// A new `common.Values` holding `entries`.
    public static func make(_ entries: [String: TemplateValue] = [:]) -> GoMap { GoMap(entries).viewed(as: type) }

    public var name: String { "common.Values" }

    public func hasMethod(_ name: String) -> Bool {
        // Asked on every field of `.` and `.Values`: most names differ from all five in length or
        // first letter, which costs no string comparison.
        let utf8 = name.utf8
        switch (utf8.count, utf8.first) {
        case (5, UInt8(ascii: "A")?), (6, UInt8(ascii: "E")?), (9, UInt8(ascii: "P")?), (5, UInt8(ascii: "T")?), (4, UInt8(ascii: "Y")?):
            break
        default:
            return false
        }
        switch name {
        case "AsMap", "Encode", "PathValue", "Table", "YAML": return true
        default: return false
        }
    }

    public func callMethod(_ name: String, on map: GoMap, arguments: [TemplateValue]) throws -> TemplateValue {
        switch name {
        case "AsMap":
            try expect(name, 0, arguments)
            // `map[string]interface{}(v)`, or a fresh empty map for an empty one.
            return .map(map.isEmpty ? GoMap() : map.viewed(as: nil))
        case "Table":
            try expect(name, 1, arguments)
            return .map(CommonValues.view(try CommonValues.table(map, try path(arguments[0]))))
        case "PathValue":
            try expect(name, 1, arguments)
            return try CommonValues.pathValue(map, try path(arguments[0]))
        case "YAML":
            try expect(name, 0, arguments)
            do { return .string(try YAMLEncoding.encode(.map(map))) } catch {
                throw TemplateFunctionError("\(error)")
            }
        case "Encode":
            try expect(name, 1, arguments)
            // An io.Writer parameter: no template value is one, and nil makes Encode write to nothing.
            if case .null = arguments[0] {
                throw TemplateFunctionError("runtime error: invalid memory address or nil pointer dereference")
            }
            throw TemplateFunctionError.wrongType(arguments[0], expected: "io.Writer", argument: 0)
        default:
            throw TemplateFunctionError("can't evaluate field \(name) in type common.Values")
        }
    }

    private func expect(_ name: String, _ count: Int, _ arguments: [TemplateValue]) throws {
        if arguments.count != count {
            throw TemplateFunctionError("wrong number of args for \(name): want \(count) got \(arguments.count)")
        }
    }

    private func path(_ argument: TemplateValue) throws -> String {
        guard case .string(let s) = argument else {
            throw TemplateFunctionError.wrongType(argument, expected: "string", argument: 0)
        }
        return s
    }

    /// `Values.Table`: the table at a dotted path; throws `"x" is not a table` at the first step that
    /// is missing or not a `map[string]interface{}`.
    public static func table(_ map: GoMap, _ path: String) throws -> GoMap {
        var table = map
        for step in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            guard case .map(let next)? = table[step], !next.holdsStrings else {
                throw TemplateFunctionError("\(goQuote(step)) is not a table")
            }
            table = next
        }
        return table
    }

    /// `Values.PathValue`: the value (not a table) at a dotted path; throws `"x" is not a value` naming
    /// the last step otherwise.
    public static func pathValue(_ map: GoMap, _ path: String) throws -> TemplateValue {
        if path.isEmpty { throw TemplateFunctionError("YAML path cannot be empty") }
        var steps = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let key = steps.removeLast()
        let notAValue = TemplateFunctionError("\(goQuote(key)) is not a value")
        var container = map
        if !steps.isEmpty {
            do { container = try table(map, steps.joined(separator: ".")) } catch { throw notAValue }
        }
        guard let value = container[key] else { throw notAValue }
        if case .map(let m) = value, !m.holdsStrings, m.namedType == nil { throw notAValue }
        return value
    }
}
