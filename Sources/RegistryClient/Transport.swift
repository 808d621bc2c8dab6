import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One request to a registry, re-creatable so it can be sent again (after a challenge, a redirect
/// or a failure).
struct RegistryRequest: Sendable {
    var method: HTTPMethod
    var url: String
    var headers: [(String, String)] = []
    var body: RequestBody = .none
    /// Token scopes the request needs (`repository:NAME:pull`).
    var scopes: [String] = []
    /// Whether to answer the registry's challenges (false for the token realm itself).
    var authenticate = true
    /// Whether to follow 3xx responses (blobs are redirected to storage).
    var followRedirects = false
    /// Whether the transport itself retries connection errors, 429 and 5xx.
    var retries = true
    /// A blob transfer: no overall deadline, only the idle timeout.
    var transfer = false
}

/// What a request carries.
enum RequestBody: Sendable {
    case none
    case data(Data)
    /// A region of a file, read as it is sent; `progress` counts the bytes handed on.
    case file(path: String, range: Range<Int64>, progress: ProgressCounter?)

    var length: Int64 {
        switch self {
        case .none: return 0
        case .data(let data): return Int64(data.count)
        case .file(_, let range, _): return Int64(range.count)
        }
    }
}

/// What an error message says the operation was.
struct OperationContext: Sendable {
    var operation: String
    var registry: String
    var repository: String?
    var reference: String?

    func error(_ kind: RegistryClientError.Kind, status: Int? = nil, errors: [RegistryClientError.Detail] = [],
               detail: String, hint: String? = nil) -> RegistryClientError {
        RegistryClientError(kind: kind, operation: operation, registry: registry, repository: repository, reference: reference,
                            status: status, errors: errors, detail: detail, hint: hint)
    }
}

/// Sends registry requests: answers challenges, follows redirects, retries with backoff, and turns
/// failures into ``RegistryClientError``s with hints.
final class Transport: Sendable {
    let http: HTTPClient
    let configuration: RegistryClient.Configuration
    let authenticator: Authenticator

    init(http: HTTPClient, configuration: RegistryClient.Configuration) {
        self.http = http
        self.configuration = configuration
        self.authenticator = Authenticator(credentials: configuration.credentials)
    }

    func endpoint(_ registry: String) -> RegistryEndpoint {
        RegistryEndpoint(registry: registry, plainHTTP: configuration.plainHTTP)
    }

    // MARK: Sending

    /// Sends `request` and returns the final response, whatever its status, after answering a 401
    /// once, following redirects (when asked) and retrying what is retryable. The caller consumes or
    /// drops the body.
    func send(_ request: RegistryRequest, _ context: OperationContext) async throws -> HTTPClientResponse {
        try await exchange(request, context, collectingUpTo: nil).response
    }

    /// Sends `request` and collects at most `limit` bytes of the body; a body that breaks off counts
    /// as a failed attempt and is retried like a connection error.
    func sendCollecting(_ request: RegistryRequest, _ context: OperationContext, limit: Int = 1 << 20) async throws -> (HTTPClientResponse, Data) {
        let (response, body) = try await exchange(request, context, collectingUpTo: limit)
        return (response, body ?? Data())
    }

    private func exchange(_ request: RegistryRequest, _ context: OperationContext,
                          collectingUpTo limit: Int?) async throws -> (response: HTTPClientResponse, body: Data?) {
        let policy = request.retries ? configuration.retry : .never
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            do {
                let response = try await sendOnce(request, context)
                let status = Int(response.status.code)
                if RetryPolicy.isRetryable(status: status), attempt < policy.maximumAttempts {
                    let retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init).map { Duration.milliseconds(Int64($0 * 1000)) }
                    _ = try? await response.body.collect(upTo: 1 << 20)
                    try await Task.sleep(for: policy.delay(afterAttempt: attempt, retryAfter: retryAfter))
                    continue
                }
                guard let limit else { return (response, nil) }
                do {
                    let buffer = try await response.body.collect(upTo: limit)
                    return (response, Data(buffer.readableBytesView))
                } catch let error as NIOTooManyBytesError {
                    throw context.error(.invalidResponse, status: status, detail: "the response body is larger than \(limit) bytes (\(error))")
                }
            } catch {
                if Task.isCancelled { throw CancellationError() }
                guard Self.isRetryable(error), attempt < policy.maximumAttempts else {
                    throw failure(error, url: request.url, attempts: attempt, context)
                }
                try await Task.sleep(for: policy.delay(afterAttempt: attempt))
            }
        }
    }

    /// The body of `response`, at most `limit` bytes.
    func collect(_ response: HTTPClientResponse, limit: Int, _ context: OperationContext) async throws -> Data {
        do {
            let buffer = try await response.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch let error as NIOTooManyBytesError {
            throw context.error(.invalidResponse, status: Int(response.status.code),
                                detail: "the response body is larger than \(limit) bytes (\(error))")
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw failure(error, url: nil, attempts: 1, context)
        }
    }

    /// One attempt: the request, a retry after a 401 challenge, and redirects.
    private func sendOnce(_ request: RegistryRequest, _ context: OperationContext) async throws -> HTTPClientResponse {
        let registry = context.registry
        var authorization: String?
        if request.authenticate {
            authorization = try await authenticator.authorization(registry: registry, scopes: request.scopes, fetch: tokenFetcher(context))
        }
        var url = request.url
        var method = request.method
        var body = request.body
        var challenged = false
        var redirects = 0
        var leftOrigin = false
        while true {
            var outgoing = HTTPClientRequest(url: url)
            outgoing.method = method
            outgoing.headers.add(name: "User-Agent", value: configuration.userAgent)
            for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
            if let authorization, !leftOrigin { outgoing.headers.add(name: "Authorization", value: authorization) }
            outgoing.body = makeBody(body)
            let deadline: NIODeadline = request.transfer ? .distantFuture : .now() + .nanoseconds(configuration.timeouts.request.nanoseconds)
            let response = try await http.execute(outgoing, deadline: deadline)
            let status = Int(response.status.code)

            if status == 401, request.authenticate, !leftOrigin {
                let challenges = AuthChallenge.parse(response.headers["WWW-Authenticate"])
                let errorBody = try await collect(response, limit: 64 << 10, context)
                if !challenged, let better = try await authenticator.respond(
                    to: challenges, registry: registry, scopes: request.scopes, rejected: authorization, fetch: tokenFetcher(context)) {
                    challenged = true
                    authorization = better
                    continue
                }
                throw failure(status: 401, headers: response.headers, body: errorBody, context)
            }

            if request.followRedirects, [301, 302, 303, 307, 308].contains(status),
               let location = response.headers.first(name: "Location") {
                _ = try? await response.body.collect(upTo: 64 << 10)
                redirects += 1
                guard redirects <= configuration.maximumRedirects else {
                    throw context.error(.tooManyRedirects, status: status,
                                        detail: "more than \(configuration.maximumRedirects) redirects, the last to \(location)")
                }
                guard let next = RegistryEndpoint.resolve(location: location, against: url) else {
                    throw context.error(.invalidResponse, status: status, detail: "redirect to an invalid location \"\(location)\"")
                }
                // Credentials for the registry are not for the storage it redirects to.
                if RegistryEndpoint.origin(of: next) != RegistryEndpoint.origin(of: url) { leftOrigin = true }
                if status == 303 || ((status == 301 || status == 302) && method == .POST) {
                    method = .GET
                    body = .none
                }
                url = next
                continue
            }
            return response
        }
    }

    private func makeBody(_ body: RequestBody) -> HTTPClientRequest.Body? {
        switch body {
        case .none:
            return nil
        case .data(let data):
            return .bytes(ByteBuffer(bytes: data))
        case .file(let path, let range, let progress):
            progress?.reset(to: 0)
            let chunks = FileChunks(path: path, range: range, chunkSize: 1 << 20, onChunk: progress.map { counter in { @Sendable in counter.add($0) } })
            return .stream(chunks, length: .known(Int64(range.count)))
        }
    }

    // MARK: Tokens

    private func tokenFetcher(_ context: OperationContext) -> Authenticator.Fetch {
        { [self] realm, service, scopes in try await self.fetchToken(realm: realm, service: service, scopes: scopes, context) }
    }

    private struct TokenResponse: Decodable {
        var token: String?
        var access_token: String?
        var expires_in: Int?
    }

    /// Asks the token realm for a token for `scopes`: GET with Basic credentials (or anonymously), or
    /// POST with the OAuth2 refresh-token grant when the credentials are an identity token.
    private func fetchToken(realm: String, service: String?, scopes: [String], _ context: OperationContext) async throws -> Authenticator.Token {
        let credential = try await authenticator.credential(for: context.registry)
        var request: RegistryRequest
        if let identityToken = credential?.identityToken {
            var form: [(String, String)] = [("grant_type", "refresh_token"), ("refresh_token", identityToken),
                                            ("client_id", "spegel-registry-client")]
            if let service { form.append(("service", service)) }
            if !scopes.isEmpty { form.append(("scope", scopes.joined(separator: " "))) }
            let text = form.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
            request = RegistryRequest(method: .POST, url: realm, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                      body: .data(Data(text.utf8)))
        } else {
            var query: [(String, String)] = []
            if let service { query.append(("service", service)) }
            for scope in scopes { query.append(("scope", scope)) }
            if let username = credential?.username { query.append(("account", username)) }
            request = RegistryRequest(method: .GET, url: RegistryEndpoint.appendingQuery(realm, query))
            if let basic = credential?.basicAuthorization { request.headers.append(("Authorization", basic)) }
        }
        request.authenticate = false
        var tokenContext = context
        tokenContext.operation = "get a token from \(realm) for " + context.operation
        let (response, body) = try await sendCollecting(request, tokenContext, limit: 1 << 20)
        let status = Int(response.status.code)
        guard status == 200 else {
            throw failure(status: status, headers: response.headers, body: body, tokenContext)
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: body),
              let value = decoded.token ?? decoded.access_token, !value.isEmpty else {
            throw tokenContext.error(.invalidResponse, status: status, detail: "the token response has neither \"token\" nor \"access_token\"")
        }
        // The spec's default lifetime is 60 s; renew a little early.
        let lifetime = max(10, decoded.expires_in ?? 60)
        return Authenticator.Token(value: value, expires: .now + .seconds(lifetime - min(10, lifetime / 5)))
    }

    private static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    // MARK: Failures

    /// Whether a thrown error is a connection problem worth another attempt.
    static func isRetryable(_ error: any Error) -> Bool {
        if error is CancellationError || error is RegistryClientError || error is FileRegionError { return false }
        if isTLSError(error) { return false }
        if let error = error as? HTTPClientError {
            return [.readTimeout, .writeTimeout, .remoteConnectionClosed, .connectTimeout, .tlsHandshakeTimeout,
                    .deadlineExceeded, .getConnectionFromPoolTimeout].contains(error)
        }
        if let error = error as? NIOSSLError, case .uncleanShutdown = error { return true }
        return error is IOError || error is ChannelError || error is NIOConnectionError || error is HTTPParserError
    }

    /// Whether `error` comes from the TLS handshake or certificate checks (retrying does not help).
    static func isTLSError(_ error: any Error) -> Bool {
        if let error = error as? NIOSSLError, case .uncleanShutdown = error { return false }
        return error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError
    }

    /// A thrown error as a ``RegistryClientError`` with a hint.
    func failure(_ error: any Error, url: String?, attempts: Int, _ context: OperationContext) -> any Error {
        if let error = error as? RegistryClientError { return error }
        if error is CancellationError || error is CredentialHelperError { return error }
        if let error = error as? FileRegionError {
            return context.error(.fileError, detail: error.description)
        }
        let target = url.map { " (\($0))" } ?? ""
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        if Self.isTLSError(error) {
            let text = String(describing: error)
            if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") || text.contains("HTTP_REQUEST") {
                return context.error(.tlsFailed, detail: "TLS handshake failed\(target): the server did not answer with TLS (\(text))",
                                     hint: "pass --plain-http for a registry without TLS")
            }
            if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
                return context.error(.tlsFailed, detail: "TLS handshake failed\(target): the registry's certificate is not trusted (\(text))",
                                     hint: "pass --ca-file with the CA certificate that signed the registry's certificate")
            }
            if error as? NIOSSLExtraError == .failedToValidateHostname {
                return context.error(.tlsFailed, detail: "TLS handshake failed\(target): the certificate does not name \(context.registry) (\(text))",
                                     hint: "connect with the host name the certificate was issued for")
            }
            return context.error(.tlsFailed, detail: "TLS handshake failed\(target): \(text)",
                                 hint: "pass --ca-file for a registry with a private CA, or --plain-http for one without TLS")
        }
        return context.error(.connectionFailed, detail: "connection failed\(tries)\(target): \(error)",
                             hint: "check that the registry \(context.registry) is reachable (host, port, network, proxy)")
    }

    /// An unexpected response as a ``RegistryClientError``: the status, the registry's error codes,
    /// and a hint for the common cases.
    func failure(status: Int, headers: HTTPHeaders, body: Data, _ context: OperationContext) -> RegistryClientError {
        struct ErrorBody: Decodable { var errors: [RegistryClientError.Detail] }
        let errors = (try? JSONDecoder().decode(ErrorBody.self, from: body))?.errors ?? []
        var detail = ""
        if errors.isEmpty, !body.isEmpty {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            detail = text.isEmpty ? "" : "\"\(text)\""
        }
        let registry = context.registry
        let credentials = configuration.credentials
        let file = credentials.source ?? "config.json ($DOCKER_CONFIG/config.json or ~/.docker/config.json)"
        switch status {
        case 400 where String(decoding: body.prefix(300), as: UTF8.self).contains("HTTP request to an HTTPS server")
                    || (headers.isEmpty && endpoint(registry).scheme == "http"):
            // Go's TLS servers answer plain HTTP with a bare `HTTP/1.0 400` and that sentence.
            return context.error(.tlsFailed, status: status, errors: errors, detail: "the registry expects TLS on this port",
                                 hint: "drop --plain-http for \(registry) (and pass --ca-file if its CA is private)")
        case 401:
            let hint: String
            if let helper = credentials.helpers[CredentialStore.normalise(registry)]
                ?? (credentials.credential(for: registry) == nil ? credentials.helper(for: registry) : nil) {
                hint = "\(file) delegates \(registry) to the credential helper docker-credential-\(helper): it had no credentials for \(registry) or they were rejected; log in again with docker login \(registry)"
            } else if credentials.credential(for: registry) != nil {
                hint = "the credentials for \(registry) in \(file) were rejected: check them, or log in again with docker login \(registry)"
            } else {
                hint = "log in: docker login \(registry), or add credentials for \(registry) to \(file)"
            }
            return context.error(.unauthorized, status: status, errors: errors,
                                 detail: detail.isEmpty ? "authentication required" : detail, hint: hint)
        case 403:
            return context.error(.denied, status: status, errors: errors, detail: detail.isEmpty ? "access denied" : detail,
                                 hint: "the credentials for \(registry) lack permission for this repository: ask for \(context.operation.hasPrefix("push") || context.operation.hasPrefix("mount") ? "push" : "pull") access")
        case 404:
            let hint: String
            if errors.contains(where: { $0.code == "NAME_UNKNOWN" }) {
                hint = "check the repository name"
            } else if errors.contains(where: { $0.code == "MANIFEST_UNKNOWN" }) {
                hint = "check the tag or digest"
            } else if errors.contains(where: { $0.code == "BLOB_UPLOAD_UNKNOWN" }) {
                hint = "the upload expired or was cancelled: push again"
            } else {
                hint = "check the repository and the tag or digest"
            }
            return context.error(.notFound, status: status, errors: errors, detail: detail.isEmpty ? "not found" : detail, hint: hint)
        case 429:
            return context.error(.tooManyRequests, status: status, errors: errors,
                                 detail: detail.isEmpty ? "too many requests" : detail,
                                 hint: "the registry rate-limits: wait and try again, or log in for a higher limit")
        case 500...599:
            return context.error(.serverError, status: status, errors: errors,
                                 detail: detail.isEmpty ? "the registry failed" : detail,
                                 hint: RetryPolicy.isRetryable(status: status)
                                    ? "the registry kept failing after \(configuration.retry.maximumAttempts) attempts: try again later"
                                    : "the registry does not support this operation")
        default:
            return context.error(.unexpectedStatus, status: status, errors: errors, detail: detail.isEmpty ? "unexpected status" : detail)
        }
    }
}
