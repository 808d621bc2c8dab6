import Foundation
import Hummingbird
import Logging
import MirrorRegistry
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// The peer-to-peer `PeerRouter`: a one-hop DHT over HTTP/JSON on the router port.
///
/// Start it with `P2PRouter.start(_:)`; it serves the router port, keeps membership fresh (every
/// `membershipInterval` and after a peer fails), re-advertises its keys every TTL/2 and when their
/// holders change, and drops expired records. `stop()` ends it.
public final class P2PRouter: PeerRouter {
    /// How the router runs.
    public struct Configuration: Sendable {
        /// Listen address of the router port (`host:port`, `:port`, port 0 for any).
        public var listenAddress: String
        /// This node's IP as peers see it (`NODE_IP`); nil: the listen host if concrete, else the first interface address.
        public var nodeIP: String?
        /// This node's registry port (advertised as `nodeIP:registryPort`).
        public var registryPort: Int
        /// Where members come from.
        public var membership: any MembershipSource
        /// Holders per key (R).
        public var replication: Int = 3
        /// Lifetime of provider records; keys are re-advertised every `recordTTL / 2`.
        public var recordTTL: Duration = .seconds(600)
        /// How often membership is refreshed (also right after a peer fails, at most every `membershipInterval / 10`).
        public var membershipInterval: Duration = .seconds(30)
        /// First wait before an advertisement a holder did not take is sent again; doubles on each
        /// further failure, up to `recordTTL / 2`.
        public var retryInterval: Duration = .seconds(1)
        /// Time allowed for one advertise or withdraw message.
        public var messageTimeout: Duration = .seconds(2)
        /// Messages sent at once.
        public var concurrency: Int = 16
        public var logger: Logger = Logger(label: "spegel.router")

        public init(listenAddress: String, nodeIP: String? = nil, registryPort: Int, membership: any MembershipSource) {
            self.listenAddress = listenAddress
            self.nodeIP = nodeIP
            self.registryPort = registryPort
            self.membership = membership
        }
    }

    /// This node's router address.
    public let identity: PeerAddress
    /// This node's registry address (what it advertises).
    public let provider: PeerAddress
    let configuration: Configuration
    let node: NIOLockedValueBox<RoutingNode>
    private let isReady = NIOLockedValueBox(false)
    private let origin = ContinuousClock.now
    private let wakeMembership: AsyncStream<Void>.Continuation
    private let wakeups: AsyncStream<Void>
    private let background = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// The router port's service group and the task running it (graceful shutdown in `stop()`).
    private let server = NIOLockedValueBox<(group: ServiceGroup, task: Task<Void, Never>)?>(nil)
    private let counters = NIOLockedValueBox(RouterCounters())
    /// Advertisements holders did not take (down, restarting), sent again when due.
    private let retries = NIOLockedValueBox<[PeerAddress: PendingAdvertisement]>([:])
    var logger: Logger { configuration.logger }
    /// The IP router messages are sent from: the listen address's IP when it names one, so holders,
    /// which accept records only for the sender's address, see this node's IP; else the system's choice.
    var sourceAddress: String? { Self.concreteHost(of: configuration.listenAddress) }

    private init(configuration: Configuration, identity: PeerAddress, provider: PeerAddress) {
        self.configuration = configuration
        self.identity = identity
        self.provider = provider
        node = NIOLockedValueBox(RoutingNode(identity: identity, provider: provider, replication: configuration.replication,
                                             ttl: configuration.recordTTL / .seconds(1)))
        (wakeups, wakeMembership) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Binds the router port, loads membership once, and keeps running in the background until `stop()`.
    /// - Throws: `AddressError` for a bad listen address; errors binding the port.
    public static func start(_ configuration: Configuration) async throws -> P2PRouter {
        let bind = try RegistryServer.bindAddress(configuration.listenAddress)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let box = NIOLockedValueBox<P2PRouter?>(nil)
        let responder = RouterResponder(router: box)
        let app = Application(responder: responder, configuration: .init(address: bind, serverName: "spegel-router"),
                              onServerRunning: { channel in
                                  portContinuation.yield(channel.localAddress?.port ?? 0)
                                  portContinuation.finish()
                              }, logger: configuration.logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: configuration.logger))
        let server = Task {
            do {
                try await group.run()
            } catch {
                configuration.logger.error("router port \(configuration.listenAddress) failed: \(error)")
            }
            portContinuation.finish()
        }
        var port = 0
        for await value in ports { port = value }
        guard port > 0 else {
            await group.triggerGracefulShutdown()
            await server.value
            throw RouterStartError(message: "router port \(configuration.listenAddress) did not start listening")
        }
        guard let ip = configuration.nodeIP ?? Self.concreteHost(of: configuration.listenAddress) ?? IPAddressText.firstLocalAddress() else {
            await group.triggerGracefulShutdown()
            await server.value
            throw RouterStartError(message: "cannot tell this node's IP: set NODE_IP or listen on a concrete address")
        }
        let router = P2PRouter(configuration: configuration, identity: PeerAddress(host: ip, port: port),
                               provider: PeerAddress(host: ip, port: configuration.registryPort))
        box.withLockedValue { $0 = router }
        router.server.withLockedValue { $0 = (group, server) }
        await router.refreshMembership()
        router.background.withLockedValue { task in
            task = Task {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await router.membershipLoop() }
                    group.addTask { await router.refreshLoop() }
                    group.addTask { await router.retryLoop() }
                    await group.waitForAll()
                }
            }
        }
        return router
    }

    /// The IP in a listen address, nil for `:port`, `0.0.0.0` and `::` (every address).
    static func concreteHost(of listenAddress: String) -> String? {
        guard !listenAddress.hasPrefix(":"), let colon = listenAddress.lastIndex(of: ":") else { return nil }
        let host = String(listenAddress[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard let normalized = IPAddressText.normalized(host), normalized != "0.0.0.0", normalized != "::" else { return nil }
        return normalized
    }

    /// Stops refreshing, then stops serving: graceful shutdown of the router port (requests in flight are
    /// answered), cancelled if it has not finished within `grace`.
    public func stop(grace: Duration = .seconds(5)) async {
        let task = background.withLockedValue { task in defer { task = nil }; return task }
        task?.cancel()
        await task?.value
        guard let (group, serving) = server.withLockedValue({ server in defer { server = nil }; return server }) else { return }
        await group.triggerGracefulShutdown()
        let timer = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { serving.cancel() }
        }
        await serving.value
        timer.cancel()
    }

    var now: Double { (ContinuousClock.now - origin) / .seconds(1) }

    // MARK: PeerRouter

    public func ready() async -> Bool { isReady.withLockedValue { $0 } }

    public func knownPeers() async -> [PeerAddress] {
        node.withLockedValue { $0.members.map(\.address) }.filter { $0 != identity }.sorted()
    }

    public func lookup(_ key: ContentKey, timeout: Duration) -> AsyncStream<PeerAddress> {
        let text = key.description
        let holders = node.withLockedValue { $0.holders(of: text) }
        let (stream, continuation) = AsyncStream<PeerAddress>.makeStream()
        counters.withLockedValue { $0.lookups += 1; $0.lookupRequests += holders.filter { $0 != identity }.count }
        let task = Task {
            await withTaskGroup(of: [PeerAddress]?.self) { group in
                for holder in holders {
                    group.addTask { await self.providers(of: text, at: holder, timeout: timeout) }
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return nil
                }
                var seen: Set<PeerAddress> = [self.provider]
                var answered = 0
                for await answer in group {
                    guard let answer else { break }
                    for peer in answer where seen.insert(peer).inserted { continuation.yield(peer) }
                    answered += 1
                    if answered == holders.count { break }
                }
                continuation.finish()
                group.cancelAll()
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    public func advertise(_ keys: [ContentKey]) async throws {
        guard !keys.isEmpty else { return }
        let outbox = node.withLockedValue { $0.advertise(keys.map(\.description)) }
        await deliver(outbox, withdrawing: false)
    }

    public func withdraw(_ keys: [ContentKey]) async throws {
        guard !keys.isEmpty else { return }
        let outbox = node.withLockedValue { $0.withdraw(keys.map(\.description)) }
        await deliver(outbox, withdrawing: true)
    }

    /// Message counts since start (for tests and the debug page).
    public func statistics() async -> RouterStatistics? { counters.withLockedValue { $0 } }

    // MARK: Holder side (called by RouterResponder)

    /// Stores an advertisement that arrived from `sender` (the TCP peer IP).
    func receive(_ message: RouterMessage.Advertise, from sender: String?) throws {
        let provider = try checkedProvider(message.provider, sender: sender)
        let ttl = Double(message.ttl ?? Int(configuration.recordTTL / .seconds(1)))
        let now = self.now
        node.withLockedValue { $0.accept(message.keys, from: provider, ttl: ttl, now: now) }
    }

    /// Applies a withdrawal that arrived from `sender`.
    func receive(_ message: RouterMessage.Withdraw, from sender: String?) throws {
        let provider = try checkedProvider(message.provider, sender: sender)
        node.withLockedValue { $0.remove(message.keys, from: provider) }
    }

    func checkedProvider(_ text: String, sender: String?) throws -> PeerAddress {
        guard let provider = PeerAddress(text), IPAddressText.normalized(provider.host) != nil else {
            throw RecordRejection(message: "provider \"\(text)\": expected ip:port")
        }
        guard let sender, IPAddressText.same(sender, provider.host) else {
            throw RecordRejection(message: "provider \(provider) does not match the sender's address \(sender ?? "unknown")")
        }
        return provider
    }

    /// Providers of `key` held here.
    func localProviders(of key: String) -> [PeerAddress] {
        let now = self.now
        return node.withLockedValue { $0.providers(of: key, now: now) }
    }

    // MARK: Sending

    func providers(of key: String, at holder: PeerAddress, timeout: Duration) async -> [PeerAddress] {
        if holder == identity { return localProviders(of: key) }
        do {
            let body = try JSONEncoder().encode(RouterMessage.Lookup(key: key))
            let exchange = try await HTTPExchange.send(method: .POST, host: holder.host, port: holder.port, path: "/v1/lookup",
                                                       headers: [("Content-Type", "application/json")], body: ByteBuffer(bytes: body),
                                                       headTimeout: timeout, totalTimeout: timeout, sourceAddress: sourceAddress)
            let data = try await exchange.collect(upTo: RouterMessage.maxBody)
            guard exchange.status == 200 else { throw RecordRejection(message: "lookup answered \(exchange.status)") }
            let answer = try JSONDecoder().decode(RouterMessage.Providers.self, from: Data(data.readableBytesView))
            return answer.providers.compactMap(PeerAddress.init)
        } catch {
            if !Task.isCancelled {
                logger.debug("lookup of \(key) at \(holder) failed: \(error)")
                peerFailed()
            }
            return []
        }
    }

    /// Sends an outbox (advertise or withdraw), applying messages to this node directly.
    func deliver(_ outbox: RoutingNode.Outbox, withdrawing: Bool) async {
        var messages: [(PeerAddress, [String])] = []
        for (holder, ids) in outbox {
            if holder == identity {
                let now = self.now
                let ttl = configuration.recordTTL / .seconds(1)
                node.withLockedValue { node in
                    if withdrawing { node.remove(ids: ids, from: node.providerID) } else { node.accept(ids: ids, from: node.providerID, ttl: ttl, now: now) }
                }
                continue
            }
            let keys = KeyTable.shared.texts(ids)
            for start in stride(from: 0, to: keys.count, by: RouterMessage.batchSize) {
                messages.append((holder, Array(keys[start..<min(keys.count, start + RouterMessage.batchSize)])))
            }
        }
        guard !messages.isEmpty else { return }
        counters.withLockedValue { $0.messagesSent += messages.count }
        let concurrency = max(1, configuration.concurrency)
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            while next < min(messages.count, concurrency) {
                let (holder, keys) = messages[next]
                next += 1
                group.addTask { await self.send(keys, to: holder, withdrawing: withdrawing) }
            }
            while await group.next() != nil {
                guard next < messages.count else { continue }
                let (holder, keys) = messages[next]
                next += 1
                group.addTask { await self.send(keys, to: holder, withdrawing: withdrawing) }
            }
        }
    }

    func send(_ keys: [String], to holder: PeerAddress, withdrawing: Bool) async {
        do {
            let body: Data
            if withdrawing {
                body = try JSONEncoder().encode(RouterMessage.Withdraw(provider: provider.description, keys: keys))
            } else {
                body = try JSONEncoder().encode(RouterMessage.Advertise(provider: provider.description, keys: keys,
                                                                        ttl: Int(configuration.recordTTL / .seconds(1))))
            }
            let exchange = try await HTTPExchange.send(method: .POST, host: holder.host, port: holder.port,
                                                       path: withdrawing ? "/v1/withdraw" : "/v1/advertise",
                                                       headers: [("Content-Type", "application/json")], body: ByteBuffer(bytes: body),
                                                       headTimeout: configuration.messageTimeout, totalTimeout: configuration.messageTimeout,
                                                       sourceAddress: sourceAddress)
            _ = try await exchange.collect(upTo: RouterMessage.maxBody)
            guard (200..<300).contains(exchange.status) else { throw RecordRejection(message: "holder answered \(exchange.status)") }
            if !withdrawing { retries.withLockedValue { $0[holder]?.backoff = .zero } }
        } catch {
            if !withdrawing { scheduleRetry(keys, to: holder) }
            counters.withLockedValue { $0.messagesFailed += 1 }
            logger.debug("\(withdrawing ? "withdrawing" : "advertising") \(keys.count) keys at \(holder) failed: \(error)")
            peerFailed()
        }
    }

    // MARK: Background

    /// Asks for an early membership refresh (a peer failed).
    func peerFailed() { wakeMembership.yield() }

    /// Reloads membership and re-advertises keys whose holders changed.
    func refreshMembership() async {
        do {
            let members = try await configuration.membership.members()
            let result = node.withLockedValue { $0.updateMembers(members) }
            let others = members.filter { $0 != identity }
            let ready = !others.isEmpty || configuration.membership.isAloneWhenEmpty
            isReady.withLockedValue { $0 = ready }
            if !result.joined.isEmpty || !result.left.isEmpty {
                logger.info("membership changed", metadata: ["joined": "\(result.joined)", "left": "\(result.left)"])
                counters.withLockedValue { $0.membershipChanges += 1 }
            }
            await deliver(result.outbox, withdrawing: false)
        } catch {
            logger.warning("refreshing membership failed: \(error)")
        }
    }

    func membershipLoop() async {
        let interval = configuration.membershipInterval
        let minimumGap = interval / 10
        var last = ContinuousClock.now
        while !Task.isCancelled {
            // Wait for the interval, or a failure signal (not sooner than minimumGap after the last refresh).
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(for: interval) }
                group.addTask { [wakeups] in
                    for await _ in wakeups { break }
                }
                await group.next()
                group.cancelAll()
            }
            guard !Task.isCancelled else { return }
            let since = ContinuousClock.now - last
            if since < minimumGap { try? await Task.sleep(for: minimumGap - since) }
            last = ContinuousClock.now
            await refreshMembership()
        }
    }

    /// Queues `keys` for `holder` again: due after the holder's backoff (`retryInterval`, doubled on each
    /// failure round, at most `recordTTL / 2`), so a holder that was down when keys were advertised gets
    /// them soon after it is back, not only at the next refresh.
    func scheduleRetry(_ keys: [String], to holder: PeerAddress) {
        let now = ContinuousClock.now
        let first = configuration.retryInterval, longest = configuration.recordTTL / 2
        retries.withLockedValue { table in
            var entry = table[holder] ?? PendingAdvertisement()
            entry.keys.formUnion(keys)
            // Several batches failing in one round raise the backoff once.
            if entry.due <= now {
                entry.backoff = min(max(entry.backoff * 2, first), longest)
                entry.due = now + entry.backoff
            }
            table[holder] = entry
        }
    }

    /// Sends due retries (keys still provided and still held by that holder), every `retryInterval`.
    func retryLoop() async {
        let interval = max(configuration.retryInterval, .milliseconds(10))
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            let now = ContinuousClock.now
            let due = retries.withLockedValue { table -> [PeerAddress: Set<String>] in
                var due: [PeerAddress: Set<String>] = [:]
                for (holder, entry) in table where entry.due <= now && !entry.keys.isEmpty {
                    due[holder] = entry.keys
                    table[holder]?.keys = []
                }
                return due
            }
            guard !due.isEmpty else { continue }
            let outbox = node.withLockedValue { node in
                due.reduce(into: RoutingNode.Outbox()) { outbox, pair in
                    let owed = node.stillOwed(Array(pair.value), to: pair.key)
                    if !owed.isEmpty { outbox[pair.key] = owed }
                }
            }
            await deliver(outbox, withdrawing: false)
        }
    }

    func refreshLoop() async {
        let interval = configuration.recordTTL / 2
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            let now = self.now
            let outbox = node.withLockedValue { node in
                node.purge(now: now)
                return node.refresh()
            }
            await deliver(outbox, withdrawing: false)
        }
    }
}

/// Keys a holder did not take, and when to send them again.
struct PendingAdvertisement: Sendable {
    var keys: Set<String> = []
    var due = ContinuousClock.now
    var backoff: Duration = .zero
}

/// What a router has sent and seen.
public typealias RouterCounters = RouterStatistics

/// A record a holder refused (bad provider text, or not the sender's own address).
public struct RecordRejection: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The router could not start.
public struct RouterStartError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
