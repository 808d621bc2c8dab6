import GoYAML

/// One rendered document, classified as Helm's releaseutil.SortManifests does.
public struct RenderedManifest: Sendable {
    /// The template path, e.g. `mychart/templates/deployment.yaml`.
    public var path: String
    public var kind: String
    public var content: String
    /// Hook events (lower-cased) when the document is a hook; empty otherwise.
    public var hookEvents: [String]
    public var isHook: Bool
}

/// Helm's manifest splitting and install-order sorting (v4.2.3).
public enum ManifestSorting {
    /// Helm's `InstallOrder` of kinds.
    public static let installOrder: [String] = [
        "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
        "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
        "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
        "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList",
        "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
        "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    ]
    static let rank: [String: Int] = Dictionary(uniqueKeysWithValues: installOrder.enumerated().map { ($1, $0) })

    /// What sorting reads of a document: Helm's `SimpleHead` (`apiVersion`, `kind`, `metadata.name`,
    /// `metadata.annotations`), as `YAMLDecoding.decode(_:fileName:keeping:)` is to decode it.
    public static var headProjection: YAMLProjection { SimpleHead.projection }

    static let hookEvents: Set<String> = [
        "pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade",
        "pre-rollback", "post-rollback", "test", "test-success",
    ]

    static func isGoSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    static func trimLeftSpace(_ s: Substring) -> Substring {
        var v = s.unicodeScalars[...]
        while let f = v.first, isGoSpace(f) { v = v.dropFirst() }
        return Substring(v)
    }

    /// Go's `strings.TrimSpace`.
    public static func trimSpace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isGoSpace(scalars[start]) { start = scalars.index(after: start) }
        while start < end {
            let last = scalars.index(before: end)
            guard isGoSpace(scalars[last]) else { break }
            end = last
        }
        // Nothing to trim (the usual case for a whole manifest): no copy.
        if start == scalars.startIndex && end == scalars.endIndex { return s }
        return String(s[start..<end])
    }

    /// Whether `s` is empty or only Go white space (`trimSpace(s).isEmpty`, without the copy).
    static func isBlank(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy(isGoSpace)
    }

    /// `SplitManifests`: documents split on `(?:^|\s*\n)---\s*` after trimming leading space;
    /// blank documents dropped, each left-trimmed.
    public static func split(_ text: String) -> [String] {
        var trimmed = String(trimLeftSpace(Substring(text)))
        return trimmed.withUTF8 { split(bytes: $0) }
    }

    private static func split(bytes big: UnsafeBufferPointer<UInt8>) -> [String] {
        var docs: [String] = []
        var start = 0
        var i = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D }
        func emit(_ end: Int) {
            let d = String(decoding: big[start..<end], as: UTF8.self)
            if isBlank(d) { return }
            docs.append(String(trimLeftSpace(Substring(d))))
        }
        // Leftmost-first matching as Go's regexp: `^---` only at 0, else a whitespace run ending in `\n---`.
        while i < big.count {
            var matchEnd: Int? = nil
            var runEnd = i + 1
            if i == 0, big.count >= 3, big[0] == 0x2D, big[1] == 0x2D, big[2] == 0x2D {
                matchEnd = 3
            } else if isSpace(big[i]) {
                var j = i
                while j < big.count && isSpace(big[j]) { j += 1 }
                runEnd = j
                let last = j - 1
                if big[last] == 0x0A, j + 2 < big.count, big[j] == 0x2D, big[j + 1] == 0x2D, big[j + 2] == 0x2D {
                    matchEnd = j + 3
                }
            }
            if var end = matchEnd {
                while end < big.count && isSpace(big[end]) { end += 1 }
                emit(i)
                start = end
                i = end
                continue
            }
            i = runEnd
        }
        if start <= big.count { emit(big.count) }
        return docs
    }

    /// `SortManifests` for rendered files: partials and blank files skipped, files in path order,
    /// documents classified as hooks or manifests, each list stably sorted by kind.
    public static func sort(_ files: [String: String], decode: (String) throws -> TemplateValue) throws -> (hooks: [RenderedManifest], manifests: [RenderedManifest]) {
        var hooks: [RenderedManifest] = [], generic: [RenderedManifest] = []
        for path in files.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let content = files[path]!
            let base = path.split(separator: "/").last.map(String.init) ?? path
            if base.hasPrefix("_") { continue }
            if isBlank(content) { continue }
            for doc in split(content) {
                let value: TemplateValue
                do { value = try decode(doc) } catch {
                    throw RenderError("YAML parse error on \(path): \(helmErrorMessage(error))")
                }
                let head: SimpleHead
                do { head = try SimpleHead(decoding: value) } catch {
                    throw RenderError("YAML parse error on \(path): error unmarshaling JSON: while decoding JSON: \(error)")
                }
                let kind = head.kind
                guard let hookTypes = head.annotations?["helm.sh/hook"] else {
                    generic.append(RenderedManifest(path: path, kind: kind, content: doc, hookEvents: [], isHook: false))
                    continue
                }
                var events: [String] = []
                var unknown = false
                for t in hookTypes.split(separator: ",", omittingEmptySubsequences: false) {
                    let e = trimSpace(String(t)).lowercased()
                    if !hookEvents.contains(e) { unknown = true; break }
                    events.append(e)
                }
                if unknown { continue }
                hooks.append(RenderedManifest(path: path, kind: kind, content: doc, hookEvents: events, isHook: true))
            }
        }
        return (stableSorted(hooks), stableSorted(generic))
    }

    static func stableSorted(_ items: [RenderedManifest]) -> [RenderedManifest] {
        // Each kind's install rank looked up once, not per comparison; unknown kinds after known ones,
        // among themselves alphabetically.
        let ranks = items.map { rank[$0.kind] ?? Int.max }
        let order = items.indices.sorted { a, b in
            if ranks[a] != ranks[b] { return ranks[a] < ranks[b] }
            if ranks[a] == Int.max, items[a].kind != items[b].kind { return items[a].kind < items[b].kind }
            return a < b
        }
        return order.map { items[$0] }
    }
}

/// A rendering error; `description` is the message Helm prints after `Error: `.
public struct RenderError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
