/// A value as Go's `text/template` sees it, restricted to the Go types Helm charts meet.
///
/// Values decoded from YAML or JSON (chart values, `fromYaml`) are `map[string]interface{}`,
/// `[]interface{}`, `string`, `float64`, `bool` and `nil`, exactly as Helm decodes them through
/// `sigs.k8s.io/yaml`. Functions add the other Go types they return (`int` from `len` and `int`,
/// `int64` from `--set` and `int64`, `[]string` from `splitList`, `[]byte` from `.Files.GetBytes`)
/// and structured objects (`.Release`, `.Capabilities`, `.Files`, semantic versions, times,
/// certificates), which are ``TemplateObject``s.
public enum TemplateValue: Sendable {
    /// Go's untyped `nil` (a nil `interface{}`), printed as `<nil>`.
    case null
    /// Go `bool`.
    case bool(Bool)
    /// Go `int` (64-bit on Helm's platforms).
    case int(Int)
    /// Go `int64`.
    case int64(Int64)
    /// Go `float64`: every number decoded from YAML or JSON.
    case float(Double)
    /// Go `string`.
    case string(String)
    /// Go `[]interface{}`.
    case list([TemplateValue])
    /// Go `[]string`.
    case strings([String])
    /// Go `[]byte`.
    case bytes([UInt8])
    /// Go `map[string]interface{}`, a reference like Go's maps (see ``GoMap``); iteration,
    /// printing and encoding sort its keys. Build one with `.map([key: value])`.
    case map(GoMap)
    /// A Go struct, pointer or other named type with fields and methods.
    indirect case object(any TemplateObject)
}

/// A structured Go value reachable from templates through fields (`.Release.Name`) and
/// methods (`.Files.Get "x"`, `.Capabilities.APIVersions.Has "v1"`).
public protocol TemplateObject: Sendable {
    /// The Go type name as `printf "%T"` and Sprig's `typeOf` print it, e.g. `*semver.Version`.
    var goTypeName: String { get }
    /// The Go kind as Sprig's `kindOf` prints it, e.g. `struct` or `ptr`.
    var goKind: String { get }
    /// The value of field `name`, or `nil` when the type has no such field.
    func field(_ name: String) -> TemplateValue?
    /// Calls method `name` with `arguments`; returns `nil` when the type has no such method.
    /// Throwing reports the Go method's error return.
    func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue?
    /// Whether a method called `name` exists (so a field chain can call it with arguments).
    func hasMethod(_ name: String) -> Bool
    /// How Go's `fmt` prints the value with `%v` (also `{{ . }}`): e.g. `1.2.3` for a
    /// `*semver.Version` (it has a `String()` method) or `{a b}` for a plain struct.
    var goDescription: String { get }
    /// Whether Go's template truth test sees the value as non-empty (true for structs).
    var isTruthy: Bool { get }
    /// For map-like Go types (Helm's `files` is a `map[string][]byte`): the entries `range` visits,
    /// in key order; `nil` for types that cannot be ranged over.
    var rangeEntries: [(key: String, value: TemplateValue)]? { get }
    /// For slice types with methods (Helm's `common.VersionSet` is a `[]string`): the elements
    /// `range`, `len`, `index` and list functions see; `nil` for other types.
    var sliceElements: [TemplateValue]? { get }
    /// What a function receives when this value is passed to it: Go copies the value into an
    /// `interface{}`, and a type whose `String` method has a pointer receiver then prints its fields
    /// (`{v1.31.2 v1.31.2 1 31}`) instead of calling it. nil when the copy behaves the same.
    var argumentCopy: (any TemplateObject)? { get }
}

extension TemplateObject {
    public var argumentCopy: (any TemplateObject)? { nil }
    public var goKind: String { "struct" }
    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? { nil }
    public func hasMethod(_ name: String) -> Bool { false }
    public var isTruthy: Bool { true }
    public var rangeEntries: [(key: String, value: TemplateValue)]? { nil }
    public var sliceElements: [TemplateValue]? { nil }
}

/// A Go function callable from a template: `{{ quote .x }}`, `{{ .x | quote }}`.
///
/// It receives its evaluated arguments in order (a piped value comes last) and returns one value
/// or throws, as a Go function returning `(value, error)` does.
public typealias TemplateFunction = @Sendable ([TemplateValue]) throws -> TemplateValue

/// The error a ``TemplateFunction`` throws for a Go error return; the executor wraps it as
/// `error calling NAME: MESSAGE` together with the template position.
public struct TemplateFunctionError: Error, Sendable, CustomStringConvertible {
    /// The message as the Go function's error would print it.
    public var message: String
    /// For an argument whose type does not fit the Go parameter: its position in the call (a piped
    /// value is the last argument). Go's `text/template` checks argument types itself, before calling,
    /// and reports them at the argument's node with its own wording; the executor does the same.
    public var argumentIndex: Int?
    /// The Go parameter type the argument did not fit (with ``argumentIndex``), e.g. `string`, `int`.
    public var expectedType: String?

    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// An argument that does not fit a Go parameter of type `expected`, with reflect's message
    /// (`wrong type for value; expected string; got int`; a nil value is a nil `interface {}`).
    public static func wrongType(_ value: TemplateValue, expected: String, argument index: Int) -> TemplateFunctionError {
        let got: String
        if case .null = value { got = "interface {}" } else { got = value.goTypeName }
        return argumentError("wrong type for value; expected \(expected); got \(got)", expected: expected, argument: index)
    }

    /// A nil argument for a Go parameter of type `expected` that cannot hold nil (`invalid value; expected string`).
    public static func invalidValue(expected: String, argument index: Int) -> TemplateFunctionError {
        argumentError("invalid value; expected \(expected)", expected: expected, argument: index)
    }

    private static func argumentError(_ message: String, expected: String, argument index: Int) -> TemplateFunctionError {
        var error = TemplateFunctionError(message)
        error.argumentIndex = index
        error.expectedType = expected
        return error
    }
}

extension TemplateValue {
    /// Go's template truth: false for the zero value of the type, nil, and empty collections.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .int64(let i): return i != 0
        case .float(let f): return f != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .strings(let l): return !l.isEmpty
        case .bytes(let b): return !b.isEmpty
        case .map(let m): return !m.isEmpty
        case .object(let o): return o.isTruthy
        }
    }

    /// The Go type name as `printf "%T"` prints it (`<nil>` for nil).
    public var goTypeName: String {
        switch self {
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .float: return "float64"
        case .string: return "string"
        case .list: return "[]interface {}"
        case .strings: return "[]string"
        case .bytes: return "[]uint8"
        case .map(let m): return m.goTypeName
        case .object(let o): return o.goTypeName
        }
    }

    /// The Go `reflect.Kind` name as Sprig's `kindOf` prints it (`invalid` for nil).
    public var goKind: String {
        switch self {
        case .null: return "invalid"
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .float: return "float64"
        case .string: return "string"
        case .list, .strings, .bytes: return "slice"
        case .map: return "map"
        case .object(let o): return o.goKind
        }
    }

    /// The string when the value is a Go `string`.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A snapshot of the entries when the value is a map.
    public var mapValue: [String: TemplateValue]? {
        if case .map(let m) = self { return m.entries }
        return nil
    }

    /// The elements when the value is any Go slice (`[]interface{}`, `[]string`, `[]byte`).
    public var listElements: [TemplateValue]? {
        switch self {
        case .list(let l): return l
        case .strings(let s): return s.map(TemplateValue.string)
        case .bytes(let b): return b.map { .int(Int($0)) }
        case .object(let o): return o.sliceElements
        default: return nil
        }
    }
}
