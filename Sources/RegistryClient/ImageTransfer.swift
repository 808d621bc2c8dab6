/// What happened to one piece of an image during ``RegistryClient/pushImage(_:from:to:mountFrom:maximumConcurrentTransfers:events:)``
/// or ``RegistryClient/pullImage(_:into:platforms:maximumConcurrentTransfers:events:)``.
public struct ImageTransferEvent: Sendable, Equatable {
    /// What was done.
    public enum Action: Sendable, Equatable {
        /// The destination already held it; nothing was sent.
        case alreadyPresent
        /// The registry linked it from another repository.
        case mounted(from: Repository)
        /// Its bytes were sent or received.
        case transferred
    }

    /// The blob or manifest.
    public var descriptor: Descriptor
    /// What was done with it.
    public var action: Action
}

extension RegistryClient {
    /// Pushes the image or index `root` from an OCI layout to `reference` (a tag, or the root's own
    /// digest): every blob not already in the repository (mounted from one of `sources` when the
    /// registry can, else uploaded), then child manifests by digest, then `root`.
    ///
    /// Running it again after an interruption sends only what the registry still lacks: finished
    /// blobs are found with `HEAD` and skipped.
    ///
    /// - Returns: the digest of `root`.
    @discardableResult
    public func pushImage(_ root: Descriptor, from layout: OCILayout, to reference: ImageReference, mountFrom sources: [Repository] = [],
                          maximumConcurrentTransfers: Int = 3,
                          events: @escaping @Sendable (ImageTransferEvent) -> Void = { _ in }) async throws -> Digest {
        let repository = Repository(reference)
        let target = try ManifestReference(reference)
        let plan = try ImagePlan(root: root, layout: layout)
        try await Self.forEach(plan.blobs, concurrency: maximumConcurrentTransfers) { blob in
            if try await self.blobExists(repository, blob.digest) {
                events(ImageTransferEvent(descriptor: blob, action: .alreadyPresent))
                return
            }
            for source in sources where source.registry == repository.registry && source != repository {
                if try await self.mountBlob(blob.digest, from: source, into: repository) {
                    events(ImageTransferEvent(descriptor: blob, action: .mounted(from: source)))
                    return
                }
            }
            try await self.pushBlob(repository, blob, from: URL(fileURLWithPath: layout.blobPath(blob.digest)))
            events(ImageTransferEvent(descriptor: blob, action: .transferred))
        }
        for manifest in plan.manifests where manifest.digest != root.digest {
            if try await manifestExists(repository, manifest.digest) {
                events(ImageTransferEvent(descriptor: manifest, action: .alreadyPresent))
                continue
            }
            try await pushManifest(repository, .digest(manifest.digest), mediaType: manifest.mediaType, layout.readBlob(manifest.digest))
            events(ImageTransferEvent(descriptor: manifest, action: .transferred))
        }
        let digest = try await pushManifest(repository, target, mediaType: root.mediaType, layout.readBlob(root.digest))
        events(ImageTransferEvent(descriptor: root, action: .transferred))
        return digest
    }

    /// Pulls the image or index `reference` names into the OCI layout directory `layoutRoot`: every
    /// manifest and blob goes to `blobs/sha256/<hex>` (verified, written atomically; ones already
    /// there with the right size are kept). Of an index, only the manifests for `platforms`
    /// (`os/architecture[/variant]`, e.g. `linux/amd64`) are pulled when given; the index itself is
    /// kept whole. `index.json` is left to the caller (e.g. ``OCILayoutWriter/tag(_:refName:)``).
    ///
    /// - Returns: the descriptor of the root manifest or index.
    @discardableResult
    public func pullImage(_ reference: ImageReference, into layoutRoot: URL, platforms: Set<String>? = nil,
                          maximumConcurrentTransfers: Int = 3,
                          events: @escaping @Sendable (ImageTransferEvent) -> Void = { _ in }) async throws -> Descriptor {
        let repository = Repository(reference)
        let root = try await resolve(reference)
        let blobs = layoutRoot.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        @Sendable func present(_ descriptor: Descriptor) -> Bool {
            let attributes = try? FileManager.default.attributesOfItem(atPath: blobs.appendingPathComponent(descriptor.digest.hex).path)
            return (attributes?[.size] as? NSNumber)?.int64Value == descriptor.size
        }
        var pending = [root]
        var layers: [Descriptor] = []
        var seen: Set<Digest> = []
        while let descriptor = pending.popLast() {
            guard seen.insert(descriptor.digest).inserted else { continue }
            let file = blobs.appendingPathComponent(descriptor.digest.hex)
            let data: Data
            if present(descriptor), let stored = FileManager.default.contents(atPath: file.path), Digest.sha256(of: stored) == descriptor.digest {
                data = stored
                events(ImageTransferEvent(descriptor: descriptor, action: .alreadyPresent))
            } else {
                data = try await manifest(repository, .digest(descriptor.digest)).data
                try data.write(to: file, options: .atomic)
                events(ImageTransferEvent(descriptor: descriptor, action: .transferred))
            }
            let source = "\(reference.name)@\(descriptor.digest)"
            if MediaType.indexes.contains(descriptor.mediaType) {
                let index = try OCIJSON.decode(ImageIndex.self, from: data, source: source)
                pending += index.manifests.filter { child in
                    guard let platforms, let platform = child.platform else { return true }
                    return platforms.contains(platform.description)
                        || (platform.variant != nil && platforms.contains("\(platform.os)/\(platform.architecture)"))
                }
            } else {
                let manifest = try OCIJSON.decode(ImageManifest.self, from: data, source: source)
                layers += manifest.references.filter { seen.insert($0.digest).inserted }
            }
        }
        try await Self.forEach(layers, concurrency: maximumConcurrentTransfers) { blob in
            if present(blob) {
                events(ImageTransferEvent(descriptor: blob, action: .alreadyPresent))
                return
            }
            try await self.fetchBlob(repository, blob, to: blobs.appendingPathComponent(blob.digest.hex))
            events(ImageTransferEvent(descriptor: blob, action: .transferred))
        }
        return root
    }

    /// Runs `body` for every item, at most `concurrency` at a time; the first error cancels the rest.
    static func forEach<Item: Sendable>(_ items: [Item], concurrency: Int,
                                        _ body: @escaping @Sendable (Item) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = items.makeIterator()
            for _ in 0..<max(1, concurrency) {
                guard let item = iterator.next() else { break }
                group.addTask { try await body(item) }
            }
            while try await group.next() != nil {
                if let item = iterator.next() { group.addTask { try await body(item) } }
            }
        }
    }
}

/// The pieces of an image in an OCI layout in push order: blobs (configs and layers, each once),
/// then manifests with children before the indexes that list them.
struct ImagePlan {
    var blobs: [Descriptor] = []
    var manifests: [Descriptor] = []

    init(root: Descriptor, layout: OCILayout) throws {
        var seen: Set<Digest> = []
        try visit(root, parent: nil, layout: layout, seen: &seen)
    }

    private mutating func visit(_ descriptor: Descriptor, parent: Digest?, layout: OCILayout, seen: inout Set<Digest>) throws {
        guard seen.insert(descriptor.digest).inserted else { return }
        guard let size = layout.blobSize(descriptor.digest) else {
            let referrer = parent.map { " (referenced by \($0))" } ?? ""
            throw OCIError.missingFile(layout.blobPath(descriptor.digest) + referrer)
        }
        guard size == descriptor.size else {
            throw ImagePlanError(path: layout.blobPath(descriptor.digest), detail: "has \(size) bytes, its descriptor says \(descriptor.size)")
        }
        let source = layout.blobPath(descriptor.digest)
        if MediaType.indexes.contains(descriptor.mediaType) {
            let index = try OCIJSON.decode(ImageIndex.self, from: layout.readBlob(descriptor.digest), source: source)
            for child in index.manifests { try visit(child, parent: descriptor.digest, layout: layout, seen: &seen) }
            manifests.append(descriptor)
        } else if MediaType.manifests.contains(descriptor.mediaType) {
            let manifest = try OCIJSON.decode(ImageManifest.self, from: layout.readBlob(descriptor.digest), source: source)
            for blob in manifest.references { try visit(blob, parent: descriptor.digest, layout: layout, seen: &seen) }
            manifests.append(descriptor)
        } else {
            blobs.append(descriptor)
        }
    }
}

/// A blob in a layout that does not match its descriptor.
struct ImagePlanError: Error, CustomStringConvertible {
    var path: String
    var detail: String
    var description: String { "\(path): \(detail)" }
}
