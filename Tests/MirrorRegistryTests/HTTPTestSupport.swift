import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import IntegrationSupport
import MirrorRegistry
import Testing

/// A response as the tests see it.
struct HTTPResult {
    var status: Int
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A real HTTP client (URLSession) for tests.
enum TestClient {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    static func send(_ method: String = "GET", _ url: String, headers: [String: String] = [:]) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }
}

/// A running daemon on 127.0.0.1 with ephemeral ports; stopped by `stop()`.
struct RunningDaemon {
    var mirror: MirrorService
    var ports: ListeningPorts
    var runner: ServiceRunner

    var base: String { "http://127.0.0.1:\(ports.registry)" }
    var metricsBase: String { "http://127.0.0.1:\(ports.metrics!)" }

    /// Starts `mirror` (and an advertiser) and waits until both ports listen.
    static func start(_ mirror: MirrorService, advertise: Bool = true) async throws -> RunningDaemon {
        let (stream, continuation) = AsyncStream<ListeningPorts>.makeStream()
        let advertiser = advertise ? Advertiser(store: mirror.store, router: mirror.router, metrics: mirror.metrics) : nil
        let server = RegistryServer(mirror: mirror, advertiser: advertiser, registryAddress: "127.0.0.1:0", metricsAddress: "127.0.0.1:0",
                                    logger: quietLogger) { ports in
            continuation.yield(ports)
        }
        let runner = ServiceRunner([server], logger: quietLogger)
        let ports = await collect(stream, count: 1, timeout: .seconds(30)).first
        guard let ports else {
            await runner.stop()
            throw TestFailure(message: "daemon did not start listening within 30 s")
        }
        return RunningDaemon(mirror: mirror, ports: ports, runner: runner)
    }

    func stop() async {
        await runner.stop()
    }

    /// Sends a request to the registry port.
    func send(_ method: String = "GET", _ path: String, headers: [String: String] = [:]) async throws -> HTTPResult {
        try await TestClient.send(method, base + path, headers: headers)
    }

    /// The value of a metric line (exact name with labels), or nil.
    func metric(_ line: String) async throws -> Double? {
        let text = try await TestClient.send("GET", metricsBase + "/metrics").text
        for row in text.split(separator: "\n") where row.hasPrefix(line + " ") {
            return Double(row.dropFirst(line.count + 1))
        }
        return nil
    }
}

/// A logger for servers in tests: shutdown chatter (cancelled child channels) is not interesting.
let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

struct TestFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension TestImage {
    /// Writes the image as an OCI layout at `root` and starts a daemon serving that layout.
    func serveFromLayout(at root: URL, nodeName: String) async throws -> RunningDaemon {
        var writer = try OCILayoutWriter(root: root)
        try add(to: &writer)
        try writer.finish()
        let mirror = MirrorService(store: try OCILayoutContentStore(root: root),
                                   router: InMemoryPeerRouter(network: InMemoryPeerNetwork(), address: PeerAddress(host: "127.0.0.1", port: 1)),
                                   options: MirrorOptions(nodeName: nodeName))
        return try await RunningDaemon.start(mirror)
    }
}
