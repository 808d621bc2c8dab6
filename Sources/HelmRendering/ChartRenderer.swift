import HelmFunctions

/// Release facts exposed as `.Release`.
public struct ReleaseOptions: Sendable {
    public var name = "release-name"
    public var namespace = "default"
    public var revision = 1
    public var isInstall = true
    public var isUpgrade = false
    public init() {}

    var templateValue: TemplateValue {
        .map([
            "Name": .string(name), "Namespace": .string(namespace), "IsUpgrade": .bool(isUpgrade),
            "IsInstall": .bool(isInstall), "Revision": .int(revision), "Service": .string("Helm"),
        ])
    }
}

/// Helm v4's template engine (pkg/engine): every template of a chart and its subcharts in one
/// template set, Helm's functions (`include`, `tpl`, `required`, `fail`, `lookup`, ...), missingkey=zero.
public final class ChartRenderer {
    /// Functions available to every template besides Helm's own (Sprig + YAML/JSON by default).
    public var baseFunctions: [String: TemplateFunction] {
        didSet { library = FunctionLibrary(baseFunctions) }
    }
    /// `baseFunctions`, prepared once for the template set of every render.
    private var library: FunctionLibrary

    public init(baseFunctions: [String: TemplateFunction]? = nil) {
        let functions: [String: TemplateFunction]
        if let baseFunctions {
            functions = baseFunctions
        } else {
            var f = SprigCoreFunctions.all
            f.merge(SprigCryptoFunctions.all) { _, new in new }
            f.removeValue(forKey: "env")
            f.removeValue(forKey: "expandenv")
            f.merge(HelmDataFunctions.all) { _, new in new }
            functions = f
        }
        self.baseFunctions = functions
        self.library = FunctionLibrary(functions)
    }

    struct Renderable {
        /// The template file's bytes (a Go string).
        var bytes: [UInt8]
        var values: GoMap
        var basePath: String
    }

    /// Renders every template of `chart`; `values` is the top-level map (`Values`, `Release`,
    /// `Capabilities`, `Chart`). Returns rendered text by template name (partials excluded).
    public func render(chart: Chart, values: GoMap) throws -> [String: String] {
        var templates: [String: Renderable] = [:]
        _ = collectTemplates(chart, values, into: &templates)
        let set = TemplateSet(library: library, options: TemplateOptions())
        let counter = IncludeCounter()
        set.addFunctions(helmFunctions(for: set, counter: counter))
        let keys = Self.sortTemplates(Array(templates.keys))
        for name in keys {
            do { try set.parse(name: name, bytes: templates[name]!.bytes) } catch {
                throw RenderError(Self.cleanupParseError(name, "\(error)"))
            }
        }
        var rendered: [String: String] = [:]
        for name in keys {
            if Self.isPartial(name) { continue }
            let r = templates[name]!
            r.values.set("Template", .map(CommonValues.make(["Name": .string(name), "BasePath": .string(r.basePath)])))
            let out: String
            // `.` is the chart's context seen as `common.Values` (its `.Subcharts` entries stay plain maps).
            do { out = try set.execute(name: name, data: .map(CommonValues.view(r.values))) } catch {
                throw RenderError(Self.reformatExecError(name, "\(error)"))
            }
            rendered[name] = goStringsReplaceAll(out, old: "<no value>", new: "")
        }
        return rendered
    }

    func collectTemplates(_ chart: Chart, _ values: GoMap, into templates: inout [String: Renderable]) -> GoMap {
        let subcharts = GoMap()
        var fileMap: [String: [UInt8]] = [:]
        for f in chart.files { fileMap[f.name] = f.data }
        // The root chart's map is the one ToRenderValues made (Helm hands both the same *Metadata).
        let chartMap = chart.isRoot ? values["Chart"] ?? chart.metadata.templateMap(isRoot: true)
            : chart.metadata.templateMap(isRoot: false)
        let next = GoMap([
            "Chart": chartMap,
            "Files": .object(FilesObject(files: fileMap)),
            "Release": values["Release"] ?? .null,
            "Capabilities": values["Capabilities"] ?? .null,
            "Values": .map(CommonValues.make()),
            "Subcharts": .map(subcharts),
        ])
        if chart.isRoot {
            next.set("Values", values["Values"] ?? .map(GoMap()))
        } else if let vs = try? CommonValues.table(values, "Values." + chart.name) {
            next.set("Values", .map(CommonValues.view(vs)))
        }
        for child in chart.dependencies {
            subcharts.set(child.name, .map(collectTemplates(child, next, into: &templates)))
        }
        let parentID = chart.fullPath
        for t in chart.templates {
            if chart.metadata.isLibrary {
                if !Self.isPartial(t.name) { continue }
            }
            templates[parentID + "/" + t.name] = Renderable(bytes: t.data, values: next, basePath: parentID + "/templates")
        }
        return next
    }

    /// Whether the template's file name (after the last `/`) starts with `_`: a partial, parsed but
    /// not rendered on its own.
    static func isPartial(_ path: String) -> Bool {
        let utf8 = path.utf8
        // The last non-empty path component, as `split(separator: "/").last` finds it.
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
        let start = utf8[..<end].lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        return start < end && utf8[start] == UInt8(ascii: "_")
    }

    /// Helm's parse order: deepest paths first; within a depth, names in reverse order.
    static func sortTemplates(_ names: [String]) -> [String] {
        names.map { name in (name: name, depth: name.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }) }
            .sorted { a, b in
                if a.depth != b.depth { return a.depth > b.depth }
                return b.name.utf8.lexicographicallyPrecedes(a.name.utf8)
            }
            .map(\.name)
    }

    /// Helm's `includedNames`: how deep each template is being included right now.
    final class IncludeCounter {
        /// One counter per name, kept once made: leaving an inclusion needs no second lookup.
        final class Depth {
            var count = 0
        }
        private var depths: [String: Depth] = [:]

        /// Counts one more inclusion of `name` (one dictionary access) and returns its counter, to be
        /// decremented when the inclusion ends; nil, counting nothing, when it is already included more
        /// than 1000 deep (Helm's `recursionMaxNums`).
        func enter(_ name: String) -> Depth? {
            let depth: Depth
            if let known = depths[name] {
                depth = known
            } else {
                depth = Depth()
                depths[name] = depth
            }
            if depth.count > 1000 { return nil }
            depth.count += 1
            return depth
        }
    }

    static let warnStart = "HELM_ERR_START", warnEnd = "HELM_ERR_END"

    func helmFunctions(for set: TemplateSet, counter: IncludeCounter) -> [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["include"] = { [unowned set] args in
            guard args.count == 2 else { throw TemplateFunctionError("wrong number of args for include: want 2 got \(args.count)") }
            guard case .string(let name) = args[0] else {
                throw TemplateFunctionError.wrongType(args[0], expected: "string", argument: 0)
            }
            guard let depth = counter.enter(name) else {
                throw TemplateFunctionError("rendering template has a nested reference name: \(name): unable to execute template")
            }
            defer { depth.count -= 1 }
            guard let tree = set.tree(named: name) else {
                throw TemplateFunctionError("template: no template \(goQuote(name)) associated with template \"gotpl\"")
            }
            return .string(try set.execute(tree, data: args[1]))
        }
        f["tpl"] = { [unowned set] args in
            guard args.count == 2 else { throw TemplateFunctionError("wrong number of args for tpl: want 2 got \(args.count)") }
            guard case .string(let text) = args[0] else {
                throw TemplateFunctionError.wrongType(args[0], expected: "string", argument: 0)
            }
            let clone = set.clone()
            clone.addFunctions(self.helmFunctions(for: clone, counter: counter))
            let tree: Tree?
            do { tree = try clone.parse(name: "gotpl", text: text) } catch {
                throw TemplateFunctionError("cannot parse template \(goQuote(text)): \(error)")
            }
            do {
                let out = try tree.map { try clone.execute($0, data: args[1]) } ?? clone.execute(name: "gotpl", data: args[1])
                return .string(goStringsReplaceAll(out, old: "<no value>", new: ""))
            } catch {
                throw TemplateFunctionError("error during tpl function execution for \(goQuote(text)): \(error)")
            }
        }
        f["required"] = { args in
            guard args.count == 2 else { throw TemplateFunctionError("wrong number of args for required: want 2 got \(args.count)") }
            guard case .string(let warn) = args[0] else {
                throw TemplateFunctionError.wrongType(args[0], expected: "string", argument: 0)
            }
            switch args[1] {
            case .null, .string(""): throw TemplateFunctionError(Self.warnStart + warn + Self.warnEnd)
            default: return args[1]
            }
        }
        f["fail"] = { args in
            guard args.count == 1 else { throw TemplateFunctionError("wrong number of args for fail: want 1 got \(args.count)") }
            guard case .string(let msg) = args[0] else {
                throw TemplateFunctionError.wrongType(args[0], expected: "string", argument: 0)
            }
            throw TemplateFunctionError(Self.warnStart + msg + Self.warnEnd)
        }
        f["lookup"] = { args in
            guard args.count == 4 else { throw TemplateFunctionError("wrong number of args for lookup: want 4 got \(args.count)") }
            return .map(GoMap())
        }
        f["getHostByName"] = { args in
            guard args.count == 1 else { throw TemplateFunctionError("wrong number of args for getHostByName: want 1 got \(args.count)") }
            return .string("")
        }
        return f
    }

    /// Helm's `cleanupParseError`.
    static func cleanupParseError(_ filename: String, _ message: String) -> String {
        let tokens = message.components(separatedBy: ": ")
        if tokens.count == 1 { return "parse error in (\(filename)): \(message)" }
        return "parse error at (\(tokens[1])): \(tokens[tokens.count - 1])"
    }

    /// Helm's `reformatExecErrorMsg` for the error chains our engine produces.
    static func reformatExecError(_ filename: String, _ message: String) -> String {
        let tokens = message.components(separatedBy: ": ")
        guard tokens.count >= 3, message.hasPrefix("template: ") else {
            return "execution error in (\(filename)): \(message)"
        }
        let location = tokens[1]
        let rest = tokens[2...].joined(separator: ": ")
        if let s = rest.range(of: warnStart), let e = rest.range(of: warnEnd, options: .backwards), s.upperBound <= e.lowerBound {
            return "execution error at (\(location)): \(rest[s.upperBound..<e.lowerBound])"
        }
        return traceable(message) ?? message
    }

    /// The chain of template errors inside `message` printed as Helm's TraceableErrors, or nil when
    /// the chain ends in a function's own error (Helm then prints the error unchanged).
    static func traceable(_ message: String) -> String? {
        var parts: [String] = []
        var current = message
        while true {
            guard current.hasPrefix("template: ") else { return nil }
            let remainder = String(current.dropFirst("template: ".count))
            if remainder.hasPrefix("no template ") { parts.append(current + "\n"); break }
            if let r = remainder.range(of: ": executing \"") {
                let templateName = String(remainder[..<r.lowerBound])
                let after = remainder[r.upperBound...]
                guard let q = after.firstIndex(of: "\""), after[after.index(after: q)...].hasPrefix(" at <"),
                      let close = after.range(of: ">: ") else { return nil }
                let function = String(after[..<q])
                let loc = String(after[after.index(q, offsetBy: 6)..<close.lowerBound])
                let full = String(after[close.upperBound...])
                var errMsg = full
                if let cut = errMsg.range(of: " template:") { errMsg = String(errMsg[..<cut.lowerBound]) }
                let piece = "\(templateName)\n  executing \"\(function)\" at <\(loc)>:\n    \(errMsg)\n"
                if parts.last != piece { parts.append(piece) }
                if full.hasPrefix("error calling "), let colon = full.range(of: ": ") {
                    current = String(full[colon.upperBound...])
                    continue
                }
                break
            }
            guard let sep = remainder.range(of: ": ", options: .backwards) else { return nil }
            var errMsg = String(remainder[sep.upperBound...])
            if let cut = errMsg.range(of: " template:") { errMsg = String(errMsg[..<cut.lowerBound]) }
            parts.append("\(remainder[..<sep.lowerBound])\n  \(errMsg)\n")
            break
        }
        return ManifestSorting.trimSpace(parts.joined())
    }
}

