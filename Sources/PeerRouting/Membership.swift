import MirrorRegistry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers
import NIOPosix

/// Where a node learns the cluster's members (router addresses).
public protocol MembershipSource: Sendable {
    /// The members' router addresses (may include this node).
    func members() async throws -> [PeerAddress]
    /// Whether an answer without other members means this node is alone on purpose (so it is ready).
    var isAloneWhenEmpty: Bool { get }
}

/// A fixed list (`--bootstrap-kind static --bootstrap-peers HOST:PORT…`); replaceable in tests.
public final class StaticMembership: MembershipSource {
    private let peers: NIOLockedValueBox<[PeerAddress]>

    public init(_ peers: [PeerAddress]) { self.peers = NIOLockedValueBox(peers) }

    /// Replaces the list (tests that start nodes before they know each other's ports).
    public func set(_ peers: [PeerAddress]) { self.peers.withLockedValue { $0 = peers } }

    public func members() async throws -> [PeerAddress] { peers.withLockedValue { $0 } }
    public var isAloneWhenEmpty: Bool { true }
}

/// The A and AAAA records of the headless bootstrap Service (`--bootstrap-kind dns
/// --dns-bootstrap-domain NAME`), each with the router port every node listens on.
public struct DNSMembership: MembershipSource {
    public let domain: String
    public let routerPort: Int

    public init(domain: String, routerPort: Int) {
        self.domain = domain
        self.routerPort = routerPort
    }

    /// A name that resolves to only this node means a one-node cluster.
    public var isAloneWhenEmpty: Bool { true }

    public func members() async throws -> [PeerAddress] {
        let domain = self.domain
        let port = routerPort
        return try await NIOThreadPool.singleton.runIfActive {
            try Self.resolve(domain).map { PeerAddress(host: $0, port: port) }
        }
    }

    /// Every distinct IPv4 and IPv6 address `name` resolves to (getaddrinfo), sorted.
    /// - Throws: `MembershipError.resolution` naming the name and getaddrinfo's message.
    public static func resolve(_ name: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0 else {
            throw MembershipError.resolution(name, String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var found = Set<String>()
        var cursor = list
        while let entry = cursor {
            if let text = IPAddressText.string(from: entry.pointee.ai_addr) { found.insert(text) }
            cursor = entry.pointee.ai_next
        }
        return found.sorted()
    }
}

/// Errors finding members.
public enum MembershipError: Error, CustomStringConvertible, Equatable {
    case resolution(String, String)

    public var description: String {
        switch self {
        case .resolution(let name, let reason): return "resolving bootstrap name \"\(name)\" failed: \(reason)"
        }
    }
}

/// Textual IP addresses: formatting socket addresses, and comparing addresses by value.
public enum IPAddressText {
    /// The numeric text of an IPv4/IPv6 socket address (IPv4-mapped IPv6 shown as IPv4).
    public static func string(from address: UnsafePointer<sockaddr>?) -> String? {
        guard let address else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin_addr
                guard inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count)) != nil else { return nil }
                return String(cString: buffer)
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin6_addr
                guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return nil }
                return normalized(String(cString: buffer)) ?? String(cString: buffer)
            }
        default:
            return nil
        }
    }

    /// The canonical text of an IP literal (IPv4-mapped IPv6 becomes IPv4; brackets and zone dropped),
    /// or nil when `text` is not an IP address.
    public static func normalized(_ text: String) -> String? {
        var host = text
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let percent = host.firstIndex(of: "%") { host = String(host[..<percent]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return format(v4) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(cString: buffer)
    }

    private static func format(_ address: in_addr) -> String {
        var raw = address
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN) + 1)
        _ = inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count))
        return String(cString: buffer)
    }

    /// Whether two texts name the same IP address.
    public static func same(_ lhs: String, _ rhs: String) -> Bool {
        guard let left = normalized(lhs), let right = normalized(rhs) else { return false }
        return left == right
    }

    /// The first non-loopback IPv4 address of an up interface (then IPv6), used when neither
    /// `NODE_IP` nor a concrete listen address says who this node is.
    public static func firstLocalAddress() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var v4: String?
        var v6: String?
        var cursor = list
        while let entry = cursor {
            cursor = entry.pointee.ifa_next
            let flags = Int32(entry.pointee.ifa_flags)
            guard flags & 0x1 != 0, flags & 0x8 == 0, // IFF_UP, IFF_LOOPBACK
                   let text = string(from: entry.pointee.ifa_addr) else { continue }
            if text.contains(":") {
                if v6 == nil, !text.lowercased().hasPrefix("fe80") { v6 = text }
            } else if v4 == nil {
                v4 = text
            }
        }
        return v4 ?? v6
    }
}
