import NIOConcurrencyHelpers
import NIOCore

/// A `ContentStore` held in memory: the reference implementation for tests and for peers in tests.
public final class InMemoryContentStore: ContentStore {
    private struct State {
        var blobs: [Digest: (descriptor: Descriptor, bytes: ByteBuffer)] = [:]
        var tags: [TagReference: Digest] = [:]
    }

    private let state = NIOLockedValueBox(State())
    private let broadcaster = EventBroadcaster()

    public init() {}

    /// Stores `bytes` with `mediaType`; returns the descriptor. Publishes `.added(.digest)` when new.
    @discardableResult
    public func add(_ bytes: Data, mediaType: String = MediaType.octetStream) -> Descriptor {
        let digest = Digest.sha256(of: bytes)
        let descriptor = Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
        let isNew = state.withLockedValue { state -> Bool in
            let isNew = state.blobs[digest] == nil
            state.blobs[digest] = (descriptor, ByteBuffer(bytes: bytes))
            return isNew
        }
        if isNew { broadcaster.publish([.added(.digest(digest))]) }
        return descriptor
    }

    /// Points `reference` at `digest`. Publishes `.added(.tag)`.
    public func tag(_ reference: TagReference, to digest: Digest) {
        state.withLockedValue { $0.tags[reference] = digest }
        broadcaster.publish([.added(.tag(reference))])
    }

    /// Removes a tag. Publishes `.removed(.tag)` when it existed.
    public func untag(_ reference: TagReference) {
        let existed = state.withLockedValue { $0.tags.removeValue(forKey: reference) != nil }
        if existed { broadcaster.publish([.removed(.tag(reference))]) }
    }

    /// Removes content (and every tag pointing at it). Publishes the removals.
    public func remove(_ digest: Digest) {
        let removed = state.withLockedValue { state -> [ContentEvent] in
            guard state.blobs.removeValue(forKey: digest) != nil else { return [] }
            let tags = state.tags.filter { $0.value == digest }.keys.sorted()
            tags.forEach { state.tags.removeValue(forKey: $0) }
            return tags.map { .removed(.tag($0)) } + [.removed(.digest(digest))]
        }
        if !removed.isEmpty { broadcaster.publish(removed) }
    }

    public func resolve(_ reference: TagReference) async throws -> Digest? {
        state.withLockedValue { $0.tags[reference] }
    }

    public func descriptor(of digest: Digest) async throws -> Descriptor? {
        state.withLockedValue { $0.blobs[digest]?.descriptor }
    }

    public func open(_ digest: Digest) async throws -> ContentBody? {
        state.withLockedValue { $0.blobs[digest].map { ContentBody(buffer: $0.bytes) } }
    }

    public func listDigests() async throws -> [Digest] {
        state.withLockedValue { $0.blobs.keys.sorted() }
    }

    public func listImages() async throws -> [StoredImage] {
        state.withLockedValue { state in
            state.tags.compactMap { state.blobs[$0.value] == nil ? nil : StoredImage(reference: $0.key, digest: $0.value) }.sorted()
        }
    }

    public func events() -> AsyncStream<ContentEvent> {
        broadcaster.subscribe()
    }
}
