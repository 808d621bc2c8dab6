import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import IntegrationSupport
import Testing

/// Real nodes for peer-mirroring tests: an upstream `docker-registry` and nodes, each a real containerd
/// with its own `spegel registry` (p2p router, static bootstrap naming every node), or a daemon serving an
/// OCI layout directory. Every member lives in its own network namespace the test made (addresses
/// `10.88.0.x` that exist only there), or on its own loopback address where namespaces cannot be made.
final class PeerCluster: @unchecked Sendable {
    /// One node: its daemon, and its containerd unless it serves an OCI layout.
    struct Node: Sendable {
        let name: String
        let place: NetworkPlace
        let containerd: TestContainerd?
        let daemon: SpegelDaemon
        let routerPort: Int
        /// `HOST:PORT` of its registry, as provider records name it.
        var registryAddress: String { "\(place.host):\(daemon.registryPort)" }
    }

    /// What a node serves from.
    enum Store {
        case containerd
        /// An OCI image layout directory (`--store oci-layout:DIR`).
        case layout(URL)
    }

    let directory: URL
    let network: TestNetwork
    let upstream: TestRegistry
    private(set) var nodes: [Node] = []
    let spegel: String
    /// The registry every node mirrors, `http://HOST:PORT` of the upstream.
    var mirrored: String { "http://\(upstream.address)" }

    /// Starts the upstream and one node per entry of `stores` (named a, b, c, …), everything in network
    /// namespaces when possible. Call `stop()` when done (also on failure).
    init(label: String, stores: [Store]) async throws {
        spegel = try builtProduct("spegel")
        directory = try makeTemporaryDirectory(label)
        let names = ["a", "b", "c", "d", "e"].prefix(stores.count)
        let network = try await offThread { try TestNetwork.make(members: ["up"] + names, loopbackHosts: ["127.0.0.1", "127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24", "127.0.0.25"]) }
        self.network = network
        print("PeerCluster \(label): \(network.isolated ? "network namespaces" : "loopback addresses (network namespaces unavailable)"): \(network.places.map(\.description).joined(separator: ", "))")
        let upstreamPlace = network.places[0]
        let upstreamDirectory = directory.appendingPathComponent("upstream")
        do {
            upstream = try await offThread { try TestRegistry(directory: upstreamDirectory, place: upstreamPlace) }
        } catch {
            network.remove()
            throw error
        }
        do {
            let places = Array(network.places.dropFirst())
            let ports = places.map { (registry: $0.port(preferred: 5000), router: $0.port(preferred: 5001), metrics: $0.port(preferred: 9090)) }
            let peers = zip(places, ports).map { "\($0.host):\($1.router)" }
            for (index, store) in stores.enumerated() {
                let name = names[names.startIndex + index], place = places[index], port = ports[index]
                let nodeDirectory = directory.appendingPathComponent("node-\(name)")
                try FileManager.default.createDirectory(at: nodeDirectory, withIntermediateDirectories: true)
                let router = ["--router", "p2p", "--router-addr", "\(place.host):\(port.router)", "--bootstrap-kind", "static",
                              "--bootstrap-peers"] + peers + ["--mirror-resolve-timeout", "200ms"]
                switch store {
                case .containerd:
                    let containerd = try await offThread { try TestContainerd(directory: nodeDirectory, place: place) }
                    let mirrored = self.mirrored, spegel = self.spegel
                    _ = try await runTool(spegel, ["configuration", "--containerd-registry-config-path", containerd.certsDirectory.path,
                                                   "--mirror-targets", "http://\(place.host):\(port.registry)", "--mirrored-registries", mirrored,
                                                   "--log-level", "error"])
                    let daemon = try await SpegelDaemon.start(spegel: spegel, node: containerd, place: place, registryPort: port.registry,
                                                              metricsPort: port.metrics, mirrored: mirrored, logName: "spegel.log", extra: router)
                    nodes.append(Node(name: name, place: place, containerd: containerd, daemon: daemon, routerPort: port.router))
                case .layout(let layout):
                    let daemon = try await SpegelDaemon.start(
                        spegel: spegel, place: place, store: ["--store", "oci-layout:\(layout.path)"], registryPort: port.registry,
                        metricsPort: port.metrics, mirrored: mirrored, logFile: nodeDirectory.appendingPathComponent("spegel.log"),
                        extra: router + ["--containerd-config-check-interval", "0"])
                    nodes.append(Node(name: name, place: place, containerd: nil, daemon: daemon, routerPort: port.router))
                }
            }
        } catch {
            stop()
            throw error
        }
    }

    /// Stops every process and removes the namespaces and the directory.
    func stop() {
        for node in nodes {
            node.daemon.handle.stop()
            node.containerd?.stop()
        }
        upstream.stop()
        network.remove()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Pushes `image` to the upstream as `repository:tag` (skopeo runs next to the upstream).
    func push(_ image: TestImage, repository: String) async throws {
        let address = upstream.address, place = upstream.place
        try await offThread { try image.push(to: address, repository: repository, from: place) }
    }

    /// `ctr images pull` on `node` through its own mirror; returns how long it took.
    @discardableResult
    func pull(_ node: Node, _ reference: String, timeout: TimeInterval = 120) async throws -> Duration {
        let containerd = try #require(node.containerd)
        let started = ContinuousClock.now
        try await containerd.ctr(["images", "pull", "--hosts-dir", containerd.certsDirectory.path, reference], timeout: timeout)
        return ContinuousClock.now - started
    }

    /// Whether `node`'s router, as one of the key's holders, knows `provider` for `key`.
    func holds(_ node: Node, key: String, provider: Node) async -> Bool {
        guard let body = try? JSONEncoder().encode(["key": key]) else { return false }
        let url = "http://\(node.place.host):\(node.routerPort)/v1/lookup"
        let answer: Data
        if node.place.namespace == nil {
            var request = URLRequest(url: URL(string: url)!)
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            guard let (data, _) = try? await URLSession.shared.data(for: request) else { return false }
            answer = data
        } else {
            guard let (status, text) = try? await node.place.http(url, json: body), status == 200 else { return false }
            answer = Data(text.utf8)
        }
        guard let decoded = try? JSONDecoder().decode([String: [String]].self, from: answer) else { return false }
        return decoded["providers"]?.contains(provider.registryAddress) == true
    }

    /// Waits (at most `timeout`) until every node in `at` knows `provider` for every key.
    func awaitAdvertised(_ keys: [String], by provider: Node, at nodes: [Node], timeout: Duration = .seconds(60)) async {
        for node in nodes {
            for key in keys {
                #expect(await eventually(timeout: timeout) { await self.holds(node, key: key, provider: provider) },
                        "\(node.name) never learnt that \(provider.name) holds \(key)")
            }
        }
    }
}

extension TestContainerd {
    /// Bytes received so far into unfinished downloads (`ingest/*/data`).
    var ingestedBytes: Int64 {
        let ingest = contentDirectory.appendingPathComponent("ingest")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: ingest.path)) ?? []
        return entries.compactMap { entry -> Int64? in
            let attributes = try? FileManager.default.attributesOfItem(atPath: ingest.appendingPathComponent("\(entry)/data").path)
            return (attributes?[.size] as? NSNumber)?.int64Value
        }.reduce(0, +)
    }

    /// The bytes of the committed blob `digest`, or nil when the content store lacks it.
    func blob(_ digest: String) -> Data? {
        try? Data(contentsOf: contentDirectory.appendingPathComponent("blobs/sha256/\(digest.dropFirst("sha256:".count))"))
    }
}

/// Random bytes (poorly compressible, so layers keep their size), read from `/dev/urandom`.
func randomBytes(_ count: Int) throws -> Data {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
    defer { try? handle.close() }
    var data = Data()
    while data.count < count {
        guard let chunk = try handle.read(upToCount: min(1 << 20, count - data.count)), !chunk.isEmpty else { break }
        data.append(chunk)
    }
    return data
}
