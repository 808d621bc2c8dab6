import Foundation
import IntegrationSupport
import Testing
@testable import ImageBuilding

/// The tar writer and gzip framing, read back by GNU tar and gzip.
struct TarAndGzipTests {
    @Test func gnuTarListsEntriesWithTheirFixedMetadata() throws {
        let dir = try makeTemporaryDirectory("tar-writer")
        defer { try? FileManager.default.removeItem(at: dir) }
        var filesystem = RootFilesystem()
        try filesystem.addFile("/usr/local/bin/tool", contents: Array("#!/bin/sh\n".utf8), mode: 0o755)
        try filesystem.addDirectory("/tmp", mode: 0o1777)
        try filesystem.addDirectory("/home/nonroot", mode: 0o700, uid: 65532, gid: 65532)
        let archive = dir.appendingPathComponent("layer.tar")
        try Data(filesystem.tarArchive(mtime: 1_700_000_000)).write(to: archive)

        let listing = try runTool("/usr/bin/env", ["TZ=UTC", "tar", "--numeric-owner", "--full-time", "-tvf", archive.path])
            .split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        // Sorted by path, parents first, every entry with the given owner and mtime.
        #expect(listing.map { String($0.last!) } == [
            "home/", "home/nonroot/", "tmp/", "usr/", "usr/local/", "usr/local/bin/", "usr/local/bin/tool"])
        #expect(listing.map { String($0[0]) } == [
            "drwxr-xr-x", "drwx------", "drwxrwxrwt", "drwxr-xr-x", "drwxr-xr-x", "drwxr-xr-x", "-rwxr-xr-x"])
        #expect(listing.map { String($0[1]) } == ["0/0", "65532/65532", "0/0", "0/0", "0/0", "0/0", "0/0"])
        #expect(Set(listing.map { "\($0[3]) \($0[4])" }) == ["2023-11-14 22:13:20"])

        let extracted = dir.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
        try runTool("/bin/tar", ["-xf", archive.path, "-C", extracted.path])
        #expect(try String(contentsOf: extracted.appendingPathComponent("usr/local/bin/tool"), encoding: .utf8) == "#!/bin/sh\n")
    }

    @Test func longPathsUseTheUstarPrefix() throws {
        let dir = try makeTemporaryDirectory("tar-long")
        defer { try? FileManager.default.removeItem(at: dir) }
        let longDirectory = (0..<12).map { "directory\($0)" }.joined(separator: "/")  // 130 bytes
        var filesystem = RootFilesystem()
        try filesystem.addFile(longDirectory + "/libexample.so.1", contents: [1, 2, 3])
        let archive = dir.appendingPathComponent("long.tar")
        try Data(filesystem.tarArchive(mtime: 0)).write(to: archive)
        let names = try runTool("/bin/tar", ["-tf", archive.path]).split(separator: "\n")
        #expect(names.last.map(String.init) == longDirectory + "/libexample.so.1")

        var tooLong = TarWriter()
        let name = String(repeating: "n", count: 101)
        #expect(throws: ImageBuildError.pathTooLong("usr/" + name)) {
            try tooLong.appendFile("usr/" + name, contents: [], mode: 0o644, mtime: 0)
        }
    }

    @Test func conflictingAndInvalidPathsAreRejected() throws {
        var filesystem = RootFilesystem()
        try filesystem.addFile("/etc/passwd", contents: [])
        #expect(throws: ImageBuildError.pathConflict(path: "/etc/passwd")) { try filesystem.addFile("/etc/passwd", contents: []) }
        #expect(throws: ImageBuildError.pathConflict(path: "/etc/passwd")) { try filesystem.addFile("/etc/passwd/x", contents: []) }
        #expect(throws: ImageBuildError.invalidPath("/usr/../etc")) { try filesystem.addDirectory("/usr/../etc") }
        #expect(throws: ImageBuildError.invalidPath("/")) { try filesystem.addDirectory("/") }
    }

    @Test func gzipHasAFixedHeaderAndRoundTripsThroughGzip() throws {
        let dir = try makeTemporaryDirectory("gzip")
        defer { try? FileManager.default.removeItem(at: dir) }
        var input = [UInt8]()
        for index in 0..<300_000 { input.append(UInt8(truncatingIfNeeded: index * 7 / 3)) }
        let compressed = try DeterministicGzip.compress(input)
        #expect(Array(compressed.prefix(10)) == [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF])
        #expect(compressed.count < input.count / 4)
        #expect(try DeterministicGzip.compress(input) == compressed)

        let file = dir.appendingPathComponent("data.gz")
        try Data(compressed).write(to: file)
        let roundTrip = dir.appendingPathComponent("data")
        try runTool("/bin/sh", ["-c", "gzip -dc '\(file.path)' > '\(roundTrip.path)' && gzip -t '\(file.path)'"])
        #expect(try [UInt8](Data(contentsOf: roundTrip)) == input)
        // The empty input is a valid member too.
        try Data(DeterministicGzip.compress([])).write(to: file)
        #expect(try runTool("/bin/sh", ["-c", "gzip -dc '\(file.path)' | wc -c"]).trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
