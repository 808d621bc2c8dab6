import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension RegistryClient {
    /// Whether `repository` holds the blob `digest` (`HEAD` on the blob).
    public func blobExists(_ repository: Repository, _ digest: Digest) async throws -> Bool {
        let context = OperationContext(operation: "check blob", registry: repository.registry, repository: repository.path,
                                       reference: digest.description)
        let request = RegistryRequest(method: .HEAD, url: transport.endpoint(repository.registry).blobURL(repository.path, digest),
                                      scopes: [Scope.pull(repository.path)], followRedirects: true)
        let response = try await transport.send(request, context)
        _ = try? await response.body.collect(upTo: 64 << 10)
        switch response.status.code {
        case 200: return true
        case 404: return false
        default: throw transport.failure(status: Int(response.status.code), headers: response.headers, body: Data(), context)
        }
    }

    /// Whether `repository` holds the manifest `digest` (`HEAD` on the manifest).
    public func manifestExists(_ repository: Repository, _ digest: Digest) async throws -> Bool {
        let context = OperationContext(operation: "check manifest", registry: repository.registry, repository: repository.path,
                                       reference: digest.description)
        let request = RegistryRequest(
            method: .HEAD, url: transport.endpoint(repository.registry).manifestURL(repository.path, .digest(digest)),
            headers: [("Accept", MediaType.acceptedManifestTypes.joined(separator: ", "))],
            scopes: [Scope.pull(repository.path)], followRedirects: true)
        let response = try await transport.send(request, context)
        _ = try? await response.body.collect(upTo: 64 << 10)
        switch response.status.code {
        case 200: return true
        case 404: return false
        default: throw transport.failure(status: Int(response.status.code), headers: response.headers, body: Data(), context)
        }
    }

    /// Asks the registry to link the blob `digest` from `source` into `target` without uploading it
    /// (`POST …/blobs/uploads/?mount=&from=`). Both repositories must be on the same registry.
    ///
    /// - Returns: true when mounted; false when the registry started an upload instead (it lacks the
    ///   blob in `source`, or does not mount across repositories) — that upload is cancelled.
    public func mountBlob(_ digest: Digest, from source: Repository, into target: Repository) async throws -> Bool {
        let context = OperationContext(operation: "mount blob from \(source)", registry: target.registry, repository: target.path,
                                       reference: digest.description)
        guard source.registry == target.registry else {
            throw context.error(.invalidArgument, detail: "cannot mount across registries (\(source.registry) → \(target.registry))")
        }
        let endpoint = transport.endpoint(target.registry)
        let url = RegistryEndpoint.appendingQuery(endpoint.uploadsURL(target.path), [("mount", digest.description), ("from", source.path)])
        let request = RegistryRequest(method: .POST, url: url, scopes: [Scope.push(target.path), Scope.pull(source.path)])
        let (response, body) = try await transport.sendCollecting(request, context, limit: 64 << 10)
        switch response.status.code {
        case 201:
            return true
        case 202:
            if let location = response.headers.first(name: "Location"),
               let upload = RegistryEndpoint.resolve(location: location, against: url) {
                await cancelUpload(upload, repository: target, context)
            }
            return false
        default:
            throw transport.failure(status: Int(response.status.code), headers: response.headers, body: body, context)
        }
    }

    /// Uploads the blob `descriptor` names from `file` (streamed, never wholly in memory).
    ///
    /// Blobs up to ``Configuration/chunkedUploadThreshold`` go in one `PUT`; larger ones in `PATCH`
    /// chunks of ``Configuration/chunkSize`` (each following the registry's `Location`), then a
    /// final `PUT ?digest=`. A failed chunk is resumed from the offset the registry reports; a
    /// failed upload starts again, within the retry policy.
    ///
    /// - Parameter progress: called with the number of bytes sent so far (it may go back after a
    ///   retry).
    public func pushBlob(_ repository: Repository, _ descriptor: Descriptor, from file: URL,
                         progress: (@Sendable (Int64) -> Void)? = nil) async throws {
        let context = OperationContext(operation: "push blob", registry: repository.registry, repository: repository.path,
                                       reference: descriptor.digest.description)
        let size: Int64
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        } catch {
            throw context.error(.fileError, detail: "\(file.path): cannot read the file (\(error.localizedDescription))")
        }
        guard size == descriptor.size else {
            throw context.error(.sizeMismatch, detail: "\(file.path) has \(size) bytes, the descriptor says \(descriptor.size)")
        }
        let counter = ProgressCounter(progress)
        let uploader = BlobUpload(transport: transport, repository: repository, descriptor: descriptor, file: file.path,
                                  progress: counter, context: context)
        let policy = configuration.retry
        var attempt = 0
        while true {
            attempt += 1
            do {
                if size > configuration.chunkedUploadThreshold {
                    try await uploader.chunked(chunkSize: configuration.chunkSize, policy: policy)
                } else {
                    try await uploader.monolithic()
                }
                return
            } catch let error as RegistryClientError where Self.isWorthAnotherUpload(error) && attempt < policy.maximumAttempts {
                try await Task.sleep(for: policy.delay(afterAttempt: attempt))
            }
        }
    }

    /// Uploads `data` as a blob (for configs and other small blobs) and returns its descriptor.
    @discardableResult
    public func pushBlob(_ repository: Repository, data: Data, mediaType: String = MediaType.octetStream) async throws -> Descriptor {
        let descriptor = Descriptor(mediaType: mediaType, digest: Digest.sha256(of: data), size: Int64(data.count))
        let context = OperationContext(operation: "push blob", registry: repository.registry, repository: repository.path,
                                       reference: descriptor.digest.description)
        let uploader = BlobUpload(transport: transport, repository: repository, descriptor: descriptor, file: nil,
                                  progress: nil, context: context, data: data)
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await uploader.monolithic()
                return descriptor
            } catch let error as RegistryClientError where Self.isWorthAnotherUpload(error) && attempt < configuration.retry.maximumAttempts {
                try await Task.sleep(for: configuration.retry.delay(afterAttempt: attempt))
            }
        }
    }

    /// Puts a manifest or index under `reference` (a tag, or its own digest) and returns its digest.
    /// The blobs and child manifests it references must be in the repository already.
    @discardableResult
    public func pushManifest(_ repository: Repository, _ reference: ManifestReference, mediaType: String, _ data: Data) async throws -> Digest {
        let digest = Digest.sha256(of: data)
        let context = OperationContext(operation: "push manifest", registry: repository.registry, repository: repository.path,
                                       reference: reference.description)
        if let expected = reference.digest, expected != digest {
            throw context.error(.invalidArgument, detail: "the manifest's digest is \(digest), not the \(expected) it is to be stored under")
        }
        let request = RegistryRequest(
            method: .PUT, url: transport.endpoint(repository.registry).manifestURL(repository.path, reference),
            headers: [("Content-Type", mediaType)], body: .data(data), scopes: [Scope.push(repository.path)])
        let (response, body) = try await transport.sendCollecting(request, context, limit: 64 << 10)
        guard response.status.code == 201 || response.status.code == 200 else {
            throw transport.failure(status: Int(response.status.code), headers: response.headers, body: body, context)
        }
        if let answered = response.headers.first(name: "Docker-Content-Digest").flatMap(Digest.init), answered != digest {
            throw context.error(.digestMismatch, status: Int(response.status.code),
                                detail: "the registry stored the manifest as \(answered), expected \(digest)")
        }
        return digest
    }

    /// Failures after which a whole blob upload is worth starting again: the connection broke, the
    /// registry failed, or it lost the upload session.
    static func isWorthAnotherUpload(_ error: RegistryClientError) -> Bool {
        switch error.kind {
        case .connectionFailed, .serverError, .tooManyRequests: return true
        case .notFound: return error.hasCode("BLOB_UPLOAD_UNKNOWN")
        case .unexpectedStatus: return error.status == 416 || error.hasCode("BLOB_UPLOAD_INVALID")
        default: return false
        }
    }

    /// Cancels an upload session (best effort: registries expire abandoned uploads anyway).
    func cancelUpload(_ url: String, repository: Repository, _ context: OperationContext) async {
        var request = RegistryRequest(method: .DELETE, url: url, scopes: [Scope.push(repository.path)])
        request.retries = false
        if let response = try? await transport.send(request, context) {
            _ = try? await response.body.collect(upTo: 64 << 10)
        }
    }
}
