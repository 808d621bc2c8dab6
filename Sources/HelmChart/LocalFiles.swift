#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a chart directory with the C library directly: Foundation's `FileManager` calls cost more
/// than the rest of loading a small chart.
enum LocalFiles {
    enum Kind { case directory, file }

    /// The entries of a directory (without `.` and `..`), unsorted: each name and whether it is a
    /// symbolic link (from `readdir`'s type, or `lstat` where the file system does not give one).
    static func entries(inDirectory path: String) throws -> [(name: String, isLink: Bool)] {
        guard let dir = opendir(path) else { throw ChartError("open \(path): \(errorText())") }
        defer { closedir(dir) }
        var entries: [(name: String, isLink: Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let type = entry.pointee.d_type
            entries.append((name, type == UInt8(DT_UNKNOWN) ? isLink(path + "/" + name) : type == UInt8(DT_LNK)))
        }
        return entries
    }

    /// Whether `path` itself is a symbolic link.
    static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
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

    /// `errno` as Go words it (`no such file or directory`: the C text with a lower-case first letter).
    static func errorText(_ code: Int32 = errno) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// Go's `filepath.Abs`: `path` joined to the working directory when relative, then cleaned.
    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return cleanPath(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return cleanPath(path) }
        return cleanPath(String(cString: buffer) + "/" + path)
    }

    /// Go's `filepath.EvalSymlinks(path)` for an absolute `path`: the path with every link followed
    /// (cleaned), or why it cannot be followed (Helm: `error evaluating symlink PATH: REASON`):
    /// `lstat P: no such file or directory` for the first component P that is missing, `not a
    /// directory`, or `EvalSymlinks: too many links`.
    static func evaluateSymlinks(_ path: String) -> Result<String, SymlinkFailure> {
        var pending = ArraySlice(path.split(separator: "/").map(String.init))
        var resolved: [String] = []
        var linksWalked = 0
        while let component = pending.popFirst() {
            if component == "." { continue }
            if component == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            resolved.append(component)
            let candidate = "/" + resolved.joined(separator: "/")
            var info = stat()
            guard lstat(candidate, &info) == 0 else { return .failure(SymlinkFailure(reason: "lstat \(candidate): \(errorText())")) }
            if (info.st_mode & S_IFMT) != S_IFLNK {
                if (info.st_mode & S_IFMT) != S_IFDIR && !pending.isEmpty { return .failure(SymlinkFailure(reason: errorText(ENOTDIR))) }
                continue
            }
            linksWalked += 1
            if linksWalked > 255 { return .failure(SymlinkFailure(reason: "EvalSymlinks: too many links")) }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(candidate, &target, target.count - 1)
            guard length >= 0 else { return .failure(SymlinkFailure(reason: "readlink \(candidate): \(errorText())")) }
            let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            resolved.removeLast()
            if link.hasPrefix("/") { resolved.removeAll() }
            pending = ArraySlice(link.split(separator: "/").map(String.init)) + pending
        }
        return .success("/" + resolved.joined(separator: "/"))
    }

    /// Why a symbolic link cannot be followed, as Go words it.
    struct SymlinkFailure: Error {
        var reason: String
    }
}
