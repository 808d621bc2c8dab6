#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a chart directory with the C library directly: Foundation's `FileManager` calls cost more
/// than the rest of loading a small chart.
enum LocalFiles {
    enum Kind { case directory, file }

    /// The names in a directory (without `.` and `..`), unsorted.
    static func names(inDirectory path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw ChartError("open \(path): \(errorText())") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// What `path` is, following symbolic links; nil when it does not exist (or is a dangling link).
    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
    }

    /// The bytes of a file; nil when it cannot be opened or read.
    static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        var bytes = [UInt8](repeating: 0, count: fstat(fd, &info) == 0 && info.st_size > 0 ? Int(info.st_size) : 0)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let n = bytes.withUnsafeMutableBytes { buffer in read(fd, buffer.baseAddress! + count, buffer.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
