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

    /// Why Go's `filepath.EvalSymlinks(path)` fails for an absolute `path` whose link cannot be
    /// followed (Helm: `error evaluating symlink PATH: REASON`): `lstat P: no such file or directory`
    /// for the first component P that is missing, `not a directory`, or `EvalSymlinks: too many links`.
    /// Nil when the path resolves.
    static func symlinkFailure(_ path: String) -> String? {
        var pending = ArraySlice(path.split(separator: "/").map(String.init))
        var resolved: [String] = []
        var linksWalked = 0
        while let component = pending.popFirst() {
            if component == "." { continue }
            if component == ".." {
                if resolved.isEmpty || resolved.last == ".." { resolved.append("..") } else { resolved.removeLast() }
                continue
            }
            resolved.append(component)
            let candidate = "/" + resolved.joined(separator: "/")
            var info = stat()
            guard lstat(candidate, &info) == 0 else { return "lstat \(candidate): \(errorText())" }
            if (info.st_mode & S_IFMT) != S_IFLNK {
                if (info.st_mode & S_IFMT) != S_IFDIR && !pending.isEmpty { return errorText(ENOTDIR) }
                continue
            }
            linksWalked += 1
            if linksWalked > 255 { return "EvalSymlinks: too many links" }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(candidate, &target, target.count - 1)
            guard length >= 0 else { return "readlink \(candidate): \(errorText())" }
            let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            resolved.removeLast()
            if link.hasPrefix("/") { resolved.removeAll() }
            pending = ArraySlice(link.split(separator: "/").map(String.init)) + pending
        }
        return nil
    }
}
