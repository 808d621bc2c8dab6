import GoTemplate

/// Deep-merges operator value layers: maps merge key by key, anything else in a later layer replaces
/// the earlier value (an explicit `null` replaces it too, meaning "unset").
public func mergeValueLayers(_ layers: [TemplateValue]) -> TemplateValue {
    layers.reduce(TemplateValue.map([:])) { merged, layer in mergeValues(merged, layer) }
}

/// `overlay` merged over `base` (see ``mergeValueLayers(_:)``); neither input is mutated.
public func mergeValues(_ base: TemplateValue, _ overlay: TemplateValue) -> TemplateValue {
    guard case .map(let baseMap) = base, case .map(let overlayMap) = overlay else { return deepCopy(overlay) }
    var merged = deepCopy(base).mapValue ?? [:]
    for (key, value) in overlayMap.entries {
        if let existing = merged[key] {
            merged[key] = mergeValues(existing, value)
        } else {
            merged[key] = deepCopy(value)
        }
    }
    _ = baseMap
    return TemplateValue.map(merged)
}

/// A copy of `value` sharing no map with it (maps are references).
public func deepCopy(_ value: TemplateValue) -> TemplateValue {
    switch value {
    case .map(let map): return .map(map.entries.mapValues { deepCopy($0) })
    case .list(let items): return .list(items.map(deepCopy))
    default: return value
    }
}

extension TemplateValue {
    /// The value at a key path of nested maps.
    func value(at path: [String]) -> TemplateValue? {
        var current: TemplateValue? = self
        for key in path {
            guard case .map(let map)? = current else { return nil }
            current = map[key]
        }
        return current
    }

    /// A copy with `newValue` at `path`, creating maps on the way (a non-map on the way is replaced).
    func setting(_ newValue: TemplateValue, at path: [String]) -> TemplateValue {
        guard let first = path.first else { return newValue }
        var entries = mapValue ?? [:]
        entries[first] = (entries[first] ?? .map([:])).setting(newValue, at: Array(path.dropFirst()))
        return .map(entries)
    }
}
