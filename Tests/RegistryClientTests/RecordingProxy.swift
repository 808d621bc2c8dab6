import IntegrationSupport
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// A request the proxy saw, and what it answered.
struct ProxiedRequest: Sendable, CustomStringConvertible {
    var method: String
    var path: String
    var query: String
    /// Request body bytes the proxy received.
    var bodyBytes: Int
    /// The status returned (0 when the proxy dropped the connection).
    var status: Int
    var hadAuthorization: Bool

    var description: String { "\(method) \(path)\(query.isEmpty ? "" : "?" + query) → \(status) (\(bodyBytes) B)" }
}

/// What the proxy does instead of (or before) forwarding a request.
enum ProxyFault: Sendable {
    /// Answer with this status (and headers) without forwarding.
    case respond(status: Int, headers: [(String, String)] = [], body: String = "")
    /// Read up to this many body bytes, then close the connection without a proper response.
    case dropConnection(afterReadingBytes: Int)
    /// Redirect to this URL.
    case redirect(to: String, status: Int = 307)
    /// Hold the request until `release()` is true or `timeout` passes, then close the connection
    /// without forwarding it (an upload interrupted mid-way never reaches the registry).
    case hold(release: @Sendable () -> Bool, timeout: Duration)
}

/// An HTTP proxy on 127.0.0.1 in front of a test registry (or any upstream): forwards every request
/// (keeping the `Host` header, so the registry's `Location` headers point back at the proxy),
/// records what it saw, and injects faults chosen by the test.
final class RecordingProxy: Sendable {
    let port: Int
    var address: String { "127.0.0.1:\(port)" }
    private let state: State
    private let runner: ServiceRunner
    private let client: HTTPClient

    final class State: Sendable {
        let records = NIOLockedValueBox<[ProxiedRequest]>([])
        let arrivals = NIOLockedValueBox<[String]>([])
        let fault = NIOLockedValueBox<(@Sendable (String, String, String) -> ProxyFault?)?>(nil)
    }

    private init(port: Int, state: State, runner: ServiceRunner, client: HTTPClient) {
        self.port = port
        self.state = state
        self.runner = runner
        self.client = client
    }

    /// Starts a proxy to `upstream` (`host:port`). `rewrite` maps the incoming path to the upstream
    /// path; `upstreamAuthorization` replaces the `Authorization` header sent upstream.
    static func start(upstream: String, rewrite: (@Sendable (String) -> String)? = nil,
                      upstreamAuthorization: String? = nil) async throws -> RecordingProxy {
        let state = State()
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(60))))
        let responder = Responder(upstream: upstream, rewrite: rewrite ?? { $0 }, upstreamAuthorization: upstreamAuthorization,
                                  state: state, client: client)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
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
            try? await client.shutdown()
            throw TestFailure("the proxy did not start")
        }
        return RecordingProxy(port: port, state: state, runner: runner, client: client)
    }

    /// Chooses a fault for each request from (method, path, query); nil forwards it.
    func setFault(_ choose: (@Sendable (_ method: String, _ path: String, _ query: String) -> ProxyFault?)?) {
        state.fault.withLockedValue { $0 = choose }
    }

    /// Every request so far, in order.
    var requests: [ProxiedRequest] { state.records.withLockedValue { $0 } }

    /// `METHOD path?query` of every request as it arrived (before any fault or forwarding).
    var arrivals: [String] { state.arrivals.withLockedValue { $0 } }

    /// Forgets the requests recorded so far.
    func clearRequests() {
        state.records.withLockedValue { $0 = [] }
        state.arrivals.withLockedValue { $0 = [] }
    }

    func stop() async {
        await runner.stop()
        try? await client.shutdown()
    }

    struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let upstream: String
        let rewrite: @Sendable (String) -> String
        let upstreamAuthorization: String?
        let state: State
        let client: HTTPClient

        func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
            let method = request.method.rawValue
            let path = request.uri.path
            let query = request.uri.query ?? ""
            let hadAuthorization = request.headers[.authorization] != nil
            func record(_ status: Int, _ bytes: Int) {
                state.records.withLockedValue {
                    $0.append(ProxiedRequest(method: method, path: path, query: query, bodyBytes: bytes, status: status,
                                             hadAuthorization: hadAuthorization))
                }
            }
            state.arrivals.withLockedValue { $0.append("\(method) \(path)?\(query)") }
            let fault = state.fault.withLockedValue { $0 }?(method, path, query)
            switch fault {
            case .respond(let status, let headers, let body)?:
                let bytes = try await drain(request.body, limit: .max)
                record(status, bytes)
                var fields = HTTPFields()
                for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
                return Response(status: .init(code: status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
            case .dropConnection(let limit)?:
                let bytes = try await drain(request.body, limit: limit)
                record(0, bytes)
                var fields = HTTPFields()
                fields[.contentLength] = "100"
                return Response(status: .ok, headers: fields, body: ResponseBody(contentLength: 100) { _ in throw CancellationError() })
            case .redirect(let location, let status)?:
                let bytes = try await drain(request.body, limit: .max)
                record(status, bytes)
                var fields = HTTPFields()
                fields[.location] = location
                fields[.contentLength] = "0"
                return Response(status: .init(code: status), headers: fields)
            case .hold(let release, let timeout)?:
                let deadline = ContinuousClock.now + timeout
                while !release() && ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                record(0, 0)
                return Response(status: .ok, headers: [.contentLength: "100"], body: ResponseBody(contentLength: 100) { _ in throw CancellationError() })
            case nil:
                break
            }

            let target = "http://\(upstream)\(rewrite(path))\(query.isEmpty ? "" : "?" + query)"
            var outgoing = HTTPClientRequest(url: target)
            outgoing.method = HTTPMethod(rawValue: method)
            for field in request.headers where field.name != .authorization || upstreamAuthorization == nil {
                outgoing.headers.add(name: field.name.rawName, value: field.value)
            }
            if let upstreamAuthorization { outgoing.headers.add(name: "Authorization", value: upstreamAuthorization) }
            // HTTP/1's Host is the request's authority here; the registry builds its Location URLs from it.
            if let authority = request.head.authority { outgoing.headers.replaceOrAdd(name: "Host", value: authority) }
            let counter = NIOLockedValueBox(0)
            let length = request.headers[.contentLength].flatMap(Int64.init)
            if length.map({ $0 > 0 }) ?? (request.headers[.transferEncoding] != nil) {
                outgoing.body = .stream(CountingBody(base: request.body, counter: counter), length: length.map { .known($0) } ?? .unknown)
            }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(outgoing, deadline: .now() + .seconds(120))
            } catch {
                record(502, counter.withLockedValue { $0 })
                return Response(status: .badGateway, body: ResponseBody(byteBuffer: ByteBuffer(string: "proxy: \(error)")))
            }
            record(Int(response.status.code), counter.withLockedValue { $0 })
            var fields = HTTPFields()
            for header in response.headers where !hopByHop.contains(header.name.lowercased()) {
                fields.append(HTTPField(name: HTTPField.Name(header.name)!, value: header.value))
            }
            if method == "HEAD" {
                return Response(status: .init(code: Int(response.status.code)), headers: fields, body: ResponseBody())
            }
            let contentLength = response.headers.first(name: "Content-Length").flatMap(Int.init)
            return Response(status: .init(code: Int(response.status.code)), headers: fields,
                            body: ResponseBody(contentLength: contentLength) { writer in
                                for try await chunk in response.body { try await writer.write(chunk) }
                                try await writer.finish(nil)
                            })
        }

        private func drain(_ body: RequestBody, limit: Int) async throws -> Int {
            var total = 0
            for try await chunk in body {
                total += chunk.readableBytes
                if total >= limit { break }
            }
            return total
        }
    }
}

private let hopByHop: Set<String> = ["connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"]

/// A request body that counts the bytes passing through.
struct CountingBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let counter: NIOLockedValueBox<Int>

    func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator(), counter: counter) }

    struct Iterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let counter: NIOLockedValueBox<Int>
        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            counter.withLockedValue { $0 += chunk.readableBytes }
            return chunk
        }
    }
}

/// A logger for test servers (their shutdown chatter is not interesting).
let proxyLogger: Logger = {
    var logger = Logger(label: "registry-client-test")
    logger.logLevel = .critical
    return logger
}()

/// A test's own failure.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
