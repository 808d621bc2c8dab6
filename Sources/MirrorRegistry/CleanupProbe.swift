import Hummingbird
import ServiceLifecycle
import Logging
import NIOCore
import NIOPosix

/// The probe between `spegel cleanup` and `spegel cleanup-wait`.
///
/// Protocol: `spegel cleanup --addr :8080` removes the mirror configuration and only then starts
/// answering `GET /healthz` with `200 cleaned`, until it is stopped. `spegel cleanup-wait
/// --probe-endpoint HOST:PORT` resolves HOST to every A/AAAA address (the cleanup DaemonSet's
/// headless Service) and polls each address's `/healthz`; it finishes when every address answered 200
/// in `threshold` consecutive rounds (so a node whose pod is still starting is not missed).
public enum CleanupProbe {
    /// Serves `/healthz` → 200 on `address` until cancelled. `onListening` receives the port.
    public static func serve(address: String, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await server(address: address, logger: logger, onListening: onListening).run()
    }

    /// The `/healthz` server as a service, for running inside a `ServiceGroup` (graceful shutdown).
    public static func server(address: String, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some Service {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            if request.uri.path == "/healthz" {
                return RegistryResponder.text("cleaned\n", method: request.method)
            }
            var response = RegistryResponder.text("404 page not found\n", method: request.method)
            response.status = .notFound
            return response
        }
        return Application(responder: responder, configuration: .init(address: try RegistryServer.bindAddress(address), serverName: "spegel-cleanup"),
                           onServerRunning: { await onListening($0.localAddress?.port ?? 0) }, logger: logger)
    }

    /// Every address `host` resolves to (numeric hosts resolve to themselves).
    public static func resolve(host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let address = String(cString: buffer)
                if !addresses.contains(address) { addresses.append(address) }
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    /// `GET http://address:port/healthz`; true only for status 200. Bounded by `timeout`.
    public static func probe(address: String, port: Int, timeout: Duration = .seconds(2)) async -> Bool {
        do {
            return try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await get(address: address, port: port) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return false
                }
                let result = try await group.next() ?? false
                group.cancelAll()
                return result
            }
        } catch {
            return false
        }
    }

    static func get(address: String, port: Int) async throws -> Bool {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: address, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let hostHeader = address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
            try await outbound.write(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: \(hostHeader)\r\nConnection: close\r\n\r\n"))
            var received = ByteBuffer()
            for try await var chunk in inbound {
                received.writeBuffer(&chunk)
                if let text = received.getString(at: received.readerIndex, length: received.readableBytes), text.contains("\r\n") {
                    let statusLine = text.prefix { $0 != "\r" }
                    return statusLine.split(separator: " ").dropFirst().first == "200"
                }
                if received.readableBytes > 8192 { return false }
            }
            return false
        }
    }

    /// Polls until every address of `host` answered 200 in `threshold` consecutive rounds, or
    /// `timeout` passes (nil: no limit). Returns whether it succeeded.
    public static func wait(host: String, port: Int, interval: Duration, threshold: Int, timeout: Duration?, logger: Logger) async throws -> Bool {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var streak = 0
        while true {
            try Task.checkCancellation()
            let addresses = resolve(host: host)
            var allReady = !addresses.isEmpty
            for address in addresses where !(await probe(address: address, port: port)) {
                logger.info("cleanup not yet done on \(address):\(port)")
                allReady = false
            }
            streak = allReady ? streak + 1 : 0
            if streak >= max(1, threshold) { return true }
            if let deadline, ContinuousClock.now + interval > deadline { return false }
            try await Task.sleep(for: interval)
        }
    }
}
