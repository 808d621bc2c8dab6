/// The files of an image layer, by path, with the metadata they get in the archive (nothing comes
/// from the host but contents). Parent directories are added on the way (mode 0755, owned by root).
public struct RootFilesystem: Sendable {
    /// One file or directory.
    public struct Entry: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            case directory
            case file([UInt8])
        }
        public var kind: Kind
        public var mode: UInt32
        public var uid: Int
        public var gid: Int
    }

    /// Entries keyed by relative path (`usr/local/bin/spegel`, no leading or trailing slash).
    public private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Adds a directory at `path` (absolute or relative) and its parents.
    public mutating func addDirectory(_ path: String, mode: UInt32 = 0o755, uid: Int = 0, gid: Int = 0) throws {
        let relative = try Self.normalise(path)
        try addParents(of: relative)
        if case .file = entries[relative]?.kind { throw ImageBuildError.pathConflict(path: path) }
        entries[relative] = Entry(kind: .directory, mode: mode, uid: uid, gid: gid)
    }

    /// Adds a regular file at `path` (absolute or relative) with `contents`, and its parent directories.
    public mutating func addFile(_ path: String, contents: [UInt8], mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0) throws {
        let relative = try Self.normalise(path)
        try addParents(of: relative)
        if entries[relative] != nil { throw ImageBuildError.pathConflict(path: path) }
        entries[relative] = Entry(kind: .file(contents), mode: mode, uid: uid, gid: gid)
    }

    /// The uncompressed tar of every entry, sorted by path (so parents come first), every entry with
    /// modification time `mtime` (seconds since 1970).
    public func tarArchive(mtime: Int) throws -> [UInt8] {
        var writer = TarWriter()
        for path in entries.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let entry = entries[path]!
            switch entry.kind {
            case .directory:
                try writer.appendDirectory(path, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: mtime)
            case .file(let contents):
                try writer.appendFile(path, contents: contents, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: mtime)
            }
        }
        return writer.finish()
    }

    private mutating func addParents(of relative: String) throws {
        var parent = ""
        for component in relative.split(separator: "/").dropLast() {
            parent += parent.isEmpty ? String(component) : "/" + component
            switch entries[parent]?.kind {
            case .directory: continue
            case .file: throw ImageBuildError.pathConflict(path: "/" + parent)
            case nil: entries[parent] = Entry(kind: .directory, mode: 0o755, uid: 0, gid: 0)
            }
        }
    }

    /// `path` without leading/trailing slashes; rejects empty paths, `.` and `..` components.
    static func normalise(_ path: String) throws -> String {
        let components = path.split(separator: "/")
        guard !components.isEmpty, !components.contains(where: { $0 == "." || $0 == ".." }) else {
            throw ImageBuildError.invalidPath(path)
        }
        return components.joined(separator: "/")
    }
}
