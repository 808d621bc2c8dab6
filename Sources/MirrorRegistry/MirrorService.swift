import Hummingbird
import _NIOFileSystem
import HTTPTypes
import Logging

/// The mirror's request handling: parse, filter, serve locally, else ask peers, else a fast 404.
///
/// Used by `RegistryResponder` (HTTP) and directly by tests.
public final class MirrorService: Sendable {
    public let store: any ContentStore
    public let router: any PeerRouter
    /// Proxies content from peers; nil means peers are looked up but never fetched from.
    public let fetcher: (any PeerFetcher)?
    public let metrics: RegistryMetrics
    public let log: RequestLog
    public let options: MirrorOptions
    /// Whether containerd is set up to use the mirror (shown on `/readyz` and the debug page).
    public let containerdConfig: ContainerdConfigMonitor
    /// Per-peer answers to this node's misses.
    public let peerTally = PeerTally()
    /// Peers caught serving wrong bytes, skipped for a while.
    public let penalties: PeerPenalties
    let logger: Logger

    public init(store: any ContentStore, router: any PeerRouter, fetcher: (any PeerFetcher)? = nil, metrics: RegistryMetrics = RegistryMetrics(),
                log: RequestLog = RequestLog(), options: MirrorOptions = MirrorOptions(), containerdConfig: ContainerdConfigMonitor? = nil,
                logger: Logger = Logger(label: "spegel.registry")) {
        self.containerdConfig = containerdConfig ?? .disabled(metrics: metrics)
        self.penalties = PeerPenalties(duration: options.lyingPeerPenalty)
        self.store = store
        self.router = router
        self.fetcher = fetcher
        self.metrics = metrics
        self.log = log
        self.options = options
        self.logger = logger
    }

    /// What a content request resolved to.
    struct Found {
        var descriptor: Descriptor
        var body: ContentBody
        var outcome: RequestRecord.Outcome
        /// Digest the streamed bytes must match when they come from a peer.
        var verify: Digest?
        /// The peer the bytes come from, penalized if they do not match.
        var peer: PeerAddress?
        /// A staged copy of a peer's blob, removed once the response is written.
        var stagedFile: String?
    }

    /// Answers a `/v2/<name>/(manifests|blobs)/<reference>` request.
    func serve(_ request: MirrorRequest, method: HTTPRequest.Method, headers: HTTPFields, started: ContinuousClock.Instant) async -> Response {
        let fromPeer = headers[.spegelMirrored]?.lowercased() == "true"
        let registryLabel = request.registry ?? "none"
        var outcome: RequestRecord.Outcome = .miss
        var response: Response
        var stagedFile: String?
        do {
            let found = try await find(request, fromPeer: fromPeer, stage: method == .get)
            outcome = found.outcome
            stagedFile = found.stagedFile
            response = try contentResponse(found, kind: request.kind, method: method, rangeHeader: headers[.range],
                                           fileRegions: headers[.spegelFileRegions] == "1" && found.stagedFile == nil)
        } catch let error as RegistryError {
            response = errorResponse(error, method: method)
            if error.status != .notFound { outcome = .rejected }
        } catch {
            logger.warning("serving \(request) failed: \(error)")
            response = errorResponse(.unknown(request, reason: "store error: \(error)"), method: method)
        }
        if outcome != .rejected {
            if fromPeer {
                if outcome != .miss { metrics.recordPeerRequestServed() }
            } else {
                metrics.recordMirrorRequest(registry: registryLabel, hit: outcome != .miss)
            }
        }
        let record = RequestRecord(time: Date(), method: method.rawValue, subject: request.filterSubject, status: response.status.code,
                                   outcome: outcome, fromPeer: fromPeer, duration: .zero)
        return response.finishing { [log, stagedFile] in
            if let stagedFile { _ = unlink(stagedFile) }
            var done = record
            done.duration = ContinuousClock.now - started
            log.append(done)
        }
    }

    /// What `request` resolves to: local content, else (unless it came from a peer) a peer's. With `stage`,
    /// large peer blobs are staged and verified first (see `MirrorOptions.peerBlobStagingDirectory`).
    func find(_ request: MirrorRequest, fromPeer: Bool, stage: Bool = false) async throws -> Found {
        if let registry = request.registry, !options.mirrors(registry: registry) {
            throw RegistryError.unknown(request, reason: "registry \(registry) is not in --mirrored-registries")
        }
        if options.filters.matches(request.filterSubject) {
            throw RegistryError.unknown(request, reason: "filtered by --registry-filters")
        }
        var digest: Digest?
        switch request.reference {
        case .digest(let d):
            digest = d
        case .tag(let tag):
            guard options.resolveTags else { throw RegistryError.unknown(request, reason: "tag resolution is disabled (--resolve-tags=false)") }
            guard let registry = request.registry else {
                throw RegistryError.unknown(request, reason: "a tag request needs the ns query parameter naming the upstream registry")
            }
            digest = try await store.resolve(TagReference(registry: registry, repository: request.name, tag: tag))
        }
        if let digest, var descriptor = try await store.descriptor(of: digest), let body = try await store.open(digest) {
            if request.kind == .manifest, !MediaType.isManifestOrIndex(descriptor.mediaType),
               let sniffed = try await ManifestMediaType.sniff(body, limit: options.manifestVerifyLimit, chunkSize: options.chunkSize) {
                descriptor.mediaType = sniffed
            }
            return Found(descriptor: descriptor, body: body, outcome: .local)
        }
        if !fromPeer, let key = request.key, let (content, peer, verified, staged) = await fetchFromPeers(request, key: key, stage: stage) {
            return Found(descriptor: content.descriptor, body: content.body, outcome: .peer,
                         verify: verified ? nil : content.descriptor.digest, peer: peer, stagedFile: staged)
        }
        throw RegistryError.unknown(request, reason: "not on this node" + (fromPeer ? "" : " or its peers"))
    }

    /// Looks `key` up (each attempt bounded by `resolveTimeout`) and returns the first peer's content.
    /// Content of `request` from the first peer that has it: manifests and blobs up to their verify limits
    /// are read whole and checked against their digest before anything is sent (`verified`); larger ones
    /// are checked while streaming. Penalized peers are skipped; a peer whose content does not match is
    /// penalized.
    func fetchFromPeers(_ request: MirrorRequest, key: ContentKey, stage: Bool = false)
        async -> (content: PeerContent, peer: PeerAddress, verified: Bool, staged: String?)? {
        let started = ContinuousClock.now
        defer { metrics.recordResolve(ContinuousClock.now - started) }
        for attempt in 0..<max(1, options.resolveRetries) {
            var sawPeer = false
            for await peer in router.lookup(key, timeout: options.resolveTimeout) where !penalties.isPenalized(peer) {
                sawPeer = true
                guard let fetcher else { continue }
                do {
                    guard let content = try await fetcher.fetch(request, from: peer) else {
                        record(.notFound, from: peer)
                        continue
                    }
                    if case .digest(let digest) = request.reference, content.descriptor.digest != digest {
                        record(.failure, from: peer)
                        continue
                    }
                    let verifyLimit = request.kind == .manifest ? max(options.manifestVerifyLimit, options.blobVerifyLimit) : options.blobVerifyLimit
                    let staging = stage ? options.peerBlobStagingDirectory : nil
                    // Checked before a byte is sent: small content in memory, large blobs in a staging file.
                    let checked: (content: PeerContent, staged: String?)?
                    if content.body.size > verifyLimit, let staging, stagingDirectoryReady(staging) {
                        checked = try await verifiedFile(content, in: staging).map {
                            (PeerContent(descriptor: content.descriptor, body: ContentBody(filePath: $0, size: content.body.size)), $0)
                        }
                    } else if content.body.size <= verifyLimit {
                        checked = try await verifiedWhole(content).map { ($0, nil) }
                    } else {
                        record(.hit, from: peer)
                        return (content, peer, false, nil)
                    }
                    guard let checked else {
                        logger.warning("peer \(peer) served \(request.kind == .manifest ? "a manifest" : "a blob") that does not match \(content.descriptor.digest); skipping it for a while")
                        penalties.penalize(peer)
                        record(.failure, from: peer)
                        continue
                    }
                    record(.hit, from: peer)
                    return (checked.content, peer, true, checked.staged)
                } catch {
                    record(.failure, from: peer)
                    logger.debug("peer \(peer) failed for \(request) (attempt \(attempt + 1)): \(error)")
                }
            }
            if !sawPeer || fetcher == nil { break }
        }
        return nil
    }

    /// The path of a file in `directory` holding `content` when its bytes hash to its digest, else nil
    /// (nothing is left behind). The file appears only once complete (an unnamed file linked at the end).
    private func verifiedFile(_ content: PeerContent, in directory: String) async throws -> String? {
        let path = directory + "/" + content.descriptor.digest.hex + "-" + UUID().uuidString
        struct Mismatch: Error {}
        do {
            try await FileSystem.shared.withFileHandle(forWritingAt: FilePath(path), options: .newFile(replaceExisting: true)) { file in
                var hasher = DigestHasher()
                var written: Int64 = 0
                for try await chunk in content.body.chunks(in: 0..<content.body.size, chunkSize: options.chunkSize) {
                    hasher.update(chunk.readableBytesView)
                    written += try await file.write(contentsOf: chunk, toAbsoluteOffset: written)
                    guard written <= content.body.size else { throw Mismatch() }
                }
                guard written == content.body.size, hasher.finalize() == content.descriptor.digest else { throw Mismatch() }
            }
        } catch is Mismatch {
            return nil
        }
        return path
    }

    /// Whether the staging directory exists or could be made; if not, says so (large peer blobs are then
    /// streamed, checked on the way) rather than failing every large peer fetch.
    private func stagingDirectoryReady(_ directory: String) -> Bool {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return true
        } catch {
            logger.error("cannot create --peer-blob-staging-dir \(directory) (\(error)); streaming large peer blobs unverified until it can be written")
            return false
        }
    }

    /// `content` read into memory when its bytes hash to its digest, else nil.
    private func verifiedWhole(_ content: PeerContent) async throws -> PeerContent? {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Int(content.body.size))
        var hasher = DigestHasher()
        for try await chunk in content.body.chunks(in: 0..<content.body.size, chunkSize: options.chunkSize) {
            hasher.update(chunk.readableBytesView)
            buffer.writeImmutableBuffer(chunk)
            guard buffer.readableBytes <= content.body.size else { return nil }
        }
        guard buffer.readableBytes == content.body.size, hasher.finalize() == content.descriptor.digest else { return nil }
        return PeerContent(descriptor: content.descriptor, body: ContentBody(buffer: buffer))
    }

    private func record(_ outcome: PeerTally.Outcome, from peer: PeerAddress) {
        peerTally.record(outcome, from: peer)
        metrics.recordPeerFetch(outcome.rawValue)
    }

    /// The headers of a content answer, in the order every answer writes them (the general path here and
    /// `LocalBlobHandler` both): Content-Type, Docker-Content-Digest, Accept-Ranges, ETag, Content-Range
    /// (for a `partial` answer, 206), Content-Length.
    static func contentHeaders(contentType: String, digest: Digest, range: Range<Int64>, size: Int64, partial: Bool)
        -> [(name: HTTPField.Name, value: String)] {
        var fields: [(name: HTTPField.Name, value: String)] = [
            (.contentType, contentType), (.dockerContentDigest, digest.description), (.acceptRanges, "bytes"),
            (.eTag, "\"\(digest)\""),
        ]
        if partial {
            fields.append((.contentRange, "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)"))
        }
        fields.append((.contentLength, String(range.count)))
        return fields
    }

    /// The response for found content; with `fileRegions` (the connection sends files itself, see
    /// `FileRegionHandler`) a local file's bytes are named in a header instead of being read here.
    func contentResponse(_ found: Found, kind: MirrorRequest.Kind, method: HTTPRequest.Method, rangeHeader: String?,
                         fileRegions: Bool = false) throws -> Response {
        let size = found.body.size
        var status = HTTPResponse.Status.ok
        var range: Range<Int64> = 0..<size
        switch ByteRange.resolve(rangeHeader, size: size) {
        case .whole:
            break
        case .partial(let partial):
            status = .partialContent
            range = partial
        case .unsatisfiable:
            var error = errorResponse(.rangeNotSatisfiable(rangeHeader ?? "", size: size), method: method)
            error.headers[.contentRange] = "bytes */\(size)"
            return error
        }
        var headers = HTTPFields()
        for field in Self.contentHeaders(contentType: kind == .manifest ? found.descriptor.mediaType : MediaType.octetStream,
                                         digest: found.descriptor.digest, range: range, size: size,
                                         partial: status == .partialContent) {
            headers.append(HTTPField(name: field.name, value: field.value))
        }
        if method == .head {
            return Response(status: status, headers: headers, body: ResponseBody())
        }
        if fileRegions, found.verify == nil, case .file(let path, let base) = found.body.source {
            headers[.spegelFile] = FileRegionSpecification(path: path, range: (range.lowerBound + base)..<(range.upperBound + base)).headerValue
            return Response(status: status, headers: headers, body: ResponseBody(contentLength: range.count) { writer in
                try await writer.finish(nil)
            })
        }
        let body = found.body
        let penalties = self.penalties
        let logger = self.logger
        let peerTally = self.peerTally, metrics = self.metrics
        let chunkSize = options.chunkSize
        let verify = (range == 0..<size) ? found.verify : nil
        let length = range.count
        let servedRange = range
        return Response(status: status, headers: headers, body: ResponseBody(contentLength: length) { writer in
            var hasher = verify.map { _ in DigestHasher() }
            if case .file(let path, let base) = body.source, hasher == nil {
                try await FileChunks.write(path: path, range: (servedRange.lowerBound + base)..<(servedRange.upperBound + base), chunkSize: chunkSize) { chunk in
                    try await writer.write(chunk)
                }
            } else {
                // With verification, the last chunk is held back until the digest matched, so a client
                // never receives a complete response with wrong content (the connection is cut instead).
                var pending: ByteBuffer?
                var delivered: Int64 = 0
                for try await chunk in body.chunks(in: servedRange, chunkSize: chunkSize) {
                    delivered += Int64(chunk.readableBytes)
                    guard delivered <= Int64(length) else { throw ContentStoreError.truncated(path: "peer content", expected: Int64(length), read: delivered) }
                    guard hasher != nil else {
                        try await writer.write(chunk)
                        continue
                    }
                    hasher!.update(chunk.readableBytesView)
                    if let previous = pending { try await writer.write(previous) }
                    pending = chunk
                }
                guard delivered == Int64(length) else { throw ContentStoreError.truncated(path: "content", expected: Int64(length), read: delivered) }
                if let verify, let actual = hasher?.finalize(), actual != verify {
                    if let peer = found.peer {
                        penalties.penalize(peer)
                        peerTally.record(.failure, from: peer)
                        metrics.recordPeerFetch(PeerTally.Outcome.failure.rawValue)
                        logger.warning("peer \(peer) served bytes that do not match \(verify); skipping it for a while")
                    }
                    throw ContentStoreError.digestMismatch(expected: verify, actual: actual)
                }
                if let last = pending { try await writer.write(last) }
            }
            try await writer.finish(nil)
        })
    }

    func errorResponse(_ error: RegistryError, method: HTTPRequest.Method) -> Response {
        var buffer = ByteBuffer(string: error.jsonBody)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.contentLength] = String(buffer.readableBytes)
        if method == .head { buffer.clear() }
        return Response(status: error.status, headers: headers, body: method == .head ? ResponseBody() : ResponseBody(byteBuffer: buffer))
    }
}

extension Response {
    /// The same response, calling `done` once the body is written (or failed).
    func finishing(_ done: @escaping @Sendable () -> Void) -> Response {
        let inner = body
        let length = inner.contentLength
        var copy = self
        copy.body = ResponseBody(contentLength: length) { writer in
            defer { done() }
            try await inner.write(writer)
        }
        copy.headers = headers
        return copy
    }
}

extension HTTPField.Name {
    /// `Docker-Content-Digest`.
    static let dockerContentDigest = HTTPField.Name("Docker-Content-Digest")!
    /// `Docker-Distribution-API-Version`.
    static let dockerDistributionAPIVersion = HTTPField.Name("Docker-Distribution-API-Version")!
    /// `X-Spegel-Mirrored`: set by peers; such requests are never forwarded again.
    public static let spegelMirrored = HTTPField.Name("X-Spegel-Mirrored")!
    /// Set by `FileRegionHandler` on requests whose connection sends file regions.
    static let spegelFileRegions = HTTPField.Name(FileRegionHandler.capabilityHeader)!
    /// Names the file region `FileRegionHandler` sends as the body (removed before the head leaves).
    static let spegelFile = HTTPField.Name(FileRegionHandler.fileHeader)!
}
