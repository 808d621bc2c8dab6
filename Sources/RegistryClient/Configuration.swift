extension RegistryClient {
    /// How a ``RegistryClient`` talks to registries.
    public struct Configuration: Sendable {
        /// Registries spoken to over plain HTTP instead of HTTPS (`--plain-http`).
        public var plainHTTP: PlainHTTP
        /// Credentials per registry host (usually from a docker `config.json`).
        public var credentials: CredentialStore
        /// When and how often failed requests are tried again.
        public var retry: RetryPolicy
        /// Connection and request time limits.
        public var timeouts: Timeouts
        /// The `User-Agent` header of every request.
        public var userAgent: String
        /// PEM files of CA certificates to trust in addition to the system's (`--ca-file`).
        public var caFiles: [String]
        /// Blobs larger than this many bytes are uploaded in chunks (PATCH requests) rather than in
        /// one PUT. A chunk that fails is resumed from the offset the registry reports.
        public var chunkedUploadThreshold: Int64
        /// The size of each chunk of a chunked upload (raised to the registry's `OCI-Chunk-Min-Length`).
        public var chunkSize: Int64
        /// How many redirects a request follows (blobs are often redirected to storage).
        public var maximumRedirects: Int

        /// A configuration; every parameter has a default suitable for public registries.
        public init(
            plainHTTP: PlainHTTP = .none,
            credentials: CredentialStore = CredentialStore(),
            retry: RetryPolicy = RetryPolicy(),
            timeouts: Timeouts = Timeouts(),
            userAgent: String = "spegel-registry-client/1",
            caFiles: [String] = [],
            chunkedUploadThreshold: Int64 = 64 << 20,
            chunkSize: Int64 = 16 << 20,
            maximumRedirects: Int = 10
        ) {
            self.plainHTTP = plainHTTP
            self.credentials = credentials
            self.retry = retry
            self.timeouts = timeouts
            self.userAgent = userAgent
            self.caFiles = caFiles
            self.chunkedUploadThreshold = chunkedUploadThreshold
            self.chunkSize = max(1, chunkSize)
            self.maximumRedirects = maximumRedirects
        }
    }

    /// Which registries are spoken to over plain HTTP.
    public enum PlainHTTP: Sendable, Equatable {
        /// Every registry uses HTTPS.
        case none
        /// Every registry uses plain HTTP (`--plain-http`).
        case all
        /// These registries (`host` or `host:port`) use plain HTTP, the rest HTTPS.
        case hosts(Set<String>)

        /// Whether `registry` (`host[:port]`) is spoken to over plain HTTP.
        public func applies(to registry: String) -> Bool {
            switch self {
            case .none: return false
            case .all: return true
            case .hosts(let hosts):
                if hosts.contains(registry) { return true }
                return hosts.contains(RegistryEndpoint.hostWithoutPort(registry))
            }
        }
    }

    /// Time limits.
    public struct Timeouts: Sendable {
        /// Establishing a connection (TCP and TLS).
        public var connect: Duration
        /// A whole request that carries no blob (manifests, checks, tokens), body included.
        public var request: Duration
        /// Silence while a blob streams in either direction before the transfer is abandoned.
        public var idle: Duration

        /// Time limits; the defaults suit slow links to public registries.
        public init(connect: Duration = .seconds(15), request: Duration = .seconds(120), idle: Duration = .seconds(120)) {
            self.connect = connect
            self.request = request
            self.idle = idle
        }
    }
}
