// The RegistryClient module: an OCI distribution API client (pull and push). See docs/ARCHITECTURE.md §6.
@_exported import OCI
import AsyncHTTPClient
import NIOCore
import NIOSSL

/// A client of the OCI distribution API: resolves and fetches manifests and blobs, checks, mounts and
/// uploads blobs, and puts manifests, against any number of registries.
///
/// It answers registry challenges itself (bearer tokens fetched from the realm the registry names, or
/// Basic), with credentials from a ``CredentialStore``; retries connection errors, 429 and 5xx with
/// backoff (never other 4xx); streams blobs between the network and files (never a whole blob in
/// memory); and verifies the digest and size of everything it downloads.
///
/// Create one per run and call ``shutdown()`` when done.
public final class RegistryClient: Sendable {
    /// What the client was created with.
    public let configuration: Configuration
    let http: HTTPClient
    let transport: Transport

    /// Creates a client.
    /// - Throws: ``RegistryClientError`` when a CA file in the configuration cannot be read.
    public init(configuration: Configuration = Configuration()) throws {
        for file in configuration.caFiles {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw RegistryClientError(
                    kind: .invalidArgument, operation: "configure TLS", registry: nil,
                    detail: "CA file \(file) does not exist or cannot be read",
                    hint: "pass --ca-file with the path of a PEM file holding the registry's CA certificate")
            }
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = configuration.caFiles.map { .file($0) }
        var http = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(Int64(configuration.timeouts.connect.nanoseconds)),
                           read: .nanoseconds(Int64(configuration.timeouts.idle.nanoseconds))))
        // Connection failures surface at once and go through the client's own retry policy,
        // which knows a TLS failure is not worth retrying.
        http.connectionPool.retryConnectionEstablishment = false
        self.configuration = configuration
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
        self.transport = Transport(http: self.http, configuration: configuration)
    }

    /// Closes every connection. Call once, after the last request finished.
    public func shutdown() async throws {
        try await http.shutdown()
    }
}

extension Duration {
    /// The duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }

    /// The duration in seconds.
    var seconds: Double { Double(nanoseconds) / 1e9 }
}
