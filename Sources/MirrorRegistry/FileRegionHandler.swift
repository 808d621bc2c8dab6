import HTTPTypes
import NIOCore
import NIOHTTP1

/// Sends file-backed response bodies with `sendfile(2)` instead of copying them through user space.
///
/// It sits in the registry port's pipeline between NIO's HTTP/1 codec and the conversion to HTTP types,
/// where bodies are `IOData` and may be file regions. Two internal headers connect it with the responder:
/// - on every request head it sets `Spegel-Internal-File-Regions: 1` (after removing any value a client sent),
///   telling the responder that this connection can send files;
/// - a response head carrying `Spegel-Internal-File: START-END PATH` (END exclusive) is sent without that
///   header, followed by the bytes `START..<END` of `PATH` as one file region; the responder's own body is
///   empty and its `end` follows the region.
///
/// The file is opened when the head passes (a missing file closes the connection: the head promised a
/// length) and closed once the region has been written or has failed.
final class FileRegionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request header: the connection can send file regions.
    static let capabilityHeader = "Spegel-Internal-File-Regions"
    /// Response header: `START-END PATH`, the body to send from a file.
    static let fileHeader = "Spegel-Internal-File"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        head.headers.remove(name: Self.capabilityHeader)
        head.headers.remove(name: Self.fileHeader)
        head.headers.add(name: Self.capabilityHeader, value: "1")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data), let value = head.headers.first(name: Self.fileHeader) else {
            context.write(data, promise: promise)
            return
        }
        head.headers.remove(name: Self.fileHeader)
        guard let region = FileRegionSpecification(value) else {
            context.write(wrapOutboundOut(.head(head)), promise: promise)
            context.close(promise: nil)
            return
        }
        let handle: NIOFileHandle
        do {
            handle = try NIOFileHandle(_deprecatedPath: region.path)
        } catch {
            promise?.fail(error)
            context.close(promise: nil)
            return
        }
        context.write(wrapOutboundOut(.head(head)), promise: promise)
        guard !region.range.isEmpty else {
            try? handle.close()
            return
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { _ in try? handle.close() }
        let body = FileRegion(fileHandle: handle, readerIndex: Int(region.range.lowerBound), endIndex: Int(region.range.upperBound))
        context.write(wrapOutboundOut(.body(.fileRegion(body))), promise: written)
    }
}

/// The value of `Spegel-Internal-File`: `START-END PATH`.
struct FileRegionSpecification: Equatable {
    var path: String
    var range: Range<Int64>

    init(path: String, range: Range<Int64>) {
        self.path = path
        self.range = range
    }

    init?(_ text: String) {
        guard let space = text.firstIndex(of: " ") else { return nil }
        let bounds = text[..<space].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let start = Int64(bounds[0]), let end = Int64(bounds[1]), start >= 0, start <= end else { return nil }
        let path = String(text[text.index(after: space)...])
        guard path.hasPrefix("/") else { return nil }
        self.init(path: path, range: start..<end)
    }

    var headerValue: String { "\(range.lowerBound)-\(range.upperBound) \(path)" }
}
