/// A Go `map[string]interface{}`: a reference, as in Go.
///
/// Sprig's `set`, `unset`, `merge` and `mergeOverwrite` mutate the map they are given, and every
/// variable, field or argument holding the same map sees the change (charts rely on
/// `$_ := set $ctx "key" value`). Reading is Dictionary-like; writing goes through the explicit
/// mutating methods so that no code mutates a shared map by accident. To get an independent copy,
/// take ``entries`` (a Swift dictionary, a value) and build a new map from it.
public final class GoMap: @unchecked Sendable, Sequence {
    /// The entries, by key. Reading this gives an independent snapshot.
    public private(set) var entries: [String: TemplateValue]

    /// Whether this is Go's nil map: empty, printed `map[]` like any empty map, but encoded by
    /// `toJson`/`toYaml` as `null` (a Chart.yaml without `annotations`, `fromJson "null"`).
    /// Setting a key makes it an ordinary map.
    public private(set) var isNil = false

    /// Whether this is a Go `map[string]string` (Helm's chart annotations) rather than a
    /// `map[string]interface{}`: a missing key reads as "", and functions taking a
    /// `map[string]interface{}` refuse it, as reflect does.
    public private(set) var holdsStrings = false

    /// The Go type, as `printf "%T"` prints it.
    public var goTypeName: String { holdsStrings ? "map[string]string" : "map[string]interface {}" }

    /// What reading a missing key gives under `missingkey=zero`: the zero value of the element type.
    public var zeroElement: TemplateValue { holdsStrings ? .string("") : .null }

    /// A map holding `entries`.
    public init(_ entries: [String: TemplateValue] = [:]) {
        self.entries = entries
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
        map.isNil = true
        return map
    }

    /// The value for `key`, or `nil` when the map has no such key.
    public subscript(key: String) -> TemplateValue? { entries[key] }

    /// The keys, in no particular order (use ``sortedKeys`` for Go's printing order).
    public var keys: Dictionary<String, TemplateValue>.Keys { entries.keys }
    /// The values, in no particular order.
    public var values: Dictionary<String, TemplateValue>.Values { entries.values }
    /// The number of entries (Go's `len`).
    public var count: Int { entries.count }
    /// Whether the map has no entries.
    public var isEmpty: Bool { entries.isEmpty }
    /// The keys in Go's order for printing, ranging and encoding (bytewise).
    public var sortedKeys: [String] { entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// The entries in key order (``sortedKeys``), without looking each key up again.
    public var sortedEntries: [(key: String, value: TemplateValue)] {
        entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// Sets `key` to `value`, as Go's `m[key] = value`.
    public func set(_ key: String, _ value: TemplateValue) {
        entries[key] = value
        isNil = false
    }
    /// Removes `key`, as Go's `delete(m, key)`.
    public func remove(_ key: String) { entries.removeValue(forKey: key) }
    /// Replaces all entries at once.
    public func replaceAll(with newEntries: [String: TemplateValue]) {
        entries = newEntries
        isNil = false
    }

    public func makeIterator() -> Dictionary<String, TemplateValue>.Iterator { entries.makeIterator() }
}

extension TemplateValue {
    /// A new Go map holding `entries` (a fresh reference).
    public static func map(_ entries: [String: TemplateValue]) -> TemplateValue {
        .map(GoMap(entries))
    }
}
