import Foundation
import IntegrationSupport

/// The daemon image as `scripts/build-image.sh` makes it, from this package's debug `spegel` (a release
/// build takes too long for a test): the binary with its debug info stripped, then
/// `spegelctl image build` into an OCI image layout tagged `reference`.
struct DaemonImageFixture {
    /// The OCI layout directory.
    let layout: URL
    /// The reference recorded in the layout (`org.opencontainers.image.ref.name`).
    let reference: String
    /// The manifest digest `spegelctl image build` printed.
    let digest: String
    /// What the built `spegel --version` prints on the host.
    let version: String

    /// The version the built `spegel` reports (`spegel --version`, trimmed).
    static func builtVersion() throws -> String {
        try runTool(try builtProduct("spegel"), ["--version"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Builds the image into `directory/daemon-image` as `reference`.
    init(in directory: URL, reference: String) throws {
        let spegel = try builtProduct("spegel"), spegelctl = try builtProduct("spegelctl")
        version = try Self.builtVersion()
        let stripped = directory.appendingPathComponent("daemon-binary/spegel")
        try FileManager.default.createDirectory(at: stripped.deletingLastPathComponent(), withIntermediateDirectories: true)
        try runTool("/usr/bin/strip", ["--strip-debug", "-o", stripped.path, spegel])
        layout = directory.appendingPathComponent("daemon-image")
        self.reference = reference
        let printed = try runTool(spegelctl, [
            "image", "build", "--binary", stripped.path, "--out", layout.path, "--tag", reference,
            "--label", "org.opencontainers.image.version=v\(version)", "--source-date-epoch", "0",
        ], timeout: 300)
        digest = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(at: stripped.deletingLastPathComponent())
    }

    /// Pushes the layout to `registry` (`HOST:PORT`, plain HTTP) as `repository:tag` with skopeo.
    func push(to registry: String, repository: String, tag: String) throws {
        try runTool("/usr/bin/skopeo", ["copy", "--quiet", "--insecure-policy", "--dest-tls-verify=false",
                                        "oci:\(layout.path):\(reference)", "docker://\(registry)/\(repository):\(tag)"],
                    timeout: 300)
    }
}

/// Runs `executable` (a path inside `root`) with `arguments` in a chroot of `root`, with /proc mounted
/// there as in any container (the Swift runtime reads /proc/self at start); returns its stdout.
func runInChroot(_ root: URL, _ executable: String, _ arguments: [String]) throws -> String {
    let proc = root.appendingPathComponent("proc").path
    try runTool("/usr/bin/mount", ["-t", "proc", "proc", proc])
    defer { _ = try? runTool("/usr/bin/umount", [proc]) }
    return try runTool("/usr/sbin/chroot", [root.path, executable] + arguments)
}
