import Foundation
import OCI

/// What goes into the image of one executable.
public struct ExecutableImageOptions: Sendable {
    /// The executable on this machine, e.g. `.build/release/spegel`.
    public var executable: String
    /// The image reference the layout names it by (`org.opencontainers.image.ref.name`).
    public var reference: String
    /// Labels of the image configuration (`org.opencontainers.image.source`, `.version`, `.revision`, …).
    public var labels: [String: String]
    /// Modification time of every file and the config's `created`, in seconds since 1970
    /// (`SOURCE_DATE_EPOCH`); 0 by default.
    public var timestamp: Int
    /// Where the executable goes in the image; also the entrypoint.
    public var installPath: String
    /// The default arguments (`Cmd`).
    public var command: [String]

    public init(executable: String, reference: String, labels: [String: String] = [:], timestamp: Int = 0,
                installPath: String = "/usr/local/bin/spegel", command: [String] = ["registry"]) {
        self.executable = executable
        self.reference = reference
        self.labels = labels
        self.timestamp = timestamp
        self.installPath = installPath
        self.command = command
    }
}

/// Builds a one-layer OCI image of an executable: the executable, the shared libraries `ldd` says it
/// loads (each at the path the loader opens, the loader included), `/etc/passwd` and `/etc/group` with
/// the non-root user 65532 `nonroot` it runs as, `/tmp`, and empty `/proc`, `/sys`, `/dev`.
/// Same inputs give the same digests.
public struct ExecutableImageBuilder {
    /// The user the image runs as (`User` is `"65532:65532"`).
    public static let userID = 65532
    /// The name of that user and its group.
    public static let userName = "nonroot"

    private let runner: any ProcessRunner
    private let ldd: String

    /// `runner` runs `ldd` (at `ldd`) to find the shared libraries.
    public init(runner: any ProcessRunner = SystemProcessRunner(), ldd: String = "/usr/bin/ldd") {
        self.runner = runner
        self.ldd = ldd
    }

    /// Builds the image in memory.
    public func build(_ options: ExecutableImageOptions) throws -> ExecutableImage {
        do {
            _ = try ImageReference(parsing: options.reference)
        } catch let error as ImageReferenceError {
            throw ImageBuildError.invalidReference(options.reference, reason: error.reason)
        }
        let binary = try Self.read(options.executable)
        let identity = try ELFIdentity(header: binary.prefix(64), path: options.executable)
        let libraries = try SharedLibraries.of(executable: options.executable, runner: runner, ldd: ldd)

        var filesystem = try Self.baseFilesystem()
        try filesystem.addFile(options.installPath, contents: binary, mode: 0o755)
        for library in libraries.paths {
            try filesystem.addFile(library, contents: Self.read(library), mode: 0o755)
        }
        let tar = try filesystem.tarArchive(mtime: options.timestamp)
        let layer = try DeterministicGzip.compress(tar)
        let layerDescriptor = Descriptor(mediaType: MediaType.ociLayerGzip, digest: .sha256(of: layer), size: Int64(layer.count))

        let created = Self.timestampText(options.timestamp)
        let user = "\(Self.userID):\(Self.userID)"
        let configuration = ImageConfiguration(
            created: created, architecture: identity.architecture, os: identity.os,
            config: .init(user: user, env: ["PATH=/usr/local/bin:/usr/bin:/bin"], entrypoint: [options.installPath],
                          cmd: options.command, workingDir: "/", labels: options.labels.isEmpty ? nil : options.labels),
            rootfs: .init(diffIDs: [.sha256(of: tar)]),
            history: [.init(created: created, createdBy: "spegelctl image build", comment: "\(options.installPath) and its shared libraries")])
        let configBytes = try OCIJSON.encode(configuration)
        let configDescriptor = Descriptor(mediaType: MediaType.ociConfig, digest: .sha256(of: configBytes), size: Int64(configBytes.count))
        let manifest = ImageManifest(config: configDescriptor, layers: [layerDescriptor])
        let manifestBytes = try OCIJSON.encode(manifest)
        let manifestDescriptor = Descriptor(
            mediaType: MediaType.ociManifest, digest: .sha256(of: manifestBytes), size: Int64(manifestBytes.count),
            platform: Platform(architecture: identity.architecture, os: identity.os))
        return ExecutableImage(
            reference: options.reference, files: filesystem.entries.keys.sorted().map { "/" + $0 },
            libraries: libraries.paths, layer: layer, layerDescriptor: layerDescriptor,
            configuration: configuration, configBytes: configBytes, manifest: manifest,
            manifestBytes: manifestBytes, manifestDescriptor: manifestDescriptor)
    }

    /// `/etc/passwd`, `/etc/group`, `/etc/nsswitch.conf`, the user's home, `/tmp`, and the mount points
    /// `/proc`, `/sys` and `/dev`.
    static func baseFilesystem() throws -> RootFilesystem {
        var filesystem = RootFilesystem()
        let id = userID, name = userName
        try filesystem.addFile("/etc/passwd", contents: Array("""
            root:x:0:0:root:/root:/sbin/nologin
            \(name):x:\(id):\(id):\(name):/home/\(name):/sbin/nologin

            """.utf8))
        try filesystem.addFile("/etc/group", contents: Array("""
            root:x:0:
            \(name):x:\(id):

            """.utf8))
        // glibc's built-in `files` and `dns` sources; without this file it asks DNS before /etc/hosts.
        try filesystem.addFile("/etc/nsswitch.conf", contents: Array("""
            passwd: files
            group: files
            hosts: files dns

            """.utf8))
        try filesystem.addDirectory("/home/\(name)", mode: 0o700, uid: id, gid: id)
        try filesystem.addDirectory("/tmp", mode: 0o1777)
        // Mount points: runtimes mount over them; a chroot needs /proc too (the Swift runtime reads
        // /proc/self at start).
        try filesystem.addDirectory("/proc", mode: 0o555)
        try filesystem.addDirectory("/sys", mode: 0o555)
        try filesystem.addDirectory("/dev")
        return filesystem
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImageBuildError.unreadableFile(path: path) }
        return [UInt8](data)
    }

    /// RFC 3339 text of `seconds` since 1970, in UTC.
    static func timestampText(_ seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

/// A built image: its blobs and descriptors, ready to be written as an OCI layout.
public struct ExecutableImage: Sendable {
    /// The reference the layout names it by.
    public var reference: String
    /// Every path in the layer (absolute), sorted.
    public var files: [String]
    /// The shared libraries included (absolute paths as the loader opens them).
    public var libraries: [String]
    /// The gzip-compressed layer and its descriptor.
    public var layer: [UInt8]
    public var layerDescriptor: Descriptor
    /// The image configuration and its encoded bytes.
    public var configuration: ImageConfiguration
    public var configBytes: Data
    /// The manifest, its encoded bytes, and its descriptor (with the platform).
    public var manifest: ImageManifest
    public var manifestBytes: Data
    public var manifestDescriptor: Descriptor

    /// The image's digest (of its manifest).
    public var digest: Digest { manifestDescriptor.digest }

    /// Bytes of every blob: layer, config and manifest.
    public var size: Int64 { layerDescriptor.size + Int64(configBytes.count) + Int64(manifestBytes.count) }
}
