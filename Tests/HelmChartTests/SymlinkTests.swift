import Foundation
import Testing
@testable import HelmChart

/// Go's `filepath.EvalSymlinks` as the chart loader needs it, on links made in a temporary directory.
@Suite struct SymlinkTests {
    /// A fresh directory (its real path, without links) removed by the caller.
    static func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "symlink-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard case .success(let real) = LocalFiles.evaluateSymlinks(LocalFiles.absolutePath(path)) else {
            throw ChartError("cannot resolve \(path)")
        }
        return real
    }

    @Test func relativeChainsAndParentsResolve() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/data/deep", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/data/deep/file", contents: Data("x".utf8))
        try FileManager.default.createSymbolicLink(atPath: root + "/first", withDestinationPath: "data/deep/file")
        try FileManager.default.createSymbolicLink(atPath: root + "/second", withDestinationPath: "first")
        try FileManager.default.createSymbolicLink(atPath: root + "/data/up", withDestinationPath: "../data/./deep")
        try FileManager.default.createSymbolicLink(atPath: root + "/absolute", withDestinationPath: root + "/data")

        #expect(try LocalFiles.evaluateSymlinks(root + "/second").get() == root + "/data/deep/file")
        #expect(try LocalFiles.evaluateSymlinks(root + "/data/up/file").get() == root + "/data/deep/file")
        #expect(try LocalFiles.evaluateSymlinks(root + "/absolute/deep").get() == root + "/data/deep")
        #expect(try LocalFiles.evaluateSymlinks("/..").get() == "/")
    }

    @Test func brokenLinksSayWhyAsGoDoes() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        FileManager.default.createFile(atPath: root + "/plain", contents: Data())
        try FileManager.default.createSymbolicLink(atPath: root + "/dangling", withDestinationPath: "missing/file")
        try FileManager.default.createSymbolicLink(atPath: root + "/through-file", withDestinationPath: "plain/below")
        try FileManager.default.createSymbolicLink(atPath: root + "/loop", withDestinationPath: "loop")

        #expect(reason(root + "/dangling") == "lstat \(root)/missing: no such file or directory")
        #expect(reason(root + "/through-file") == "not a directory")
        #expect(reason(root + "/loop") == "EvalSymlinks: too many links")
    }

    private func reason(_ path: String) -> String? {
        if case .failure(let failure) = LocalFiles.evaluateSymlinks(path) { return failure.reason }
        return nil
    }
}
