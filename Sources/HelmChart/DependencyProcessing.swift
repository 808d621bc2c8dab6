/// Helm's `ProcessDependencies`: applies aliases, disables subcharts by conditions and tags,
/// then imports child values into parents (`import-values`).
public enum DependencyProcessing {
    /// Processes `chart` in place against the user-supplied `values`.
    public static func process(_ chart: Chart, values: GoMap) {
        processEnabled(chart, values, path: "")
        processImportValues(recursively: chart)
    }

    static func aliasCopy(_ charts: [Chart], _ dep: ChartDependency) -> Chart? {
        for c in charts where c.name == dep.name && isCompatibleRange(dep.version, c.metadata.version) {
            let out = c.copyForAlias()
            if !dep.alias.isEmpty { out.metadata.name = dep.alias }
            return out
        }
        return nil
    }

    static func processEnabled(_ c: Chart, _ v: GoMap, path: String) {
        guard var reqs = c.metadata.dependencies else { return }
        var chartDependencies: [Chart] = []
        outer: for existing in c.dependencies {
            for req in reqs where existing.name == req.name && isCompatibleRange(req.version, existing.metadata.version) {
                continue outer
            }
            chartDependencies.append(existing)
        }
        for i in reqs.indices {
            if let copy = aliasCopy(c.dependencies, reqs[i]) { chartDependencies.append(copy) }
            if !reqs[i].alias.isEmpty { reqs[i].name = reqs[i].alias }
        }
        c.setDependencies(chartDependencies)
        for i in reqs.indices { reqs[i].enabled = true }
        let cvals = ValuesCoalescing.coalesceValues(chart: c, values: v)
        // Tags.
        if case .map(let tags)? = cvals["tags"] {
            for i in reqs.indices {
                var hasTrue = false, hasFalse = false
                for k in reqs[i].tags {
                    if case .bool(let b)? = tags[k] { if b { hasTrue = true } else { hasFalse = true } }
                }
                if !hasTrue && hasFalse { reqs[i].enabled = false } else { reqs[i].enabled = true }
            }
        }
        // Conditions: the first condition path that resolves to a bool decides.
        for i in reqs.indices {
            for cond in reqs[i].condition.trimmingCharacters(in: .whitespaces).split(separator: ",", omittingEmptySubsequences: false) {
                let cs = String(cond)
                if cs.isEmpty { continue }
                guard let value = try? CommonValues.pathValue(cvals, path + cs) else { continue }
                if case .bool(let b) = value {
                    reqs[i].enabled = b
                    break
                }
                HelmLog.warn("returned non-bool value", ("path", cs), ("chart", reqs[i].name))
            }
        }
        let removed = Set(reqs.filter { !$0.enabled }.map(\.name))
        let kept = c.dependencies.filter { !removed.contains($0.metadata.name) }
        let keptReqs = reqs.filter { !removed.contains($0.name) }
        for t in kept {
            processEnabled(t, cvals, path: path + t.metadata.name + ".")
        }
        c.metadata.dependencies = keptReqs.isEmpty ? nil : keptReqs
        c.setDependencies(kept)
    }

    static func processImportValues(recursively c: Chart) {
        for d in c.dependencies { processImportValues(recursively: d) }
        processImportValues(c)
    }

    static func processImportValues(_ c: Chart) {
        guard var reqs = c.metadata.dependencies else { return }
        let cvals = ValuesCoalescing.mergeValues(chart: c, values: GoMap())
        var b = GoMap()
        for i in reqs.indices {
            var outiv: [TemplateValue] = []
            for riv in reqs[i].importValues {
                switch riv {
                case .map(let iv):
                    let child = goFormatScalar(iv["child"])
                    let parent = goFormatScalar(iv["parent"])
                    outiv.append(.map(["child": .string(child), "parent": .string(parent)]))
                    guard let vv = try? CommonValues.table(cvals, reqs[i].name + "." + child) else { continue }
                    b = ValuesCoalescing.mergeTables(b, pathToMap(parent, vv))
                case .string(let iv):
                    let child = "exports." + iv
                    outiv.append(.map(["child": .string(child), "parent": .string(".")]))
                    guard let vm = try? CommonValues.table(cvals, reqs[i].name + "." + child) else { continue }
                    b = ValuesCoalescing.mergeTables(b, vm)
                default:
                    continue
                }
            }
            reqs[i].importValues = outiv
        }
        c.metadata.dependencies = reqs
        let copy = ValuesCoalescing.deepCopy(cvals)
        c.values = ValuesCoalescing.mergeTables(copy, b)
    }

    static func pathToMap(_ path: String, _ data: GoMap) -> GoMap {
        if path == "." { return data }
        var cur = data
        for part in path.split(separator: ".", omittingEmptySubsequences: false).reversed() {
            cur = GoMap([String(part): .map(cur)])
        }
        return cur
    }

    /// `fmt.Sprintf("%v", x)` for the scalars import-values use (strings; nil prints `<nil>`).
    static func goFormatScalar(_ v: TemplateValue?) -> String {
        switch v {
        case nil, .null?: return "<nil>"
        case .string(let s)?: return s
        case .bool(let b)?: return b ? "true" : "false"
        case .int(let i)?: return String(i)
        case .int64(let i)?: return String(i)
        case .float(let f)?: return f == f.rounded() && abs(f) < 1e21 ? String(Int64(f)) : String(f)
        default: return ""
        }
    }
}
