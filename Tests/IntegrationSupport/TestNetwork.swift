import Foundation

/// Where a test process runs and listens: inside a network namespace the test made (`namespace`, with an
/// address that exists only there), or in the machine's namespace on a loopback address.
public struct NetworkPlace: Sendable, CustomStringConvertible {
    /// The network namespace (`ip netns` name), or nil for the machine's own.
    public let namespace: String?
    /// The IPv4 address processes here listen on.
    public let host: String

    public init(namespace: String?, host: String) {
        self.namespace = namespace
        self.host = host
    }

    public var description: String { namespace.map { "\(host) in \($0)" } ?? host }

    /// `executable arguments` as a command line that runs in this place (`ip netns exec NS …`).
    public func command(_ executable: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        guard let namespace else { return (executable, arguments) }
        return (TestNetwork.ip, ["netns", "exec", namespace, executable] + arguments)
    }

    /// A port to listen on here: fixed (`preferred`) inside a namespace, which has its own ports, else
    /// one the kernel just picked on loopback.
    public func port(preferred: Int) -> Int { namespace == nil ? freeLoopbackPort() : preferred }

    /// Starts a long-running process here.
    public func start(_ executable: String, _ arguments: [String], logFile: URL) throws -> ProcessHandle {
        let (executable, arguments) = command(executable, arguments)
        // `ip netns exec` execs the command, so the handle's pid is the process itself (kill reaches it).
        return try ProcessHandle(executable: executable, arguments: arguments, logFile: logFile)
    }

    /// Runs a tool here to completion (off the cooperative pool); stdout, or throws with stderr.
    @discardableResult
    public func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) async throws -> String {
        let (executable, arguments) = command(executable, arguments)
        return try await runTool(executable, arguments, timeout: timeout)
    }

    /// Blocking form of `run`, for synchronous setup code.
    @discardableResult
    public func runBlocking(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> String {
        let (executable, arguments) = command(executable, arguments)
        return try runTool(executable, arguments, timeout: timeout)
    }

    /// An HTTP request made from this place with curl (status and body), at most `timeout` seconds;
    /// `json` makes it a POST with that body.
    public func http(_ url: String, json: Data? = nil, timeout: Int = 10) async throws -> (status: Int, body: String) {
        var arguments = ["-s", "-S", "--max-time", String(timeout), "-o", "-", "-w", "\n%{http_code}"]
        if let json {
            arguments += ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", String(decoding: json, as: UTF8.self)]
        }
        let output = try await run("/usr/bin/curl", arguments + [url], timeout: TimeInterval(timeout + 5))
        guard let newline = output.lastIndex(of: "\n"), let status = Int(output[output.index(after: newline)...]) else {
            throw TestProcessError("curl \(url) from \(self) printed no status: \(output)")
        }
        return (status, String(output[..<newline]))
    }

    /// Whether an HTTP server answers `url` from this place (any status), within 2 s.
    public func answers(_ url: String) async -> Bool {
        guard let (status, _) = try? await http(url, timeout: 2) else { return false }
        return status > 0
    }

    /// Bytes sent so far on established TCP connections from `host:port` here (`ss -ti`), or nil when
    /// `ss` failed; tells which server is streaming a body right now.
    public func bytesSent(fromPort port: Int) async -> Int64? {
        guard let output = try? await run("/usr/bin/ss", ["-tniH", "state", "established", "src", "\(host):\(port)"], timeout: 10) else { return nil }
        return output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            .filter { $0.hasPrefix("bytes_sent:") }
            .compactMap { Int64($0.dropFirst("bytes_sent:".count)) }
            .reduce(0, +)
    }
}

/// A private network for one test: a bridge in a namespace of its own and one namespace per member,
/// joined by veth pairs, with `10.88.0.x/24` addresses that exist only inside these namespaces.
///
/// Names are `spgt-<pid>-<n>-<role>`, unique per test process; `remove()` deletes them, and `make`
/// first deletes leftovers of test processes that are gone. Where namespaces cannot be made (no root, no
/// `ip netns`; or `SPEGEL_TEST_NETWORK=loopback`), `make` returns members on distinct loopback addresses
/// instead.
public final class TestNetwork: @unchecked Sendable {
    static let ip = "/usr/sbin/ip"
    static let prefix = "spgt-"
    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()

    /// The members, in the order of the names given to `make`.
    public let places: [NetworkPlace]
    /// Whether members are network namespaces (false: loopback addresses).
    public var isolated: Bool { places.first?.namespace != nil }
    private let namespaces: [String]

    private init(places: [NetworkPlace], namespaces: [String]) {
        self.places = places
        self.namespaces = namespaces
    }

    /// Makes a network with one member per name (namespaces when possible, else `loopbackHosts`).
    public static func make(members names: [String], loopbackHosts: [String]) throws -> TestNetwork {
        precondition(names.count <= loopbackHosts.count && names.count < 200)
        removeLeftovers()
        let run = lock.withLock { counter += 1; return counter }
        let base = "\(prefix)\(getpid())-\(run)-"
        let bridge = base + "br"
        // SPEGEL_TEST_NETWORK=loopback forces the fallback (to check it where namespaces work).
        let forced = ProcessInfo.processInfo.environment["SPEGEL_TEST_NETWORK"] == "loopback"
        guard !forced, (try? runTool(ip, ["netns", "add", bridge], timeout: 10)) != nil else {
            return TestNetwork(places: zip(names, loopbackHosts).map { NetworkPlace(namespace: nil, host: $1) }, namespaces: [])
        }
        var made = [bridge]
        do {
            try runTool(ip, ["-n", bridge, "link", "add", "br0", "type", "bridge"], timeout: 10)
            try runTool(ip, ["-n", bridge, "link", "set", "br0", "up"], timeout: 10)
            var places: [NetworkPlace] = []
            for (index, name) in names.enumerated() {
                let namespace = base + name
                try runTool(ip, ["netns", "add", namespace], timeout: 10)
                made.append(namespace)
                let port = "p\(index)"
                try runTool(ip, ["link", "add", port, "netns", bridge, "type", "veth", "peer", "name", "eth0", "netns", namespace], timeout: 10)
                try runTool(ip, ["-n", bridge, "link", "set", port, "master", "br0"], timeout: 10)
                try runTool(ip, ["-n", bridge, "link", "set", port, "up"], timeout: 10)
                let host = "10.88.0.\(index + 10)"
                try runTool(ip, ["-n", namespace, "addr", "add", "\(host)/24", "dev", "eth0"], timeout: 10)
                try runTool(ip, ["-n", namespace, "link", "set", "eth0", "up"], timeout: 10)
                try runTool(ip, ["-n", namespace, "link", "set", "lo", "up"], timeout: 10)
                places.append(NetworkPlace(namespace: namespace, host: host))
            }
            return TestNetwork(places: places, namespaces: made)
        } catch {
            for namespace in made { _ = try? runTool(ip, ["netns", "delete", namespace], timeout: 10) }
            throw error
        }
    }

    /// Limits what `place` sends to `megabitsPerSecond` (a `tbf` queue on its veth); false on loopback or
    /// where the kernel lacks `tbf` (then traffic runs at full speed).
    public func limitEgress(of place: NetworkPlace, megabitsPerSecond: Int) -> Bool {
        guard place.namespace != nil else { return false }
        return (try? place.runBlocking("/usr/sbin/tc", ["qdisc", "replace", "dev", "eth0", "root", "tbf", "rate", "\(megabitsPerSecond)mbit",
                                                        "burst", "64kb", "latency", "400ms"], timeout: 10)) != nil
    }

    /// Deletes this network's namespaces (processes still inside keep theirs until they exit).
    public func remove() {
        for namespace in namespaces.reversed() { _ = try? runTool(Self.ip, ["netns", "delete", namespace], timeout: 10) }
    }

    /// Deletes `spgt-<pid>-…` namespaces whose test process no longer runs.
    public static func removeLeftovers() {
        guard let list = try? runTool(ip, ["netns", "list"], timeout: 10) else { return }
        for line in list.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count).prefix { $0.isNumber }) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                _ = try? runTool(ip, ["netns", "delete", name], timeout: 10)
            }
        }
    }
}
