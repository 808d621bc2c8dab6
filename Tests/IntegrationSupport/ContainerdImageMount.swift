import Foundation

extension TestContainerd {
    /// Pulls `reference` (plain HTTP) so containerd fetches and unpacks it, mounts the unpacked root
    /// file system read-only at `mountPoint` (`ctr images mount`), runs `body` with it, then unmounts
    /// and removes the view snapshot, whether `body` threw or not.
    public func withUnpackedImage<T>(_ reference: String, at mountPoint: URL, _ body: (URL) throws -> T) throws -> T {
        try ctr(["images", "pull", "--plain-http", reference])
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        try ctr(["images", "mount", reference, mountPoint.path])
        defer { _ = try? ctr(["images", "unmount", "--rm", mountPoint.path]) }
        return try body(mountPoint)
    }
}
