import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One blob upload session: `POST` to start, then one `PUT` with the content, or `PATCH` chunks and
/// a final `PUT`, each request going to the `Location` the registry returned last.
struct BlobUpload: Sendable {
    let transport: Transport
    let repository: Repository
    let descriptor: Descriptor
    /// The file holding the content, or nil when `data` holds it.
    let file: String?
    let progress: ProgressCounter?
    let context: OperationContext
    var data: Data? = nil

    private var scopes: [String] { [Scope.push(repository.path)] }

    /// Starts a session; returns its location and the registry's minimum chunk length, if it names one.
    func start() async throws -> (location: String, minimumChunk: Int64?) {
        let url = transport.endpoint(repository.registry).uploadsURL(repository.path)
        let request = RegistryRequest(method: .POST, url: url, scopes: scopes)
        let (response, body) = try await transport.sendCollecting(request, context, limit: 64 << 10)
        guard response.status.code == 202 else {
            throw transport.failure(status: Int(response.status.code), headers: response.headers, body: body, context)
        }
        let location = try self.location(of: response, against: url)
        let minimum = response.headers.first(name: "OCI-Chunk-Min-Length").flatMap(Int64.init)
        return (location, minimum)
    }

    /// `POST`, then one `PUT ?digest=` with the whole content.
    func monolithic() async throws {
        let (location, _) = try await start()
        let body: RequestBody = file.map { .file(path: $0, range: 0..<descriptor.size, progress: progress) } ?? .data(data ?? Data())
        try await finish(at: location, body: body)
    }

    /// `POST`, then `PATCH` chunks with `Content-Range`, then `PUT ?digest=`. A chunk that fails is
    /// resumed from the offset the registry reports for the session.
    func chunked(chunkSize: Int64, policy: RetryPolicy) async throws {
        guard let file else { return try await monolithic() }
        var (location, minimum) = try await start()
        let size = descriptor.size
        let chunk = max(chunkSize, minimum ?? 0)
        var offset: Int64 = 0
        var failures = 0
        progress?.reset(to: 0)
        while offset < size {
            let end = min(size, offset + chunk)
            let sent = progress?.value ?? 0
            let counter = ProgressCounter(progress.map { total in { @Sendable in total.reset(to: sent + $0) } })
            var request = RegistryRequest(
                method: .PATCH, url: location,
                headers: [("Content-Type", "application/octet-stream"), ("Content-Range", "\(offset)-\(end - 1)")],
                body: .file(path: file, range: offset..<end, progress: counter), scopes: scopes)
            request.retries = false
            request.transfer = true
            do {
                let (response, body) = try await transport.sendCollecting(request, context, limit: 64 << 10)
                guard response.status.code == 202 else {
                    throw transport.failure(status: Int(response.status.code), headers: response.headers, body: body, context)
                }
                location = try self.location(of: response, against: location)
                offset = Self.nextOffset(range: response.headers.first(name: "Range")) ?? end
                progress?.reset(to: offset)
            } catch let error as RegistryClientError where Self.isResumable(error) {
                failures += 1
                guard failures < policy.maximumAttempts else { throw error }
                try await Task.sleep(for: policy.delay(afterAttempt: failures))
                // Ask the registry how much of the session it holds, and go on from there.
                let status = try await self.status(of: location)
                location = status.location
                offset = status.offset
                progress?.reset(to: offset)
            }
        }
        try await finish(at: location, body: .none)
    }

    /// `PUT <location>?digest=` with `body` (the content, or nothing after chunks).
    private func finish(at location: String, body: RequestBody) async throws {
        var request = RegistryRequest(
            method: .PUT, url: RegistryEndpoint.appendingQuery(location, [("digest", descriptor.digest.description)]),
            body: body, scopes: scopes)
        if case .none = body {} else { request.headers.append(("Content-Type", "application/octet-stream")) }
        request.retries = false
        request.transfer = true
        let (response, responseBody) = try await transport.sendCollecting(request, context, limit: 64 << 10)
        guard response.status.code == 201 else {
            throw transport.failure(status: Int(response.status.code), headers: response.headers, body: responseBody, context)
        }
        if let answered = response.headers.first(name: "Docker-Content-Digest").flatMap(Digest.init), answered != descriptor.digest {
            throw context.error(.digestMismatch, status: 201, detail: "the registry stored the blob as \(answered)")
        }
    }

    /// `GET <location>`: the session's current location and the offset after the bytes it holds.
    private func status(of location: String) async throws -> (location: String, offset: Int64) {
        let request = RegistryRequest(method: .GET, url: location, scopes: scopes)
        let (response, body) = try await transport.sendCollecting(request, context, limit: 64 << 10)
        guard response.status.code == 204 || response.status.code == 200 else {
            throw transport.failure(status: Int(response.status.code), headers: response.headers, body: body, context)
        }
        let next = (try? self.location(of: response, against: location)) ?? location
        // `0-0` means "nothing yet" as often as "one byte": assume nothing (re-sending a byte is harmless).
        let range = response.headers.first(name: "Range")
        return (next, range == "0-0" || range == "bytes=0-0" ? 0 : Self.nextOffset(range: range) ?? 0)
    }

    private func location(of response: HTTPClientResponse, against url: String) throws -> String {
        guard let value = response.headers.first(name: "Location"),
              let location = RegistryEndpoint.resolve(location: value, against: url) else {
            throw context.error(.invalidResponse, status: Int(response.status.code), detail: "the upload response has no usable Location header")
        }
        return location
    }

    /// `0-1023` → 1024; `bytes=0-1023` too. Nil when absent or malformed.
    static func nextOffset(range: String?) -> Int64? {
        guard var text = range else { return nil }
        if text.hasPrefix("bytes=") { text.removeFirst(6) }
        guard let dash = text.firstIndex(of: "-"), let last = Int64(text[text.index(after: dash)...]) else { return nil }
        return last + 1
    }

    /// Chunk failures worth asking the session's status and going on.
    static func isResumable(_ error: RegistryClientError) -> Bool {
        switch error.kind {
        case .connectionFailed, .serverError, .tooManyRequests: return true
        case .unexpectedStatus: return error.status == 416
        default: return false
        }
    }
}
