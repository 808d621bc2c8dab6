import Foundation
import MirrorRegistry
import PeerRouting

/// Parameters of one simulated cluster run.
struct SimulationParameters {
    var nodes = 1000
    /// Distinct keys in the cluster (the pool).
    var keys = 100_000
    /// Keys each node provides (distinct, sampled uniformly from the pool).
    var keysPerNode = 20_000
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
    var recordBytesPerNode = 0.0
    var placementsBuilt = 0
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
    let registryID: PeerID
    var routing: RoutingNode
    /// Keys this node provides (interned ids, ascending).
    let keys: [KeyID]
    var alive = true
    var nextMembership: Double
    var nextRefresh: Double
    var earliestEarlyRefresh = 0.0
    var wantsRefresh = false

    init(member: Member, provider: PeerAddress, keys: [KeyID], parameters: SimulationParameters, now: Double, rng: inout SplitMix) {
        self.member = member
        routing = RoutingNode(identity: member.address, provider: provider, replication: parameters.replication, ttl: parameters.ttl)
        registryID = routing.providerID
        self.keys = keys
        nextMembership = now + Double.random(in: 0..<parameters.membershipInterval, using: &rng)
        nextRefresh = now + Double.random(in: 0..<(parameters.ttl / 2), using: &rng)
    }

    /// Whether this node provides `key`.
    func provides(_ key: KeyID) -> Bool {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == key
    }
}

/// The cluster: nodes on an in-process transport, a DNS truth, a simulated clock in whole seconds.
///
/// Nodes that refresh membership while the truth is unchanged share one `Placement` (the member list
/// with every pool key's holders): each would compute exactly the same one. A new placement is
/// derived from the latest when the truth changed (the same derivation a daemon runs on its own).
final class Simulation {
    let parameters: SimulationParameters
    var rng: SplitMix
    /// The key pool, interned.
    let pool: [KeyID]
    var nodes: [SimNode] = []
    var byAddress: [PeerAddress: Int] = [:]
    /// Node index by registry `PeerID` (-1: none).
    var nodeOfRegistry: [Int32] = []
    var liveMembers: [Member] = []
    /// Indices of live nodes (for random picks).
    var liveNodes: [Int] = []
    var livePosition: [Int] = []
    /// The latest placement and whether the truth changed since it was built.
    var placement: Placement?
    var placementStale = true
    var placementsBuilt = 0
    var nextAddress = 0
    var now = 0.0
    var result = SimulationResult()
    var measuring = false

    init(_ parameters: SimulationParameters) {
        self.parameters = parameters
        rng = SplitMix(state: parameters.seed)
        pool = KeyTable.shared.ids((0..<parameters.keys).map { Digest.sha256(of: Data("key-\($0)".utf8)).description })
    }

    func makeAddress() -> (router: PeerAddress, registry: PeerAddress) {
        let index = nextAddress
        nextAddress += 1
        let host = "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"
        return (PeerAddress(host: host, port: 5001), PeerAddress(host: host, port: 5000))
    }

    /// The placement for the current truth (derived from the previous one when the truth changed).
    func currentPlacement() -> Placement {
        if placementStale || placement == nil {
            placement = Placement(members: liveMembers, replication: parameters.replication, keys: pool, hashes: KeyTable.shared.hash, previous: placement)
            placementStale = false
            placementsBuilt += 1
        }
        return placement!
    }

    /// Creates a node with `keysPerNode` distinct random keys of the pool (not yet a member).
    func makeNode() -> Int {
        let (router, registry) = makeAddress()
        let wanted = min(parameters.keysPerNode, parameters.keys)
        var chosen = Set<Int>(minimumCapacity: wanted)
        while chosen.count < wanted { chosen.insert(Int.random(in: 0..<parameters.keys, using: &rng)) }
        let keys = chosen.map { pool[$0] }.sorted()
        let node = SimNode(member: Member(router), provider: registry, keys: keys, parameters: parameters, now: now, rng: &rng)
        let index = nodes.count
        nodes.append(node)
        byAddress[router] = index
        let registryID = Int(node.registryID)
        if nodeOfRegistry.count <= registryID { nodeOfRegistry += Array(repeating: -1, count: registryID + 1 - nodeOfRegistry.count) }
        nodeOfRegistry[registryID] = Int32(index)
        livePosition.append(liveNodes.count)
        liveNodes.append(index)
        liveMembers.append(node.member)
        placementStale = true
        return index
    }

    /// Adds a node that learns the current membership and advertises its keys.
    func join() {
        let index = makeNode()
        let node = nodes[index]
        _ = node.routing.updateMembers(placement: currentPlacement())
        deliver(node.routing.advertise(ids: node.keys), from: index)
    }

    /// Kills a node without withdrawing (a crash or a node drain); its state is freed.
    func kill(_ index: Int) {
        let node = nodes[index]
        node.alive = false
        node.routing = RoutingNode(identity: node.member.address, provider: node.routing.provider)
        let position = livePosition[index]
        let last = liveNodes.removeLast()
        if last != index {
            liveNodes[position] = last
            livePosition[last] = position
        }
        liveMembers.removeAll { $0 == node.member }
        placementStale = true
    }

    /// Delivers advertisements; a dead holder makes the sender refresh membership early.
    func deliver(_ outbox: RoutingNode.Outbox, from sender: Int) {
        let provider = nodes[sender].registryID
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
            nodes[target].routing.accept(ids: keys, from: provider, ttl: parameters.ttl, now: now)
        }
    }

    func refreshMembership(_ index: Int) {
        let node = nodes[index]
        node.nextMembership = now + parameters.membershipInterval
        node.earliestEarlyRefresh = now + parameters.membershipInterval / 10
        node.wantsRefresh = false
        let update = node.routing.updateMembers(placement: currentPlacement())
        deliver(update.outbox, from: index)
    }

    /// One lookup from a random live node for a random key of another random live node.
    func lookup() {
        guard liveNodes.count > 1 else { return }
        let asker = liveNodes[Int.random(in: 0..<liveNodes.count, using: &rng)]
        var source = asker
        while source == asker { source = liveNodes[Int.random(in: 0..<liveNodes.count, using: &rng)] }
        guard let key = nodes[source].keys.randomElement(using: &rng) else { return }
        let node = nodes[asker]
        var found = Set<PeerID>()
        for holder in node.routing.holders(of: key) {
            if holder == node.member {
                found.formUnion(node.routing.providerIDs(of: key, now: now))
                continue
            }
            result.lookupRequests += 1
            guard let target = byAddress[holder.address], nodes[target].alive else {
                result.failedLookupRequests += 1
                node.wantsRefresh = true
                continue
            }
            found.formUnion(nodes[target].routing.providerIDs(of: key, now: now))
        }
        found.remove(node.registryID)
        result.lookups += 1
        var live = 0
        for provider in found {
            let index = Int(provider) < nodeOfRegistry.count ? Int(nodeOfRegistry[Int(provider)]) : -1
            if index >= 0 && nodes[index].alive && nodes[index].provides(key) { live += 1 }
        }
        if live > 0 { result.successes += 1 }
        result.staleProvidersReturned += found.count - live
    }

    /// Starts the cluster (every node knows the full member list, as after a rollout), runs a warm-up
    /// minute, then `minutes` measured minutes.
    func run(progress: Bool = false) -> SimulationResult {
        let started = Date()
        let baseline = residentBytes()
        for _ in 0..<parameters.nodes { _ = makeNode() }
        let initial = currentPlacement()
        for index in nodes.indices {
            _ = nodes[index].routing.updateMembers(placement: initial)
            deliver(nodes[index].routing.advertise(ids: nodes[index].keys), from: index)
        }
        if progress { log(String(format: "started %d nodes in %.1f s, rss %.2f GiB", nodes.count, Date().timeIntervalSince(started), Double(residentBytes()) / 1_073_741_824)) }
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
                    kill(liveNodes[Int.random(in: 0..<liveNodes.count, using: &rng)])
                    join()
                }
            }
            for index in liveNodes {
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
                result.nodeMinutes += Double(liveNodes.count) / 60
            }
            if progress && second % 60 == 59 {
                log(String(format: "minute %d: %.1f s wall, lookups %d, success %.4f%%, requests/lookup %.3f, advert. messages/node/min %.1f, keys/node/min %.1f, rss %.2f GiB",
                           second / 60 + 1, Date().timeIntervalSince(started), result.lookups, result.successRate * 100, result.requestsPerLookup,
                           result.messagesPerNodeMinute, result.keysPerNodeMinute, Double(residentBytes()) / 1_073_741_824))
            }
        }
        let live = liveNodes.map { nodes[$0] }
        let records = live.map(\.routing.records.count)
        result.recordsPerNode = (Double(records.reduce(0, +)) / Double(max(1, live.count)), records.max() ?? 0)
        result.recordBytesPerNode = Double(live.map(\.routing.records.recordBytes).reduce(0, +)) / Double(max(1, live.count))
        result.providedPerNode = Double(live.map(\.routing.providedCount).reduce(0, +)) / Double(max(1, live.count))
        result.residentBytesPerNode = Double(max(0, residentBytes() - baseline)) / Double(max(1, live.count))
        result.placementsBuilt = placementsBuilt
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    func log(_ line: String) {
        FileHandle.standardError.write(Data("spegel-sim: \(line)\n".utf8))
    }

    /// Resident set size of this process (Linux /proc/self/statm), bytes.
    func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(getpagesize())
    }
}
