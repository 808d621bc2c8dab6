import OCI

/// What a push did.
public struct PushSummary: Codable, Equatable, Sendable {
    /// Where the images went (`HOST[/PREFIX]`).
    public var registry: String
    public var images = 0
    public var blobsUploaded = 0
    public var bytesUploaded: Int64 = 0
    /// Blobs the destination already had.
    public var blobsSkipped = 0
    public var bytesSkipped: Int64 = 0
    /// Blobs made available from another repository of the destination without uploading.
    public var blobsMounted = 0
    public var manifestsWritten = 0
    public var manifestsSkipped = 0
    public var tagsWritten = 0
    public var tagsSkipped = 0

    /// One line for people.
    public var text: String {
        "pushed \(images) image\(images == 1 ? "" : "s") to \(registry): "
            + "\(blobsUploaded) blob\(blobsUploaded == 1 ? "" : "s") uploaded (\(formatByteCount(bytesUploaded))), "
            + "\(blobsSkipped) already there (\(formatByteCount(bytesSkipped))), \(blobsMounted) mounted; "
            + "\(manifestsWritten) manifest\(manifestsWritten == 1 ? "" : "s") written, \(manifestsSkipped) already there; "
            + "\(tagsWritten) tag\(tagsWritten == 1 ? "" : "s") set, \(tagsSkipped) already right"
    }
}

/// Uploads a bundle's images to an ``ImageDestination`` under their target names, by digest and by tag.
///
/// The bundle is verified first (nothing is pushed from a damaged bundle). Blobs the destination
/// already holds are skipped, so a second push uploads nothing and a push that stopped part way
/// resumes where it stopped. Blobs to upload are extracted one pass over the bundle into a work
/// directory (removed afterwards); per image, blobs go first, then manifests children first, then the
/// root by digest and its tag.
public struct BundlePusher {
    /// Where the images go.
    public var destination: any ImageDestination
    /// Receives progress events.
    public var progress: BundleProgressHandler

    public init(destination: any ImageDestination, progress: @escaping BundleProgressHandler = { _ in }) {
        self.destination = destination
        self.progress = progress
    }

    /// One image's upload plan.
    struct Plan {
        var image: BundleImage
        var repository: ImageReference
        var tag: String?
        var root: Descriptor
        var blobs: [Descriptor]
        /// Manifests and indexes, children before the indexes that list them, the root last.
        var manifests: [Descriptor]
    }

    /// Where `image` goes when pushed to `registry`: its recorded target under the bundle's mirror,
    /// otherwise its source moved under `registry`.
    public static func target(of image: BundleImage, registry: String, imageMirror: String) throws -> ImageReference {
        if registry.trimmingSlash == imageMirror.trimmingSlash { return try ImageReference(parsing: image.target) }
        return try ImageReference(parsing: image.source).mirrored(to: registry)
    }

    /// Pushes every image of the bundle at `bundle` to `registry` (default: the bundle's `imageMirror`).
    /// `workDirectory` holds the extracted blobs while they upload (default: next to the bundle).
    @discardableResult
    public func push(_ bundle: URL, registry: String? = nil, workDirectory: URL? = nil) async throws -> PushSummary {
        progress(.milestone("verifying \(bundle.path)"))
        let scan = try BundleScan.scan(bundle, progress: progress)
        let problems = BundleVerifier.problems(in: scan)
        guard problems.isEmpty else { throw BundleError.damaged(file: bundle.path, problems: problems) }
        let metadata = try scan.metadata()
        let registry = registry ?? metadata.imageMirror
        if registry.trimmingSlash != metadata.imageMirror.trimmingSlash {
            progress(.milestone("note: pushing to \(registry), but the manifests in the bundle name images under \(metadata.imageMirror); they run unchanged only where \(metadata.imageMirror) serves these images"))
        }
        let plans = try metadata.images.map { image -> Plan in
            let target = try Self.target(of: image, registry: registry, imageMirror: metadata.imageMirror)
            let root = try image.rootDescriptor()
            let reachable = scan.reachable(from: root).descriptors
            return Plan(image: image,
                        repository: ImageReference(registry: target.registry, repository: target.repository),
                        tag: target.tag, root: root,
                        blobs: reachable.filter { !MediaType.isManifestOrIndex($0.mediaType) },
                        manifests: reachable.filter { MediaType.isManifestOrIndex($0.mediaType) }.reversed())
        }

        // Which blobs each repository lacks.
        var missing: [Int: Set<Digest>] = [:]
        var toExtract: [Digest: Int64] = [:]
        for (number, plan) in plans.enumerated() {
            for blob in plan.blobs {
                let exists: Bool
                do {
                    exists = try await destination.blobExists(blob, in: plan.repository)
                } catch {
                    throw BundleError.pushInterrupted(image: plan.image.target, step: "checking blob \(blob.digest)", underlying: "\(error)")
                }
                if !exists {
                    missing[number, default: []].insert(blob.digest)
                    toExtract[blob.digest] = blob.size
                }
            }
        }

        let work: URL
        if let workDirectory {
            work = workDirectory.appendingPathComponent("spegel-push-\(getpid())")
            removeStaleTemporaries(in: workDirectory, prefix: "spegel", suffixes: ["-push"])
        } else {
            work = bundle.deletingLastPathComponent().appendingPathComponent(".\(bundle.lastPathComponent).push-\(getpid())")
            removeStaleTemporaries(in: bundle.deletingLastPathComponent(), prefix: ".\(bundle.lastPathComponent)", suffixes: [".push"])
        }
        defer { try? FileManager.default.removeItem(at: work) }
        if !toExtract.isEmpty {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            progress(.milestone("extracting \(toExtract.count) blobs (\(formatByteCount(toExtract.values.reduce(0, +)))) to \(work.path)"))
            try extractBlobs(Set(toExtract.keys), from: scan, into: work)
        }

        var summary = PushSummary(registry: registry)
        var uploadedIn: [Digest: ImageReference] = [:]
        let totalUpload = toExtract.values.reduce(0, +)
        var uploadedBytes: Int64 = 0
        for (number, plan) in plans.enumerated() {
            let name = plan.tag.map { "\(plan.repository.name):\($0)" } ?? "\(plan.repository.name)@\(plan.root.digest)"
            progress(.milestone("pushing \(plan.image.source) → \(name) (\(number + 1)/\(plans.count))"))
            for blob in plan.blobs {
                guard missing[number]?.contains(blob.digest) == true else {
                    summary.blobsSkipped += 1
                    summary.bytesSkipped += blob.size
                    continue
                }
                let step = "uploading blob \(blob.digest)"
                do {
                    if let other = uploadedIn[blob.digest], other != plan.repository,
                       try await destination.mountBlob(blob, from: other, into: plan.repository) {
                        summary.blobsMounted += 1
                        continue
                    }
                    if try await destination.blobExists(blob, in: plan.repository) {
                        summary.blobsSkipped += 1
                        summary.bytesSkipped += blob.size
                        continue
                    }
                    progress(.bytes("pushing \(name): \(blob.digest.hex.prefix(12))", completed: uploadedBytes, total: totalUpload))
                    try await destination.putBlob(blob, from: work.appendingPathComponent(blob.digest.hex), in: plan.repository)
                } catch {
                    throw BundleError.pushInterrupted(image: name, step: step, underlying: "\(error)")
                }
                uploadedIn[blob.digest] = plan.repository
                uploadedBytes += blob.size
                summary.blobsUploaded += 1
                summary.bytesUploaded += blob.size
                progress(.bytes("pushing \(name)", completed: uploadedBytes, total: totalUpload))
            }
            for manifest in plan.manifests {
                let content = Data(scan.jsonBlobs[manifest.digest.hex] ?? [])
                do {
                    if try await destination.manifestExists(manifest, in: plan.repository) {
                        summary.manifestsSkipped += 1
                    } else {
                        try await destination.putManifest(content, descriptor: manifest, in: plan.repository, tag: nil)
                        summary.manifestsWritten += 1
                    }
                    if manifest.digest == plan.root.digest, let tag = plan.tag {
                        if try await destination.digest(ofTag: tag, in: plan.repository) == plan.root.digest {
                            summary.tagsSkipped += 1
                        } else {
                            try await destination.putManifest(content, descriptor: manifest, in: plan.repository, tag: tag)
                            summary.tagsWritten += 1
                        }
                    }
                } catch {
                    throw BundleError.pushInterrupted(image: name, step: "writing manifest \(manifest.digest)", underlying: "\(error)")
                }
            }
            summary.images += 1
        }
        return summary
    }

    /// Extracts the blobs `digests` from the bundle into `directory` (file name = hex), checking each digest.
    func extractBlobs(_ digests: Set<Digest>, from scan: BundleScan, into directory: URL) throws {
        let reader = TarReader(source: try scan.compression.decompressing(FileSource(path: scan.file.path)))
        var left = digests
        while !left.isEmpty, let header = try reader.next() {
            guard header.kind == .file, header.path.hasPrefix(BundlePaths.blobDirectory + "/"),
                  let digest = try? Digest(hex: String(header.path.dropFirst(BundlePaths.blobDirectory.count + 1))),
                  left.contains(digest) else { continue }
            let path = directory.appendingPathComponent(digest.hex).path
            let sink = try FileSink(path: path)
            var hasher = DigestHasher()
            try reader.forEachDataChunk { chunk in
                hasher.update(bufferPointer: chunk)
                try sink.write(chunk)
            }
            try sink.finish()
            guard hasher.finalize() == digest else {
                throw BundleError.damaged(file: scan.file.path, problems: [BundleProblem(
                    entry: header.path, message: "content changed since the bundle was verified; it has digest \(hasher.finalize())")])
            }
            left.remove(digest)
        }
        guard left.isEmpty else {
            throw BundleError.damaged(file: scan.file.path, problems: left.sorted().map {
                BundleProblem(entry: BundlePaths.blob($0), message: "missing on the second read of the bundle")
            })
        }
    }
}

extension String {
    /// The text without one trailing `/`.
    var trimmingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
