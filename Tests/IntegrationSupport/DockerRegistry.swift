import Foundation

/// The distribution registry (`docker-registry`) started by a test with filesystem storage, on 127.0.0.1 or
/// at a `NetworkPlace` (a network namespace the test made).
public final class TestRegistry: @unchecked Sendable {
    /// How clients must authenticate.
    public enum Authentication: Sendable {
        /// HTTP Basic against an htpasswd file (bcrypt entries, e.g. from `htpasswd -Bbn`).
        case htpasswd(path: String)
        /// Bearer tokens from `realm`: JWTs for `service`, issued by `issuer`, signed by a key whose
        /// certificate is in the PEM bundle `rootCertificateBundle`.
        case token(realm: String, service: String, issuer: String, rootCertificateBundle: String)
    }

    /// `HOST:PORT` (`127.0.0.1:PORT` unless started at a place).
    public let address: String
    /// The port it listens on.
    public let port: Int
    /// Where it runs.
    public let place: NetworkPlace
    private let handle: ProcessHandle

    /// Starts the registry storing under `directory` and waits (at most `timeout` s) until it listens.
    /// With `tls` (PEM certificate and key files) it serves HTTPS; with `relativeURLs` its
    /// `Location` headers are paths rather than absolute URLs.
    public init(directory: URL, authentication: Authentication? = nil, tls: (certificate: String, key: String)? = nil,
                relativeURLs: Bool = false, place: NetworkPlace? = nil, timeout: TimeInterval = 20) throws {
        let place = place ?? NetworkPlace(namespace: nil, host: "127.0.0.1")
        self.place = place
        port = place.port(preferred: 5000)
        address = "\(place.host):\(port)"
        var config = """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: \(directory.path)/storage
          delete:
            enabled: true
        http:
          addr: \(address)
          relativeurls: \(relativeURLs)

        """
        if let tls {
            config += """
              tls:
                certificate: \(tls.certificate)
                key: \(tls.key)

            """
        }
        switch authentication {
        case nil:
            break
        case .htpasswd(let path):
            config += """
            auth:
              htpasswd:
                realm: test-registry
                path: \(path)

            """
        case .token(let realm, let service, let issuer, let bundle):
            config += """
            auth:
              token:
                realm: \(realm)
                service: \(service)
                issuer: \(issuer)
                rootcertbundle: \(bundle)

            """
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configFile = directory.appendingPathComponent("registry.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        handle = try place.start("/usr/bin/docker-registry", ["serve", configFile.path], logFile: directory.appendingPathComponent("registry.log"))
        let port = self.port, address = self.address
        let listening: () -> Bool = place.namespace == nil
            ? { isListening(port: port) }
            : { (try? place.runBlocking("/usr/bin/curl", ["-s", "-o", "/dev/null", "--max-time", "2", "http://\(address)/v2/"], timeout: 5)) != nil }
        guard waitUntil(timeout: timeout, listening) else {
            handle.stop()
            throw TestProcessError("docker-registry did not listen on \(port) within \(timeout)s; log:\n\(handle.log)")
        }
    }

    /// The registry log so far.
    public var log: String { handle.log }

    /// Stops the registry.
    public func stop() { handle.stop() }
}
