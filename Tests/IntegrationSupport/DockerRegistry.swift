import Foundation

/// The distribution registry (`docker-registry`) started by a test on 127.0.0.1 with filesystem storage.
public final class TestRegistry: @unchecked Sendable {
    /// How clients must authenticate.
    public enum Authentication: Sendable {
        /// HTTP Basic against an htpasswd file (bcrypt entries, e.g. from `htpasswd -Bbn`).
        case htpasswd(path: String)
        /// Bearer tokens from `realm`: JWTs for `service`, issued by `issuer`, signed by a key whose
        /// certificate is in the PEM bundle `rootCertificateBundle`.
        case token(realm: String, service: String, issuer: String, rootCertificateBundle: String)
    }

    /// `127.0.0.1:PORT`.
    public let address: String
    /// The port it listens on.
    public let port: Int
    private let handle: ProcessHandle

    /// Starts the registry storing under `directory` and waits (at most `timeout` s) until it listens.
    /// With `tls` (PEM certificate and key files) it serves HTTPS; with `relativeURLs` its
    /// `Location` headers are paths rather than absolute URLs.
    public init(directory: URL, authentication: Authentication? = nil, tls: (certificate: String, key: String)? = nil,
                relativeURLs: Bool = false, timeout: TimeInterval = 20) throws {
        port = freeLoopbackPort()
        address = "127.0.0.1:\(port)"
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
          addr: 127.0.0.1:\(port)
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
        handle = try ProcessHandle(
            executable: "/usr/bin/docker-registry", arguments: ["serve", configFile.path],
            logFile: directory.appendingPathComponent("registry.log"))
        let port = self.port
        guard waitUntil(timeout: timeout, { isListening(port: port) }) else {
            handle.stop()
            throw TestProcessError("docker-registry did not listen on \(port) within \(timeout)s; log:\n\(handle.log)")
        }
    }

    /// The registry log so far.
    public var log: String { handle.log }

    /// Stops the registry.
    public func stop() { handle.stop() }
}
