/// A container image reference, `[REGISTRY/]PATH[:TAG][@DIGEST]`, parsed and normalised with the
/// rules of the distribution reference library (what docker, containerd and Kubernetes use):
///
/// - The first path component is a registry host when it contains `.` or `:`, is `localhost`,
///   or has an upper-case letter; otherwise the registry is `docker.io`.
/// - `index.docker.io` is `docker.io`; a one-component path on `docker.io` gets `library/`.
/// - Path components are lower-case alphanumerics joined by `.`, `_`, `__` or runs of `-`;
///   tags are `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; digests are `ALGORITHM:HEX` (sha256: 64 hex).
///
/// ``description`` is the normalised reference; with neither tag nor digest it carries `:latest`,
/// as the image a runtime pulls (`nginx` → `docker.io/library/nginx:latest`).
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// The registry host (with port), e.g. `docker.io`, `ghcr.io`, `localhost:5000`.
    public var registry: String
    /// The repository path inside the registry, e.g. `library/nginx`.
    public var repository: String
    /// The tag, when the reference names one.
    public var tag: String?
    /// The digest (`sha256:…`), when the reference names one.
    public var digest: String?

    /// The registry Docker Hub references resolve to.
    public static let dockerHub = "docker.io"

    /// A reference from its parts (not validated).
    public init(registry: String, repository: String, tag: String? = nil, digest: String? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses and normalises `text`; throws ``ImageReferenceError`` saying what is wrong.
    public init(parsing text: String) throws {
        guard !text.isEmpty else { throw ImageReferenceError(reference: text, reason: "the reference is empty") }
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            let digest = String(rest[rest.index(after: at)...])
            guard Self.isValidDigest(digest) else {
                throw ImageReferenceError(reference: text, reason: "invalid digest \"\(digest)\" (expected ALGORITHM:HEX, sha256 with 64 hex digits)")
            }
            self.digest = digest
            rest = rest[..<at]
        } else {
            self.digest = nil
        }
        self.tag = nil
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            let tag = String(rest[rest.index(after: colon)...])
            guard Self.isValidTag(tag) else {
                throw ImageReferenceError(reference: text, reason: "invalid tag \"\(tag)\"")
            }
            self.tag = tag
            rest = rest[..<colon]
        }
        let name = String(rest)
        guard !name.isEmpty else { throw ImageReferenceError(reference: text, reason: "the repository name is empty") }
        var registry = Self.dockerHub
        var path = name
        if let slash = name.firstIndex(of: "/") {
            let first = String(name[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                registry = first
                path = String(name[name.index(after: slash)...])
            }
        }
        if registry == "index.docker.io" { registry = Self.dockerHub }
        if registry == Self.dockerHub && !path.contains("/") { path = "library/" + path }
        guard Self.isValidRegistry(registry) else {
            throw ImageReferenceError(reference: text, reason: "invalid registry host \"\(registry)\"")
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard Self.isValidPathComponent(component) else {
                throw ImageReferenceError(
                    reference: text,
                    reason: "invalid repository path component \"\(component)\" (lower-case letters, digits and separators . _ __ - only)")
            }
        }
        guard registry.count + 1 + path.count <= 255 else {
            throw ImageReferenceError(reference: text, reason: "the repository name is longer than 255 characters")
        }
        self.registry = registry
        self.repository = path
    }

    /// `registry/repository`, e.g. `docker.io/library/nginx`.
    public var name: String { registry + "/" + repository }

    /// The normalised reference; `:latest` is added when there is neither tag nor digest.
    public var description: String {
        var text = name
        if let tag { text += ":" + tag } else if digest == nil { text += ":latest" }
        if let digest { text += "@" + digest }
        return text
    }

    /// The same image under `mirror` (`HOST[/PREFIX]`): the registry host is replaced by the mirror
    /// and the repository path is kept below its prefix; tag and digest are kept. A reference that
    /// already lives under the mirror is returned unchanged.
    public func mirrored(to mirror: String) -> ImageReference {
        let trimmed = mirror.hasSuffix("/") ? String(mirror.dropLast()) : mirror
        if isUnder(mirror: trimmed) { return self }
        var host = trimmed
        var prefix = ""
        if let slash = trimmed.firstIndex(of: "/") {
            host = String(trimmed[..<slash])
            prefix = String(trimmed[trimmed.index(after: slash)...]) + "/"
        }
        return ImageReference(registry: host, repository: prefix + repository, tag: tag, digest: digest)
    }

    /// Whether the image already lives under `mirror` (`HOST[/PREFIX]`).
    public func isUnder(mirror: String) -> Bool {
        let trimmed = mirror.hasSuffix("/") ? String(mirror.dropLast()) : mirror
        return name == trimmed || name.hasPrefix(trimmed + "/")
    }

    // MARK: Grammar

    /// Whether `tag` is a valid tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    public static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard let first = bytes.first, bytes.count <= 128, isWordByte(first) else { return false }
        return bytes.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    static func isValidDigest(_ digest: String) -> Bool {
        guard let colon = digest.firstIndex(of: ":") else { return false }
        let algorithm = digest[..<colon]
        let hex = digest[digest.index(after: colon)...]
        guard let first = algorithm.utf8.first, isLetter(first),
              algorithm.utf8.allSatisfy({ isLetter($0) || isDigit($0) || "-_+.".utf8.contains($0) }),
              hex.count >= 32, hex.utf8.allSatisfy(isHexDigit) else { return false }
        if algorithm == "sha256" {
            return hex.count == 64 && hex.utf8.allSatisfy { !(UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        }
        if algorithm == "sha512" { return hex.count == 128 }
        return true
    }

    static func isValidRegistry(_ host: String) -> Bool {
        guard !host.isEmpty else { return false }
        return host.utf8.allSatisfy { isLetter($0) || isDigit($0) || "-.:[]".utf8.contains($0) }
    }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
    static func isValidPathComponent(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8)
        guard let first = bytes.first, let last = bytes.last,
              isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        var index = 0
        while index < bytes.count {
            if isLowerAlphanumeric(bytes[index]) { index += 1; continue }
            var end = index
            while end < bytes.count && !isLowerAlphanumeric(bytes[end]) { end += 1 }
            let separator = bytes[index..<end]
            let ok = separator.elementsEqual([UInt8(ascii: ".")])
                || separator.elementsEqual([UInt8(ascii: "_")])
                || separator.elementsEqual([UInt8(ascii: "_"), UInt8(ascii: "_")])
                || separator.allSatisfy { $0 == UInt8(ascii: "-") }
            guard ok else { return false }
            index = end
        }
        return true
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
    }
    private static func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
    private static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
    }
    private static func isWordByte(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) || b == UInt8(ascii: "_") }
    private static func isLowerAlphanumeric(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || isDigit(b)
    }
}

/// An image reference that does not parse, with the reason.
public struct ImageReferenceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The text that was parsed.
    public var reference: String
    /// What is wrong with it.
    public var reason: String
    /// An error for `reference` saying what is wrong.
    public init(reference: String, reason: String) {
        self.reference = reference
        self.reason = reason
    }
    public var description: String { "invalid image reference \"\(reference)\": \(reason)" }
}
