/// A tag reference `registry/repository:tag`, e.g. `docker.io/library/nginx:1.25`.
///
/// `registry` is the host (with port) of the upstream registry, exactly as containerd sends it in the
/// `ns` query parameter; Docker Hub is `docker.io` and its official images live under `library/`.
public struct TagReference: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var registry: String
    public var repository: String
    public var tag: String

    public init(registry: String, repository: String, tag: String) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
    }

    /// `registry/repository:tag`.
    public var description: String { "\(registry)/\(repository):\(tag)" }

    /// Parses a full reference `host[:port]/repository:tag` (the registry part must contain a `.` or
    /// `:` or be `localhost`, as in Docker's reference grammar). Short Docker Hub names (`nginx:1.25`,
    /// `library/nginx:1.25`) are normalized to `docker.io/library/nginx:1.25`. References without a tag,
    /// or pinned by digest, return nil.
    public init?(parsing text: String) {
        guard !text.contains("@") else { return nil }
        let lastSlash = text.lastIndex(of: "/")
        let tail = lastSlash.map { text[text.index(after: $0)...] } ?? Substring(text)
        guard let colon = tail.lastIndex(of: ":") else { return nil }
        let tag = String(tail[tail.index(after: colon)...])
        let name = String(text[..<colon])
        guard TagReference.isValidTag(tag) else { return nil }
        var registry = "docker.io"
        var repository = name
        if let slash = name.firstIndex(of: "/") {
            let first = String(name[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registry = first
                repository = String(name[name.index(after: slash)...])
            }
        }
        if registry == "docker.io" && !repository.contains("/") {
            repository = "library/" + repository
        }
        guard RepositoryName.isValid(repository) else { return nil }
        self.init(registry: registry, repository: repository, tag: tag)
    }

    /// Whether `tag` matches the OCI tag grammar `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
    public static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard let first = bytes.first, bytes.count <= 128 else { return false }
        func word(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == UInt8(ascii: "_")
        }
        guard word(first) else { return false }
        return bytes.dropFirst().allSatisfy { word($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    public static func < (lhs: TagReference, rhs: TagReference) -> Bool { lhs.description < rhs.description }
}

/// What peers advertise and look up: a digest, or a tag reference that resolves to a manifest.
///
/// Its `description` is the routing key text (`sha256:…` or `registry/repository:tag`), the string a
/// DHT hashes.
public enum ContentKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    case digest(Digest)
    case tag(TagReference)

    public var description: String {
        switch self {
        case .digest(let digest): return digest.description
        case .tag(let reference): return reference.description
        }
    }

    /// Parses the routing key text back (`sha256:…` or `registry/repository:tag`).
    public init?(_ text: String) {
        if let digest = Digest(text) {
            self = .digest(digest)
        } else if text.hasPrefix("sha256:") {
            return nil
        } else if let reference = TagReference(parsing: text), reference.description == text {
            self = .tag(reference)
        } else {
            return nil
        }
    }

    public static func < (lhs: ContentKey, rhs: ContentKey) -> Bool { lhs.description < rhs.description }
}
