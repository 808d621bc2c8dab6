import Foundation

/// A small, valid OCI image written as an OCI image layout by a test: one gzip'd tar layer holding the
/// given files, a config, a manifest and an `index.json` naming it `tag`.
public struct TestImage: Sendable {
    /// The OCI layout directory.
    public let layoutDirectory: URL
    /// The tag in `index.json`.
    public let tag: String
    /// Digests (`sha256:…`) of the manifest, config and layer.
    public let manifestDigest: String, configDigest: String, layerDigest: String
    /// The bytes of the manifest, config and layer blobs.
    public let manifest: Data, config: Data, layer: Data

    /// Writes the image into `directory/layout`, with `files` (path → contents) in its one layer.
    public init(in directory: URL, tag: String = "v1", files: [String: Data]) throws {
        let fm = FileManager.default
        let made = try makeTestLayer(files: files, in: directory)
        layer = made.layer
        let diffID = made.diffID
        config = Data("""
        {"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/true"]},"rootfs":{"type":"layers","diff_ids":["\(diffID)"]}}
        """.utf8)
        layoutDirectory = directory.appendingPathComponent("layout")
        let blobs = layoutDirectory.appendingPathComponent("blobs/sha256")
        try fm.createDirectory(at: blobs, withIntermediateDirectories: true)
        layerDigest = try Self.store(layer, in: blobs)
        configDigest = try Self.store(config, in: blobs)
        manifest = Data("""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\(configDigest)","size":\(config.count)},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\(layerDigest)","size":\(layer.count)}]}
        """.utf8)
        manifestDigest = try Self.store(manifest, in: blobs)
        self.tag = tag
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: layoutDirectory.appendingPathComponent("oci-layout"))
        try Data("""
        {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(manifestDigest)","size":\(manifest.count),"annotations":{"org.opencontainers.image.ref.name":"\(tag)"}}]}
        """.utf8).write(to: layoutDirectory.appendingPathComponent("index.json"))
    }

    /// Pushes the image to `registry` (`HOST:PORT`, plain HTTP) as `repository:tag` with skopeo, run at
    /// `place` (the registry's network namespace, say) when given.
    public func push(to registry: String, repository: String, from place: NetworkPlace? = nil) throws {
        try (place ?? NetworkPlace(namespace: nil, host: "127.0.0.1")).runBlocking("/usr/bin/skopeo", ["copy", "--insecure-policy", "--dest-tls-verify=false",
                                        "oci:\(layoutDirectory.path):\(tag)", "docker://\(registry)/\(repository):\(tag)"])
    }

    private static func store(_ data: Data, in blobs: URL) throws -> String {
        let tmp = blobs.appendingPathComponent("tmp")
        try data.write(to: tmp)
        let digest = try sha256(of: tmp.path, decompressed: false)
        try FileManager.default.moveItem(at: tmp, to: blobs.appendingPathComponent(String(digest.dropFirst(7))))
        return digest
    }
}

/// A gzip'd tar layer holding `files` (path → contents), made with GNU tar and gzip in `directory`
/// (sorted names, mtime 0, owner 0, so equal files give equal bytes), and its diff ID (`sha256:` of the
/// uncompressed tar).
public func makeTestLayer(files: [String: Data], in directory: URL) throws -> (layer: Data, diffID: String) {
    let fm = FileManager.default
    let rootfs = directory.appendingPathComponent("rootfs-\(UUID().uuidString.prefix(8))")
    defer { try? fm.removeItem(at: rootfs) }
    for (path, contents) in files {
        let url = rootfs.appendingPathComponent(path)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url)
    }
    try fm.createDirectory(at: rootfs, withIntermediateDirectories: true)
    let tarball = directory.appendingPathComponent("layer-\(UUID().uuidString.prefix(8)).tar")
    try runTool("/bin/tar", ["--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
                             "-C", rootfs.path, "-cf", tarball.path, "."])
    try runTool("/bin/gzip", ["-n", "-f", tarball.path])
    let compressed = tarball.path + ".gz"
    defer { try? fm.removeItem(atPath: compressed) }
    return (try Data(contentsOf: URL(fileURLWithPath: compressed)), try sha256(of: compressed, decompressed: true))
}

/// `sha256:<hex>` of a file (of its gunzip'd contents when `decompressed`), computed by coreutils.
public func sha256(of path: String, decompressed: Bool) throws -> String {
    let command = decompressed ? "gzip -dc '\(path)' | sha256sum" : "sha256sum '\(path)'"
    let output = try runTool("/bin/sh", ["-c", command])
    return "sha256:" + output.prefix(64)
}
