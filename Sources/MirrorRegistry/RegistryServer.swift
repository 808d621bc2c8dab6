import Hummingbird
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The listening ports once the daemon is up (useful with port 0 in tests).
public struct ListeningPorts: Sendable, Hashable {
    public var registry: Int
    public var metrics: Int?
}

/// Runs the registry port, the metrics port and the advertiser together.
public struct RegistryServer: Service {
    public let mirror: MirrorService
    public let advertiser: Advertiser?
    /// `host:port` for the registry (`--registry-addr`); `:5000` binds every IPv4 address.
    public let registryAddress: String
    /// `host:port` for `/metrics` and `/debug/web/` (`--metrics-addr`), nil for none.
    public let metricsAddress: String?
    public let logger: Logger
    let onListening: @Sendable (ListeningPorts) async -> Void

    public init(mirror: MirrorService, advertiser: Advertiser?, registryAddress: String, metricsAddress: String?,
                logger: Logger = Logger(label: "spegel"), onListening: @escaping @Sendable (ListeningPorts) async -> Void = { _ in }) {
        self.mirror = mirror
        self.advertiser = advertiser
        self.registryAddress = registryAddress
        self.metricsAddress = metricsAddress
        self.logger = logger
        self.onListening = onListening
    }

    /// Parses `host:port`, `:port` or `[v6]:port` into a bind address.
    public static func bindAddress(_ text: String) throws -> BindAddress {
        if text.hasPrefix(":"), let port = Int(text.dropFirst()), (0...65535).contains(port) {
            return .hostname("0.0.0.0", port: port)
        }
        if let address = PeerAddress(text) {
            return .hostname(address.host, port: address.port)
        }
        if let colon = text.lastIndex(of: ":"), text[text.index(after: colon)...] == "0" {
            return .hostname(String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: 0)
        }
        throw AddressError(text: text)
    }

    /// Serves until cancelled or gracefully shut down.
    public func run() async throws {
        let registryBind = try Self.bindAddress(registryAddress)
        let metricsBind = try metricsAddress.map(Self.bindAddress)
        let ports = NIOLockedValueBox<(registry: Int?, metrics: Int?)>((nil, nil))
        let expectMetrics = metricsBind != nil
        let report: @Sendable () async -> Void = {
            let snapshot = ports.withLockedValue { $0 }
            guard let registry = snapshot.registry, !expectMetrics || snapshot.metrics != nil else { return }
            await onListening(ListeningPorts(registry: registry, metrics: snapshot.metrics))
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: Application(responder: RegistryResponder(mirror: mirror), server: .fileServingHTTP1(mirror: mirror),
                                       configuration: .init(address: registryBind, serverName: "spegel"),
                        onServerRunning: { channel in
                            ports.withLockedValue { $0.registry = channel.localAddress?.port }
                            await report()
                        }, logger: logger)),
        ]
        if let metricsBind {
            services.append(.init(service: Application(responder: MetricsResponder(mirror: mirror, advertiser: advertiser), configuration: .init(address: metricsBind, serverName: "spegel"),
                                        onServerRunning: { channel in
                                            ports.withLockedValue { $0.metrics = channel.localAddress?.port }
                                            await report()
                                        }, logger: logger)))
        }
        if let advertiser {
            services.append(.init(service: AdvertiserService(advertiser: advertiser, logger: logger), successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore))
        }
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        try await group.run()
    }

    /// Runs until SIGTERM or SIGINT.
    public func runUntilSignalled() async throws {
        let group = ServiceGroup(configuration: .init(services: [.init(service: self)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

struct AdvertiserService: Service {
    let advertiser: Advertiser
    let logger: Logger
    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await advertiser.run()
            }
        } catch is CancellationError {
        } catch {
            logger.error("advertising content failed: \(error)")
        }
    }
}

/// An unparsable `--*-addr` value.
public struct AddressError: Error, CustomStringConvertible {
    public var text: String
    public var description: String { "address \"\(text)\": expected host:port, :port or [v6]:port" }
}
