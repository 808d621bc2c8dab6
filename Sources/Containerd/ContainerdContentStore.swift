import Foundation
import MirrorRegistry
import NIOConcurrencyHelpers
import NIOCore
import OCI

/// The node's containerd as a `ContentStore`: what `spegel registry` serves by default.
///
/// Image records give the tags (`registry/repo:tag` names; digest-pinned names and the CRI plugin's
/// image-ID records `sha256:…` are skipped) and the root
/// descriptors; walking their indexes and manifests gives every reachable descriptor with its media
/// type, kept only where containerd holds the blob (an index lists platforms that were never pulled).
/// Blobs containerd holds outside any image are served as `application/octet-stream`.
///
/// Bytes come straight from containerd's content directory when it is mounted (`contentPath`, the
/// fast path: files served by region), otherwise through the content `Read` API.
/// containerd's image and content events trigger a rescan; additions and removals are published to
/// subscribers (the advertiser), a new blob as soon as it lands.
public final class ContainerdContentStore: ContentStore {
    private struct Snapshot {
        var descriptors: [Digest: Descriptor] = [:]
        var tags: [TagReference: Digest] = [:]
    }

    /// The client of the node's containerd.
    public let client: ContainerdClient
    /// The content directory, or nil when blobs are read through the API.
    public let contentDirectory: URL?
    /// `<contentDirectory>/blobs/sha256/`, for building blob paths without Foundation.
    private let blobDirectoryPath: String?
    private let snapshot = NIOLockedValueBox(Snapshot())
    private let broadcaster = EventBroadcaster()

    /// A store over `client`; blobs are read from `contentPath` when that directory exists.
    public init(client: ContainerdClient, contentPath: String?) {
        self.client = client
        if let contentPath, FileManager.default.fileExists(atPath: contentPath) {
            contentDirectory = URL(fileURLWithPath: contentPath)
            blobDirectoryPath = contentDirectory!.appendingPathComponent("blobs/sha256").path + "/"
        } else {
            contentDirectory = nil
            blobDirectoryPath = nil
        }
    }

    /// Rescans containerd's images and content and publishes what changed.
    public func reload() async throws {
        let present = try await client.contents()
        var sizes: [Digest: Int64] = [:]
        for info in present {
            if let digest = Digest(info.digest) { sizes[digest] = info.size }
        }
        var next = Snapshot()
        var pending: [Descriptor] = []
        for image in try await client.images() {
            guard let digest = Digest(image.target.digest), sizes[digest] != nil else { continue }
            let root = Descriptor(mediaType: image.target.mediaType, digest: digest, size: image.target.size)
            pending.append(root)
            // The CRI plugin also keeps a record named by the image ID (`sha256:<config digest>`): not a tag.
            if Digest(image.name) == nil, let reference = TagReference(parsing: image.name) {
                next.tags[reference] = digest
            }
        }
        while let descriptor = pending.popLast() {
            guard next.descriptors[descriptor.digest] == nil, let size = sizes[descriptor.digest] else { continue }
            next.descriptors[descriptor.digest] = Descriptor(mediaType: descriptor.mediaType, digest: descriptor.digest, size: size)
            if MediaType.isManifestOrIndex(descriptor.mediaType) {
                pending.append(contentsOf: try await children(of: descriptor))
            }
        }
        for (digest, size) in sizes where next.descriptors[digest] == nil {
            next.descriptors[digest] = Descriptor(mediaType: MediaType.octetStream, digest: digest, size: size)
        }
        let previous = snapshot.withLockedValue { state -> Snapshot in
            defer { state = next }
            return state
        }
        var events: [ContentEvent] = []
        events += Set(next.descriptors.keys).subtracting(previous.descriptors.keys).sorted().map { .added(.digest($0)) }
        events += next.tags.filter { previous.tags[$0.key] != $0.value }.keys.sorted().map { .added(.tag($0)) }
        events += Set(previous.tags.keys).subtracting(next.tags.keys).sorted().map { .removed(.tag($0)) }
        events += Set(previous.descriptors.keys).subtracting(next.descriptors.keys).sorted().map { .removed(.digest($0)) }
        if !events.isEmpty { broadcaster.publish(events) }
    }

    /// Follows containerd's events until cancelled, rescanning after each burst of them.
    /// A new blob is published at once, before the rescan that gives it its media type.
    ///
    /// containerd gives no sign of when a subscription is live, so the store also rescans once as
    /// the watch starts and then every `resyncInterval`: a change made while subscribing, or an
    /// event lost to a reconnect, is published at the latest one interval later.
    public func watch(resyncInterval: Duration = .seconds(30)) async throws {
        let rescans = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                for await _ in rescans.stream { try await reload() }
            }
            group.addTask { [self] in
                try await client.subscribe { [self] event in
                    if case .contentCreated(let text) = event, let digest = Digest(text) {
                        publishNewBlob(digest)
                    }
                    rescans.continuation.yield()
                }
                rescans.continuation.finish()
            }
            group.addTask {
                while !Task.isCancelled {
                    rescans.continuation.yield()
                    try await Task.sleep(for: resyncInterval)
                }
            }
            // The first task to end (the subscription closing, a failed rescan) ends the watch.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func publishNewBlob(_ digest: Digest) {
        let isNew = snapshot.withLockedValue { state -> Bool in
            guard state.descriptors[digest] == nil else { return false }
            // Size unknown until the rescan; descriptor(of:) asks containerd meanwhile.
            return true
        }
        if isNew { broadcaster.publish([.added(.digest(digest))]) }
    }

    private func children(of descriptor: Descriptor) async throws -> [Descriptor] {
        let data = try await readAll(descriptor.digest)
        let source = "containerd content \(descriptor.digest)"
        if MediaType.indexes.contains(descriptor.mediaType) {
            return try OCIJSON.decode(ImageIndex.self, from: data, source: source).manifests
        }
        return try OCIJSON.decode(ImageManifest.self, from: data, source: source).references
    }

    private func readAll(_ digest: Digest) async throws -> Data {
        if let contentDirectory {
            return try Data(contentsOf: blobFile(digest, in: contentDirectory))
        }
        let collector = NIOLockedValueBox(Data())
        try await client.readContent(digest.description) { chunk in collector.withLockedValue { $0.append(chunk) } }
        return collector.withLockedValue { $0 }
    }

    private func blobFile(_ digest: Digest, in directory: URL) -> URL {
        directory.appendingPathComponent("blobs/sha256/\(digest.hex)")
    }

    // MARK: ContentStore

    public func resolve(_ reference: TagReference) async throws -> Digest? {
        if let digest = snapshot.withLockedValue({ $0.tags[reference] }) { return digest }
        // Not seen yet (an event still on its way): ask containerd directly.
        guard let image = try await client.image(named: reference.description),
              let digest = Digest(image.target.digest),
              try await client.contentInfo(image.target.digest) != nil else { return nil }
        return digest
    }

    public func descriptor(of digest: Digest) async throws -> Descriptor? {
        if let descriptor = snapshot.withLockedValue({ $0.descriptors[digest] }) { return descriptor }
        guard let info = try await client.contentInfo(digest.description) else { return nil }
        return Descriptor(mediaType: MediaType.octetStream, digest: digest, size: info.size)
    }

    public func open(_ digest: Digest) async throws -> ContentBody? {
        guard let descriptor = try await descriptor(of: digest) else { return nil }
        if let contentDirectory {
            let file = blobFile(digest, in: contentDirectory)
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            return ContentBody(filePath: file.path, size: descriptor.size)
        }
        let client = self.client
        return ContentBody(size: descriptor.size, source: .stream({ range in
            AsyncThrowingStream { continuation in
                let task = Task {
                    do {
                        try await client.readContent(digest.description, offset: range.lowerBound,
                                                     size: range.upperBound - range.lowerBound) { chunk in
                            continuation.yield(ByteBuffer(bytes: chunk))
                        }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }))
    }

    public func localFile(of digest: Digest) -> LocalContentFile? {
        guard let blobDirectoryPath, let descriptor = snapshot.withLockedValue({ $0.descriptors[digest] }) else { return nil }
        return LocalContentFile(path: blobDirectoryPath + digest.hex, size: descriptor.size)
    }

    public func listDigests() async throws -> [Digest] {
        snapshot.withLockedValue { $0.descriptors.keys.sorted() }
    }

    public func listImages() async throws -> [StoredImage] {
        snapshot.withLockedValue { state in
            state.tags.map { StoredImage(reference: $0.key, digest: $0.value) }.sorted()
        }
    }

    public func events() -> AsyncStream<ContentEvent> {
        broadcaster.subscribe()
    }
}
