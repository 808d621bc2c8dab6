import NIOConcurrencyHelpers

/// A shared directory of who advertised what, standing in for the cluster in tests.
public final class InMemoryPeerNetwork: Sendable {
    private let providers = NIOLockedValueBox<[ContentKey: Set<PeerAddress>]>([:])

    public init() {}

    func add(_ keys: [ContentKey], provider: PeerAddress) {
        providers.withLockedValue { table in keys.forEach { table[$0, default: []].insert(provider) } }
    }

    func remove(_ keys: [ContentKey], provider: PeerAddress) {
        providers.withLockedValue { table in
            for key in keys {
                table[key]?.remove(provider)
                if table[key]?.isEmpty == true { table.removeValue(forKey: key) }
            }
        }
    }

    func providers(of key: ContentKey) -> [PeerAddress] {
        providers.withLockedValue { ($0[key] ?? []).sorted() }
    }

    var members: [PeerAddress] {
        providers.withLockedValue { Array($0.values.reduce(into: Set<PeerAddress>()) { $0.formUnion($1) }).sorted() }
    }
}

/// A `PeerRouter` over an `InMemoryPeerNetwork`: one instance per simulated node.
public final class InMemoryPeerRouter: PeerRouter {
    /// This node's registry address (never returned by its own lookups).
    public let address: PeerAddress
    private let network: InMemoryPeerNetwork
    private let isReady: NIOLockedValueBox<Bool>

    public init(network: InMemoryPeerNetwork, address: PeerAddress, ready: Bool = true) {
        self.network = network
        self.address = address
        self.isReady = NIOLockedValueBox(ready)
    }

    /// Flips readiness (tests of `/readyz`).
    public func setReady(_ ready: Bool) { isReady.withLockedValue { $0 = ready } }

    public func ready() async -> Bool { isReady.withLockedValue { $0 } }

    public func lookup(_ key: ContentKey, timeout: Duration) -> AsyncStream<PeerAddress> {
        let peers = network.providers(of: key).filter { $0 != address }
        return AsyncStream { continuation in
            peers.forEach { continuation.yield($0) }
            continuation.finish()
        }
    }

    public func advertise(_ keys: [ContentKey]) async throws { network.add(keys, provider: address) }

    public func withdraw(_ keys: [ContentKey]) async throws { network.remove(keys, provider: address) }

    public func knownPeers() async -> [PeerAddress] { network.members.filter { $0 != address } }
}

/// A `PeerFetcher` that reads other nodes' stores directly (tests of the mirroring path).
public struct StorePeerFetcher: PeerFetcher {
    public let stores: [PeerAddress: any ContentStore]

    public init(stores: [PeerAddress: any ContentStore]) { self.stores = stores }

    public func fetch(_ request: MirrorRequest, from peer: PeerAddress) async throws -> PeerContent? {
        guard let store = stores[peer] else { throw PeerFetchError.unreachable(peer) }
        let digest: Digest?
        switch request.reference {
        case .digest(let d): digest = d
        case .tag(let tag): digest = try await store.resolve(TagReference(registry: request.registry ?? "", repository: request.name, tag: tag))
        }
        guard let digest, let descriptor = try await store.descriptor(of: digest), let body = try await store.open(digest) else { return nil }
        return PeerContent(descriptor: descriptor, body: body)
    }
}

/// Errors fetching from peers.
public enum PeerFetchError: Error, Equatable, CustomStringConvertible {
    case unreachable(PeerAddress)
    public var description: String {
        switch self { case .unreachable(let peer): return "peer \(peer) is unreachable" }
    }
}
