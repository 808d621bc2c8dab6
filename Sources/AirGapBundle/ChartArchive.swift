import HelmChart

/// A chart packaged as Helm packages it (`NAME/…` inside a gzip'd tar), deterministically: files
/// sorted by path, fixed modification time, uid/gid 0.
struct ChartArchive {
    var name: String
    var version: String
    var bytes: [UInt8]

    /// The file name Helm gives the package, `NAME-VERSION.tgz`.
    var fileName: String { "\(name)-\(version).tgz" }

    /// Packages `files` (path relative to the chart → contents); name and version come from `Chart.yaml`.
    init(files: [String: [UInt8]], modificationTime: Int64) throws {
        let sorted = files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let chart = try ChartLoader.loadFiles(sorted.map { ChartFile(name: $0, data: files[$0]!) })
        name = chart.metadata.name
        version = chart.metadata.version
        let memory = MemorySink()
        let writer = TarWriter(sink: try GzipSink(downstream: memory), modificationTime: modificationTime)
        for path in sorted {
            try writer.addFile("\(name)/\(path)", bytes: files[path]!)
        }
        try writer.finish()
        bytes = memory.bytes
    }
}
