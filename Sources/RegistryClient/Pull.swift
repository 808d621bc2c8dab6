import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import _NIOFileSystem

extension RegistryClient {
    /// The largest manifest accepted (the distribution spec lets registries refuse larger ones).
    public static let maximumManifestSize = 4 << 20

    /// The descriptor (media type, digest, size) of the manifest or index `reference` names.
    ///
    /// Sends `HEAD` with an `Accept` of the OCI and Docker manifest and index types; when the
    /// registry answers without a digest (or with a type that is not a manifest), fetches the
    /// manifest and computes it.
    public func resolve(_ reference: ImageReference) async throws -> Descriptor {
        try await resolve(Repository(reference), try ManifestReference(reference))
    }

    /// The descriptor of the manifest or index `reference` names in `repository`.
    public func resolve(_ repository: Repository, _ reference: ManifestReference) async throws -> Descriptor {
        let context = OperationContext(operation: "resolve", registry: repository.registry, repository: repository.path,
                                       reference: reference.description)
        let request = RegistryRequest(
            method: .HEAD, url: transport.endpoint(repository.registry).manifestURL(repository.path, reference),
            headers: [("Accept", MediaType.acceptedManifestTypes.joined(separator: ", "))],
            scopes: [Scope.pull(repository.path)], followRedirects: true)
        let response: HTTPClientResponse
        do {
            response = try await transport.send(request, context)
        } catch let error as RegistryClientError where error.status != nil {
            // A HEAD error has no body to name the registry's error code: GET says more.
            return try await manifest(repository, reference).descriptor
        }
        _ = try? await response.body.collect(upTo: 64 << 10)
        if response.status == .ok,
           let digest = response.headers.first(name: "Docker-Content-Digest").flatMap(Digest.init) ?? reference.digest,
           let size = response.headers.first(name: "Content-Length").flatMap(Int64.init),
           let mediaType = response.headers.first(name: "Content-Type").map(Self.bareMediaType),
           MediaType.isManifestOrIndex(mediaType) {
            if let expected = reference.digest, expected != digest {
                throw context.error(.digestMismatch, status: 200, detail: "the registry answered with digest \(digest)")
            }
            return Descriptor(mediaType: mediaType, digest: digest, size: size)
        }
        // No digest, an unexpected type, or an error without a body: GET says more.
        return try await manifest(repository, reference).descriptor
    }

    /// The manifest or index `reference` names: its descriptor and bytes.
    public func manifest(_ reference: ImageReference) async throws -> (descriptor: Descriptor, data: Data) {
        try await manifest(Repository(reference), try ManifestReference(reference))
    }

    /// The manifest or index `reference` names in `repository`: its descriptor and bytes.
    ///
    /// The bytes are verified against the digest when one is known (the reference's, else the
    /// registry's `Docker-Content-Digest`). The media type is the response's `Content-Type` when it
    /// is a manifest type, else the document's `mediaType`, else inferred from its shape.
    public func manifest(_ repository: Repository, _ reference: ManifestReference) async throws -> (descriptor: Descriptor, data: Data) {
        let context = OperationContext(operation: "fetch manifest", registry: repository.registry, repository: repository.path,
                                       reference: reference.description)
        let request = RegistryRequest(
            method: .GET, url: transport.endpoint(repository.registry).manifestURL(repository.path, reference),
            headers: [("Accept", MediaType.acceptedManifestTypes.joined(separator: ", "))],
            scopes: [Scope.pull(repository.path)], followRedirects: true)
        let (response, data) = try await transport.sendCollecting(request, context, limit: Self.maximumManifestSize)
        guard response.status == .ok else {
            throw transport.failure(status: Int(response.status.code), headers: response.headers, body: data, context)
        }
        let digest = Digest.sha256(of: data)
        if let expected = reference.digest ?? response.headers.first(name: "Docker-Content-Digest").flatMap(Digest.init),
           expected != digest {
            throw context.error(.digestMismatch, status: 200, detail: "the manifest has digest \(digest), expected \(expected)",
                                hint: "the registry or a proxy altered the content; try again or check the registry")
        }
        let mediaType = try Self.manifestMediaType(data, contentType: response.headers.first(name: "Content-Type"), context)
        return (Descriptor(mediaType: mediaType, digest: digest, size: Int64(data.count)), data)
    }

    /// Downloads the blob `descriptor` names to `file`, streaming (never the whole blob in memory),
    /// following redirects to storage, verifying size and digest, and resuming with `Range` after a
    /// broken connection. The file appears only when complete and verified (written beside it, then
    /// renamed); a failure leaves whatever was at `file` before.
    ///
    /// - Parameter progress: called with the number of bytes received so far (it may go back to 0
    ///   when a registry cannot resume and the download restarts).
    public func fetchBlob(_ repository: Repository, _ descriptor: Descriptor, to file: URL,
                          progress: (@Sendable (Int64) -> Void)? = nil) async throws {
        let context = OperationContext(operation: "fetch blob", registry: repository.registry, repository: repository.path,
                                       reference: descriptor.digest.description)
        let directory = file.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(file.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try await FileSystem.shared.withFileHandle(forWritingAt: FilePath(temporary.path), options: .newFile(replaceExisting: true)) { handle in
                try await download(repository, descriptor, into: handle, progress: ProgressCounter(progress), context)
            }
            guard rename(temporary.path, file.path) == 0 else {
                throw context.error(.fileError, detail: "cannot rename \(temporary.path) to \(file.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let error = error as? RegistryClientError { throw error }
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            if let error = error as? FileSystemError {
                throw context.error(.fileError, detail: "\(file.path): \(error.message)")
            }
            throw error
        }
    }

    private func download(_ repository: Repository, _ descriptor: Descriptor, into handle: WriteFileHandle,
                          progress: ProgressCounter, _ context: OperationContext) async throws {
        let url = transport.endpoint(repository.registry).blobURL(repository.path, descriptor.digest)
        var hasher = DigestHasher()
        var writer = handle.bufferedWriter(capacity: .mebibytes(1))
        var offset: Int64 = 0
        var attempt = 0
        let policy = configuration.retry
        download: while offset < descriptor.size || attempt == 0 {
            attempt += 1
            var request = RegistryRequest(method: .GET, url: url, scopes: [Scope.pull(repository.path)], followRedirects: true, transfer: true)
            if offset > 0 { request.headers.append(("Range", "bytes=\(offset)-")) }
            let response = try await transport.send(request, context)
            switch response.status.code {
            case 200:
                if offset > 0 {
                    // The registry ignored the Range: start again.
                    try await handle.resize(to: .bytes(0))
                    writer = handle.bufferedWriter(capacity: .mebibytes(1))
                    hasher = DigestHasher()
                    offset = 0
                    progress.reset(to: 0)
                }
            case 206 where offset > 0 && response.headers.first(name: "Content-Range")?.hasPrefix("bytes \(offset)-") == true:
                break
            case 416 where offset > 0:
                _ = try? await response.body.collect(upTo: 64 << 10)
                throw context.error(.sizeMismatch, status: 416, detail: "the blob has \(offset) bytes, expected \(descriptor.size)")
            default:
                let body = (try? await transport.collect(response, limit: 64 << 10, context)) ?? Data()
                throw transport.failure(status: Int(response.status.code), headers: response.headers, body: body, context)
            }
            do {
                for try await chunk in response.body {
                    guard offset + Int64(chunk.readableBytes) <= descriptor.size else {
                        throw context.error(.sizeMismatch, status: Int(response.status.code),
                                            detail: "the blob is larger than the expected \(descriptor.size) bytes")
                    }
                    chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                    try await writer.write(contentsOf: chunk)
                    offset += Int64(chunk.readableBytes)
                    progress.add(chunk.readableBytes)
                }
                if offset < descriptor.size, attempt < policy.maximumAttempts {
                    // The body ended early (a connection closed without error): resume.
                    try await Task.sleep(for: policy.delay(afterAttempt: attempt))
                    continue download
                }
                break download
            } catch {
                if Task.isCancelled { throw CancellationError() }
                guard Transport.isRetryable(error), attempt < policy.maximumAttempts else {
                    throw transport.failure(error, url: url, attempts: attempt, context)
                }
                try await Task.sleep(for: policy.delay(afterAttempt: attempt))
            }
        }
        try await writer.flush()
        guard offset == descriptor.size else {
            throw context.error(.sizeMismatch, detail: "received \(offset) bytes, expected \(descriptor.size)",
                                hint: "the connection kept breaking; try again")
        }
        let digest = hasher.finalize()
        guard digest == descriptor.digest else {
            throw context.error(.digestMismatch, detail: "the blob has digest \(digest), expected \(descriptor.digest)",
                                hint: "the registry or a proxy altered the content; try again or check the registry")
        }
    }

    /// `application/json; charset=utf-8` → `application/json`.
    static func bareMediaType(_ contentType: String) -> String {
        String(contentType.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
    }

    private struct ManifestShape: Decodable {
        var mediaType: String?
        var manifests: [Descriptor]?
        var config: Descriptor?
    }

    static func manifestMediaType(_ data: Data, contentType: String?, _ context: OperationContext) throws -> String {
        if let contentType = contentType.map(bareMediaType), MediaType.isManifestOrIndex(contentType) { return contentType }
        guard let shape = try? JSONDecoder().decode(ManifestShape.self, from: data) else {
            throw context.error(.invalidResponse, status: 200, detail: "the manifest is not valid JSON (Content-Type \(contentType ?? "none"))")
        }
        if let mediaType = shape.mediaType, MediaType.isManifestOrIndex(mediaType) { return mediaType }
        if shape.manifests != nil { return MediaType.ociIndex }
        if shape.config != nil { return MediaType.ociManifest }
        throw context.error(.invalidResponse, status: 200,
                            detail: "the document is neither an image manifest nor an index (Content-Type \(contentType ?? "none"), mediaType \(shape.mediaType ?? "none"))",
                            hint: "only OCI and Docker schema 2 manifests are supported")
    }
}
