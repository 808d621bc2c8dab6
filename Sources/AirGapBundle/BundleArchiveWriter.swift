import OCI

/// The files of a bundle and how they are written: small files from memory, blobs streamed from staged
/// files. Paths are sorted bytewise with their parent directories; `SHA256SUMS` lists every other file.
struct BundleArchiveWriter {
    /// Files held in memory, by path.
    var memoryFiles: [String: [UInt8]] = [:]
    /// Blobs streamed from files: path inside the bundle → staged file, expected digest and size.
    var streamedFiles: [String: (file: String, digest: Digest, size: Int64)] = [:]

    /// Adds `SHA256SUMS` for every file added so far.
    mutating func addChecksums() {
        var digests: [String: Digest] = memoryFiles.mapValues { Digest.sha256(of: $0) }
        for (path, file) in streamedFiles { digests[path] = file.digest }
        memoryFiles[BundlePaths.checksums] = Checksums.render(digests)
    }

    /// Every tar entry name in archive order: directories end with `/`.
    var entryNames: [String] {
        var names = Set(memoryFiles.keys).union(streamedFiles.keys)
        for path in Array(names) {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                names.insert(parts.joined(separator: "/") + "/")
                parts = parts.dropLast()
            }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The length of the uncompressed tar.
    var archiveLength: Int64 {
        entryNames.reduce(TarWriter.trailerLength) { total, name in
            let size = memoryFiles[name].map { Int64($0.count) } ?? streamedFiles[name]?.size ?? 0
            return total + TarWriter.entryLength(path: name, size: size)
        }
    }

    /// Writes the archive to `path` (created or replaced), checking each streamed blob's digest.
    func write(to path: String, compression: BundleCompression, modificationTime: Int64,
               progress: BundleProgressHandler) throws {
        let file = try FileSink(path: path)
        let tar = TarWriter(sink: try compression.compressing(into: file), modificationTime: modificationTime)
        let total = archiveLength
        let message = "writing \(URL(fileURLWithPath: path).lastPathComponent)"
        for name in entryNames {
            if name.hasSuffix("/") {
                try tar.addDirectory(String(name.dropLast()))
            } else if let bytes = memoryFiles[name] {
                try tar.addFile(name, bytes: bytes)
            } else if let blob = streamedFiles[name] {
                var hasher = DigestHasher()
                var sinceReport: Int64 = 0
                let base = tar.written
                var copied: Int64 = 0
                try tar.addFile(name, size: blob.size, from: FileSource(path: blob.file)) { chunk in
                    hasher.update(bufferPointer: chunk)
                    copied += Int64(chunk.count)
                    sinceReport += Int64(chunk.count)
                    if sinceReport >= 8 << 20 {
                        sinceReport = 0
                        progress(.bytes(message, completed: base + copied, total: total))
                    }
                }
                let actual = hasher.finalize()
                guard actual == blob.digest else {
                    throw ImageSourceError.invalidContent(
                        reference: name, digest: blob.digest.description,
                        reason: "the image source gave content with digest \(actual); its copy is damaged, fetch the image again")
                }
            }
            progress(.bytes(message, completed: tar.written, total: total))
        }
        try tar.finish()
    }
}
