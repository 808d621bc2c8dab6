import GoTemplate
import OCI

/// Operator values turned into what the spegel component renders: whether it is on, the chart
/// values (the `Spegel` CR spec, images injected), the namespace labels and the image mirror.
public struct ComponentValues {
    /// Whether the component renders any object.
    public var isEnabled: Bool
    /// Why it is off and how to turn it on (when it is off).
    public var disabledReason: String?
    /// The chart values: `saturnComponents.spegel.values` with `images.*` injected.
    public var chartValues: TemplateValue
    /// Labels of the `spegel` Namespace.
    public var namespaceLabels: [String: String]
    /// The registry every image is rewritten to, when set.
    public var imageMirror: String?
    /// Warnings found while resolving (unknown keys, lint).
    public var warnings: [ValueIssue]

    /// The namespace every object lives in.
    public static let namespace = "spegel"
    /// The release name the chart is rendered with.
    public static let releaseName = "spegel"
    /// The provider that enables spegel unless it is explicitly disabled.
    public static let enablingProvider = "nebius"
}

/// Input the component rejects (exit code 2): wrong types, invalid image references.
public struct ComponentValuesError: Error, CustomStringConvertible {
    /// Every error found (each names its key path).
    public var issues: [ValueIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

extension ComponentValues {
    /// Resolves merged operator values (built-in defaults < -f files < --set, already merged).
    public init(operatorValues values: TemplateValue) throws {
        var issues = SpegelSchemas.operatorValues.check(values, at: "")
        let errors = issues.filter { $0.severity == .error }
        guard errors.isEmpty else { throw ComponentValuesError(issues: errors) }

        let provider = values.value(at: ["cloudProvider"])?.stringValue ?? ""
        let explicit: Bool?
        if case .bool(let flag)? = values.value(at: ["saturnComponents", "spegel", "enabled"]) { explicit = flag } else { explicit = nil }
        switch (explicit, provider == Self.enablingProvider) {
        case (true?, _), (nil, true):
            isEnabled = true
            disabledReason = nil
        case (false?, _):
            isEnabled = false
            disabledReason = "spegel is disabled: saturnComponents.spegel.enabled is false; set it to true to render spegel"
        case (nil, false):
            isEnabled = false
            let named = provider.isEmpty ? "no cloudProvider is set" : "cloudProvider is \"\(provider)\""
            disabledReason = "spegel is disabled: \(named), and spegel is on by default only for cloudProvider: \(Self.enablingProvider); set saturnComponents.spegel.enabled: true (or cloudProvider: \(Self.enablingProvider)) to render it"
        }

        var chart = deepCopy(values.value(at: ["saturnComponents", "spegel", "values"]) ?? .map([:]))
        if case .null = chart { chart = .map([:]) }
        var referenceErrors: [ValueIssue] = []
        for (imageKey, chartPath) in [("spegel", ["image"]), ("saturnK8sUtils", ["containerdPrep", "image"])] {
            guard let text = values.value(at: ["images", imageKey])?.stringValue, !text.isEmpty else { continue }
            do {
                let reference = try ImageReference(parsing: text)
                chart = chart.setting(.string(reference.name), at: chartPath + ["repository"])
                chart = chart.setting(.string(reference.tag ?? ""), at: chartPath + ["tag"])
                chart = chart.setting(.string(reference.digest ?? ""), at: chartPath + ["digest"])
            } catch {
                referenceErrors.append(ValueIssue(severity: .error, keyPath: "images.\(imageKey)", message: "\(error)"))
            }
        }
        guard referenceErrors.isEmpty else { throw ComponentValuesError(issues: referenceErrors) }
        chartValues = chart

        var labels: [String: String] = [:]
        if let map = values.value(at: ["saturnComponents", "spegel", "namespaceLabels"])?.mapValue {
            for (key, value) in map { if let text = value.stringValue { labels[key] = text } }
        }
        namespaceLabels = labels
        let mirror = values.value(at: ["imageMirror"])?.stringValue ?? ""
        imageMirror = mirror.isEmpty ? nil : mirror
        if isEnabled { issues += Self.lint(chart: chart, imageMirror: imageMirror) }
        warnings = issues
    }

    /// Lint of the chart values: warnings that never block rendering.
    static func lint(chart: TemplateValue, imageMirror: String?) -> [ValueIssue] {
        let base = "saturnComponents.spegel.values"
        var warnings: [ValueIssue] = []
        let registries = chart.value(at: ["mirroredRegistries"])?.listElements?.compactMap(\.stringValue) ?? []
        if registries.isEmpty {
            warnings.append(ValueIssue(
                severity: .warning, keyPath: base + ".mirroredRegistries",
                message: "empty, so spegel mirrors every registry (hosts.toml in _default); list the registries to mirror"))
        }
        if let mirror = imageMirror {
            let host = String(mirror.split(separator: "/", maxSplits: 1).first ?? "")
            if !registries.isEmpty && !registries.contains(where: { $0 == host || $0.hasSuffix("://" + host) }) {
                warnings.append(ValueIssue(
                    severity: .warning, keyPath: "imageMirror",
                    message: "\(host) is not in \(base).mirroredRegistries, so images pulled from the mirror are not shared between nodes"))
            }
        }
        if let timeout = chart.value(at: ["mirrorResolveTimeout"]), case .string(let text) = timeout {
            if let seconds = parseGoDuration(text) {
                if seconds > 1 {
                    warnings.append(ValueIssue(
                        severity: .warning, keyPath: base + ".mirrorResolveTimeout",
                        message: "\(text) is above 1s; containerd waits this long on every miss before pulling upstream"))
                }
            } else {
                warnings.append(ValueIssue(
                    severity: .warning, keyPath: base + ".mirrorResolveTimeout",
                    message: "\"\(text)\" is not a Go duration (e.g. 20ms, 1s)"))
            }
        }
        return warnings
    }

    /// Path prefixes of registries that no longer serve images.
    public static let retiredImagePrefixes = ["gcr.io/google-containers/", "gcr.io/google_containers/", "k8s.gcr.io/"]

    /// Warnings for rendered images on retired paths (`gcr.io/google-containers/…`).
    public static func lintImages(_ occurrences: [ImageOccurrence]) -> [ValueIssue] {
        occurrences.compactMap { occurrence in
            let text = (try? ImageReference(parsing: occurrence.written).description) ?? occurrence.written
            guard let prefix = retiredImagePrefixes.first(where: { text.hasPrefix($0) }) else { return nil }
            return ValueIssue(
                severity: .warning, keyPath: "\(occurrence.object): \(occurrence.keyPath)",
                message: "\(occurrence.written) is on a retired path (\(prefix.dropLast())/ no longer serves images since March 2025); use registry.k8s.io")
        }
    }
}
