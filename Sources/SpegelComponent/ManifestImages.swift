import OCI

/// One `image:` of a container in a rendered manifest.
public struct ImageOccurrence: Sendable, Equatable {
    /// The object holding it, e.g. `DaemonSet/spegel`.
    public var object: String
    /// The key path inside the object, e.g. `spec.template.spec.containers[0].image`.
    public var keyPath: String
    /// The image exactly as written.
    public var written: String
    /// The byte range of the scalar (quotes included) in the manifest text.
    public var range: Range<Int>
    /// Whether the scalar is double-quoted (`"…"`), single-quoted or plain.
    var quote: Character?
}

/// A problem with the images of rendered manifests.
public enum ManifestImageError: Error, CustomStringConvertible, Equatable {
    /// An image that is not a valid reference.
    case invalidReference(object: String, keyPath: String, reason: String)
    /// Two different images that the mirror would turn into the same reference.
    case collision(target: String, first: String, second: String)
    /// The manifests are not valid YAML.
    case syntax(String)

    public var description: String {
        switch self {
        case .invalidReference(let object, let keyPath, let reason):
            return "\(object): \(keyPath): \(reason)"
        case .collision(let target, let first, let second):
            return "imageMirror: \(first) and \(second) would both become \(target)"
        case .syntax(let message):
            return "rendered manifests: \(message)"
        }
    }
}

/// Finds and rewrites the images of every pod spec in rendered Kubernetes manifests.
///
/// Pod specs are found in every workload kind: `spec` of a Pod, `template.spec` of a PodTemplate,
/// `spec.template.spec` of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs,
/// ReplicationControllers (and any other kind shaped like them), and
/// `spec.jobTemplate.spec.template.spec` of CronJobs. In each, `containers`, `initContainers`
/// and `ephemeralContainers` are searched.
public enum ManifestImages {
    static let containerLists = ["initContainers", "containers", "ephemeralContainers"]

    /// Every container image of `manifests` (a YAML stream), in document order.
    public static func occurrences(in manifests: String) throws -> [ImageOccurrence] {
        let documents: [PositionedNode?]
        do {
            documents = try parsePositionedDocuments(manifests)
        } catch {
            throw ManifestImageError.syntax("\(error)")
        }
        var found: [ImageOccurrence] = []
        for case let document? in documents {
            let kind = document["kind"]?.scalarValue ?? ""
            let name = document.node(at: ["metadata", "name"])?.scalarValue ?? ""
            let object = kind.isEmpty ? name : "\(kind)/\(name)"
            let podSpecPaths: [[String]] =
                kind == "Pod" ? [["spec"]]
                : kind == "PodTemplate" ? [["template", "spec"]]
                : [["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"]]
            for path in podSpecPaths {
                guard let podSpec = document.node(at: path) else { continue }
                for list in containerLists {
                    for (index, container) in (podSpec[list]?.elements ?? []).enumerated() {
                        guard case .scalar(let image, let range, let style)? = container["image"] else { continue }
                        let quote: Character? = style == .doubleQuoted ? "\"" : style == .singleQuoted ? "'" : nil
                        found.append(ImageOccurrence(
                            object: object,
                            keyPath: (path + ["\(list)[\(index)]", "image"]).joined(separator: "."),
                            written: image, range: range, quote: quote))
                    }
                }
            }
        }
        return found
    }

    /// The normalised references of every container image, sorted and unique.
    public static func references(in manifests: String) throws -> [String] {
        try Set(occurrences(in: manifests).map { try reference(of: $0).description }).sorted()
    }

    /// The manifests with every container image moved under `mirror` (`HOST[/PREFIX]`), and the
    /// map from each source reference to its mirrored one. Only the image scalars change; every other
    /// byte is kept. Images already under the mirror are left alone; two sources that would become
    /// the same reference are an error naming both.
    public static func rewrite(_ manifests: String, mirror: String) throws -> (text: String, mapping: [String: String]) {
        var mapping: [String: String] = [:]
        var sourceOfTarget: [String: String] = [:]
        let text = try replacingImages(in: manifests) { source in
            guard !source.isUnder(mirror: mirror) else { return nil }
            let target = source.mirrored(to: mirror).description
            if let other = sourceOfTarget[target], other != source.description {
                let pair = [other, source.description].sorted()
                throw ManifestImageError.collision(target: target, first: pair[0], second: pair[1])
            }
            sourceOfTarget[target] = source.description
            mapping[source.description] = target
            return target
        }
        return (text, mapping)
    }

    /// The manifests with each container image replaced by what `replacement` returns for its parsed
    /// reference (nil keeps the image). Only the image scalars change, quoted as they were; every other
    /// byte is kept.
    public static func replacingImages(in manifests: String,
                                       with replacement: (ImageReference) throws -> String?) throws -> String {
        var edits: [(range: Range<Int>, replacement: String)] = []
        for occurrence in try occurrences(in: manifests) {
            guard let target = try replacement(reference(of: occurrence)) else { continue }
            switch occurrence.quote {
            case "\"": edits.append((occurrence.range, "\"\(target)\""))
            case "'": edits.append((occurrence.range, "'\(target)'"))
            default: edits.append((occurrence.range, target))
            }
        }
        var bytes = Array(manifests.utf8)
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func reference(of occurrence: ImageOccurrence) throws -> ImageReference {
        do {
            return try ImageReference(parsing: occurrence.written)
        } catch let error as ImageReferenceError {
            throw ManifestImageError.invalidReference(
                object: occurrence.object, keyPath: occurrence.keyPath, reason: error.description)
        }
    }
}
