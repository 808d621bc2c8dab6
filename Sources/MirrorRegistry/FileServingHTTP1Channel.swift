import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The registry port's HTTP/1.1 channel: Hummingbird's HTTP/1 pipeline with, between NIO's codec and the
/// HTTP types conversion, a `LocalBlobHandler` (local file-backed blobs answered on the event loop) and a
/// `FileRegionHandler` (file-backed bodies of the responder's responses), so local blobs leave with
/// `sendfile(2)`.
struct FileServingHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    /// Answers local blob requests itself when set.
    let mirror: MirrorService?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false,
                                                     withOutboundHeaderValidation: false)
            if let mirror { try pipeline.addHandler(LocalBlobHandler(mirror: mirror)) }
            try pipeline.addHandler(FileRegionHandler())
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 whose responses may name a file region for their body (see `FileRegionHandler`); with
    /// `mirror`, its local file-backed blobs are answered without the responder (see `LocalBlobHandler`).
    static func fileServingHTTP1(mirror: MirrorService?) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in FileServingHTTP1Channel(responder: responder, mirror: mirror) }
    }
}
