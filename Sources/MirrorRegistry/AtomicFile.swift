#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file replacement: write a temporary file next to the target, fsync it, rename it over
/// the target, fsync the directory.
public enum AtomicFile {
    /// Replaces `path` with `contents` (mode 0644).
    /// - Throws: `FileWriteError` naming the path and the failing system call.
    public static func write(_ contents: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).spegel-tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: temporary, operation: "open", code: errno) }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        try contents.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    close(fd)
                    throw FileWriteError(path: temporary, operation: "write", code: code)
                }
                offset += written
            }
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw FileWriteError(path: temporary, operation: "fsync", code: code)
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw FileWriteError(path: path, operation: "rename", code: errno) }
        ok = true
        syncDirectory(directory)
    }

    /// Renames `source` to `destination` and syncs the directory.
    public static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else { throw FileWriteError(path: destination, operation: "rename", code: errno) }
        syncDirectory((destination as NSString).deletingLastPathComponent)
    }

    static func syncDirectory(_ directory: String) {
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// A failed file system call.
public struct FileWriteError: Error, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32
    public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(code)))" }
}
