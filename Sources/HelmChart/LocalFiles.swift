#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a chart directory with the C library directly: Foundation's `FileManager` calls cost more
/// than the rest of loading a small chart.
enum LocalFiles {
    enum Kind { case directory, file }

    /// An open directory: its entries are read, examined and opened relative to it, so the kernel
    /// walks no path again per file.
    final class Directory {
        private let stream: OpaquePointer
        private let descriptor: Int32

        /// Opens the directory at `path`.
        init(path: String) throws {
            guard let stream = opendir(path) else { throw ChartError("open \(path): \(LocalFiles.errorText())") }
            self.stream = stream
            descriptor = dirfd(stream)
        }

        deinit { closedir(stream) }

        /// An entry: its name, whether it is a symbolic link, and what it is when the directory
        /// listing says (nil for a link or where the file system does not tell).
        struct Entry {
            var name: String
            var isLink: Bool
            var kind: Kind?
        }

        /// The entries (without `.` and `..`), unsorted.
        func entries() -> [Entry] {
            var entries: [Entry] = []
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." { continue }
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): entries.append(Entry(name: name, isLink: false, kind: .directory))
                case Int32(DT_REG): entries.append(Entry(name: name, isLink: false, kind: .file))
                case Int32(DT_LNK): entries.append(Entry(name: name, isLink: true, kind: nil))
                case Int32(DT_UNKNOWN): entries.append(Entry(name: name, isLink: isLink(name), kind: nil))
                default: entries.append(Entry(name: name, isLink: false, kind: nil))
                }
            }
            return entries
        }

        /// Whether entry `name` itself is a symbolic link.
        func isLink(_ name: String) -> Bool { LocalFiles.isLink(name, in: descriptor) }

        /// What entry `name` is, following symbolic links; nil when it does not exist (or is a dangling link).
        func kind(of name: String) -> Kind? { LocalFiles.kind(of: name, in: descriptor) }

        /// The bytes of entry `name`; nil when it cannot be opened or read.
        func contents(of name: String) -> [UInt8]? { LocalFiles.contents(of: name, in: descriptor) }
    }

    /// Whether `path` itself is a symbolic link.
    static func isLink(_ path: String) -> Bool { isLink(path, in: AT_FDCWD) }

    /// What `path` is, following symbolic links; nil when it does not exist (or is a dangling link).
    static func kind(of path: String) -> Kind? { kind(of: path, in: AT_FDCWD) }

    /// The bytes of a file; nil when it cannot be opened or read.
    static func contents(of path: String) -> [UInt8]? { contents(of: path, in: AT_FDCWD) }

    // `path` relative to the directory open as `directory` (`AT_FDCWD`: the working directory).

    private static func isLink(_ path: String, in directory: Int32) -> Bool {
        var info = stat()
        return fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    private static func kind(of path: String, in directory: Int32) -> Kind? {
        var info = stat()
        guard fstatat(directory, path, &info, 0) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
    }

    private static func contents(of path: String, in directory: Int32) -> [UInt8]? {
        readToEnd(openat(directory, path, O_RDONLY | O_CLOEXEC))
    }

    /// Reads the file open as `fd` to its end and closes it; nil when `fd` is not open or reading fails.
    private static func readToEnd(_ fd: Int32) -> [UInt8]? {
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        let isRegular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        // One byte more than the file's size: a regular file that gave all its bytes and left that
        // one unfilled has ended, so the usual file takes a single read (a read cut short by a
        // signal gives fewer bytes, and reading goes on).
        var bytes = [UInt8](repeating: 0, count: isRegular && info.st_size > 0 ? Int(info.st_size) + 1 : 0)
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
            if isRegular && count == Int(info.st_size) && count < bytes.count { break }
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
