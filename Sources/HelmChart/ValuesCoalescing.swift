/// Values coalescing exactly as Helm's `chartutil` (pkg/chart/common/util/coalesce.go), working on
/// Go-like reference maps so that the in-place mutations Helm relies on behave the same.
public enum ValuesCoalescing {
    /// `CoalesceValues`: the user `values` (deep-copied) over the chart defaults and its subcharts';
    /// `null` user values delete chart defaults.
    public static func coalesceValues(chart: Chart, values: GoMap) -> GoMap {
        let copy = deepCopy(values)
        return coalesce(chart, copy, prefix: "", merge: false)
    }

    /// `MergeValues`: like ``coalesceValues(chart:values:)`` but keeps `null`s.
    public static func mergeValues(chart: Chart, values: GoMap) -> GoMap {
        let copy = deepCopy(values)
        return coalesce(chart, copy, prefix: "", merge: true)
    }

    /// `CoalesceTables`: merges `src` into `dst` (dst wins), deleting keys `dst` sets to null.
    @discardableResult
    public static func coalesceTables(_ dst: GoMap, _ src: GoMap) -> GoMap {
        coalesceTablesFullKey(dst, src, prefix: "", merge: false)
    }

    /// `MergeTables`: like ``coalesceTables(_:_:)`` but keeps `null`s.
    @discardableResult
    public static func mergeTables(_ dst: GoMap, _ src: GoMap) -> GoMap {
        coalesceTablesFullKey(dst, src, prefix: "", merge: true)
    }

    /// A deep copy of maps and lists (Go's copystructure.Copy).
    public static func deepCopy(_ m: GoMap) -> GoMap {
        // mapValues keeps the hash table's layout: no key is hashed again.
        GoMap(m.entries.mapValues(deepCopy))
    }

    public static func deepCopy(_ v: TemplateValue) -> TemplateValue {
        switch v {
        case .map(let m): return .map(deepCopy(m))
        case .list(let l): return .list(l.map(deepCopy))
        default: return v
        }
    }

    static func coalesce(_ chart: Chart, _ dest: GoMap, prefix: String, merge: Bool) -> GoMap {
        coalesceChartValues(chart, dest, prefix: prefix, merge: merge)
        return coalesceDependencies(chart, dest, prefix: prefix, merge: merge)
    }

    static func concatPrefix(_ a: String, _ b: String) -> String { a.isEmpty ? b : a + "." + b }

    static func coalesceDependencies(_ chart: Chart, _ dest: GoMap, prefix: String, merge: Bool) -> GoMap {
        for sub in chart.dependencies {
            let existing = dest[sub.name]
            let dvmap: GoMap
            switch existing {
            case nil:
                dvmap = GoMap(); dest.set(sub.name, .map(dvmap))
            case .map(let m)?:
                dvmap = m
            default:
                // Helm returns "type mismatch" here; callers ignore it in practice (the value stays).
                continue
            }
            let subPrefix = concatPrefix(prefix, chart.name)
            coalesceGlobals(dvmap, dest, prefix: subPrefix)
            dest.set(sub.name, .map(coalesce(sub, dvmap, prefix: subPrefix, merge: merge)))
        }
        return dest
    }

    static func coalesceGlobals(_ dest: GoMap, _ src: GoMap, prefix: String) {
        let dg: GoMap
        switch dest["global"] {
        case nil: dg = GoMap()
        case .map(let m)?: dg = m
        default:
            HelmLog.printf("warning: skipping globals because destination global is not a table.")
            return
        }
        let sg: GoMap
        switch src["global"] {
        case nil: sg = GoMap()
        case .map(let m)?: sg = m
        default:
            HelmLog.printf("warning: skipping globals because source global is not a table.")
            return
        }
        for (key, val) in sg.entries {
            if case .map(let valMap) = val {
                let vv = GoMap(valMap.entries)
                if let destv = dg[key] {
                    if case .map(let destvmap) = destv {
                        coalesceTablesFullKey(vv, destvmap, prefix: concatPrefix(prefix, key), merge: true)
                        dg.set(key, .map(vv))
                    } else {
                        HelmLog.printf("Conflict: cannot merge map onto non-map for \(goQuote(key)). Skipping.")
                    }
                } else {
                    dg.set(key, .map(vv))
                }
            } else if case .map? = dg[key] {
                HelmLog.printf("key \(key) is table. Skipping")
                continue
            } else {
                dg.set(key, val)
            }
        }
        dest.set("global", .map(dg))
    }

    static func coalesceChartValues(_ chart: Chart, _ v: GoMap, prefix: String, merge: Bool) {
        let vc = deepCopy(chart.values)
        for (key, val) in vc.entries {
            if let value = v[key] {
                if case .null = value, !merge {
                    v.remove(key)
                } else if case .map(let dest) = value {
                    if case .map(let src) = val {
                        let childMerge = chart.dependencies.contains { $0.name == key } ? true : merge
                        if !childMerge { cleanNilValues(src) }
                        coalesceTablesFullKey(dest, src, prefix: concatPrefix(concatPrefix(prefix, chart.name), key), merge: childMerge)
                    } else if !isNull(val) {
                        HelmLog.printf("warning: skipped value for \(concatPrefix(prefix, chart.name)).\(key): Not a table.")
                    }
                }
            } else {
                if !merge {
                    if case .null = val { continue }
                    if case .map(let sub) = val { cleanNilValues(sub) }
                }
                v.set(key, val)
            }
        }
    }

    @discardableResult
    static func coalesceTablesFullKey(_ dst: GoMap, _ src: GoMap, prefix: String, merge: Bool) -> GoMap {
        var srcOriginalNonNil = Set<String>()
        for (k, v) in src.entries { if !isNull(v) { srcOriginalNonNil.insert(k) } }
        for (k, v) in dst.entries where isNull(v) { src.set(k, .null) }
        for (key, val) in src.entries {
            let fullKey = concatPrefix(prefix, key)
            let dv = dst[key]
            if let dv, !merge, isNull(dv), srcOriginalNonNil.contains(key) {
                dst.remove(key)
            } else if dv == nil {
                dst.set(key, val)
            } else if case .map(let valMap) = val {
                if case .map(let dvMap)? = dv {
                    coalesceTablesFullKey(dvMap, valMap, prefix: fullKey, merge: merge)
                } else {
                    HelmLog.printf("warning: cannot overwrite table with non table for \(fullKey) (\(goFormat(val)))")
                }
            } else if case .map? = dv, !isNull(val) {
                HelmLog.printf("warning: destination for \(fullKey) is a table. Ignoring non-table value (\(goFormat(val)))")
            }
        }
        return dst
    }

    static func cleanNilValues(_ m: GoMap) {
        for (k, v) in m.entries {
            if isNull(v) { m.remove(k) } else if case .map(let sub) = v { cleanNilValues(sub) }
        }
    }

    static func isNull(_ v: TemplateValue) -> Bool { if case .null = v { return true }; return false }
}
