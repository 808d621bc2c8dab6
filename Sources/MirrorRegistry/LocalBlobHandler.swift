import Foundation
import NIOCore
import NIOHTTP1

/// Answers requests for local file-backed blobs on the connection's event loop, with `sendfile(2)`,
/// and passes every other request on to Hummingbird's responder.
///
/// A containerd pull is mostly blob requests for content this node holds; answering them here skips
/// the conversion to HTTP types and the hops through Swift concurrency that the general path takes,
/// which is most of the cost of a small blob. The answer (`MirrorService.localBlobAnswer`) has the same
/// status and headers as the general path's, and is counted in the same metrics and request log.
///
/// Order on a connection is kept: while a passed-on request waits for its response, later requests are
/// passed on too (HTTP/1.1 answers in request order). A graceful shutdown waits until answers being
/// written here are done before it reaches Hummingbird's connection handler, which closes idle
/// connections. Only keep-alive HTTP/1.1 requests are answered here.
final class LocalBlobHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let mirror: MirrorService
    /// The request being read was answered here: its body and end are dropped.
    private var answeredCurrentRequest = false
    /// Requests passed on whose response has not ended yet.
    private var awaitingResponses = 0
    /// Answers written here and not yet flushed out.
    private var answersInFlight = 0
    /// A graceful-shutdown event held back until `answersInFlight` is zero.
    private var heldShutdown: Any?
    private var shuttingDown = false
    private var date = HTTPDate()

    init(mirror: MirrorService) {
        self.mirror = mirror
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if awaitingResponses == 0, !shuttingDown, head.version == .http1_1, head.isKeepAlive,
               let answer = mirror.localBlobAnswer(method: head.method, uri: head.uri, headers: head.headers),
               let file = try? NIOFileHandle(_deprecatedPath: answer.file.path) {
                answeredCurrentRequest = true
                send(answer, from: file, method: head.method, context: context)
                return
            }
            answeredCurrentRequest = false
            awaitingResponses += 1
            context.fireChannelRead(data)
        case .body:
            if !answeredCurrentRequest { context.fireChannelRead(data) }
        case .end:
            if answeredCurrentRequest {
                answeredCurrentRequest = false
            } else {
                context.fireChannelRead(data)
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { awaitingResponses = max(0, awaitingResponses - 1) }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        shuttingDown = true
        if answersInFlight > 0 {
            heldShutdown = event
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func send(_ answer: LocalBlobAnswer, from file: NIOFileHandle, method: HTTPMethod, context: ChannelHandlerContext) {
        let started = ContinuousClock.now
        let mirror = self.mirror
        mirror.metrics.requestStarted()
        if answer.fromPeer {
            mirror.metrics.recordPeerRequestServed()
        } else {
            mirror.metrics.recordMirrorRequest(registry: answer.request.registry ?? "none", hit: true)
        }
        var headers = answer.headers
        headers.add(name: "Date", value: date.now())
        headers.add(name: "Server", value: "spegel")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: answer.status, headers: headers))), promise: nil)
        if answer.sendsBody, !answer.range.isEmpty {
            let region = FileRegion(fileHandle: file, readerIndex: Int(answer.range.lowerBound), endIndex: Int(answer.range.upperBound))
            context.write(wrapOutboundOut(.body(.fileRegion(region))), promise: nil)
        }
        answersInFlight += 1
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        let record = RequestRecord(time: Date(), method: method.rawValue, subject: answer.request.filterSubject, status: Int(answer.status.code),
                                   outcome: .local, fromPeer: answer.fromPeer, duration: .zero)
        written.futureResult.assumeIsolated().whenComplete { [self] result in
            try? file.close()
            let duration = ContinuousClock.now - started
            mirror.metrics.requestFinished()
            mirror.metrics.recordRequest(handler: "blob", method: method.rawValue, code: Int(answer.status.code), duration: duration)
            var done = record
            done.duration = duration
            mirror.log.append(done)
            answersInFlight -= 1
            if case .failure = result { context.close(promise: nil) }
            if answersInFlight == 0, let event = heldShutdown {
                heldShutdown = nil
                context.fireUserInboundEventTriggered(event)
            }
        }
    }
}
