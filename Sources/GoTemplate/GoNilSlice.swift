/// Go's nil slice (`[]interface {}` or `[]string` holding nothing, not even an array): what Sprig's
/// `regexFindAll` returns without a match and `rest`, `initial`, `concat`, `slice` return for nothing.
/// It prints `[]` and behaves as an empty slice everywhere (`len`, `range`, `empty`, list functions);
/// only encoders tell it apart: `toJson` and `toYaml` write `null`.
public struct GoNilSlice: TemplateObject {
    /// The element type, as in `[]string`.
    public let elementType: String

    public init(of elementType: String = "interface {}") {
        self.elementType = elementType
    }

    public var goTypeName: String { "[]" + elementType }
    public var goKind: String { "slice" }
    public func field(_ name: String) -> TemplateValue? { nil }
    public var goDescription: String { "[]" }
    public var isTruthy: Bool { false }
    public var sliceElements: [TemplateValue]? { [] }
}

extension TemplateValue {
    /// Go's nil `[]interface {}`.
    public static var nilList: TemplateValue { .object(GoNilSlice()) }

    /// `items` as a `[]interface {}`, or Go's nil slice when `items` is empty and Go's function would
    /// have built nothing.
    public static func list(_ items: [TemplateValue], nilWhenEmpty: Bool) -> TemplateValue {
        nilWhenEmpty && items.isEmpty ? .nilList : .list(items)
    }
}
