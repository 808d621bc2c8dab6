@preconcurrency import IntegrationSupport
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// A token server for docker-registry's `auth: token:` mode, on 127.0.0.1: issues ES256 JWTs signed
/// by a key whose self-signed certificate (made with openssl) is the registry's root bundle, carrying
/// the certificate in the `x5c` header.
///
/// Users with a password (HTTP Basic) or a refresh token (OAuth2 POST) get every action they ask
/// for; anonymous callers get `pull` only.
final class TokenServer: Sendable {
    let port: Int
    var realm: String { "http://127.0.0.1:\(port)/token" }
    let service = "registry-client-test"
    let issuer = "registry-client-test-issuer"
    /// The PEM certificate to configure as the registry's `rootcertbundle`.
    let certificatePath: String
    private let log: NIOLockedValueBox<[TokenRequest]>
    private let runner: ServiceRunner

    /// One token request as the server saw it.
    struct TokenRequest: Sendable {
        var method: String
        var account: String?
        var scopes: [String]
        var granted: Bool
    }

    private init(port: Int, certificatePath: String, log: NIOLockedValueBox<[TokenRequest]>, runner: ServiceRunner) {
        self.port = port
        self.certificatePath = certificatePath
        self.log = log
        self.runner = runner
    }

    /// The token requests so far.
    var requests: [TokenRequest] { log.withLockedValue { $0 } }

    /// Generates the signing key and certificate in `directory` and starts serving.
    static func start(in directory: URL, users: [String: String], refreshTokens: [String: String]) async throws -> TokenServer {
        let key = directory.appendingPathComponent("token-signing.key").path
        let certificate = directory.appendingPathComponent("token-signing.crt").path
        try await openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=registry-client test token issuer"])
        let signingKey = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOfFile: key, encoding: .utf8))
        let pem = try String(contentsOfFile: certificate, encoding: .utf8)
        let der = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let log = NIOLockedValueBox<[TokenRequest]>([])
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let responder = Responder(signingKey: signingKey, certificateDER: String(der), users: users, refreshTokens: refreshTokens,
                                  service: "registry-client-test", issuer: "registry-client-test-issuer", log: log)
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: proxyLogger)
        let runner = ServiceRunner([app], logger: proxyLogger)
        Task {
            await runner.wait()
            continuation.finish()
        }
        var port = 0
        for await value in ports { port = value }
        guard port != 0 else {
            await runner.stop()
            throw TestFailure("the token server did not start")
        }
        return TokenServer(port: port, certificatePath: certificate, log: log, runner: runner)
    }

    func stop() async {
        await runner.stop()
    }

    struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let signingKey: P256.Signing.PrivateKey
        let certificateDER: String
        let users: [String: String]
        let refreshTokens: [String: String]
        let service: String
        let issuer: String
        let log: NIOLockedValueBox<[TokenRequest]>

        func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
            guard request.uri.path == "/token" else { return Response(status: .notFound) }
            var parameters: [(String, String)] = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
            if request.method == .post {
                var body = try await request.body.collect(upTo: 1 << 16)
                let form = body.readString(length: body.readableBytes) ?? ""
                parameters += form.split(separator: "&").map { pair in
                    let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                }
            }
            // A POSTed scope is one space-separated value; GET repeats the parameter.
            let scopes = parameters.filter { $0.0 == "scope" }.flatMap { $0.1.split(separator: " ").map(String.init) }
            var account: String?
            if let authorization = request.headers[.authorization] {
                guard authorization.hasPrefix("Basic "),
                      let decoded = Data(base64Encoded: String(authorization.dropFirst(6))).flatMap({ String(data: $0, encoding: .utf8) }),
                      let colon = decoded.firstIndex(of: ":"),
                      users[String(decoded[..<colon])] == String(decoded[decoded.index(after: colon)...]) else {
                    return deny(request, scopes: scopes)
                }
                account = String(decoded[..<colon])
            } else if request.method == .post {
                let grant = parameters.first { $0.0 == "grant_type" }?.1
                guard grant == "refresh_token", let token = parameters.first(where: { $0.0 == "refresh_token" })?.1,
                      let user = refreshTokens[token] else {
                    return deny(request, scopes: scopes)
                }
                account = user
            }
            log.withLockedValue { $0.append(TokenRequest(method: request.method.rawValue, account: account, scopes: scopes, granted: true)) }
            let access: [[String: Any]] = scopes.compactMap { scope in
                let parts = scope.split(separator: ":")
                guard parts.count == 3 else { return nil }
                let asked = parts[2].split(separator: ",").map(String.init)
                let actions = account == nil ? asked.filter { $0 == "pull" } : asked
                return ["type": String(parts[0]), "name": String(parts[1]), "actions": actions]
            }
            let token = try jwt(subject: account ?? "", access: access)
            let body = try JSONSerialization.data(withJSONObject: ["token": token, "access_token": token, "expires_in": 300])
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }

        private func deny(_ request: Request, scopes: [String]) -> Response {
            log.withLockedValue { $0.append(TokenRequest(method: request.method.rawValue, account: nil, scopes: scopes, granted: false)) }
            return Response(status: .unauthorized, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}"#)))
        }

        private func jwt(subject: String, access: [[String: Any]]) throws -> String {
            let now = Int(Date().timeIntervalSince1970)
            let header: [String: Any] = ["typ": "JWT", "alg": "ES256", "x5c": [certificateDER]]
            let claims: [String: Any] = ["iss": issuer, "sub": subject, "aud": service, "exp": now + 300, "nbf": now - 10,
                                         "iat": now, "jti": UUID().uuidString, "access": access]
            let input = try base64URL(JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) + "."
                + base64URL(JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
            let signature = try signingKey.signature(for: Data(input.utf8)).rawRepresentation
            return input + "." + base64URL(signature)
        }

        private func base64URL(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
    }
}
