import Foundation
import Logging
import MirrorRegistry

/// Builds the `p2p` router and fetcher from `spegel registry` flags.
public enum P2PSetup {
    /// Starts a `P2PRouter` and makes the matching `HTTPPeerFetcher`.
    /// - Parameters:
    ///   - routerAddress: `--router-addr` (`:5001`, `host:port`).
    ///   - registryAddress: `--registry-addr`; its port is advertised.
    ///   - bootstrapKind: `dns` (default when a domain is given) or `static`.
    ///   - dnsDomain: `--dns-bootstrap-domain`.
    ///   - staticPeers: router addresses for `static` (`HOST:PORT`, repeated or comma-separated).
    ///   - nodeIP: this node's IP (the `NODE_IP` environment variable by default).
    /// - Throws: `RouterStartError` naming the flag that is missing or malformed.
    public static func make(routerAddress: String, registryAddress: String, bootstrapKind: String?, dnsDomain: String?,
                            staticPeers: [String], nodeIP: String? = ProcessInfo.processInfo.environment["NODE_IP"],
                            logger: Logger) async throws -> (router: any PeerRouter, fetcher: (any PeerFetcher)?) {
        guard let registryPort = port(of: registryAddress) else {
            throw RouterStartError(message: "--registry-addr \"\(registryAddress)\": expected host:port or :port")
        }
        guard let routerPort = port(of: routerAddress) else {
            throw RouterStartError(message: "--router-addr \"\(routerAddress)\": expected host:port or :port")
        }
        let kind = bootstrapKind ?? (dnsDomain != nil ? "dns" : "static")
        let membership: any MembershipSource
        switch kind {
        case "dns":
            guard let dnsDomain, !dnsDomain.isEmpty else {
                throw RouterStartError(message: "--bootstrap-kind dns needs --dns-bootstrap-domain NAME")
            }
            membership = DNSMembership(domain: dnsDomain, routerPort: routerPort)
        case "static":
            let texts = staticPeers.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            var peers: [PeerAddress] = []
            for text in texts {
                guard let peer = PeerAddress(text) else {
                    throw RouterStartError(message: "--bootstrap-peers \"\(text)\": expected HOST:PORT of a peer's router port")
                }
                peers.append(peer)
            }
            membership = StaticMembership(peers)
        default:
            throw RouterStartError(message: "--bootstrap-kind \"\(kind)\": expected dns or static")
        }
        var configuration = P2PRouter.Configuration(listenAddress: routerAddress, nodeIP: nodeIP, registryPort: registryPort, membership: membership)
        configuration.logger = logger
        let router = try await P2PRouter.start(configuration)
        logger.info("p2p router started", metadata: ["identity": "\(router.identity)", "provider": "\(router.provider)", "bootstrap": "\(kind)"])
        return (router, HTTPPeerFetcher(router: router))
    }

    static func port(of address: String) -> Int? {
        if address.hasPrefix(":") { return Int(address.dropFirst()) }
        if let peer = PeerAddress(address) { return peer.port }
        return nil
    }
}
