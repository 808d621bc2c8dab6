// Sprig's dictionary functions (dict.go). Maps are references (GoMap): `set`, `unset`, `merge`
import Foundation
import GoTemplate

// and `mergeOverwrite` change the map they are given, as in Go.

enum DictFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["dict"] = function("dict") { a in
            var entries: [String: TemplateValue] = [:]
            entries.reserveCapacity((a.count + 1) / 2)
            var i = 0
            while i < a.count {
                let key = GoFormat.string(a[i])
                entries[key] = i + 1 < a.count ? a[i + 1] : .string("")
                i += 2
            }
            return .map(entries)
        }
        f["get"] = function("get") { a in
            try a.expect(2)
            let map = try a.map(0), key = try a.string(1)
            return map?[key] ?? .string("")
        }
        f["set"] = function("set") { a in
            try a.expect(3)
            guard let map = try a.map(0) else { throw TemplateFunctionError("assignment to entry in nil map") }
            map.set(try a.string(1), a[2])
            return .map(map)
        }
        f["unset"] = function("unset") { a in
            try a.expect(2)
            let key = try a.string(1)
            guard let map = try a.map(0) else { return a[0] }
            map.remove(key)
            return .map(map)
        }
        f["hasKey"] = function("hasKey") { a in
            try a.expect(2)
            let map = try a.map(0), key = try a.string(1)
            return .bool(map?[key] != nil)
        }
        f["pluck"] = function("pluck") { a in
            try a.expectAtLeast(1)
            let key = try a.string(0)
            var result: [TemplateValue] = []
            for i in 1..<max(1, a.count) {
                if let value = try a.map(i)?[key] { result.append(value) }
            }
            return .list(result)
        }
        f["keys"] = function("keys") { a in
            // Go lists each map's keys in random order, map after map; we sort within each map.
            var keys: [String] = []
            for i in 0..<a.count { keys += try a.map(i)?.sortedKeys ?? [] }
            return .strings(keys)
        }
        f["values"] = function("values") { a in
            try a.expect(1)
            guard let map = try a.map(0) else { return .list([]) }
            return .list(map.sortedKeys.map { map[$0]! })
        }
        f["pick"] = function("pick") { a in
            try a.expectAtLeast(1)
            let map = try a.map(0)
            var result: [String: TemplateValue] = [:]
            for i in 1..<max(1, a.count) {
                let key = try a.string(i)
                if let value = map?[key] { result[key] = value }
            }
            return .map(result)
        }
        f["omit"] = function("omit") { a in
            try a.expectAtLeast(1)
            let map = try a.map(0)
            let omitted = Set(try (1..<max(1, a.count)).map { try a.string($0) })
            var result: [String: TemplateValue] = [:]
            for (k, v) in map?.entries ?? [:] where !omitted.contains(k) { result[k] = v }
            return .map(result)
        }
        for name in ["merge", "mustMerge"] {
            f[name] = function(name) { a in try merge(a, overwrite: false) }
        }
        for name in ["mergeOverwrite", "mustMergeOverwrite"] {
            f[name] = function(name) { a in try merge(a, overwrite: true) }
        }
        for name in ["deepCopy", "mustDeepCopy"] {
            f[name] = function(name) { a in
                try a.expect(1)
                if a[0].isNil { throw TemplateFunctionError("reflect: call of reflect.Value.Type on zero Value") }
                return deepCopy(a[0])
            }
        }
        f["dig"] = function("dig") { a in
            if a.count < 3 { throw TemplateFunctionError("dig needs at least three arguments") }
            // Sprig asserts `.(map[string]interface{})`: a named map type (`common.Values`) or a
            // `map[string]string` is refused.
            guard case .map(var map) = a[a.count - 1], map.isPlainInterfaceMap else {
                throw TemplateFunctionError(
                    "interface conversion: interface {} is \(a[a.count - 1].goTypeName), not map[string]interface {}")
            }
            let fallback = a[a.count - 2]
            let keys = try (0..<(a.count - 2)).map { i -> String in
                guard case .string(let s) = a[i] else {
                    throw TemplateFunctionError("interface conversion: interface {} is \(a[i].goTypeName), not string")
                }
                return s
            }
            for (i, key) in keys.enumerated() {
                guard let step = map[key] else { return fallback }
                if i == keys.count - 1 { return step }
                guard case .map(let next) = step, next.isPlainInterfaceMap else {
                    throw TemplateFunctionError(
                        "interface conversion: interface {} is \(step.goTypeName), not map[string]interface {}")
                }
                map = next
            }
            return fallback
        }
        return f
    }

    /// Sprig's `merge`/`mergeOverwrite`: `dario.cat/mergo` deep merge of each source into the first map.
    static func merge(_ a: Arguments, overwrite: Bool) throws -> TemplateValue {
        try a.expectAtLeast(1)
        // mergo makes a new map for a nil destination
        let destination = try a.map(0) ?? GoMap()
        for i in 1..<max(1, a.count) {
            if let source = try a.map(i) { Mergo.merge(into: destination, from: source, overwrite: overwrite) }
        }
        return .map(destination)
    }

    /// `copystructure.Copy`: new maps and lists all the way down.
    static func deepCopy(_ value: TemplateValue) -> TemplateValue {
        switch value {
        case .map(let m): return .map(m.copy(mappingValues: deepCopy))
        case .list(let l): return .list(l.map(deepCopy))
        default: return value
        }
    }
}

/// The parts of `dario.cat/mergo` that Sprig's merges reach with `map[string]interface{}` values.
enum Mergo {
    /// Merges `source` into `destination` in place. Without `overwrite`, a key is taken from the source
    /// only when the destination lacks it or holds an empty value; nested maps merge recursively
    /// (sharing the source's nested maps where the destination had none, as Go does).
    static func merge(into destination: GoMap, from source: GoMap, overwrite: Bool) {
        for key in source.sortedKeys {
            let sourceValue = source[key]!
            let destinationValue = destination[key]
            if sourceValue.isNil {
                if overwrite { destination.set(key, .null) }
                continue
            }
            if case .map(let sourceMap) = sourceValue, case .map(let destinationMap)? = destinationValue {
                merge(into: destinationMap, from: sourceMap, overwrite: overwrite)
                continue
            }
            if let destinationValue, !isEmptyValue(destinationValue) {
                if !overwrite { continue }
                destination.set(key, sourceValue)
                continue
            }
            destination.set(key, sourceValue)
        }
    }

    /// mergo's `isEmptyValue` with dereferencing, on the value inside an `interface{}`.
    static func isEmptyValue(_ value: TemplateValue) -> Bool {
        switch value {
        case .object: return false
        default: return !value.isTruthy
        }
    }
}
