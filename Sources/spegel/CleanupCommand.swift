import ArgumentParser
import MirrorRegistry

/// `spegel cleanup`: undo `spegel configuration`, then report it on a probe endpoint.
struct CleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove the hosts.toml files spegel wrote (restoring backups), then serve /healthz until stopped."
    )

    @Option(help: "containerd registry config directory (config_path).") var containerdRegistryConfigPath = "/etc/containerd/certs.d"
    @Option(help: "Where to serve /healthz after cleaning up (host:port or :port). Without it, exit after cleaning up.") var addr: String?
    @Option(help: "Log level.") var logLevel = "info"

    func run() async throws {
        let logger = try DaemonBootstrap.logging(level: logLevel)
        for directory in try HostsConfiguration.cleanup(directory: containerdRegistryConfigPath) {
            logger.info("cleaned \(directory)")
        }
        guard let addr else { return }
        try await CleanupProbe.serve(address: addr, logger: logger) { port in
            logger.info("cleanup done; serving /healthz on port \(port)")
        }
    }
}

/// `spegel cleanup-wait`: wait until `spegel cleanup` has finished on every node.
struct CleanupWaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup-wait",
        abstract: "Poll every address of the probe endpoint until all report cleanup done."
    )

    @Option(help: "HOST:PORT of the cleanup pods' /healthz (HOST may resolve to many addresses).") var probeEndpoint: String
    @Option(help: "Time between rounds (Go duration).") var probeInterval = "3s"
    @Option(help: "Consecutive all-ready rounds required.") var threshold = 3
    @Option(help: "Give up after this long (Go duration); 0 waits forever.") var timeout = "0"
    @Option(help: "Log level.") var logLevel = "info"

    func run() async throws {
        let logger = try DaemonBootstrap.logging(level: logLevel)
        guard let endpoint = PeerAddress(probeEndpoint) else {
            throw ValidationError("--probe-endpoint \"\(probeEndpoint)\": expected HOST:PORT")
        }
        let limit = try GoDuration.parse(timeout)
        let done = try await CleanupProbe.wait(host: endpoint.host, port: endpoint.port, interval: try GoDuration.parse(probeInterval),
                                               threshold: threshold, timeout: limit == .zero ? nil : limit, logger: logger)
        guard done else {
            logger.error("cleanup did not finish on every node within \(timeout)")
            throw ExitCode.failure
        }
        logger.info("cleanup done on every node")
    }
}
