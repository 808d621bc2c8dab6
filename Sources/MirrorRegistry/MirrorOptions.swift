/// Behaviour switches of the mirror (the `spegel registry` flags that shape request handling).
public struct MirrorOptions: Sendable {
    /// Requests whose `registry/name:tag` or `registry/name@digest` matches any filter get a fast 404.
    public var filters: RegistryFilters
    /// When false, tag requests get a fast 404 (only digests are mirrored).
    public var resolveTags: Bool
    /// Peer lookups per miss (`--mirror-resolve-retries`).
    public var resolveRetries: Int
    /// Time one lookup may take (`--mirror-resolve-timeout`).
    public var resolveTimeout: Duration
    /// The node's name on the debug page.
    public var nodeName: String
    /// Bytes per read when streaming files.
    public var chunkSize: Int
    /// Whether `/debug/web/` is served on the metrics port.
    public var debugWebEnabled: Bool
    /// Registry hosts (`docker.io`, `ghcr.io`) whose content is mirrored; empty means every registry.
    /// Requests naming another registry in `ns` get a fast 404, and only these registries' tags are advertised.
    public var mirroredRegistries: Set<String>
    /// How long a peer that served wrong bytes is skipped.
    public var lyingPeerPenalty: Duration = .seconds(600)
    /// Manifests from peers up to this size are read whole and checked before a byte is sent.
    public var manifestVerifyLimit: Int64 = 4 << 20
    /// Blobs from peers up to this size are also read whole and checked before a byte is sent; larger
    /// ones are checked while streaming (the last chunk is held back until the digest matched). A
    /// client that received part of a wrong blob keeps it: containerd resumes its ingest from those
    /// bytes and can never commit the blob until the ingest is aborted, so checking first is what keeps
    /// a lying peer from breaking containerd's pulls.
    public var blobVerifyLimit: Int64 = 16 << 20
    /// Where larger blobs from peers are written (while hashed) before a byte is sent, so a lying peer
    /// can never leave containerd part of a wrong blob; nil streams them, checked on the way (the last
    /// chunk held back), which starts sooner but cannot take back bytes already sent.
    public var peerBlobStagingDirectory: String?

    public init(
        filters: RegistryFilters = RegistryFilters(), resolveTags: Bool = true, resolveRetries: Int = 3,
        resolveTimeout: Duration = .milliseconds(20), nodeName: String = ProcessInfo.processInfo.hostName,
        chunkSize: Int = 128 * 1024, debugWebEnabled: Bool = false, mirroredRegistries: Set<String> = []
    ) {
        self.mirroredRegistries = mirroredRegistries
        self.filters = filters
        self.resolveTags = resolveTags
        self.resolveRetries = resolveRetries
        self.resolveTimeout = resolveTimeout
        self.nodeName = nodeName
        self.chunkSize = chunkSize
        self.debugWebEnabled = debugWebEnabled
    }
}

extension MirrorOptions {
    /// Whether content of `registry` is mirrored.
    public func mirrors(registry: String) -> Bool {
        mirroredRegistries.isEmpty || mirroredRegistries.contains(registry)
    }

    /// The hosts of `--mirrored-registries` entries (`https://docker.io` → `docker.io`).
    /// - Throws: `HostsConfigurationError.invalidRegistry` for an entry that is not a host or URL.
    public static func registryHosts(_ entries: [String]) throws -> Set<String> {
        guard !entries.isEmpty else { return [] }
        return Set(try HostsConfiguration(directory: "", mirroredRegistries: entries, mirrorTargets: []).upstreams().map(\.host))
    }
}

/// `--registry-filters`: regular expressions (ICU syntax, close to Go's RE2 for the usual patterns)
/// matched anywhere in the request's filter subject.
public struct RegistryFilters: @unchecked Sendable {
    /// The source patterns.
    public let patterns: [String]
    private let expressions: [NSRegularExpression]

    /// No filters.
    public init() {
        patterns = []
        expressions = []
    }

    /// Compiles `patterns`.
    /// - Throws: `RegistryFilterError` naming the pattern that does not compile.
    public init(patterns: [String]) throws {
        self.patterns = patterns
        expressions = try patterns.map { pattern in
            do { return try NSRegularExpression(pattern: pattern) } catch { throw RegistryFilterError(pattern: pattern) }
        }
    }

    /// Whether `subject` matches any filter.
    public func matches(_ subject: String) -> Bool {
        let range = NSRange(subject.startIndex..., in: subject)
        return expressions.contains { $0.firstMatch(in: subject, range: range) != nil }
    }
}

/// A `--registry-filters` pattern that is not a valid regular expression.
public struct RegistryFilterError: Error, CustomStringConvertible {
    public var pattern: String
    public var description: String { "--registry-filters: \"\(pattern)\" is not a valid regular expression" }
}
