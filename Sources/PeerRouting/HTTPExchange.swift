import MirrorRegistry
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request and its streamed response over a fresh connection (`Connection: close`).
///
/// Used for router messages and peer fetches. The connection closes when the body ends, on
/// `close()`, when a deadline passes, or when the exchange is released.
public final class HTTPExchange: @unchecked Sendable {
    /// The response status and headers.
    public let head: HTTPResponseHead
    private let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
    private var iterator: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private var ended = false
    private let timedOut: NIOLockedValueBox<Bool>
    private var deadline: Scheduled<Void>?

    private init(head: HTTPResponseHead, channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>,
                 iterator: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator, timedOut: NIOLockedValueBox<Bool>, deadline: Scheduled<Void>?) {
        self.head = head
        self.channel = channel
        self.iterator = iterator
        self.timedOut = timedOut
        self.deadline = deadline
    }

    deinit { close() }

    /// Sends a request to `host:port` and waits for the response head.
    /// - Parameters:
    ///   - headTimeout: time allowed to connect and receive the status line and headers.
    ///   - totalTimeout: time allowed for the whole exchange including the body (nil: no limit once the head arrived).
    ///   - stallTimeout: once the head arrived, time the peer may leave a waiting reader without a byte
    ///     (nil: no limit); a peer that stops sending in the middle of a body fails with
    ///     `HTTPExchangeError.timeout` instead of holding the reader forever. Time the reader is not
    ///     asking for bytes does not count.
    ///   - sourceAddress: the local IP to connect from (a node known by a specific IP sends from it), or nil.
    /// - Throws: `HTTPExchangeError` when connecting fails, a deadline passes, or the peer closes early.
    public static func send(method: HTTPMethod, host: String, port: Int, path: String, headers: [(String, String)] = [],
                            body: ByteBuffer? = nil, headTimeout: Duration, totalTimeout: Duration? = nil,
                            stallTimeout: Duration? = nil, sourceAddress: String? = nil) async throws -> HTTPExchange {
        let target = "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        let timedOut = NIOLockedValueBox(false)
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            // The async wrapper is created only after the connection is up: one created in the channel
            // initializer would be dropped unfinished when connecting fails (a fatal error in NIO).
            var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            if let sourceAddress {
                bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: sourceAddress, port: 0))
            }
            let connected = try await bootstrap
                .connectTimeout(.nanoseconds(Int64(headTimeout.nanoseconds)))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let stallTimeout {
                            try channel.pipeline.syncOperations.addHandler(
                                StallWatch(timeout: .nanoseconds(stallTimeout.nanoseconds), timedOut: timedOut))
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    }
                }
                .connect(host: host, port: port).get()
            channel = try await connected.eventLoop.submit {
                try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: connected)
            }.get()
        } catch {
            throw HTTPExchangeError.connect(target, "\(error)")
        }
        let raw = channel.channel
        let headDeadline = raw.eventLoop.scheduleTask(in: .nanoseconds(Int64(headTimeout.nanoseconds))) {
            timedOut.withLockedValue { $0 = true }
            raw.close(promise: nil)
        }
        var requestHead = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        requestHead.headers.add(name: "Host", value: target)
        requestHead.headers.add(name: "Connection", value: "close")
        requestHead.headers.add(name: "User-Agent", value: "spegel-peer")
        for (name, value) in headers { requestHead.headers.add(name: name, value: value) }
        if let body { requestHead.headers.add(name: "Content-Length", value: String(body.readableBytes)) }
        var iterator = channel.inbound.makeAsyncIterator()
        do {
            try await channel.outbound.write(.head(requestHead))
            if let body { try await channel.outbound.write(.body(.byteBuffer(body))) }
            try await channel.outbound.write(.end(nil))
            channel.outbound.finish()
            while true {
                guard let part = try await iterator.next() else { throw HTTPExchangeError.closed(target) }
                if case .head(let head) = part, head.status != .continue {
                    headDeadline.cancel()
                    if stallTimeout != nil { raw.triggerUserOutboundEvent(StallWatch.Arm(), promise: nil) }
                    let total = totalTimeout.map { timeout in
                        raw.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout.nanoseconds))) {
                            timedOut.withLockedValue { $0 = true }
                            raw.close(promise: nil)
                        }
                    }
                    return HTTPExchange(head: head, channel: channel, iterator: iterator, timedOut: timedOut, deadline: total)
                }
            }
        } catch {
            headDeadline.cancel()
            channel.outbound.finish()
            raw.close(promise: nil)
            if timedOut.withLockedValue({ $0 }) { throw HTTPExchangeError.timeout(target, headTimeout) }
            if let error = error as? HTTPExchangeError { throw error }
            throw HTTPExchangeError.closed(target)
        }
    }

    /// The status code.
    public var status: Int { Int(head.status.code) }

    /// The first value of header `name`.
    public func header(_ name: String) -> String? { head.headers.first(name: name) }

    /// The next chunk of the body, or nil at its end.
    /// - Throws: `HTTPExchangeError.closed` when the connection ends before the body does.
    public func nextChunk() async throws -> ByteBuffer? {
        guard !ended else { return nil }
        do {
            while let part = try await iterator.next() {
                switch part {
                case .body(let buffer):
                    return buffer
                case .end:
                    ended = true
                    close()
                    return nil
                case .head:
                    continue
                }
            }
        } catch {}
        ended = true
        close()
        throw timedOut.withLockedValue({ $0 }) ? HTTPExchangeError.timeout("\(channel.channel.remoteAddress.map { "\($0)" } ?? "peer")", nil) : HTTPExchangeError.closed("\(head.status.code) response")
    }

    /// The whole body (at most `limit` bytes).
    public func collect(upTo limit: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        while var chunk = try await nextChunk() {
            guard result.readableBytes + chunk.readableBytes <= limit else {
                close()
                throw HTTPExchangeError.tooLarge(limit)
            }
            result.writeBuffer(&chunk)
        }
        return result
    }

    /// Closes the connection (idempotent).
    public func close() {
        deadline?.cancel()
        deadline = nil
        channel.channel.close(promise: nil)
    }
}

/// Failures of an `HTTPExchange`.
public enum HTTPExchangeError: Error, CustomStringConvertible, Equatable {
    case connect(String, String)
    case timeout(String, Duration?)
    case closed(String)
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .connect(let target, let reason): return "connecting to \(target) failed: \(reason)"
        case .timeout(let target, let limit): return "\(target) did not answer" + (limit.map { " within \($0)" } ?? " in time")
        case .closed(let target): return "connection to \(target) closed before the response was complete"
        case .tooLarge(let limit): return "response body exceeds \(limit) bytes"
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : product + attoseconds / 1_000_000_000
    }
}
