import IntegrationSupport
import Foundation
import MirrorRegistry
import NIOCore
import NIOHTTP1
import NIOPosix
@testable import PeerRouting
import Testing

/// A logger for servers in tests (shutdown chatter is not interesting); `SPEGEL_TEST_LOG=debug` shows
/// everything the mirrors and routers say, with time stamps, when a test needs explaining.
let testLogger: Logger = {
    var logger = Logger(label: "peer-routing-test")
    logger.logLevel = ProcessInfo.processInfo.environment["SPEGEL_TEST_LOG"] == "debug" ? .debug : .critical
    return logger
}()

/// A free TCP port on 127.0.0.1 (bound and released; loopback only).
func freePort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}

/// Starts `count` routers on 127.0.0.1 (router port 0) that all know each other.
func startRouters(_ count: Int, registryPorts: [Int]? = nil, configure: (inout P2PRouter.Configuration) -> Void = { _ in }) async throws -> [P2PRouter] {
    var routers: [P2PRouter] = []
    for index in 0..<count {
        let port: Int
        if let registryPorts { port = registryPorts[index] } else { port = try await freePort() }
        var configuration = P2PRouter.Configuration(listenAddress: "127.0.0.1:0", registryPort: port, membership: StaticMembership([]))
        configuration.logger = testLogger
        configure(&configuration)
        routers.append(try await P2PRouter.start(configuration))
    }
    await connect(routers)
    return routers
}

/// Gives every router the full member list and lets it re-advertise.
func connect(_ routers: [P2PRouter]) async {
    let members = routers.map(\.identity)
    for router in routers {
        (router.configuration.membership as? StaticMembership)?.set(members)
        await router.refreshMembership()
    }
}

/// A `spegel registry` equivalent on 127.0.0.1: mirror + p2p router + HTTP fetcher.
struct ClusterNode {
    var mirror: MirrorService
    var router: P2PRouter
    var registryPort: Int
    var runner: ServiceRunner

    var address: PeerAddress { router.provider }

    /// Timeouts are generous (a loaded 2-core test machine must not turn a slow answer into a 404); tests
    /// about timeouts pass their own.
    static func start(store: any ContentStore, name: String, headTimeout: Duration = .seconds(1)) async throws -> ClusterNode {
        let port = try await freePort()
        var configuration = P2PRouter.Configuration(listenAddress: "127.0.0.1:0", registryPort: port, membership: StaticMembership([]))
        configuration.logger = testLogger
        let router = try await P2PRouter.start(configuration)
        let fetcher = HTTPPeerFetcher(headTimeout: headTimeout, router: router)
        let mirror = MirrorService(store: store, router: router, fetcher: fetcher,
                                   options: MirrorOptions(resolveRetries: 1, resolveTimeout: .seconds(2), nodeName: name), logger: testLogger)
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let server = RegistryServer(mirror: mirror, advertiser: Advertiser(store: store, router: router, metrics: mirror.metrics, logger: testLogger),
                                    registryAddress: "127.0.0.1:\(port)", metricsAddress: nil, logger: testLogger) { ports in
            continuation.yield(ports.registry)
            continuation.finish()
        }
        let runner = ServiceRunner([server], logger: testLogger)
        Task {
            await runner.wait()
            continuation.finish()
        }
        var listening = false
        for await _ in stream { listening = true }
        guard listening else { throw RecordRejection(message: "registry \(name) did not start") }
        return ClusterNode(mirror: mirror, router: router, registryPort: port, runner: runner)
    }

    func stop() async {
        await runner.stop()
        await router.stop()
    }

    /// GET (or HEAD) on the registry port; returns status, headers and body (throws when the body is cut
    /// or stalls for 30 s).
    func get(_ path: String, method: HTTPMethod = .GET, headers: [(String, String)] = []) async throws -> (status: Int, digest: String?, body: Data) {
        let exchange = try await HTTPExchange.send(method: method, host: "127.0.0.1", port: registryPort, path: path, headers: headers, headTimeout: .seconds(10),
                                                   stallTimeout: .seconds(30))
        let body = method == .HEAD ? ByteBuffer() : try await exchange.collect(upTo: 64 << 20)
        exchange.close()
        return (exchange.status, exchange.header("Docker-Content-Digest"), Data(body.readableBytesView))
    }

    /// The value of an exact metric line (name with labels), or 0.
    func metric(_ line: String) -> Double {
        for row in mirror.metrics.exposition().split(separator: "\n") where row.hasPrefix(line + " ") {
            return Double(row.dropFirst(line.count + 1)) ?? 0
        }
        return 0
    }
}

/// Retries `condition` for up to `attempts` × 100 ms.
func eventually(attempts: Int = 50, _ condition: () async -> Bool) async throws -> Bool {
    for _ in 0..<attempts {
        if await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return await condition()
}
