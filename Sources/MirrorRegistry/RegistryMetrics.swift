import NIOConcurrencyHelpers
import Prometheus

/// The daemon's Prometheus metrics (names as upstream Spegel), emitted on `/metrics`.
///
/// Each instance owns its own `PrometheusCollectorRegistry`, so tests can run several daemons in one
/// process; the executable also bootstraps swift-metrics with the same registry, so library metrics
/// land on the same page.
public final class RegistryMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry

    /// Buckets of `spegel_resolve_duration_seconds` (peer lookups take milliseconds).
    static let resolveBuckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
                                             .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]
    /// Buckets of `http_request_duration_seconds`.
    static let requestBuckets: [Duration] = [.microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                             .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                             .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60)]

    private let peerRequestsServed: Counter
    private let advertisedImages: Gauge
    private let advertisedDigests: Gauge
    private let inflight: Gauge
    private let routerPeers: Gauge
    private let reportedRouter = NIOLockedValueBox(RouterStatistics())
    /// Series made on the request path, kept so a request costs one dictionary lookup, not the
    /// registry's name and label matching.
    private let requestSeries = NIOLockedValueBox(RequestSeries())

    private struct RequestSeries {
        struct DurationKey: Hashable {
            var handler: String
            var method: String
            var code: Int
        }
        struct MirrorKey: Hashable {
            var registry: String
            var hit: Bool
        }
        var durations: [DurationKey: DurationHistogram] = [:]
        var mirrorRequests: [MirrorKey: Counter] = [:]
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        peerRequestsServed = registry.makeCounter(name: "spegel_peer_requests_served_total", help: "Requests from peers (X-Spegel-Mirrored: true) served from this node.")
        advertisedImages = registry.makeGauge(name: "spegel_advertised_images", help: "Image tags this node advertises.")
        advertisedDigests = registry.makeGauge(name: "spegel_advertised_digests", help: "Digests this node advertises.")
        inflight = registry.makeGauge(name: "http_requests_inflight", help: "HTTP requests being served.")
        routerPeers = registry.makeGauge(name: "spegel_router_peers", help: "Members the peer router knows, this node excluded.")
        for result in ["hit", "not_found", "failure"] {
            _ = registry.makeCounter(name: "spegel_peer_fetches_total", labels: [("result", result)],
                                     help: "Requests this node sent to peers for its misses, by answer.")
        }
        // Pre-create the histograms so they appear before the first request.
        _ = registry.makeDurationHistogram(name: "spegel_resolve_duration_seconds", labels: [("router", "p2p")], buckets: Self.resolveBuckets,
                                           help: "Time to find a peer (or give up) for a local miss.")
    }

    /// Counts a request that did not come from a peer: `hit` when served, `miss` when answered 404.
    public func recordMirrorRequest(registry name: String, hit: Bool) {
        let key = RequestSeries.MirrorKey(registry: name, hit: hit)
        let counter = requestSeries.withLockedValue { series in
            if let counter = series.mirrorRequests[key] { return counter }
            let counter = registry.makeCounter(name: "spegel_mirror_requests_total", labels: [("registry", name), ("cache_type", hit ? "hit" : "miss")],
                                               help: "Requests from containerd (not from peers), by upstream registry and outcome.")
            series.mirrorRequests[key] = counter
            return counter
        }
        counter.increment()
    }

    /// Counts a peer's request this node served.
    public func recordPeerRequestServed() { peerRequestsServed.increment() }

    /// Sets the advertised counts.
    public func setAdvertised(images: Int, digests: Int) {
        advertisedImages.set(Double(images) as Double)
        advertisedDigests.set(Double(digests))
    }

    /// Records how long a peer lookup took.
    public func recordResolve(_ duration: Duration) {
        registry.makeDurationHistogram(name: "spegel_resolve_duration_seconds", labels: [("router", "p2p")], buckets: Self.resolveBuckets,
                                       help: "Time to find a peer (or give up) for a local miss.").record(duration)
    }

    /// Records a finished HTTP request.
    public func recordRequest(handler: String, method: String, code: Int, duration: Duration) {
        let key = RequestSeries.DurationKey(handler: handler, method: method, code: code)
        let histogram = requestSeries.withLockedValue { series in
            if let histogram = series.durations[key] { return histogram }
            let histogram = registry.makeDurationHistogram(name: "http_request_duration_seconds",
                                                           labels: [("handler", handler), ("method", method), ("code", String(code))],
                                                           buckets: Self.requestBuckets, help: "HTTP request latency, until the last byte is written.")
            series.durations[key] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    /// Adjusts the in-flight gauge.
    public func requestStarted() { inflight.increment() }
    /// Adjusts the in-flight gauge.
    public func requestFinished() { inflight.decrement() }

    /// Sets `spegel_containerd_config_ok` (exported from the first check on: a daemon that does not check
    /// containerd, such as one serving an OCI layout, has no such gauge rather than a misleading 0).
    public func setContainerdConfigOK(_ ok: Bool) {
        registry.makeGauge(name: "spegel_containerd_config_ok", help: "1 when containerd's registry config_path is set up for the mirror, else 0.")
            .set(ok ? 1.0 : 0.0)
    }

    /// Counts one request sent to a peer: `hit`, `not_found` or `failure` (error or wrong digest).
    public func recordPeerFetch(_ result: String) {
        registry.makeCounter(name: "spegel_peer_fetches_total", labels: [("result", result)],
                             help: "Requests this node sent to peers for its misses, by answer.").increment()
    }

    /// Brings the router's gauges and counters up to `statistics` (called before each scrape).
    public func updateRouter(peers: Int, statistics: RouterStatistics?) {
        routerPeers.set(Double(peers))
        guard let statistics else { return }
        let previous = reportedRouter.withLockedValue { reported -> RouterStatistics in
            defer { reported = statistics }
            return reported
        }
        let counters: [(String, String, Int, Int)] = [
            ("spegel_router_lookups_total", "Lookups this node made for its misses.", statistics.lookups, previous.lookups),
            ("spegel_router_lookup_requests_total", "Requests those lookups sent to key holders.", statistics.lookupRequests, previous.lookupRequests),
            ("spegel_router_messages_sent_total", "Advertise and withdraw messages delivered to key holders.", statistics.messagesSent, previous.messagesSent),
            ("spegel_router_messages_failed_total", "Router messages that failed.", statistics.messagesFailed, previous.messagesFailed),
            ("spegel_router_membership_changes_total", "Times the member list changed.", statistics.membershipChanges, previous.membershipChanges),
        ]
        for (name, help, now, before) in counters {
            let counter = registry.makeCounter(name: name, help: help)
            if now > before { counter.increment(by: Int64(now - before)) }
        }
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
