/// Finds which peers hold content, and tells the cluster what this node holds.
///
/// The peer-to-peer implementation (a one-hop DHT over the node list, §7 of docs/ARCHITECTURE.md)
/// lives in its own module; `InMemoryPeerRouter` is the reference implementation for tests.
///
/// Contract (checked by `Tests/MirrorRegistryTests/PeerRouterConformance.swift`):
/// - `ready()` is true once the router can answer lookups (e.g. it has found at least one member);
///   the registry reports it on `/readyz`.
/// - `lookup(key, timeout)` yields the addresses (`host:port` of peers' registry ports) of peers that
///   advertised `key`, each at most once, as they arrive, never this node's own address, and
///   finishes by `timeout` at the latest (earlier when every holder has answered). Cancelling the
///   consumer ends the lookup.
/// - `advertise(keys)` makes this node findable for `keys` until `withdraw(keys)` (the router
///   refreshes its own records as needed); both are idempotent.
public protocol PeerRouter: Sendable {
    /// Whether lookups can be answered.
    func ready() async -> Bool
    /// Peers holding `key`, streamed as they are found; finishes within `timeout`.
    func lookup(_ key: ContentKey, timeout: Duration) -> AsyncStream<PeerAddress>
    /// Announces that this node serves `keys`.
    func advertise(_ keys: [ContentKey]) async throws
    /// Retracts announcements for `keys`.
    func withdraw(_ keys: [ContentKey]) async throws
    /// The members this node currently knows (for the debug page). Defaults to none.
    func knownPeers() async -> [PeerAddress]
    /// What the router has done so far (for `/metrics` and the debug page); nil when it keeps no count.
    func statistics() async -> RouterStatistics?
}

extension PeerRouter {
    public func knownPeers() async -> [PeerAddress] { [] }
    public func statistics() async -> RouterStatistics? { nil }
}

/// Running totals of a router's work since it started.
public struct RouterStatistics: Sendable, Equatable {
    /// Lookups this node made.
    public var lookups = 0
    /// Requests those lookups sent to holders (at most R each).
    public var lookupRequests = 0
    /// Advertise and withdraw messages delivered.
    public var messagesSent = 0
    /// Messages (advertise, withdraw, lookup) that failed.
    public var messagesFailed = 0
    /// Times the member list changed.
    public var membershipChanges = 0

    public init(lookups: Int = 0, lookupRequests: Int = 0, messagesSent: Int = 0, messagesFailed: Int = 0, membershipChanges: Int = 0) {
        self.lookups = lookups
        self.lookupRequests = lookupRequests
        self.messagesSent = messagesSent
        self.messagesFailed = messagesFailed
        self.membershipChanges = membershipChanges
    }
}

/// A peer's registry endpoint, `host:port` (IPv6 hosts are bracketed in `description`).
public struct PeerAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`.
    public init?(_ text: String) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port), !host.isEmpty else { return nil }
            self.init(host: host, port: port)
        } else {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                  (1...65535).contains(port) else { return nil }
            let host = String(text[..<colon])
            guard !host.isEmpty, !host.contains(":") else { return nil }
            self.init(host: host, port: port)
        }
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public static func < (lhs: PeerAddress, rhs: PeerAddress) -> Bool { lhs.description < rhs.description }
}

/// Fetches content from a peer's registry port (the proxying half of mirroring).
///
/// The peer-to-peer module provides the HTTP implementation; it must send `X-Spegel-Mirrored: true`
/// so the peer never forwards again. `StorePeerFetcher` reads another in-memory store directly (tests).
public protocol PeerFetcher: Sendable {
    /// Asks `peer` for `request`'s content. Returns nil when the peer answers "not found";
    /// throws when the peer fails (the mirror then tries the next peer).
    func fetch(_ request: MirrorRequest, from peer: PeerAddress) async throws -> PeerContent?
}

/// Content a peer returned: its descriptor (digest, size, media type) and bytes.
/// The mirror re-hashes the bytes while streaming and aborts on mismatch.
public struct PeerContent: Sendable {
    public var descriptor: Descriptor
    public var body: ContentBody

    public init(descriptor: Descriptor, body: ContentBody) {
        self.descriptor = descriptor
        self.body = body
    }
}
