/// A repository in a registry, where manifests and blobs live: `docker.io` + `library/nginx`.
public struct Repository: Hashable, Sendable, CustomStringConvertible {
    /// The registry host as references name it (`docker.io`, `ghcr.io`, `127.0.0.1:5000`).
    public var registry: String
    /// The repository path inside the registry (`library/nginx`).
    public var path: String

    /// A repository from its parts (not validated).
    public init(registry: String, path: String) {
        self.registry = registry
        self.path = path
    }

    /// The repository `reference` lives in.
    public init(_ reference: ImageReference) {
        self.init(registry: reference.registry, path: reference.repository)
    }

    /// Parses `[REGISTRY/]PATH` with the rules of image references (`nginx` → `docker.io/library/nginx`).
    /// - Throws: ``ImageReferenceError`` when `text` is not a repository name or carries a tag or digest.
    public init(parsing text: String) throws {
        let reference = try ImageReference(parsing: text)
        guard reference.tag == nil, reference.digest == nil else {
            throw ImageReferenceError(reference: text, reason: "expected a repository name without tag or digest")
        }
        self.init(reference)
    }

    /// `registry/path`.
    public var description: String { registry + "/" + path }

    /// The same path on another registry (`HOST[/PREFIX]`), as ``ImageReference/mirrored(to:)`` maps it.
    public func mirrored(to mirror: String) -> Repository {
        Repository(ImageReference(registry: registry, repository: path).mirrored(to: mirror))
    }
}

/// What names a manifest inside a repository: a tag or a digest.
public enum ManifestReference: Hashable, Sendable, CustomStringConvertible {
    /// A tag, e.g. `1.25`.
    case tag(String)
    /// A digest, `sha256:…`.
    case digest(Digest)

    /// Parses a digest (`sha256:…`, when `text` contains `:`) or a tag.
    /// - Throws: ``ImageReferenceError`` naming `text` and what a tag or digest looks like.
    public init(parsing text: String) throws {
        if text.contains(":") {
            do {
                self = .digest(try Digest(parsing: text))
            } catch let error as DigestError {
                throw ImageReferenceError(reference: text, reason: error.description)
            }
        } else {
            guard ImageReference.isValidTag(text) else {
                throw ImageReferenceError(reference: text, reason: "invalid tag (expected [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})")
            }
            self = .tag(text)
        }
    }

    /// What `reference` names: its digest when it has one, else its tag, else `latest`.
    /// - Throws: ``ImageReferenceError`` for a digest whose algorithm is not sha256.
    public init(_ reference: ImageReference) throws {
        if let digest = reference.digest {
            do {
                self = .digest(try Digest(parsing: digest))
            } catch let error as DigestError {
                throw ImageReferenceError(reference: reference.description, reason: error.description)
            }
        } else {
            self = .tag(reference.tag ?? "latest")
        }
    }

    /// The tag or digest text, as it appears in a URL path.
    public var description: String {
        switch self {
        case .tag(let tag): return tag
        case .digest(let digest): return digest.description
        }
    }

    /// The digest, when the reference is one.
    public var digest: Digest? {
        if case .digest(let digest) = self { return digest }
        return nil
    }
}
