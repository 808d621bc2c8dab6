import ArgumentParser
import MirrorRegistry

/// `spegel registry`: the node-local mirror.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Serve the node's images to containerd and to peers (OCI distribution API, read-only)."
    )

    @Option(help: "Registry listen address (host:port or :port).") var registryAddr = ":5000"
    @Option(help: "Peer router listen address.") var routerAddr = ":5001"
    @Option(help: "Metrics and debug page listen address.") var metricsAddr = ":9090"
    @Option(help: "containerd socket.") var containerdSock = "/run/containerd/containerd.sock"
    @Option(help: "containerd namespace.") var containerdNamespace = "k8s.io"
    @Option(help: "containerd content directory (blobs are read from here).") var containerdContentPath = "/var/lib/containerd/io.containerd.content.v1.content"
    @Option(help: "containerd's certs.d directory, where `spegel configuration` wrote hosts.toml; checked to hold them.") var containerdRegistryConfigPath: String?
    @Option(help: "containerd's config.toml, mounted; checked instead of asking containerd's CRI status when given.") var containerdConfigFile: String?
    @Option(help: "How often containerd's configuration is checked (Go duration; 0 turns the check off; with --store oci-layout only a --containerd-config-file is checked).") var containerdConfigCheckInterval = "1m"
    @Option(parsing: .upToNextOption, help: "Registries to mirror (URLs or hosts; repeated or comma-separated). Empty: all.") var mirroredRegistries: [String] = []
    @Option(help: "Peer lookups per local miss.") var mirrorResolveRetries = 3
    @Option(help: "Time one peer lookup may take (Go duration, e.g. 20ms).") var mirrorResolveTimeout = "20ms"
    @Option(parsing: .upToNextOption, help: "Regular expressions; matching registry/name:tag or registry/name@digest requests get a fast 404.") var registryFilters: [String] = []
    @Option(help: "Whether tags are resolved (false: only digests are mirrored).") var resolveTags = true
    @Option(help: "Accepted for compatibility with upstream Spegel; the mirror resolves 'latest' like any tag.") var resolveLatestTag = true
    @Option(help: "Serve /debug/web/ on the metrics address.") var debugWebEnabled = false
    @Option(help: "Log level: debug, info, warn, error.") var logLevel = "info"
    @Option(help: "Content source: containerd, or oci-layout:DIR.") var store = "containerd"
    @Option(help: "Directory where blobs from peers above 16 MiB are written and verified before a byte is sent (leftovers removed at start); empty: stream them, checked on the way.")
    var peerBlobStagingDir = FileManager.default.temporaryDirectory.appendingPathComponent("spegel-peer-blobs").path
    @Option(help: "Peer router kind (standalone; p2p when built in).") var router: String?
    @Option(help: "How peers are found (dns, static), for the p2p router.") var bootstrapKind: String?
    @Option(help: "DNS name of the headless bootstrap Service, for the p2p router.") var dnsBootstrapDomain: String?
    @Option(name: [.customLong("bootstrap-peers"), .customLong("static-peers")], parsing: .upToNextOption,
            help: "Router addresses of the peers (HOST:PORT; several after one flag, the flag repeated, or comma-separated), for --bootstrap-kind static.")
    var bootstrapPeers: [String] = []

    func run() async throws {
        RegistryMemory.fixMmapThreshold()
        let logger = try DaemonBootstrap.logging(level: logLevel)
        let metrics = RegistryMetrics()
        DaemonBootstrap.metrics(metrics)
        let timeout = try GoDuration.parse(mirrorResolveTimeout)
        let filters = try RegistryFilters(patterns: registryFilters.flatMap { $0.split(separator: ",").map(String.init) })
        let store = try await RegistryStoreFactory.make(self.store, context: .init(
            containerdSocket: containerdSock, containerdNamespace: containerdNamespace, containerdContentPath: containerdContentPath, logger: logger))
        let (router, fetcher) = try await RegistryRouterFactory.make(router, context: .init(
            routerAddress: routerAddr, registryAddress: registryAddr, bootstrapKind: bootstrapKind, dnsBootstrapDomain: dnsBootstrapDomain,
            staticPeers: bootstrapPeers, logger: logger))
        let registries = try MirrorOptions.registryHosts(mirroredRegistries.flatMap { $0.split(separator: ",").map(String.init) })
        let checkInterval = try GoDuration.parse(containerdConfigCheckInterval)
        // An OCI layout store has no containerd behind it: check only a config file named explicitly.
        let checksContainerd = self.store == "containerd" || containerdConfigFile != nil
        let configMonitor = checkInterval > .zero && checksContainerd
            ? ContainerdConfigMonitor(
                expectation: ContainerdConfigExpectation(registryConfigPath: containerdRegistryConfigPath, mirroredRegistries: registries.sorted()),
                metrics: metrics, logger: logger,
                readSettings: ContainerdSettingsSource.reader(configFile: containerdConfigFile, socket: containerdSock, namespace: containerdNamespace))
            : nil
        var options = MirrorOptions(filters: filters, resolveTags: resolveTags, resolveRetries: mirrorResolveRetries, resolveTimeout: timeout,
                                    nodeName: ProcessInfo.processInfo.environment["NODE_NAME"] ?? ProcessInfo.processInfo.hostName,
                                    debugWebEnabled: debugWebEnabled, mirroredRegistries: registries)
        if !peerBlobStagingDir.isEmpty {
            // Staged copies are removed after each response; a stopped daemon may leave some behind. Only
            // files named as the daemon names them (`<64 hex>-<UUID>`) are removed, whatever the directory.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: peerBlobStagingDir)) ?? []
            where name.range(of: "^[0-9a-f]{64}-[0-9A-F-]{36}$", options: .regularExpression) != nil {
                try? FileManager.default.removeItem(atPath: peerBlobStagingDir + "/" + name)
            }
            options.peerBlobStagingDirectory = peerBlobStagingDir
        }
        let mirror = MirrorService(store: store, router: router, fetcher: fetcher, metrics: metrics, options: options,
                                   containerdConfig: configMonitor, logger: logger)
        if let configMonitor {
            await configMonitor.check()
            Task { await configMonitor.run(interval: checkInterval) }
        }
        let server = RegistryServer(mirror: mirror, advertiser: Advertiser(store: store, router: router, metrics: metrics, mirroredRegistries: registries, logger: logger),
                                    registryAddress: registryAddr, metricsAddress: metricsAddr, logger: logger) { ports in
            logger.info("serving", metadata: ["registry": "\(ports.registry)", "metrics": "\(ports.metrics.map(String.init) ?? "-")"])
        }
        try await server.runUntilSignalled()
    }
}
