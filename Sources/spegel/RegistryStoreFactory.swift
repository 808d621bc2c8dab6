import Containerd
import Foundation
import Logging
import MirrorRegistry
import PeerRouting

/// Chooses the `ContentStore` for `spegel registry --store SPEC`.
///
/// SPEC is `KIND` or `KIND:ARGUMENT`. Built in: `oci-layout:DIR` (serve an OCI image layout).
/// The Containerd module registers `containerd` (the default) by adding one entry to `makers`.
enum RegistryStoreFactory {
    /// What store makers may need from the command line.
    struct Context: Sendable {
        var containerdSocket: String
        var containerdNamespace: String
        var containerdContentPath: String
        var logger: Logger
    }

    typealias Maker = @Sendable (_ argument: String?, _ context: Context) async throws -> any ContentStore

    /// Store kinds by name.
    static let makers: [String: Maker] = [
        "containerd": { _, context in
            let client = try ContainerdClient(socketPath: context.containerdSocket, namespace: context.containerdNamespace)
            let store = ContainerdContentStore(client: client, contentPath: context.containerdContentPath)
            if store.contentDirectory == nil {
                context.logger.info("containerd content directory absent; reading blobs through containerd's content API",
                                    metadata: ["path": "\(context.containerdContentPath)"])
            }
            // The client and the event watch live as long as the daemon.
            Task { try await client.run() }
            try await store.reload()
            let logger = context.logger
            Task {
                while !Task.isCancelled {
                    do { try await store.watch() } catch {
                        logger.warning("containerd event subscription ended; resubscribing", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: .seconds(1))
                    try? await store.reload()
                }
            }
            return store
        },
        "oci-layout": { argument, _ in
            guard let directory = argument, !directory.isEmpty else {
                throw ContentStoreError.invalidStoreSpecification("oci-layout")
            }
            return try OCILayoutContentStore(root: URL(fileURLWithPath: directory))
        },
    ]

    /// The store `spec` names.
    static func make(_ spec: String, context: Context) async throws -> any ContentStore {
        let kind = spec.split(separator: ":", maxSplits: 1).first.map(String.init) ?? spec
        let argument = spec.contains(":") ? String(spec[spec.index(after: spec.firstIndex(of: ":")!)...]) : nil
        guard let maker = makers[kind] else {
            throw RegistryCommandError(message: "--store \"\(spec)\": unknown store kind \"\(kind)\"; available: \(makers.keys.sorted().joined(separator: ", "))"
                + (kind == "containerd" ? " (the containerd store is not built into this binary yet; use --store oci-layout:DIR)" : ""))
        }
        return try await maker(argument, context)
    }
}

/// Chooses the `PeerRouter` and `PeerFetcher` for `spegel registry`.
///
/// Until the peer-to-peer module registers `p2p`, the only kind is `standalone`: an in-memory router
/// with no peers (every local miss is a fast 404).
enum RegistryRouterFactory {
    /// What router makers may need from the command line.
    struct Context: Sendable {
        var routerAddress: String
        var registryAddress: String
        var bootstrapKind: String?
        var dnsBootstrapDomain: String?
        var staticPeers: [String]
        var logger: Logger
    }

    typealias Maker = @Sendable (_ context: Context) async throws -> (router: any PeerRouter, fetcher: (any PeerFetcher)?)

    /// Router kinds by name.
    static let makers: [String: Maker] = [
        "standalone": { context in
            let text = context.registryAddress
            let port = (text.hasPrefix(":") ? Int(text.dropFirst()) : PeerAddress(text)?.port) ?? 5000
            return (InMemoryPeerRouter(network: InMemoryPeerNetwork(), address: PeerAddress(host: "127.0.0.1", port: port)), nil)
        },
        "p2p": { c in try await P2PSetup.make(routerAddress: c.routerAddress, registryAddress: c.registryAddress, bootstrapKind: c.bootstrapKind, dnsDomain: c.dnsBootstrapDomain, staticPeers: c.staticPeers, logger: c.logger) },
    ]

    /// The router for `kind`, defaulting to `p2p` when registered, else `standalone`.
    static func make(_ kind: String?, context: Context) async throws -> (router: any PeerRouter, fetcher: (any PeerFetcher)?) {
        let chosen = kind ?? (makers["p2p"] != nil ? "p2p" : "standalone")
        guard let maker = makers[chosen] else {
            throw RegistryCommandError(message: "--router \"\(chosen)\": unknown router kind; available: \(makers.keys.sorted().joined(separator: ", "))")
        }
        return try await maker(context)
    }
}

/// A usage error of `spegel registry`.
struct RegistryCommandError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
