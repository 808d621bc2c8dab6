import GoYAML

/// A chart's maintainer (Chart.yaml `maintainers`).
public struct ChartMaintainer: Sendable, Equatable {
    public var name = "", email = "", url = ""
    public init(name: String = "", email: String = "", url: String = "") {
        self.name = name; self.email = email; self.url = url
    }
}

/// A dependency declared in Chart.yaml (or requirements.yaml for apiVersion v1).
public struct ChartDependency: Sendable {
    public var name = ""
    public var version = ""
    public var repository = ""
    public var condition = ""
    public var tags: [String] = []
    public var enabled = false
    /// `import-values` entries: strings (`exports.X`) or maps with `child` and `parent`.
    public var importValues: [TemplateValue] = []
    public var alias = ""
    public init(name: String = "") { self.name = name }
}

/// Chart.yaml, as Helm's `chart.Metadata`.
public struct ChartMetadata: Sendable {
    public var name = ""
    public var home = ""
    public var sources: [String] = []
    public var version = ""
    public var description = ""
    public var keywords: [String] = []
    public var maintainers: [ChartMaintainer] = []
    public var icon = ""
    public var apiVersion = ""
    public var condition = ""
    public var tags = ""
    public var appVersion = ""
    public var deprecated = false
    public var annotations: [String: String]? = nil
    public var kubeVersion = ""
    /// `nil` when Chart.yaml has no `dependencies` key (Go's nil slice).
    public var dependencies: [ChartDependency]? = nil
    public var type = ""

    public init() {}

    /// Whether the chart is a library chart (`type: library`, any case).
    public var isLibrary: Bool { type.lowercased() == "library" }
}

extension ChartMetadata {
    /// Helm's `chart.Metadata` as the Go type Chart.yaml is decoded into (sigs.k8s.io/yaml turns
    /// numbers and booleans bound for its strings into text: `appVersion: 1.10` is "1.1").
    static let goType: YAMLProjection = {
        let dependency: YAMLProjection = .fields([
            (name: "name", type: .string), (name: "version", type: .string), (name: "repository", type: .string),
            (name: "condition", type: .string), (name: "tags", type: .list(.string)), (name: "enabled", type: .all),
            (name: "import-values", type: .all), (name: "alias", type: .string),
        ])
        let maintainer: YAMLProjection = .fields([(name: "name", type: .string), (name: "email", type: .string), (name: "url", type: .string)])
        return .fields([
            (name: "name", type: .string), (name: "home", type: .string), (name: "sources", type: .list(.string)),
            (name: "version", type: .string), (name: "description", type: .string), (name: "keywords", type: .list(.string)),
            (name: "maintainers", type: .list(maintainer)), (name: "icon", type: .string), (name: "apiVersion", type: .string),
            (name: "condition", type: .string), (name: "tags", type: .string), (name: "appVersion", type: .string),
            (name: "deprecated", type: .all), (name: "annotations", type: .stringMap), (name: "kubeVersion", type: .string),
            (name: "dependencies", type: .list(dependency)), (name: "type", type: .string),
        ])
    }()

    /// Applies the keys of a decoded Chart.yaml (or requirements.yaml) document, as Go's JSON
    /// unmarshalling into the struct does (field names matched case-insensitively; wrong types fail).
    mutating func apply(_ document: TemplateValue, file: String) throws {
        guard case .map(let m) = document else {
            if case .null = document { return }
            throw ChartError("cannot load \(file): error unmarshaling JSON: json: cannot unmarshal \(jsonTypeName(document)) into Go value of type chart.Metadata")
        }
        let s = FieldDecoder(structName: "Metadata", file: file)
        for rawKey in m.sortedKeys {  // encoding/json's order: a later key naming the same field wins
            let value = m[rawKey]!
            switch rawKey.lowercased() {
            case "name": name = try s.string(value, "name")
            case "home": home = try s.string(value, "home")
            case "sources": sources = try s.strings(value, "sources")
            case "version": version = try s.string(value, "version")
            case "description": description = try s.string(value, "description")
            case "keywords": keywords = try s.strings(value, "keywords")
            case "maintainers":
                maintainers = try s.list(value, "maintainers").map { item in
                    let d = FieldDecoder(structName: "Maintainer", file: file)
                    guard case .map(let mm) = item else {
                        if case .null = item { throw ChartError("validation: maintainers must not contain empty or null nodes") }
                        throw s.typeError(item, "maintainers", "chart.Maintainer")
                    }
                    var out = ChartMaintainer()
                    for k in mm.sortedKeys {
                        let v = mm[k]!
                        switch k.lowercased() {
                        case "name": out.name = try d.string(v, "name")
                        case "email": out.email = try d.string(v, "email")
                        case "url": out.url = try d.string(v, "url")
                        default: break
                        }
                    }
                    return out
                }
            case "icon": icon = try s.string(value, "icon")
            case "apiversion": apiVersion = try s.string(value, "apiVersion")
            case "condition": condition = try s.string(value, "condition")
            case "tags": tags = try s.string(value, "tags")
            case "appversion": appVersion = try s.string(value, "appVersion")
            case "deprecated":
                switch value {
                case .bool(let b): deprecated = b
                case .null: break
                default: throw s.typeError(value, "deprecated", "bool")
                }
            case "annotations":
                if case .null = value { annotations = nil; break }
                guard case .map(let am) = value else { throw s.typeError(value, "annotations", "map[string]string") }
                var out: [String: String] = [:]
                for (k, v) in am.entries { out[k] = try s.string(v, "annotations") }
                annotations = out
            case "kubeversion": kubeVersion = try s.string(value, "kubeVersion")
            case "dependencies":
                if case .null = value { dependencies = nil; break }
                dependencies = try s.list(value, "dependencies").map { item in
                    guard case .map(let dm) = item else {
                        if case .null = item { throw ChartError("validation: dependencies must not contain empty or null nodes") }
                        throw s.typeError(item, "dependencies", "chart.Dependency")
                    }
                    let d = FieldDecoder(structName: "Dependency", file: file)
                    var dep = ChartDependency()
                    for k in dm.sortedKeys {
                        let v = dm[k]!
                        switch k.lowercased() {
                        case "name": dep.name = try d.string(v, "name")
                        case "version": dep.version = try d.string(v, "version")
                        case "repository": dep.repository = try d.string(v, "repository")
                        case "condition": dep.condition = try d.string(v, "condition")
                        case "tags": dep.tags = try d.strings(v, "tags")
                        case "enabled":
                            if case .bool(let b) = v { dep.enabled = b } else if case .null = v {} else { throw d.typeError(v, "enabled", "bool") }
                        case "import-values": dep.importValues = try d.list(v, "import-values")
                        case "alias": dep.alias = try d.string(v, "alias")
                        default: break
                        }
                    }
                    return dep
                }
            case "type": type = try s.string(value, "type")
            default: break
            }
        }
    }

    /// Helm's `Metadata.Validate`: sanitizes strings and checks required fields.
    mutating func validate() throws {
        name = sanitize(name); description = sanitize(description); home = sanitize(home)
        icon = sanitize(icon); condition = sanitize(condition); tags = sanitize(tags)
        appVersion = sanitize(appVersion); kubeVersion = sanitize(kubeVersion)
        sources = sources.map(sanitize); keywords = keywords.map(sanitize)
        if apiVersion.isEmpty { throw ChartError("validation: chart.metadata.apiVersion is required") }
        if name.isEmpty { throw ChartError("validation: chart.metadata.name is required") }
        if name == "." || name == ".." { throw ChartError("validation: chart.metadata.name \(goQuote(name)) is not allowed") }
        if name.contains("/") { throw ChartError("validation: chart.metadata.name \(goQuote(name)) is invalid") }
        if version.isEmpty { throw ChartError("validation: chart.metadata.version is required") }
        if SemanticVersion(version) == nil { throw ChartError("validation: chart.metadata.version \(goQuote(version)) is invalid") }
        if !["", "application", "library"].contains(type) { throw ChartError("validation: chart.metadata.type must be application or library") }
        for i in maintainers.indices {
            maintainers[i].name = sanitize(maintainers[i].name)
            maintainers[i].email = sanitize(maintainers[i].email)
            maintainers[i].url = sanitize(maintainers[i].url)
        }
        var seen = Set<String>()
        if let deps = dependencies {
            var out = deps
            for i in out.indices {
                out[i].name = sanitize(out[i].name); out[i].version = sanitize(out[i].version)
                out[i].repository = sanitize(out[i].repository); out[i].condition = sanitize(out[i].condition)
                out[i].tags = out[i].tags.map(sanitize)
                let alias = out[i].alias
                if !alias.isEmpty && !alias.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                    throw ChartError("validation: dependency \(goQuote(out[i].name)) has disallowed characters in the alias")
                }
                let key = alias.isEmpty ? out[i].name : alias
                if seen.contains(key) { throw ChartError("validation: more than one dependency with name or alias \(goQuote(key))") }
                seen.insert(key)
            }
            dependencies = out
        }
    }

    /// The metadata as Helm's `MetadataAsMap` exposes it to templates (`.Chart`): Go field names.
    public func templateMap(isRoot: Bool) -> TemplateValue {
        var m: [String: TemplateValue] = [
            "Name": .string(name), "Home": .string(home), "Sources": .list(sources.map(TemplateValue.string)),
            "Version": .string(version), "Description": .string(description),
            "Keywords": .list(keywords.map(TemplateValue.string)),
            "Maintainers": .list(maintainers.map { .map(["Name": .string($0.name), "Email": .string($0.email), "URL": .string($0.url)]) }),
            "Icon": .string(icon), "APIVersion": .string(apiVersion), "Condition": .string(condition),
            "Tags": .string(tags), "AppVersion": .string(appVersion), "Deprecated": .bool(deprecated),
            "KubeVersion": .string(kubeVersion), "Type": .string(type), "IsRoot": .bool(isRoot),
        ]
        // No `annotations` in Chart.yaml leaves Go's map nil: `toJson` and `toYaml` write null.
        m["Annotations"] = .map(GoMap.strings(annotations))
        m["Dependencies"] = .list((dependencies ?? []).map { d in
            .map([
                "Name": .string(d.name), "Version": .string(d.version), "Repository": .string(d.repository),
                "Condition": .string(d.condition), "Tags": .list(d.tags.map(TemplateValue.string)),
                "Enabled": .bool(d.enabled), "ImportValues": .list(d.importValues), "Alias": .string(d.alias),
            ])
        })
        return .map(m)
    }
}

private struct FieldDecoder {
    var structName: String
    var file: String

    func typeError(_ v: TemplateValue, _ field: String, _ goType: String) -> ChartError {
        ChartError("cannot load \(file): error unmarshaling JSON: json: cannot unmarshal \(jsonTypeName(v)) into Go struct field \(structName).\(field) of type \(goType)")
    }
    func string(_ v: TemplateValue, _ field: String) throws -> String {
        switch v {
        case .string(let s): return s
        case .null: return ""
        default: throw typeError(v, field, "string")
        }
    }
    func list(_ v: TemplateValue, _ field: String) throws -> [TemplateValue] {
        switch v {
        case .list(let l): return l
        case .null: return []
        default: throw typeError(v, field, "[]interface {}")
        }
    }
    func strings(_ v: TemplateValue, _ field: String) throws -> [String] {
        switch v {
        case .null: return []
        case .list(let l):
            return try l.map { item in
                if case .string(let s) = item { return s }
                if case .null = item { return "" }
                throw typeError(item, field, "string")
            }
        default: throw typeError(v, field, "[]string")
        }
    }
}

/// The JSON type name Go's encoding/json uses in "cannot unmarshal X" errors.
func jsonTypeName(_ v: TemplateValue) -> String {
    switch v {
    case .string: return "string"
    case .bool: return "bool"
    case .int, .int64, .float: return "number"
    case .list, .strings, .bytes: return "array"
    case .map: return "object"
    case .null: return "null"
    case .object: return "object"
    }
}

/// Helm's sanitizeString: whitespace becomes a space, non-printable characters are dropped.
func sanitize(_ s: String) -> String {
    // Printable ASCII (nearly every Chart.yaml field) is left as it is.
    if s.utf8.allSatisfy({ $0 >= 0x21 && $0 < 0x7F || $0 == 0x20 }) { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
        if u.properties.isWhitespace { out.append(" ") }
        else if u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) { continue }
        else { out.append(u) }
    }
    return String(out)
}

