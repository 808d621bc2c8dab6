import GoTemplate

/// The Go type a document is decoded into, as far as sigs.k8s.io/yaml's conversion depends on it,
/// and the part of the document a caller keeps. `yaml.Unmarshal(text, &goStruct)` converts YAML to
/// JSON looking at the target type: a number or boolean bound for a `string` becomes its text
/// (`kind: 5` → `"5"`, `kind: .inf` → `"+Inf"`), and struct fields are found by their JSON names as
/// encoding/json finds them (exact name, else ignoring case). Helm's manifest sorting decodes every
/// document into `SimpleHead`.
public indirect enum YAMLProjection: Sendable {
    /// An `interface{}`: the whole value, untyped.
    case all
    /// A struct with these JSON field names, in declaration order. Only keys that name a field are
    /// kept (under the key as written); the rest is read and checked, not kept. A value that is not a
    /// mapping is kept as it is (decoding it into the struct is the caller's type error).
    case fields([(name: String, type: YAMLProjection)])
    /// A `string`: numbers and booleans become their text, as sigs.k8s.io/yaml writes them.
    case string
    /// A `map[string]string`: every value converted as ``string``.
    case stringMap
    /// A slice whose elements are decoded as the given type (`[]string`: `.list(.string)`).
    case list(YAMLProjection)

    /// What a mapping's value under `key` is decoded as, or nil when it is not kept.
    func child(forKey key: String) -> YAMLProjection? {
        switch self {
        case .all, .string, .list: return .all
        case .stringMap: return .string
        case .fields(let fields):
            return Self.field(named: key, in: fields)?.type
        }
    }

    /// What a sequence's items are decoded as, or nil when they are not kept (a sequence where a
    /// struct or map is expected is kept only as an empty shell: decoding it is the caller's type error).
    var element: YAMLProjection? {
        switch self {
        case .all, .string: return .all
        case .list(let element): return element
        case .fields, .stringMap: return nil
        }
    }

    /// encoding/json's field lookup: the field with exactly this name, else the first whose name
    /// equals it ignoring case (with Unicode's K and ſ folding to `k` and `s`).
    public static func field<T>(named key: String, in fields: [(name: String, type: T)]) -> (name: String, type: T)? {
        var folded: (name: String, type: T)?
        for field in fields {
            if field.name == key { return field }
            if folded == nil && equalFold(field.name, key) { folded = field }
        }
        return folded
    }

    /// Whether `key` equals the ASCII field name `name` under simple case folding.
    static func equalFold(_ name: String, _ key: String) -> Bool {
        var n = name.unicodeScalars.makeIterator()
        var k = key.unicodeScalars.makeIterator()
        while true {
            switch (n.next(), k.next()) {
            case (nil, nil): return true
            case (nil, _), (_, nil): return false
            case let (a?, b?):
                if fold(a) != fold(b) { return false }
            }
        }
    }

    private static func fold(_ s: Unicode.Scalar) -> UInt32 {
        switch s.value {
        case 0x41...0x5A: return s.value + 0x20
        case 0x212A: return 0x6B  // KELVIN SIGN → k
        case 0x017F: return 0x73  // LATIN SMALL LETTER LONG S → s
        default: return s.value
        }
    }

    /// A scalar bound for a Go string, as sigs.k8s.io/yaml converts it (`FormatInt`, `FormatUint`,
    /// `FormatFloat(f, 'g', -1, 32)`, `true`/`false`); null and text stay as they are.
    static func stringValue(of scalar: YAMLValueDecoder.GoScalar) -> TemplateValue {
        switch scalar {
        case .null: return .null
        case .bool(let b): return .string(b ? "true" : "false")
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .float(let f): return .string(GoFloatFormat.g32(f, yamlSpecials: false))
        case .string(let s): return .string(s)
        }
    }
}
