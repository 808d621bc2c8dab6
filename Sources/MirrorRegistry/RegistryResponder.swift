import Hummingbird
import HTTPTypes

/// The registry port (`--registry-addr`): `/v2/`, manifests, blobs, `/readyz`, `/livez`.
public struct RegistryResponder: HTTPResponder {
    public typealias Context = BasicRequestContext
    public let mirror: MirrorService

    public init(mirror: MirrorService) { self.mirror = mirror }

    public func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let metrics = mirror.metrics
        metrics.requestStarted()
        let path = request.uri.path
        let (handler, response) = await route(request, path: path, started: started)
        let method = request.method.rawValue
        return response.finishing {
            metrics.requestFinished()
            metrics.recordRequest(handler: handler, method: method, code: response.status.code, duration: ContinuousClock.now - started)
        }
    }

    func route(_ request: Request, path: String, started: ContinuousClock.Instant) async -> (String, Response) {
        let method = request.method
        switch path {
        case "/livez":
            return ("livez", Self.text("ok\n", method: method))
        case "/readyz":
            let ready = await mirror.router.ready()
            var body = ready ? "ok\n" : "peer router not ready\n"
            if case .misconfigured(let problems) = mirror.containerdConfig.status {
                body += problems.map { "containerd misconfigured: \($0)\n" }.joined()
            }
            var response = Self.text(body, method: method)
            response.status = ready ? .ok : .serviceUnavailable
            return ("readyz", response)
        default:
            break
        }
        guard path.hasPrefix("/v2") else {
            return ("unknown", mirror.errorResponse(.notFound(path), method: method))
        }
        guard method == .get || method == .head else {
            return ("v2", mirror.errorResponse(.methodNotAllowed(method), method: method))
        }
        if path == "/v2" || path == "/v2/" {
            var response = Self.text("{}", method: method, contentType: "application/json")
            response.headers[.dockerDistributionAPIVersion] = "registry/2.0"
            return ("v2", response)
        }
        do {
            guard let parsed = try MirrorRequest.parse(path: path, namespace: Self.queryValue("ns", in: request.uri.query)) else {
                return ("unknown", mirror.errorResponse(.notFound(path), method: method))
            }
            let handler = parsed.kind == .manifest ? "manifest" : "blob"
            return (handler, await mirror.serve(parsed, method: method, headers: request.headers, started: started))
        } catch let error as RegistryError {
            return ("v2", mirror.errorResponse(error, method: method))
        } catch {
            return ("v2", mirror.errorResponse(RegistryError(status: .badRequest, code: "UNSUPPORTED", message: "\(error)"), method: method))
        }
    }

    /// The first value of `name` in a query string, percent-decoded.
    static func queryValue(_ name: String, in query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first.map(String.init) == name else { continue }
            let raw = parts.count > 1 ? String(parts[1]) : ""
            if !raw.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) { return raw }
            return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
        }
        return nil
    }

    static func text(_ text: String, method: HTTPRequest.Method, contentType: String = "text/plain; charset=utf-8") -> Response {
        let buffer = ByteBuffer(string: text)
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: .ok, headers: headers, body: method == .head ? ResponseBody() : ResponseBody(byteBuffer: buffer))
    }
}

/// The metrics port (`--metrics-addr`): `/metrics` and, when enabled, `/debug/web/`.
public struct MetricsResponder: HTTPResponder {
    public typealias Context = BasicRequestContext
    public let mirror: MirrorService
    /// Where the advertiser keeps what it announced (shown on the debug page).
    public let advertiser: Advertiser?

    public init(mirror: MirrorService, advertiser: Advertiser? = nil) {
        self.mirror = mirror
        self.advertiser = advertiser
    }

    public func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let path = request.uri.path
        if path == "/metrics" {
            mirror.metrics.updateRouter(peers: await mirror.router.knownPeers().count, statistics: await mirror.router.statistics())
            return RegistryResponder.text(mirror.metrics.exposition(), method: request.method, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        if mirror.options.debugWebEnabled && (path == "/debug/web/" || path == "/debug/web") {
            let images = (try? await mirror.store.listImages()) ?? []
            let digests = (try? await mirror.store.listDigests()) ?? []
            let totals = mirror.log.totals
            let model = DebugPage.Model(node: mirror.options.nodeName, peers: await mirror.router.knownPeers(), images: images, digests: digests,
                                        requests: mirror.log.recent, hits: totals.hits, misses: totals.misses,
                                        containerdConfig: mirror.containerdConfig.status,
                                        router: await mirror.router.statistics(), peerTally: mirror.peerTally.entries,
                                        penalized: mirror.penalties.penalized)
            return RegistryResponder.text(DebugPage.render(model), method: request.method, contentType: "text/html; charset=utf-8")
        }
        var response = RegistryResponder.text("404 page not found\n", method: request.method)
        response.status = .notFound
        return response
    }
}
