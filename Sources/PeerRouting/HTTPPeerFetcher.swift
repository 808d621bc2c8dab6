import Foundation
import MirrorRegistry
import NIOConcurrencyHelpers
import NIOCore

/// Fetches manifests and blobs from a peer's registry port over HTTP, with `X-Spegel-Mirrored: true`
/// so the peer never forwards the request again.
///
/// - A peer that does not send response headers within `headTimeout` counts as failed, so the
///   mirror moves on to the next peer quickly.
/// - When a peer has not answered after `hedgeDelay`, a backup request goes to another provider
///   (found through `router`); the first to answer wins and the other is closed.
/// - A peer that sends nothing for `stallTimeout` in the middle of a body counts as broken off.
/// - When a peer dies (or stalls) in the middle of a body, the download resumes from the byte it reached with a
///   `Range` request to another provider (found through `router`), up to `resumeAttempts` times.
/// The mirror (`MirrorService`) re-hashes the assembled bytes and aborts on mismatch.
public struct HTTPPeerFetcher: PeerFetcher {
    /// Time allowed to connect and receive the response headers.
    public var headTimeout: Duration
    /// Where to find other providers when resuming; nil: no resume.
    public var router: (any PeerRouter)?
    /// How many times a broken body is resumed from another peer.
    public var resumeAttempts: Int
    /// Time after which a backup request goes to another provider; nil: no backup requests.
    public var hedgeDelay: Duration?
    /// Time one lookup for a resume source may take.
    public var resumeLookupTimeout: Duration
    /// Time a peer may go without sending a byte once it answered; then the download resumes elsewhere.
    public var stallTimeout: Duration

    public init(headTimeout: Duration = .milliseconds(500), router: (any PeerRouter)? = nil,
                resumeAttempts: Int = 2, resumeLookupTimeout: Duration = .milliseconds(200), hedgeDelay: Duration? = .milliseconds(100),
                stallTimeout: Duration = .seconds(10)) {
        self.hedgeDelay = hedgeDelay
        self.stallTimeout = stallTimeout
        self.headTimeout = headTimeout
        self.router = router
        self.resumeAttempts = resumeAttempts
        self.resumeLookupTimeout = resumeLookupTimeout
    }

    public func fetch(_ request: MirrorRequest, from peer: PeerAddress) async throws -> PeerContent? {
        guard let hedgeDelay, hedgeDelay < headTimeout, let router, let key = request.key else {
            return try await fetchOnce(request, from: peer)
        }
        enum Outcome: Sendable {
            case answer(Result<PeerContent?, any Error>)
            case hedgeTime
        }
        let lookupTimeout = resumeLookupTimeout
        @Sendable func attempt(_ source: PeerAddress) async -> Outcome {
            do { return .answer(.success(try await fetchOnce(request, from: source))) } catch { return .answer(.failure(error)) }
        }
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask { await attempt(peer) }
            group.addTask {
                try? await Task.sleep(for: hedgeDelay)
                return .hedgeTime
            }
            var pending = 1
            var firstError: (any Error)?
            while let outcome = try await group.next() {
                switch outcome {
                case .hedgeTime:
                    guard pending > 0, !Task.isCancelled else { continue }
                    var backup: PeerAddress?
                    for await candidate in router.lookup(key, timeout: lookupTimeout) where candidate != peer {
                        backup = candidate
                        break
                    }
                    if let backup {
                        pending += 1
                        group.addTask { await attempt(backup) }
                    }
                case .answer(.success(let content?)):
                    group.cancelAll()
                    return content
                case .answer(.success(nil)):
                    pending -= 1
                case .answer(.failure(let error)):
                    pending -= 1
                    firstError = firstError ?? error
                }
                if pending == 0 {
                    group.cancelAll()
                    if let firstError { throw firstError }
                    return nil
                }
            }
            return nil
        }
    }

    /// One GET to `peer` (no backup request).
    func fetchOnce(_ request: MirrorRequest, from peer: PeerAddress) async throws -> PeerContent? {
        let exchange = try await HTTPExchange.send(method: .GET, host: peer.host, port: peer.port, path: Self.path(for: request),
                                                   headers: Self.headers(for: request), headTimeout: headTimeout, stallTimeout: stallTimeout)
        if exchange.status == 404 {
            exchange.close()
            return nil
        }
        guard exchange.status == 200 else {
            exchange.close()
            throw PeerResponseError(peer: peer, message: "answered \(exchange.status) to GET \(Self.path(for: request))")
        }
        guard let sizeText = exchange.header("Content-Length"), let size = Int64(sizeText), size >= 0 else {
            exchange.close()
            throw PeerResponseError(peer: peer, message: "sent no valid Content-Length")
        }
        let digest: Digest
        switch request.reference {
        case .digest(let requested):
            if let sent = exchange.header("Docker-Content-Digest"), Digest(sent) != requested {
                exchange.close()
                throw PeerResponseError(peer: peer, message: "sent Docker-Content-Digest \(sent) for \(requested)")
            }
            digest = requested
        case .tag:
            guard let sent = exchange.header("Docker-Content-Digest"), let parsed = Digest(sent) else {
                exchange.close()
                throw PeerResponseError(peer: peer, message: "sent no valid Docker-Content-Digest for a tag")
            }
            digest = parsed
        }
        let mediaType = exchange.header("Content-Type") ?? MediaType.octetStream
        let descriptor = Descriptor(mediaType: mediaType, digest: digest, size: size)
        let primed = PrimedExchange(exchange)
        let byDigest = MirrorRequest(kind: request.kind, name: request.name, reference: .digest(digest), registry: request.registry)
        let fetcher = self
        let body = ContentBody(size: size, source: .stream { range in
            let reader = PeerBodyReader(fetcher: fetcher, request: byDigest, size: size, range: range, peer: peer,
                                        exchange: range == 0..<size ? primed.take() : nil)
            return AsyncThrowingStream(unfolding: { try await reader.next() })
        })
        return PeerContent(descriptor: descriptor, body: body)
    }

    /// `/v2/<name>/(blobs|manifests)/<reference>[?ns=<registry>]`.
    static func path(for request: MirrorRequest) -> String {
        var path = "/v2/\(request.name)/\(request.kind == .blob ? "blobs" : "manifests")/\(request.reference)"
        if let registry = request.registry {
            path += "?ns=" + (registry.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? registry)
        }
        return path
    }

    static func headers(for request: MirrorRequest, range: Range<Int64>? = nil) -> [(String, String)] {
        var headers = [("X-Spegel-Mirrored", "true")]
        if request.kind == .manifest {
            headers.append(("Accept", [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest, "*/*"].joined(separator: ", ")))
        }
        if let range { headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")) }
        return headers
    }

    /// Opens `range` of `request` (by digest) at `peer`; returns the exchange and how many leading bytes to skip
    /// (a peer that ignores `Range` sends everything).
    func open(_ request: MirrorRequest, range: Range<Int64>, size: Int64, at peer: PeerAddress) async throws -> (HTTPExchange, Int64) {
        let whole = range == 0..<size
        let exchange = try await HTTPExchange.send(method: .GET, host: peer.host, port: peer.port, path: Self.path(for: request),
                                                   headers: Self.headers(for: request, range: whole ? nil : range), headTimeout: headTimeout,
                                                   stallTimeout: stallTimeout)
        switch exchange.status {
        case 200:
            guard exchange.header("Content-Length").flatMap(Int64.init) == size else {
                exchange.close()
                throw PeerResponseError(peer: peer, message: "sent a different size for \(request.reference)")
            }
            return (exchange, range.lowerBound)
        case 206:
            guard let contentRange = exchange.header("Content-Range"), contentRange.hasPrefix("bytes \(range.lowerBound)-") else {
                exchange.close()
                throw PeerResponseError(peer: peer, message: "sent Content-Range \(exchange.header("Content-Range") ?? "none") for bytes \(range.lowerBound)-")
            }
            return (exchange, 0)
        default:
            exchange.close()
            throw PeerResponseError(peer: peer, message: "answered \(exchange.status) to a ranged GET")
        }
    }
}

/// The response a fetch already opened, handed to the first reader of the whole body.
final class PrimedExchange: @unchecked Sendable {
    private let lock = NIOLock()
    private var exchange: HTTPExchange?

    init(_ exchange: HTTPExchange) { self.exchange = exchange }

    func take() -> HTTPExchange? { lock.withLock { defer { exchange = nil }; return exchange } }

    deinit { exchange?.close() }
}

/// Pulls a body range chunk by chunk, resuming from other providers when a peer breaks off.
final class PeerBodyReader: @unchecked Sendable {
    let fetcher: HTTPPeerFetcher
    let request: MirrorRequest
    let size: Int64
    let range: Range<Int64>
    var offset: Int64
    var peer: PeerAddress
    var tried: Set<PeerAddress>
    var exchange: HTTPExchange?
    var skip: Int64 = 0
    var resumes = 0

    init(fetcher: HTTPPeerFetcher, request: MirrorRequest, size: Int64, range: Range<Int64>, peer: PeerAddress, exchange: HTTPExchange?) {
        self.fetcher = fetcher
        self.request = request
        self.size = size
        self.range = range
        self.offset = range.lowerBound
        self.peer = peer
        self.tried = [peer]
        self.exchange = exchange
    }

    deinit { exchange?.close() }

    func next() async throws -> ByteBuffer? {
        while offset < range.upperBound {
            do {
                if exchange == nil {
                    let opened = try await fetcher.open(request, range: offset..<range.upperBound, size: size, at: peer)
                    exchange = opened.0
                    skip = opened.1
                }
                guard var chunk = try await exchange!.nextChunk() else {
                    throw PeerResponseError(peer: peer, message: "ended the body at byte \(offset) of \(range.upperBound)")
                }
                if skip > 0 {
                    let dropped = Int(min(skip, Int64(chunk.readableBytes)))
                    chunk.moveReaderIndex(forwardBy: dropped)
                    skip -= Int64(dropped)
                }
                let wanted = Int(min(Int64(chunk.readableBytes), range.upperBound - offset))
                guard wanted > 0 else { continue }
                offset += Int64(wanted)
                return chunk.getSlice(at: chunk.readerIndex, length: wanted)
            } catch {
                exchange?.close()
                exchange = nil
                try Task.checkCancellation()
                guard resumes < fetcher.resumeAttempts, let next = await alternate() else { throw error }
                resumes += 1
                peer = next
                tried.insert(next)
            }
        }
        exchange?.close()
        exchange = nil
        return nil
    }

    /// Another provider of the content, not tried yet.
    func alternate() async -> PeerAddress? {
        guard let router = fetcher.router, let key = request.key else { return nil }
        for await candidate in router.lookup(key, timeout: fetcher.resumeLookupTimeout) where !tried.contains(candidate) {
            return candidate
        }
        return nil
    }
}

/// A peer answered something unusable.
public struct PeerResponseError: Error, CustomStringConvertible {
    public var peer: PeerAddress
    public var message: String
    public var description: String { "peer \(peer) \(message)" }
}
