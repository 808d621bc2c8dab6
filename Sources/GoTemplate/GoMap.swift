/// A Go `map[string]interface{}`: a reference, as in Go.
///
/// Sprig's `set`, `unset`, `merge` and `mergeOverwrite` mutate the map they are given, and every
/// variable, field or argument holding the same map sees the change (charts rely on
/// `$_ := set $ctx "key" value`). Reading is Dictionary-like; writing goes through the explicit
/// mutating methods so that no code mutates a shared map by accident. To get an independent copy,
/// take ``entries`` (a Swift dictionary, a value) and build a new map from it.
///
/// A map may also be seen as a named Go map type with methods (Helm's `common.Values`, see
/// ``GoNamedMapType``): ``viewed(as:)`` gives the same entries under another type, as a Go
/// conversion does, so a change through either is seen through both.
public final class GoMap: @unchecked Sendable, Sequence {
    /// The entries, in the map itself or, for a view (``viewed(as:)``), in the map it views.
    private var ownEntries: [String: TemplateValue]
    private var ownIsNil = false
    /// The map this one is a view of (never itself a view); nil for a map holding its entries.
    private let base: GoMap?

    /// The entries, by key. Reading this gives an independent snapshot.
    public var entries: [String: TemplateValue] { base == nil ? ownEntries : base!.ownEntries }

    /// Whether this is Go's nil map: empty, printed `map[]` like any empty map, but encoded by
    /// `toJson`/`toYaml` as `null` (a Chart.yaml without `annotations`, `fromJson "null"`).
    /// Setting a key makes it an ordinary map.
    public var isNil: Bool { base == nil ? ownIsNil : base!.ownIsNil }

    /// Whether this is a Go `map[string]string` (Helm's chart annotations) rather than a
    /// `map[string]interface{}`: a missing key reads as "", and functions taking a
    /// `map[string]interface{}` refuse it, as reflect does.
    public private(set) var holdsStrings = false

    /// The named type this map is seen as (its methods come before its keys in a field chain);
    /// nil for a plain `map[string]interface{}`.
    public let namedType: (any GoNamedMapType)?
    /// Whether ``namedType`` is set (tested on every field access: a stored flag costs less than
    /// opening the existential).
    let isNamed: Bool

    /// The Go type, as `printf "%T"` prints it.
    public var goTypeName: String {
        if let namedType { return namedType.name }
        return holdsStrings ? "map[string]string" : "map[string]interface {}"
    }

    /// What reading a missing key gives under `missingkey=zero`: the zero value of the element type.
    public var zeroElement: TemplateValue { holdsStrings ? .string("") : .null }

    /// A map holding `entries`.
    public init(_ entries: [String: TemplateValue] = [:]) {
        ownEntries = entries
        base = nil
        namedType = nil
        isNamed = false
    }

    private init(viewing base: GoMap, as namedType: (any GoNamedMapType)?) {
        ownEntries = [:]
        self.base = base
        self.namedType = namedType
        isNamed = namedType != nil
    }

    /// The same Go map seen as `type` (nil: a plain `map[string]interface{}`), as Go's conversion
    /// `common.Values(m)` or `map[string]interface{}(v)`: entries are shared, not copied.
    public func viewed(as type: (any GoNamedMapType)?) -> GoMap {
        let view = GoMap(viewing: base ?? self, as: type)
        view.holdsStrings = holdsStrings
        return view
    }

    /// Whether this is an unnamed `map[string]interface{}` (what a Go type assertion
    /// `.(map[string]interface{})` accepts).
    public var isPlainInterfaceMap: Bool { !holdsStrings && namedType == nil }

    /// A new map of the same Go type (and nil-ness) whose values are `transform` of these: Go's
    /// `copystructure.Copy` keeps the type of what it copies.
    public func copy(mappingValues transform: (TemplateValue) throws -> TemplateValue) rethrows -> GoMap {
        let copy = GoMap(try entries.mapValues(transform))
        copy.ownIsNil = isNil
        copy.holdsStrings = holdsStrings
        return namedType == nil ? copy : copy.viewed(as: namedType)
    }

    /// A Go `map[string]string` holding `entries`; nil (see ``isNil``) when `entries` is nil.
    public static func strings(_ entries: [String: String]?) -> GoMap {
        let map = entries.map { GoMap($0.mapValues(TemplateValue.string)) } ?? nilMap()
        map.holdsStrings = true
        return map
    }

    /// A new nil map (see ``isNil``).
    public static func nilMap() -> GoMap {
        let map = GoMap()
        map.ownIsNil = true
        return map
    }

    /// The value for `key`, or `nil` when the map has no such key.
    // Plain maps (nearly all) read their own entries: the branch on `base` costs no reference counting.
    public subscript(key: String) -> TemplateValue? { base == nil ? ownEntries[key] : base!.ownEntries[key] }

    /// The keys, in no particular order (use ``sortedKeys`` for Go's printing order).
    public var keys: Dictionary<String, TemplateValue>.Keys { entries.keys }
    /// The values, in no particular order.
    public var values: Dictionary<String, TemplateValue>.Values { entries.values }
    /// The number of entries (Go's `len`).
    public var count: Int { base == nil ? ownEntries.count : base!.ownEntries.count }
    /// Whether the map has no entries.
    public var isEmpty: Bool { count == 0 }
    /// The keys in Go's order for printing, ranging and encoding (bytewise).
    public var sortedKeys: [String] { entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// The entries in key order (``sortedKeys``), without looking each key up again.
    public var sortedEntries: [(key: String, value: TemplateValue)] {
        entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// Sets `key` to `value`, as Go's `m[key] = value`.
    public func set(_ key: String, _ value: TemplateValue) {
        if let base { return base.set(key, value) }
        ownEntries[key] = value
        ownIsNil = false
    }
    /// Removes `key`, as Go's `delete(m, key)`.
    public func remove(_ key: String) {
        if let base { return base.remove(key) }
        ownEntries.removeValue(forKey: key)
    }
    /// Replaces all entries at once.
    public func replaceAll(with newEntries: [String: TemplateValue]) {
        if let base { return base.replaceAll(with: newEntries) }
        ownEntries = newEntries
        ownIsNil = false
    }

    public func makeIterator() -> Dictionary<String, TemplateValue>.Iterator { entries.makeIterator() }
}

extension TemplateValue {
    /// A new Go map holding `entries` (a fresh reference).
    public static func map(_ entries: [String: TemplateValue]) -> TemplateValue {
        .map(GoMap(entries))
    }
}

/// A named Go map type with methods (Helm's `common.Values`, declared `type Values
/// map[string]interface{}`): assignable wherever a `map[string]interface{}` parameter is expected,
/// printed under its own name by `%T`, and its methods found before its keys in a field chain
/// (`.Values.AsMap`).
public protocol GoNamedMapType: Sendable {
    /// The type's name as `printf "%T"` prints it, e.g. `common.Values`.
    var name: String { get }
    /// Whether the type has a method called `name`.
    func hasMethod(_ name: String) -> Bool
    /// Calls method `name` on `map` (a view of this type); throws the method's error return.
    func callMethod(_ name: String, on map: GoMap, arguments: [TemplateValue]) throws -> TemplateValue
}
