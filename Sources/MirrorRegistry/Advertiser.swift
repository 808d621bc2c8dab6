import Logging

/// Keeps the router's advertisements in step with the store: everything at start, then every
/// store event; maintains `spegel_advertised_images` / `spegel_advertised_digests`.
public final class Advertiser: Sendable {
    let store: any ContentStore
    let router: any PeerRouter
    let metrics: RegistryMetrics
    let logger: Logger

    public init(store: any ContentStore, router: any PeerRouter, metrics: RegistryMetrics, logger: Logger = Logger(label: "spegel.advertiser")) {
        self.store = store
        self.router = router
        self.metrics = metrics
        self.logger = logger
    }

    /// Advertises the store's current content, then follows its events until cancelled.
    public func run() async throws {
        let events = store.events()
        try await advertiseAll()
        for await event in events {
            do {
                switch event {
                case .added(let key): try await router.advertise([key])
                case .removed(let key): try await router.withdraw([key])
                }
            } catch {
                logger.warning("updating advertisement for \(event) failed: \(error)")
            }
            await refreshGauges()
        }
    }

    /// Advertises every image tag and digest in the store.
    public func advertiseAll() async throws {
        let images = try await store.listImages()
        let digests = try await store.listDigests()
        let keys = images.map { ContentKey.tag($0.reference) } + digests.map { ContentKey.digest($0) }
        try await router.advertise(keys)
        metrics.setAdvertised(images: images.count, digests: digests.count)
    }

    func refreshGauges() async {
        guard let images = try? await store.listImages(), let digests = try? await store.listDigests() else { return }
        metrics.setAdvertised(images: images.count, digests: digests.count)
    }
}
