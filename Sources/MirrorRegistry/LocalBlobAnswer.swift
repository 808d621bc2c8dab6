import HTTPTypes
import NIOHTTP1
import OCI

/// A blob request the registry port answers on the connection's event loop: a `GET` or `HEAD` of a blob
/// by digest that this node holds as a whole file, within the registry and filter rules.
///
/// Everything else (manifests, tags, misses that go to peers, every error response, unsatisfiable
/// ranges) takes the general path through `RegistryResponder`; this answer carries the same status and
/// headers that path would give, so a client cannot tell them apart.
struct LocalBlobAnswer {
    var request: MirrorRequest
    var file: LocalContentFile
    var status: HTTPResponseStatus
    /// The bytes of the file to send.
    var range: Range<Int64>
    /// Content headers, in the order the general path writes them (`Date` and `Server` come last).
    var headers: HTTPHeaders
    /// Whether the request came from a peer (`X-Spegel-Mirrored: true`).
    var fromPeer: Bool
    /// False for `HEAD`.
    var sendsBody: Bool
}

extension MirrorService {
    /// The answer to a request for a local file-backed blob, or nil when the request needs the general
    /// path: not a `GET`/`HEAD` of `/v2/<name>/blobs/<digest>`, invalid, not mirrored, filtered, not a
    /// file this store knows without waiting, or an unsatisfiable range.
    func localBlobAnswer(method: HTTPMethod, uri: String, headers requestHeaders: HTTPHeaders) -> LocalBlobAnswer? {
        guard method == .GET || method == .HEAD else { return nil }
        let path: Substring
        let query: Substring?
        if let mark = uri.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = uri[..<mark]
            query = uri[uri.utf8.index(after: mark)...]
        } else {
            path = uri[...]
            query = nil
        }
        let namespace = RegistryResponder.queryValue("ns", in: query.map(String.init))
        guard let parsed = try? MirrorRequest.parse(path: String(path), namespace: namespace), parsed.kind == .blob,
              case .digest(let digest) = parsed.reference else { return nil }
        if let registry = parsed.registry, !options.mirrors(registry: registry) { return nil }
        if !options.filters.patterns.isEmpty, options.filters.matches(parsed.filterSubject) { return nil }
        guard let file = store.localFile(of: digest) else { return nil }

        var status = HTTPResponseStatus.ok
        var range: Range<Int64> = 0..<file.size
        let rangeHeader = requestHeaders.first(name: "Range")
        if rangeHeader != nil {
            switch ByteRange.resolve(rangeHeader, size: file.size) {
            case .whole:
                break
            case .partial(let partial):
                status = .partialContent
                range = partial
            case .unsatisfiable:
                return nil
            }
        }
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        for field in Self.contentHeaders(contentType: MediaType.octetStream, digest: digest, range: range, size: file.size,
                                         partial: status == .partialContent) {
            headers.add(name: field.name.rawName, value: field.value)
        }
        let fromPeer = requestHeaders.first(name: HTTPField.Name.spegelMirrored.rawName)?.lowercased() == "true"
        return LocalBlobAnswer(request: parsed, file: file, status: status, range: range, headers: headers,
                               fromPeer: fromPeer, sendsBody: method == .GET)
    }
}
