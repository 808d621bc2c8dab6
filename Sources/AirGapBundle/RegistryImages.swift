import Foundation
import OCI
import RegistryClient

/// Images pulled from their registries over the OCI distribution API (``RegistryClient``): what
/// `bundle export` uses when no `--image-source` is given.
public struct RegistryImageSource: ImageSource {
    public let client: RegistryClient

    public init(client: RegistryClient) { self.client = client }

    public func resolve(_ reference: ImageReference) async throws -> Descriptor {
        try await client.resolve(reference)
    }

    public func manifest(_ descriptor: Descriptor, of reference: ImageReference) async throws -> Data {
        try await client.manifest(Repository(reference), .digest(descriptor.digest)).data
    }

    public func copyBlob(_ descriptor: Descriptor, of reference: ImageReference, to file: URL,
                         progress: @Sendable (Int64) -> Void) async throws {
        // RegistryClient wants an escaping callback; forward through a box the caller's closure outlives.
        try await withoutActuallyEscaping(progress) { progress in
            let forward = UncheckedProgress(progress)
            try await client.fetchBlob(Repository(reference), descriptor, to: file) { forward.call($0) }
        }
    }
}

/// Images pushed to a registry over the OCI distribution API: what `bundle push --registry` uses.
public struct RegistryImageDestination: ImageDestination {
    public let client: RegistryClient

    public init(client: RegistryClient) { self.client = client }

    public func blobExists(_ descriptor: Descriptor, in repository: ImageReference) async throws -> Bool {
        try await client.blobExists(Repository(repository), descriptor.digest)
    }

    public func mountBlob(_ descriptor: Descriptor, from source: ImageReference, into repository: ImageReference) async throws -> Bool {
        try await client.mountBlob(descriptor.digest, from: Repository(source), into: Repository(repository))
    }

    public func putBlob(_ descriptor: Descriptor, from file: URL, in repository: ImageReference) async throws {
        try await client.pushBlob(Repository(repository), descriptor, from: file)
    }

    public func manifestExists(_ descriptor: Descriptor, in repository: ImageReference) async throws -> Bool {
        try await client.manifestExists(Repository(repository), descriptor.digest)
    }

    public func digest(ofTag tag: String, in repository: ImageReference) async throws -> Digest? {
        do {
            return try await client.resolve(Repository(repository), .tag(tag)).digest
        } catch let error as RegistryClientError where error.kind == .notFound {
            return nil
        }
    }

    public func putManifest(_ content: Data, descriptor: Descriptor, in repository: ImageReference, tag: String?) async throws {
        let target = Repository(repository)
        _ = try await client.pushManifest(target, .digest(descriptor.digest), mediaType: descriptor.mediaType, content)
        if let tag {
            _ = try await client.pushManifest(target, .tag(tag), mediaType: descriptor.mediaType, content)
        }
    }
}

/// Lets a non-escaping progress closure be called from the client's escaping callback while the
/// call that received it is still running.
private struct UncheckedProgress: @unchecked Sendable {
    let body: (Int64) -> Void
    init(_ body: @escaping (Int64) -> Void) { self.body = body }
    func call(_ value: Int64) { body(value) }
}
