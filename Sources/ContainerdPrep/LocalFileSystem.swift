#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file operations `containerd-prep` needs, so tests can inject failures.
public protocol PrepFileSystem: ImportReader {
    /// The bytes of a file, or `nil` when it does not exist.
    func read(_ path: String) throws -> [UInt8]?
    /// Replaces a file atomically: writes a temporary file in the same directory, syncs it, renames
    /// it over `path` and syncs the directory; keeps the mode and owner of an existing file and
    /// leaves no temporary file behind when it fails.
    func writeAtomically(_ bytes: [UInt8], to path: String) throws
    /// Removes a file if it exists.
    func remove(_ path: String) throws
}

/// A file-system failure, naming the path and the operation.
public struct FileSystemError: Error, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32

    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}

/// The real file system.
public struct LocalFileSystem: PrepFileSystem {
    /// Called with the temporary file's path just before it is renamed over the target; a test
    /// throws here to simulate a crash between write and rename.
    public var beforeRename: ((String) throws -> Void)?

    public init(beforeRename: ((String) throws -> Void)? = nil) {
        self.beforeRename = beforeRename
    }

    public func read(_ path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw FileSystemError(path: path, operation: "open", code: errno)
        }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(path: path, operation: "read", code: errno)
            }
            if count == 0 { return result }
            result.append(contentsOf: buffer[0..<count])
        }
    }

    public func contents(of path: String) throws -> String? {
        try read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    public func paths(matching pattern: String) throws -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    public func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw FileSystemError(path: path, operation: "remove", code: errno)
        }
    }

    public func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let directory = ImportResolver.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).spegel-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        var existing = stat()
        let exists = stat(path, &existing) == 0
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileSystemError(path: temporary, operation: "create", code: errno) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw FileSystemError(path: temporary, operation: "write", code: errno)
                }
                written += count
            }
            if exists {
                _ = fchown(descriptor, existing.st_uid, existing.st_gid)
                guard fchmod(descriptor, existing.st_mode & 0o7777) == 0 else {
                    throw FileSystemError(path: temporary, operation: "chmod", code: errno)
                }
            } else {
                guard fchmod(descriptor, 0o644) == 0 else {
                    throw FileSystemError(path: temporary, operation: "chmod", code: errno)
                }
            }
            guard fsync(descriptor) == 0 else { throw FileSystemError(path: temporary, operation: "fsync", code: errno) }
        }
        try beforeRename?(temporary)
        guard rename(temporary, path) == 0 else { throw FileSystemError(path: path, operation: "rename", code: errno) }
        renamed = true
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// The path with symbolic links resolved, so a linked config is replaced at its target.
    public func resolvingSymlinks(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
