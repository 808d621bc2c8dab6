/// Writes and removes containerd `hosts.toml` files (`certs.d/<host>/hosts.toml`) that send pulls to
/// the mirror first and to the upstream registry as a fallback.
///
/// Files it writes begin with `HostsConfiguration.marker`; a pre-existing file is renamed to
/// `hosts.toml.spegel-backup` first and put back by `cleanup`. Running `configure` twice leaves every
/// file byte-identical (with `prependExisting`, the existing entries are always taken from the backup).
public struct HostsConfiguration: Sendable {
    /// First line of every file this writes; `cleanup` removes only files that start with it.
    public static let marker = "# Written by \"spegel configuration\"; \"spegel cleanup\" removes it and restores hosts.toml.spegel-backup."
    /// Name of the backup of a pre-existing `hosts.toml`.
    public static let backupName = "hosts.toml.spegel-backup"

    /// The containerd registry config directory (`config_path`), e.g. `/etc/containerd/certs.d`.
    public var directory: String
    /// Registries to mirror (`https://docker.io`, `ghcr.io`, `http://r.local:5000`); empty means all (`_default`).
    public var mirroredRegistries: [String]
    /// Mirror endpoints in order, e.g. `http://localhost:5000`.
    public var mirrorTargets: [String]
    /// Whether mirrors may resolve tags (`capabilities = ["pull", "resolve"]`) or only pull by digest.
    public var resolveTags: Bool
    /// Whether the entries of a pre-existing file are kept after the mirror's.
    public var prependExisting: Bool

    public init(directory: String, mirroredRegistries: [String], mirrorTargets: [String], resolveTags: Bool = true, prependExisting: Bool = false) {
        self.directory = directory
        self.mirroredRegistries = mirroredRegistries
        self.mirrorTargets = mirrorTargets
        self.resolveTags = resolveTags
        self.prependExisting = prependExisting
    }

    /// One registry to configure: the `certs.d` directory name and the upstream `server` (nil for `_default`).
    public struct Upstream: Hashable, Sendable {
        public var host: String
        public var server: String?
        public init(host: String, server: String?) {
            self.host = host
            self.server = server
        }
    }

    /// The directory name and server URL for each mirrored registry.
    /// - Throws: `HostsConfigurationError` for an entry that is not a registry host or URL.
    public func upstreams() throws -> [Upstream] {
        guard !mirroredRegistries.isEmpty else { return [Upstream(host: "_default", server: nil)] }
        var seen = Set<String>()
        return try mirroredRegistries.compactMap { entry in
            var scheme = "https"
            var rest = Substring(entry)
            if let range = rest.range(of: "://") {
                scheme = String(rest[..<range.lowerBound])
                rest = rest[range.upperBound...]
            }
            while rest.hasSuffix("/") { rest = rest.dropLast() }
            let host = String(rest)
            guard scheme == "http" || scheme == "https", RepositoryName.isValidRegistryHost(host) else {
                throw HostsConfigurationError.invalidRegistry(entry)
            }
            guard seen.insert(host).inserted else { return nil }
            let server = host == "docker.io" ? "https://registry-1.docker.io" : "\(scheme)://\(host)"
            return Upstream(host: host, server: server)
        }
    }

    /// The file for `upstream`; `existing` is the pre-existing file kept with `prependExisting`.
    public func render(_ upstream: Upstream, existing: String?) throws -> String {
        let capabilities = resolveTags ? "[\"pull\", \"resolve\"]" : "[\"pull\"]"
        let targets = try mirrorTargets.map { target -> String in
            var trimmed = Substring(target)
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            guard trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://"), !trimmed.contains("\"") else {
                throw HostsConfigurationError.invalidMirrorTarget(target)
            }
            return String(trimmed)
        }
        let kept = existing.map(HostsFile.init(parsing:))
        var lines = [Self.marker]
        if let server = kept?.server ?? upstream.server.map({ "server = \"\($0)\"" }) {
            lines.append(server)
        }
        lines += kept?.topLevel ?? []
        for target in targets {
            lines.append("")
            lines.append("[host.\"\(target)\"]")
            lines.append("  capabilities = \(capabilities)")
        }
        if let kept {
            for table in kept.tables where !targets.contains(where: { table.hostName == $0 }) {
                lines.append("")
                lines += table.lines
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes every file; removes files it wrote earlier for registries no longer listed.
    /// Returns the paths written.
    @discardableResult
    public func configure() throws -> [String] {
        let upstreams = try upstreams()
        let wanted = Set(upstreams.map(\.host))
        for host in try Self.managedHosts(in: directory) where !wanted.contains(host) {
            try Self.restore(hostDirectory: (directory as NSString).appendingPathComponent(host))
        }
        var written: [String] = []
        for upstream in upstreams {
            let hostDirectory = (directory as NSString).appendingPathComponent(upstream.host)
            let path = (hostDirectory as NSString).appendingPathComponent("hosts.toml")
            let backup = (hostDirectory as NSString).appendingPathComponent(Self.backupName)
            try FileManager.default.createDirectory(atPath: hostDirectory, withIntermediateDirectories: true)
            if let current = FileManager.default.contents(atPath: path), !Self.isManaged(current) {
                try AtomicFile.move(path, to: backup)
            }
            let existing = prependExisting ? FileManager.default.contents(atPath: backup).map { String(decoding: $0, as: UTF8.self) } : nil
            let contents = Data(try render(upstream, existing: existing).utf8)
            if FileManager.default.contents(atPath: path) != contents {
                try AtomicFile.write(contents, to: path)
            }
            written.append(path)
        }
        return written
    }

    /// Removes every file `configure` wrote under `directory`, restores backups, and removes host
    /// directories left empty. Returns the host directories it changed.
    @discardableResult
    public static func cleanup(directory: String) throws -> [String] {
        var changed: [String] = []
        for host in try managedHosts(in: directory) {
            let hostDirectory = (directory as NSString).appendingPathComponent(host)
            try restore(hostDirectory: hostDirectory)
            changed.append(hostDirectory)
        }
        return changed
    }

    /// Host directories under `directory` whose `hosts.toml` this tool wrote, sorted.
    public static func managedHosts(in directory: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).sorted().filter { host in
            let path = (directory as NSString).appendingPathComponent("\(host)/hosts.toml")
            return FileManager.default.contents(atPath: path).map(isManaged) ?? false
        }
    }

    static func isManaged(_ contents: Data) -> Bool {
        contents.starts(with: Data((marker + "\n").utf8))
    }

    static func restore(hostDirectory: String) throws {
        let path = (hostDirectory as NSString).appendingPathComponent("hosts.toml")
        let backup = (hostDirectory as NSString).appendingPathComponent(backupName)
        if FileManager.default.fileExists(atPath: backup) {
            try AtomicFile.move(backup, to: path)
        } else {
            try FileManager.default.removeItem(atPath: path)
            AtomicFile.syncDirectory(hostDirectory)
            if (try? FileManager.default.contentsOfDirectory(atPath: hostDirectory))?.isEmpty == true {
                try FileManager.default.removeItem(atPath: hostDirectory)
            }
        }
    }
}

/// A pre-existing `hosts.toml`, split the way `--prepend-existing` needs: its `server` line, its
/// other top-level lines, and its tables (each `[host."…"]` with its sub-tables).
struct HostsFile {
    struct Table {
        var lines: [String]
        /// The `X` of `[host."X"]` / `[host."X".header]`, nil for other tables.
        var hostName: String?
    }

    var server: String?
    var topLevel: [String] = []
    var tables: [Table] = []

    init(parsing text: String) {
        var current: Table?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine).replacingOccurrences(of: "\r", with: "")
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") {
                let host = Self.hostName(header: trimmed)
                if let open = current, open.hostName != nil, open.hostName == host, trimmed.hasPrefix("[host.\"\(host!)\".") {
                    current!.lines.append(line)
                    continue
                }
                if let open = current { tables.append(open) }
                current = Table(lines: [line], hostName: host)
                continue
            }
            if current != nil {
                current!.lines.append(line)
                continue
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("server") && trimmed.dropFirst(6).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                server = trimmed
            } else {
                topLevel.append(line)
            }
        }
        if let open = current { tables.append(open) }
        tables = tables.map { table in
            var trimmedTable = table
            while let last = trimmedTable.lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { trimmedTable.lines.removeLast() }
            return trimmedTable
        }
    }

    static func hostName(header: String) -> String? {
        guard header.hasPrefix("[host.\""), let end = header.dropFirst(7).firstIndex(of: "\"") else { return nil }
        return String(header[header.index(header.startIndex, offsetBy: 7)..<end])
    }
}

/// Invalid `spegel configuration` input.
public enum HostsConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalidRegistry(String)
    case invalidMirrorTarget(String)

    public var description: String {
        switch self {
        case .invalidRegistry(let entry):
            return "--mirrored-registries: \"\(entry)\" is not a registry host or http(s) URL (e.g. https://docker.io, ghcr.io)"
        case .invalidMirrorTarget(let entry):
            return "--mirror-targets: \"\(entry)\" is not an http(s) URL (e.g. http://localhost:5000)"
        }
    }
}
