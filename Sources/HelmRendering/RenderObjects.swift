// The HelmRendering module: Helm v4's engine (pkg/engine) and `helm template` output
// (releaseutil.SortManifests, pkg/cmd/template.go) on top of GoTemplate and HelmChart.
@_exported import Foundation
@_exported import GoTemplate
@_exported import HelmChart
import GoYAML
import HelmFunctions

/// `.Capabilities.KubeVersion` (Helm's `common.KubeVersion`).
/// Why a `--kube-version` was rejected (k8s `version.ParseGeneric`'s message).
public struct KubeVersionError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

public struct KubeVersionObject: TemplateObject {
    /// As given (`v1.36.0`, or `v1.30.0-gke.1` when a custom version was passed).
    public var version: String
    /// `v<major>.<minor>.<patch>` for constraint checks.
    public var normalized: String
    public var major: String
    public var minor: String

    /// Helm's `ParseKubeVersion`; nil when k8s's `ParseGeneric` rejects the text (see ``parse(_:)``).
    public init?(parsing text: String) {
        guard let parsed = try? Self.parse(text) else { return nil }
        self = parsed
    }

    /// Helm's `ParseKubeVersion`, on k8s.io/apimachinery's `version.ParseGeneric`: optional leading
    /// space and `v`, two or more dot-separated numbers (the first without a leading zero), anything
    /// after them ignored (`1.30.0-gke.1`, `1.30abc`, `1.30.0.5`). `Version` keeps the text as given
    /// (with a `v` added); `String()` and constraints use the numbers alone (`v1.30.0` for
    /// `1.30.0-gke.1`, `v1.30.0.5`). Throws ParseGeneric's reason.
    public static func parse(_ text: String) throws -> KubeVersionObject {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count, [" ", "\t", "\n", "\r", "\u{0C}", "\u{0B}"].contains(scalars[i]) { i += 1 }  // RE2's \s
        if i < scalars.count, scalars[i] == "v" { i += 1 }
        var components: [String] = []
        var current = ""
        while i < scalars.count {
            let c = scalars[i]
            if c.value >= 0x30 && c.value <= 0x39 {
                current.unicodeScalars.append(c)
            } else if c == ".", !current.isEmpty, i + 1 < scalars.count, scalars[i + 1].value >= 0x30 && scalars[i + 1].value <= 0x39 {
                components.append(current)
                current = ""
            } else {
                break
            }
            i += 1
        }
        guard !current.isEmpty else { throw KubeVersionError("could not parse \(goQuote(text)) as version") }
        components.append(current)
        guard components.count >= 2 else { throw KubeVersionError("illegal version string \(goQuote(text))") }
        var numbers: [UInt64] = []
        for (index, component) in components.enumerated() {
            if index == 0 && component.hasPrefix("0") && component != "0" {
                throw KubeVersionError("illegal zero-prefixed version component \(goQuote(component)) in \(goQuote(text))")
            }
            guard let number = UInt64(component) else {
                throw KubeVersionError("illegal non-numeric version component \(goQuote(component)) in \(goQuote(text)): strconv.ParseUint: parsing \(goQuote(component)): value out of range")
            }
            numbers.append(number)
        }
        return KubeVersionObject(version: text.hasPrefix("v") ? text : "v" + text,
                                 normalized: "v" + numbers.map(String.init).joined(separator: "."),
                                 major: String(numbers[0]), minor: String(numbers[1]))
    }

    init(version: String, normalized: String, major: String, minor: String) {
        self.version = version
        self.normalized = normalized
        self.major = major
        self.minor = minor
    }

    public static let helmDefault = KubeVersionObject(parsing: "v1.36.0")!

    public var goTypeName: String { "common.KubeVersion" }
    public func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Version": return .string(version)
        case "Major": return .string(major)
        case "Minor": return .string(minor)
        case "GitVersion": return .string(version)
        default: return nil
        }
    }
    public func hasMethod(_ name: String) -> Bool { name == "String" || name == "GitVersion" }
    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        switch name {
        case "String": return .string(normalized)
        case "GitVersion": return .string(version)
        default: return nil
        }
    }
    public var goDescription: String { normalized }
    /// `String` has a pointer receiver: a copy passed to a function prints the struct's fields.
    public var argumentCopy: (any TemplateObject)? { KubeVersionCopy(original: self) }
}

/// A `common.KubeVersion` copied into a function's argument: the same fields, no `String` method,
/// printed as Go prints a struct (`{Version normalizedVersion Major Minor}`).
public struct KubeVersionCopy: TemplateObject, JSONRepresentable {
    let original: KubeVersionObject
    public var goTypeName: String { original.goTypeName }
    public func field(_ name: String) -> TemplateValue? { original.field(name) }
    public var goDescription: String { "{\(original.version) \(original.normalized) \(original.major) \(original.minor)}" }
    public var jsonValue: TemplateValue { original.jsonValue }
    public var jsonFieldOrder: [String]? { original.jsonFieldOrder }
}

extension KubeVersionObject: JSONRepresentable {
    /// What `toJson`/`toYaml` encode (exported fields only).
    public var jsonValue: TemplateValue { .map(["Version": .string(version), "Major": .string(major), "Minor": .string(minor)]) }
    public var jsonFieldOrder: [String]? { ["Version", "Major", "Minor"] }
}

/// `.Capabilities.APIVersions` (Helm's `common.VersionSet`) with its `Has` method.
public struct APIVersionsObject: TemplateObject {
    public var versions: [String]
    public var goTypeName: String { "common.VersionSet" }
    public var goKind: String { "slice" }
    public func field(_ name: String) -> TemplateValue? { nil }
    public func hasMethod(_ name: String) -> Bool { name == "Has" }
    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        guard name == "Has" else { return nil }
        guard arguments.count == 1, case .string(let s) = arguments[0] else {
            throw TemplateFunctionError("wrong number of args for Has: want 1 got \(arguments.count)")
        }
        return .bool(versions.contains(s))
    }
    public var goDescription: String { "[" + versions.joined(separator: " ") + "]" }
    public var isTruthy: Bool { !versions.isEmpty }
    public var sliceElements: [TemplateValue]? { versions.map(TemplateValue.string) }

    /// Helm v4.2.3's `DefaultVersionSet` (client-go v0.36 scheme, in Helm's order).
    public static let helmDefaults: [String] = [
        "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
        "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1",
        "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
        "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1", "autoscaling/v1", "autoscaling/v2", "batch/v1",
        "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1",
        "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "discovery.k8s.io/v1",
        "discovery.k8s.io/v1beta1", "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1",
        "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
        "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1", "node.k8s.io/v1",
        "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
        "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1",
        "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha2",
        "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1",
        "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1beta1", "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
    ]
}

/// `.Capabilities.HelmVersion` (Helm's `version.BuildInfo`).
public struct HelmVersionObject: TemplateObject {
    public var version = "v4.2"
    public var gitCommit = ""
    public var gitTreeState = ""
    public var goVersion = "go1.26.6"
    public var kubeClientVersion = "v1.36"
    public init() {}
    public var goTypeName: String { "version.BuildInfo" }
    public func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Version": return .string(version)
        case "GitCommit": return .string(gitCommit)
        case "GitTreeState": return .string(gitTreeState)
        case "GoVersion": return .string(goVersion)
        case "KubeClientVersion": return .string(kubeClientVersion)
        default: return nil
        }
    }
    public var goDescription: String { "{\(version) \(gitCommit) \(gitTreeState) \(goVersion) \(kubeClientVersion)}" }
}

extension APIVersionsObject: JSONRepresentable {
    public var jsonValue: TemplateValue { .strings(versions) }
}

extension HelmVersionObject: JSONRepresentable {
    /// `version.BuildInfo`'s JSON: snake_case names, empty strings omitted (`omitempty`).
    public var jsonValue: TemplateValue {
        var fields: [String: TemplateValue] = [:]
        for (key, value) in [("version", version), ("git_commit", gitCommit), ("git_tree_state", gitTreeState),
                             ("go_version", goVersion), ("kube_client_version", kubeClientVersion)] where !value.isEmpty {
            fields[key] = .string(value)
        }
        return .map(GoMap(fields))
    }
    public var jsonFieldOrder: [String]? { ["version", "git_commit", "git_tree_state", "go_version", "kube_client_version"] }
}

/// `.Capabilities` (Helm's `*common.Capabilities`).
public struct CapabilitiesObject: TemplateObject {
    public var kubeVersion: KubeVersionObject
    public var apiVersions: APIVersionsObject
    public var helmVersion: HelmVersionObject
    public var goTypeName: String { "*common.Capabilities" }
    public var goKind: String { "ptr" }
    public func field(_ name: String) -> TemplateValue? {
        switch name {
        case "KubeVersion": return .object(kubeVersion)
        case "APIVersions": return .object(apiVersions)
        case "HelmVersion": return .object(helmVersion)
        default: return nil
        }
    }
    public var goDescription: String {
        "&{{\(kubeVersion.version) \(kubeVersion.normalized) \(kubeVersion.major) \(kubeVersion.minor)} \(apiVersions.goDescription) \(helmVersion.goDescription)}"
    }
}

extension CapabilitiesObject: JSONRepresentable {
    public var jsonValue: TemplateValue {
        .map(GoMap(["KubeVersion": .object(kubeVersion), "APIVersions": .object(apiVersions), "HelmVersion": .object(helmVersion)]))
    }
    public var jsonFieldOrder: [String]? { ["KubeVersion", "APIVersions", "HelmVersion"] }
}

extension FilesObject: JSONRepresentable {
    /// A `map[string][]byte`: paths to base64 text.
    public var jsonValue: TemplateValue { .map(GoMap(files.mapValues { TemplateValue.bytes($0) })) }
}

/// `.Files` (Helm's `engine.files`): the chart's non-template files by path.
public struct FilesObject: TemplateObject {
    public var files: [String: [UInt8]]
    public init(files: [String: [UInt8]]) { self.files = files }

    public var goTypeName: String { "engine.files" }
    public var goKind: String { "map" }
    public func field(_ name: String) -> TemplateValue? { files[name].map(TemplateValue.bytes) }
    public var isTruthy: Bool { !files.isEmpty }
    public var rangeEntries: [(key: String, value: TemplateValue)]? {
        files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, .bytes(files[$0]!)) }
    }
    public var goDescription: String {
        let keys = files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return "map[" + keys.map { k in "\(k):[" + files[k]!.map(String.init).joined(separator: " ") + "]" }.joined(separator: " ") + "]"
    }
    static let methods: Set<String> = ["Get", "GetBytes", "Glob", "Lines", "AsConfig", "AsSecrets"]
    public func hasMethod(_ name: String) -> Bool { Self.methods.contains(name) }

    public func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        func stringArgument() throws -> String {
            guard arguments.count == 1 else { throw TemplateFunctionError("wrong number of args for \(name): want 1 got \(arguments.count)") }
            guard case .string(let s) = arguments[0] else {
                throw TemplateFunctionError.wrongType(arguments[0], expected: "string", argument: 0)
            }
            return s
        }
        switch name {
        case "GetBytes": return .bytes(files[try stringArgument()] ?? [])
        case "Get": return .string(GoBytes.string(files[try stringArgument()] ?? []))
        case "Glob":
            let pattern = try stringArgument()
            let matcher = GlobPattern(pattern) ?? GlobPattern("**")!
            return .object(FilesObject(files: files.filter { matcher.matches($0.key) }))
        case "Lines":
            let path = try stringArgument()
            guard let data = files[path] else { return .strings([]) }
            if data.isEmpty { throw TemplateFunctionError("runtime error: index out of range [-1]") }
            // strings.Split on the byte "\n" ("\r\n" is one Character in Swift: split on bytes).
            var bytes = data[...]
            if bytes.last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
            return .strings(bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { GoBytes.string($0) })
        case "AsConfig", "AsSecrets":
            guard arguments.isEmpty else { throw TemplateFunctionError("wrong number of args for \(name): want 0 got \(arguments.count)") }
            var m: [String: TemplateValue] = [:]
            for (k, v) in files {
                let base = k.split(separator: "/").last.map(String.init) ?? k
                m[base] = name == "AsConfig" ? .string(GoBytes.string(v)) : .string(Data(v).base64EncodedString())
            }
            return try toYAMLFunction()([.map(m)])
        default: return nil
        }
    }
}

func toYAMLFunction() -> TemplateFunction {
    { args in .string(YAMLEncoding.toYaml(args.first ?? .null)) }
}

/// gobwas/glob with `/` as separator: `*` within a segment, `**` across segments, `?`, `[...]`, `{a,b}`.
struct GlobPattern {
    let regex: NSRegularExpression

    init?(_ pattern: String) {
        var out = "^"
        var chars = Array(pattern)
        var i = 0
        var braceDepth = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                if i + 1 < chars.count && chars[i + 1] == "*" { out += ".*"; i += 1 } else { out += "[^/]*" }
            case "?": out += "[^/]"
            case "[":
                guard let end = chars[i...].firstIndex(of: "]") else { return nil }
                var body = String(chars[(i + 1)..<end])
                if body.hasPrefix("!") { body = "^" + body.dropFirst() }
                out += "[" + body.replacingOccurrences(of: "\\", with: "\\\\") + "]"
                i = end
            case "{": out += "(?:"; braceDepth += 1
            case "}" where braceDepth > 0: out += ")"; braceDepth -= 1
            case "," where braceDepth > 0: out += "|"
            case "\\":
                i += 1
                if i < chars.count { out += NSRegularExpression.escapedPattern(for: String(chars[i])) }
            default: out += NSRegularExpression.escapedPattern(for: String(c))
            }
            i += 1
        }
        if braceDepth != 0 { return nil }
        chars = []
        guard let r = try? NSRegularExpression(pattern: out + "$", options: [.dotMatchesLineSeparators]) else { return nil }
        regex = r
    }

    func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }
}
