import OCI
import SpegelComponent

/// What `bundle export` bundles: the rendered component and where it came from.
public struct BundleExportRequest {
    /// The rendered component (its `imageMirror` must be set).
    public var rendered: RenderedComponent
    /// The chart that was rendered (path relative to the chart → contents).
    public var chartFiles: [String: [UInt8]]
    /// The operator values files, in the order they were applied.
    public var valuesFiles: [OperatorValuesFile]
    /// The `--set` expressions, in order.
    public var sets: [String]
    /// The platforms to keep of multi-platform images; empty keeps every platform.
    public var platforms: [PlatformFilter]
    /// How the bundle file is compressed.
    public var compression: BundleCompression
    /// The modification time of every tar entry (seconds since 1970; `SOURCE_DATE_EPOCH` or 0).
    public var modificationTime: Int64

    public init(rendered: RenderedComponent, chartFiles: [String: [UInt8]], valuesFiles: [OperatorValuesFile],
                sets: [String], platforms: [PlatformFilter] = [], compression: BundleCompression = .none,
                modificationTime: Int64 = 0) {
        self.rendered = rendered
        self.chartFiles = chartFiles
        self.valuesFiles = valuesFiles
        self.sets = sets
        self.platforms = platforms
        self.compression = compression
        self.modificationTime = modificationTime
    }
}

/// Writes bundles: renders' images fetched from an ``ImageSource`` into a deterministic tar with an OCI
/// image layout, the manifests pinned by digest, the chart, the values, `bundle.json` and `SHA256SUMS`.
///
/// The file is written next to the output as `.NAME.partial-PID` and renamed into place when complete;
/// blobs are staged in `.NAME.staging-PID` and removed afterwards (and what an interrupted export of
/// the same output left is removed by the next one). A failed export leaves the output as it was.
/// Equal input gives byte-identical files.
public struct BundleExporter {
    /// Where images come from.
    public var source: any ImageSource
    /// Receives progress events.
    public var progress: BundleProgressHandler

    public init(source: any ImageSource, progress: @escaping BundleProgressHandler = { _ in }) {
        self.source = source
        self.progress = progress
    }

    /// The images a bundle of `rendered` holds: (source, target) pairs sorted by source. Images the
    /// chart already names under the mirror are their own target.
    public static func images(of rendered: RenderedComponent) throws -> [(source: ImageReference, target: ImageReference)] {
        try ManifestImages.references(in: rendered.chartOutput).map { source in
            (try ImageReference(parsing: source), try ImageReference(parsing: rendered.imageMapping[source] ?? source))
        }
    }

    /// The mirror a bundle of `rendered` moves images to; throws when the component renders nothing or
    /// sets no `imageMirror`.
    public static func imageMirror(of rendered: RenderedComponent) throws -> String {
        guard rendered.component.isEnabled, !rendered.chartOutput.isEmpty else {
            throw BundleError.nothingToBundle(reason: rendered.component.disabledReason ?? "the chart renders no objects")
        }
        guard let mirror = rendered.component.imageMirror else { throw BundleError.noImageMirror }
        return mirror
    }

    /// Exports the bundle to `output`; returns what `bundle.json` says.
    @discardableResult
    public func export(_ request: BundleExportRequest, to output: URL) async throws -> BundleMetadata {
        let rendered = request.rendered
        let mirror = try Self.imageMirror(of: rendered)
        let images = try Self.images(of: rendered)

        let directory = output.deletingLastPathComponent()
        let hidden = "." + output.lastPathComponent
        removeStaleTemporaries(in: directory, prefix: hidden, suffixes: [".staging", ".partial"])
        let staging = directory.appendingPathComponent("\(hidden).staging-\(getpid())")
        let partial = directory.appendingPathComponent("\(hidden).partial-\(getpid())")
        defer {
            try? FileManager.default.removeItem(at: staging)
            unlink(partial.path)
        }
        let stage = try BlobStage(directory: staging)
        let collector = ImageCollector(source: source, platforms: request.platforms, stage: stage, progress: progress)
        var collected: [CollectedImage] = []
        for (number, image) in images.enumerated() {
            collected.append(try await collector.collect(image.source, target: image.target, label: "(\(number + 1)/\(images.count))"))
        }

        var archive = BundleArchiveWriter()
        let metadata = try assemble(request, mirror: mirror, images: collected, stage: stage, into: &archive)
        progress(.milestone("writing \(output.path) (\(formatByteCount(archive.archiveLength)) before compression)"))
        try archive.write(to: partial.path, compression: request.compression,
                          modificationTime: request.modificationTime, progress: progress)
        try renameFile(from: partial.path, to: output.path)
        progress(.milestone("wrote \(output.path): \(collected.count) images, \(formatByteCount(regularFileSize(at: output.path) ?? 0))"))
        return metadata
    }

    /// Fills `archive` with every file of the bundle; returns `bundle.json`'s content.
    func assemble(_ request: BundleExportRequest, mirror: String, images: [CollectedImage], stage: BlobStage,
                  into archive: inout BundleArchiveWriter) throws -> BundleMetadata {
        var entries: [BundleImage] = []
        var indexEntries: [Descriptor] = []
        var pinnedByTarget: [String: String] = [:]
        for image in images {
            let target = image.target
            let pinned = ImageReference(registry: target.registry, repository: target.repository, tag: target.tag,
                                        digest: image.root.digest.description)
            let tagged = target.tag == nil ? pinned
                : ImageReference(registry: target.registry, repository: target.repository, tag: target.tag)
            pinnedByTarget[target.description] = pinned.description
            entries.append(BundleImage(
                source: image.source.description, target: tagged.description, pinned: pinned.description,
                digest: image.root.digest.description, mediaType: image.root.mediaType, size: image.root.size,
                sourceDigest: image.sourceRoot.digest.description, platforms: image.platforms))
            var root = image.root
            root.annotations = [AnnotationKey.refName: image.source.description]
            indexEntries.append(root)
            for (digest, bytes) in image.manifests { archive.memoryFiles[BundlePaths.blob(digest)] = Array(bytes) }
        }
        for (digest, descriptor) in stage.staged where archive.memoryFiles[BundlePaths.blob(digest)] == nil {
            archive.streamedFiles[BundlePaths.blob(digest)] = (stage.path(digest), digest, descriptor.size)
        }

        let release = try ManifestImages.replacingImages(in: request.rendered.release) { reference in
            guard let pinned = pinnedByTarget[reference.description] else {
                throw BundleError.unreadable(file: BundlePaths.release,
                                             reason: "the image \(reference) of the rendered release is not among the bundled images")
            }
            return pinned
        }
        archive.memoryFiles[BundlePaths.release] = Array(release.utf8)

        let chart = try ChartArchive(files: request.chartFiles, modificationTime: request.modificationTime)
        let chartPath = "chart/\(chart.fileName)"
        archive.memoryFiles[chartPath] = chart.bytes

        var valuesPaths: [String] = []
        for (number, file) in request.valuesFiles.enumerated() {
            let baseName = URL(fileURLWithPath: file.name).lastPathComponent
            let path = String(format: "values/%02d-", number + 1) + baseName
            valuesPaths.append(path)
            archive.memoryFiles[path] = Array(file.text.utf8)
        }

        archive.memoryFiles[BundlePaths.ociLayout] = Array(try OCIJSON.encode(OCILayoutMarker()))
        archive.memoryFiles[BundlePaths.index] = Array(try OCIJSON.encode(ImageIndex(manifests: indexEntries)))
        let metadata = BundleMetadata(
            imageMirror: mirror, images: entries, platforms: request.platforms.map(\.description),
            chart: BundleChart(name: chart.name, version: chart.version, file: chartPath),
            values: valuesPaths, sets: request.sets)
        archive.memoryFiles[BundlePaths.metadata] = try metadata.encoded()
        archive.addChecksums()
        return metadata
    }
}
