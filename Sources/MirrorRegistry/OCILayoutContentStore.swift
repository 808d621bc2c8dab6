import Foundation
import NIOConcurrencyHelpers

/// A `ContentStore` serving an OCI image layout directory (`--store oci-layout:DIR`).
///
/// Tags come from `org.opencontainers.image.ref.name` in `index.json`: a full reference
/// (`docker.io/library/nginx:1.25`, `nginx:1.25`, normalized like Docker does) is used as is; a bare
/// tag (`1.25`, as `skopeo copy … oci:DIR:1.25` writes) is served as `defaultRepository:tag` when
/// a default repository is configured, and not served by tag otherwise (its digests still are).
/// Blobs are served straight from their files. `reload()` rescans the directory and publishes what
/// changed.
public final class OCILayoutContentStore: ContentStore {
    private struct Snapshot {
        var descriptors: [Digest: Descriptor] = [:]
        var tags: [TagReference: Digest] = [:]
    }

    /// The layout directory.
    public let root: URL
    /// Where bare-tag names live, e.g. `docker.io/library/nginx` (without tag).
    public let defaultRepository: String?
    /// `root/blobs/sha256/`, as a path.
    private let blobDirectory: String
    private let snapshot = NIOLockedValueBox(Snapshot())
    private let broadcaster = EventBroadcaster()

    /// Opens and scans the layout at `root`.
    public init(root: URL, defaultRepository: String? = nil) throws {
        self.root = root
        self.defaultRepository = defaultRepository
        blobDirectory = root.appendingPathComponent("blobs/sha256").path + "/"
        try reload()
    }

    /// Rescans the layout; publishes added and removed keys.
    public func reload() throws {
        let layout = try OCILayout(root: root)
        var next = Snapshot()
        next.descriptors = try layout.reachableDescriptors()
        for digest in layout.blobDigests() where next.descriptors[digest] == nil {
            if let size = layout.blobSize(digest) {
                next.descriptors[digest] = Descriptor(mediaType: MediaType.octetStream, digest: digest, size: size)
            }
        }
        for entry in layout.index.manifests {
            guard let name = entry.annotations?[AnnotationKey.refName], next.descriptors[entry.digest] != nil else { continue }
            if let reference = tagReference(refName: name) {
                next.tags[reference] = entry.digest
            }
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

    func tagReference(refName name: String) -> TagReference? {
        if let full = TagReference(parsing: name), name.contains(":") && (name.contains("/") || defaultRepository == nil) {
            return full
        }
        guard let defaultRepository, TagReference.isValidTag(name) else { return nil }
        return TagReference(parsing: "\(defaultRepository):\(name)")
    }

    public func resolve(_ reference: TagReference) async throws -> Digest? {
        snapshot.withLockedValue { $0.tags[reference] }
    }

    public func descriptor(of digest: Digest) async throws -> Descriptor? {
        guard let descriptor = snapshot.withLockedValue({ $0.descriptors[digest] }) else { return nil }
        var result = descriptor
        result.annotations = nil
        result.platform = nil
        return result
    }

    public func open(_ digest: Digest) async throws -> ContentBody? {
        guard let descriptor = snapshot.withLockedValue({ $0.descriptors[digest] }) else { return nil }
        let path = blobDirectory + digest.hex
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return ContentBody(filePath: path, size: descriptor.size)
    }

    public func localFile(of digest: Digest) -> LocalContentFile? {
        guard let descriptor = snapshot.withLockedValue({ $0.descriptors[digest] }) else { return nil }
        return LocalContentFile(path: blobDirectory + digest.hex, size: descriptor.size)
    }

    public func listDigests() async throws -> [Digest] {
        snapshot.withLockedValue { $0.descriptors.keys.sorted() }
    }

    public func listImages() async throws -> [StoredImage] {
        snapshot.withLockedValue { $0.tags.map { StoredImage(reference: $0.key, digest: $0.value) }.sorted() }
    }

    public func events() -> AsyncStream<ContentEvent> {
        broadcaster.subscribe()
    }
}
