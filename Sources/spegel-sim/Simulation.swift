import Foundation
import MirrorRegistry
import PeerRouting

/// Parameters of one simulated cluster run.
struct SimulationParameters {
    var nodes = 1000
    /// Distinct keys in the cluster.
    var keys = 20_000
    /// Keys each node provides (sampled from the pool).
    var keysPerNode = 1000
    var replication = 3
    /// Simulated minutes.
    var minutes = 10
    /// Fraction of nodes replaced per minute (a leaving node dies without withdrawing; a new node with a new IP joins).
    var churnPerMinute = 0.05
    /// Provider record lifetime, seconds (re-advertised every ttl/2).
    var ttl = 600.0
    /// Membership (DNS) refresh period, seconds; a failed request triggers one sooner (at most every period/10).
    var membershipInterval = 30.0
    /// Lookups per simulated second across the cluster.
    var lookupsPerSecond = 200
    var seed: UInt64 = 1
}

/// What a run measured.
struct SimulationResult {
    var lookups = 0
    var successes = 0
    var lookupRequests = 0
    var failedLookupRequests = 0
    var staleProvidersReturned = 0
    var advertiseMessages = 0
    var advertisedKeys = 0
    var nodeMinutes = 0.0
    var recordsPerNode: (average: Double, maximum: Int) = (0, 0)
    var providedPerNode = 0.0
    var residentBytesPerNode = 0.0
    var seconds = 0.0

    var successRate: Double { lookups == 0 ? 0 : Double(successes) / Double(lookups) }
    var requestsPerLookup: Double { lookups == 0 ? 0 : Double(lookupRequests) / Double(lookups) }
    var messagesPerNodeMinute: Double { nodeMinutes == 0 ? 0 : Double(advertiseMessages) / nodeMinutes }
    var keysPerNodeMinute: Double { nodeMinutes == 0 ? 0 : Double(advertisedKeys) / nodeMinutes }
}

/// A deterministic generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// One simulated node: the real `RoutingNode` plus its schedule.
final class SimNode {
    let member: Member
    var routing: RoutingNode
    let keys: [Int]
    var alive = true
    var nextMembership: Double
    var nextRefresh: Double
    var earliestEarlyRefresh = 0.0
    var wantsRefresh = false

    init(member: Member, provider: PeerAddress, keys: [Int], parameters: SimulationParameters, now: Double, rng: inout SplitMix) {
        self.member = member
        routing = RoutingNode(identity: member.address, provider: provider, replication: parameters.replication, ttl: parameters.ttl)
        self.keys = keys
        nextMembership = now + Double.random(in: 0..<parameters.membershipInterval, using: &rng)
        nextRefresh = now + Double.random(in: 0..<(parameters.ttl / 2), using: &rng)
    }
}

/// The cluster: nodes on an in-process transport, a DNS truth, a simulated clock in whole seconds.
final class Simulation {
    let parameters: SimulationParameters
    var rng: SplitMix
    let pool: [String]
    var nodes: [SimNode] = []
    var byAddress: [PeerAddress: Int] = [:]
    /// Which live nodes provide each key (the truth lookups are judged against).
    var providersOfKey: [Set<Int>]
    var liveMembers: [Member] = []
    var membersVersion = 0
    var nextAddress = 0
    var now = 0.0
    var result = SimulationResult()
    var measuring = false

    init(_ parameters: SimulationParameters) {
        self.parameters = parameters
        rng = SplitMix(state: parameters.seed)
        pool = (0..<parameters.keys).map { Digest.sha256(of: Data("key-\($0)".utf8)).description }
        providersOfKey = Array(repeating: [], count: parameters.keys)
    }

    func makeAddress() -> (router: PeerAddress, registry: PeerAddress) {
        let index = nextAddress
        nextAddress += 1
        let host = "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"
        return (PeerAddress(host: host, port: 5001), PeerAddress(host: host, port: 5000))
    }

    /// Adds a node that knows the current membership and advertises its keys.
    func join() {
        let (router, registry) = makeAddress()
        var keys = Set<Int>()
        while keys.count < min(parameters.keysPerNode, parameters.keys) { keys.insert(Int.random(in: 0..<parameters.keys, using: &rng)) }
        let node = SimNode(member: Member(router), provider: registry, keys: keys.sorted(), parameters: parameters, now: now, rng: &rng)
        let index = nodes.count
        nodes.append(node)
        byAddress[router] = index
        liveMembers.append(node.member)
        membersVersion += 1
        _ = node.routing.updateMembers(members: liveMembers)
        for key in node.keys { providersOfKey[key].insert(index) }
        deliver(node.routing.advertise(node.keys.map { pool[$0] }), from: index)
    }

    /// Kills a node without withdrawing (a crash or a node drain).
    func kill(_ index: Int) {
        let node = nodes[index]
        node.alive = false
        for key in node.keys { providersOfKey[key].remove(index) }
        liveMembers.removeAll { $0 == node.member }
        membersVersion += 1
    }

    /// Delivers advertisements; a dead holder makes the sender refresh membership early.
    func deliver(_ outbox: RoutingNode.Outbox, from sender: Int) {
        let provider = nodes[sender].routing.provider
        for (holder, keys) in outbox {
            let messages = (keys.count + RouterMessage.batchSize - 1) / RouterMessage.batchSize
            let isSelf = holder == nodes[sender].member.address
            if measuring && !isSelf {
                result.advertiseMessages += messages
                result.advertisedKeys += keys.count
            }
            guard let target = byAddress[holder], nodes[target].alive else {
                nodes[sender].wantsRefresh = true
                continue
            }
            nodes[target].routing.accept(keys, from: provider, ttl: parameters.ttl, now: now)
        }
    }

    func refreshMembership(_ index: Int) {
        let node = nodes[index]
        node.nextMembership = now + parameters.membershipInterval
        node.earliestEarlyRefresh = now + parameters.membershipInterval / 10
        node.wantsRefresh = false
        let update = node.routing.updateMembers(members: liveMembers)
        deliver(update.outbox, from: index)
    }

    /// One lookup from a random live node for a random key some live node provides.
    func lookup() {
        let live = liveMembers
        guard let asker = live.randomElement(using: &rng).flatMap({ byAddress[$0.address] }) else { return }
        var key = Int.random(in: 0..<parameters.keys, using: &rng)
        var attempts = 0
        while providersOfKey[key].subtracting([asker]).isEmpty && attempts < 100 {
            key = Int.random(in: 0..<parameters.keys, using: &rng)
            attempts += 1
        }
        let truth = providersOfKey[key].subtracting([asker])
        guard !truth.isEmpty else { return }
        let node = nodes[asker]
        let text = pool[key]
        var found = Set<PeerAddress>()
        for holder in node.routing.holders(of: text) {
            if holder == node.member.address {
                found.formUnion(node.routing.providers(of: text, now: now))
                continue
            }
            result.lookupRequests += 1
            guard let target = byAddress[holder], nodes[target].alive else {
                result.failedLookupRequests += 1
                node.wantsRefresh = true
                continue
            }
            found.formUnion(nodes[target].routing.providers(of: text, now: now))
        }
        found.remove(node.routing.provider)
        result.lookups += 1
        let liveFound = found.filter { address in
            guard let index = byAddress[PeerAddress(host: address.host, port: 5001)] else { return false }
            return nodes[index].alive && truth.contains(index)
        }
        if !liveFound.isEmpty { result.successes += 1 }
        result.staleProvidersReturned += found.count - liveFound.count
    }

    /// Runs a warm-up minute, then `minutes` measured minutes.
    func run() -> SimulationResult {
        let started = Date()
        let baseline = residentBytes()
        for _ in 0..<parameters.nodes { join() }
        let totalSeconds = (parameters.minutes + 1) * 60
        var churnCarry = 0.0
        for second in 0..<totalSeconds {
            now = Double(second)
            measuring = second >= 60
            if measuring {
                // Churn, spread over the minute.
                churnCarry += Double(parameters.nodes) * parameters.churnPerMinute / 60
                while churnCarry >= 1 {
                    churnCarry -= 1
                    if let victim = liveMembers.randomElement(using: &rng).flatMap({ byAddress[$0.address] }) { kill(victim) }
                    join()
                }
            }
            for index in nodes.indices where nodes[index].alive {
                let node = nodes[index]
                if now >= node.nextMembership || (node.wantsRefresh && now >= node.earliestEarlyRefresh) {
                    refreshMembership(index)
                }
                if now >= node.nextRefresh {
                    node.nextRefresh = now + parameters.ttl / 2
                    node.routing.purge(now: now)
                    deliver(node.routing.refresh(), from: index)
                }
            }
            if measuring {
                for _ in 0..<parameters.lookupsPerSecond { lookup() }
                result.nodeMinutes += Double(liveMembers.count) / 60
            }
        }
        let live = nodes.filter(\.alive)
        let records = live.map(\.routing.records.count)
        result.recordsPerNode = (Double(records.reduce(0, +)) / Double(max(1, live.count)), records.max() ?? 0)
        result.providedPerNode = Double(live.map(\.routing.providedCount).reduce(0, +)) / Double(max(1, live.count))
        result.residentBytesPerNode = Double(max(0, residentBytes() - baseline)) / Double(max(1, nodes.count))
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Resident set size of this process (Linux /proc/self/statm), bytes.
    func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(getpagesize())
    }
}
