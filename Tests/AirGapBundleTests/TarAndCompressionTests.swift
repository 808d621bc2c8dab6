import Foundation
import IntegrationSupport
import OCI
import Testing
@testable import AirGapBundle

@Suite struct TarAndCompressionTests {
    /// Writes a tar with `files` (path → bytes) through `compression` into `url`.
    static func writeTar(_ files: [(String, [UInt8])], to url: URL, compression: BundleCompression, mtime: Int64 = 0) throws {
        let tar = TarWriter(sink: try compression.compressing(into: FileSink(path: url.path)), modificationTime: mtime)
        try tar.addDirectory("dir")
        for (path, bytes) in files { try tar.addFile(path, bytes: bytes) }
        try tar.finish()
    }

    static let longName = "dir/" + String(repeating: "long-component-", count: 9) + "end.yaml"

    @Test func gnuTarReadsLongNamesModesOwnersAndTimes() throws {
        let directory = try makeTemporaryDirectory("tar-gnu")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("t.tar")
        try Self.writeTar([("dir/a.txt", Array("hello\n".utf8)), (Self.longName, Array("long\n".utf8))], to: url,
                          compression: .none, mtime: 1_700_000_000)
        let listing = try runTool("/bin/tar", ["--numeric-owner", "--full-time", "--utc", "-tvf", url.path])
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("drwxr-xr-x 0/0") && lines[0].hasSuffix(" dir/"))
        #expect(lines[1].hasPrefix("-rw-r--r-- 0/0") && lines[1].contains("2023-11-14 22:13:20") && lines[1].hasSuffix(" dir/a.txt"))
        #expect(lines[2].hasSuffix(" " + Self.longName), "GNU tar read \(lines[2])")
        let extracted = directory.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
        try runTool("/bin/tar", ["-xf", url.path, "-C", extracted.path])
        #expect(try String(contentsOf: extracted.appendingPathComponent(Self.longName), encoding: .utf8) == "long\n")
    }

    @Test func readerReadsOwnAndGNUArchivesInEveryCompression() throws {
        let directory = try makeTemporaryDirectory("tar-read")
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for compression in BundleCompression.allCases {
            let url = directory.appendingPathComponent("own-\(compression)")
            try Self.writeTar([("dir/big.bin", big), (Self.longName, Array("x".utf8))], to: url, compression: compression)
            let entries = try Self.readAll(url)
            #expect(entries.map(\.path) == ["dir", "dir/big.bin", Self.longName])
            #expect(entries[1].digest == Digest.sha256(of: big))
        }
        // Archives made by GNU tar (and compressed by gzip and zstd) read the same.
        let tree = directory.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("dir"), withIntermediateDirectories: true)
        try Data(big).write(to: tree.appendingPathComponent("dir/big.bin"))
        try FileManager.default.createDirectory(at: tree.appendingPathComponent(Self.longName).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: tree.appendingPathComponent(Self.longName))
        for (flag, name) in [("", "gnu.tar"), ("-z", "gnu.tgz"), ("--zstd", "gnu.tzst")] {
            let url = directory.appendingPathComponent(name)
            try runTool("/bin/tar", (flag.isEmpty ? [] : [flag]) + ["--format=gnu", "--sort=name", "-cf", url.path, "-C", tree.path, "dir"])
            let entries = try Self.readAll(url)
            #expect(entries.first { $0.path == "dir/big.bin" }?.digest == Digest.sha256(of: big), "\(name)")
            #expect(entries.contains { $0.path == Self.longName }, "\(name): \(entries.map(\.path))")
        }
    }

    @Test func compressedOutputIsReadByTheSystemTools() throws {
        let directory = try makeTemporaryDirectory("compress")
        defer { try? FileManager.default.removeItem(at: directory) }
        let payload = Array((0..<2_500_000).map { UInt8(truncatingIfNeeded: ($0 / 7) &* 13) })
        for (compression, tool) in [(BundleCompression.gzip, "/bin/gzip"), (.zstd, "/usr/bin/zstd")] {
            let url = directory.appendingPathComponent("p.\(compression)")
            let sink = try compression.compressing(into: FileSink(path: url.path))
            try sink.write(payload)
            try sink.finish()
            let out = directory.appendingPathComponent("p.\(compression).out")
            try runTool("/bin/sh", ["-c", "\(tool) -dc '\(url.path)' > '\(out.path)'"])
            #expect(try Data(contentsOf: out) == Data(payload), "\(tool) read something else")
            // Concatenated streams (two members / frames) read as one.
            try runTool("/bin/sh", ["-c", "cat '\(url.path)' '\(url.path)' > '\(url.path).twice'"])
            let twice = try Self.readDecompressed(URL(fileURLWithPath: url.path + ".twice"), compression: compression)
            #expect(twice == payload + payload)
        }
    }

    @Test func truncatedCompressedStreamsFail() throws {
        let directory = try makeTemporaryDirectory("compress-trunc")
        defer { try? FileManager.default.removeItem(at: directory) }
        let payload = Array((0..<500_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        for compression in [BundleCompression.gzip, .zstd] {
            let url = directory.appendingPathComponent("p.\(compression)")
            let sink = try compression.compressing(into: FileSink(path: url.path))
            try sink.write(payload)
            try sink.finish()
            let data = try Data(contentsOf: url)
            try data.prefix(data.count - 10).write(to: url)
            #expect(throws: (any Error).self, "\(compression)") { _ = try Self.readDecompressed(url, compression: compression) }
        }
    }

    @Test func checksumsRoundTripAndNameBadLines() throws {
        let digest = Digest.sha256(of: Data("a".utf8))
        let text = Checksums.render(["b/x": digest, "a": digest])
        #expect(String(decoding: text, as: UTF8.self) == "\(digest.hex)  a\n\(digest.hex)  b/x\n")
        let (entries, problems) = Checksums.parse(text + Array("nonsense\n".utf8))
        #expect(entries == ["a": digest, "b/x": digest])
        #expect(problems.map(\.entry) == ["SHA256SUMS:3"])
    }

    static func readAll(_ url: URL) throws -> [(path: String, digest: Digest?)] {
        let compression = BundleCompression.detect(prefix: try BundleScan.peek(url.path))
        let reader = TarReader(source: try compression.decompressing(FileSource(path: url.path)))
        var entries: [(String, Digest?)] = []
        while let header = try reader.next() {
            var hasher = DigestHasher()
            try reader.forEachDataChunk { hasher.update(bufferPointer: $0) }
            entries.append((header.path, header.kind == .file ? hasher.finalize() : nil))
        }
        return entries
    }

    static func readDecompressed(_ url: URL, compression: BundleCompression) throws -> [UInt8] {
        var out: [UInt8] = []
        try forEachChunk(of: compression.decompressing(FileSource(path: url.path))) { out.append(contentsOf: $0) }
        return out
    }
}
