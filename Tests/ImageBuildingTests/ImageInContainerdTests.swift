import Foundation
import IntegrationSupport
import OCI
import Testing
@testable import ImageBuilding

/// The image of a real binary travels like the daemon's: OCI layout → skopeo → docker-registry →
/// containerd 1.6 pull and unpack → its binary runs in a chroot of the unpacked file system.
@Suite(.serialized) struct ImageInContainerdTests {
    @Test func containerdPullsTheImageAndItsBinaryRunsInAChroot() throws {
        let dir = try makeTemporaryDirectory("image-ctrd")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir)
        defer { registry.stop() }
        let containerd = try TestContainerd(directory: dir.appendingPathComponent("node"))
        defer { containerd.stop() }

        // `id` links libselinux and libpcre2 besides libc: libraries of libraries must come along, and
        // its output shows the user names come from the image's /etc/passwd and /etc/group.
        let options = ExecutableImageOptions(
            executable: "/usr/bin/id", reference: "example.test/spegel:v1",
            labels: ["org.opencontainers.image.version": "v1"], command: [])
        let image = try ExecutableImageBuilder().build(options)
        #expect(image.libraries.count >= 3)
        let layout = dir.appendingPathComponent("layout")
        try image.writeLayout(to: layout)

        let reference = "\(registry.address)/spegel/id:v1"
        try runTool("/usr/bin/skopeo", ["copy", "--insecure-policy", "--dest-tls-verify=false",
                                        "oci:\(layout.path):example.test/spegel:v1", "docker://\(reference)"])
        try containerd.withUnpackedImage(reference, at: dir.appendingPathComponent("rootfs")) { root in
            // The registry and containerd keep the manifest as built: the digest is the image's.
            let listing = try containerd.ctr(["images", "ls"])
            #expect(listing.contains(image.digest.description), "ctr images ls:\n\(listing)")

            let asRoot = try runTool("/usr/sbin/chroot", [root.path, "/usr/local/bin/spegel"])
            #expect(asRoot.hasPrefix("uid=0(root) gid=0(root)"), "\(asRoot)")
            let asUser = try runTool("/usr/sbin/chroot", ["--userspec=65532:65532", root.path, "/usr/local/bin/spegel"])
            #expect(asUser == "uid=65532(nonroot) gid=65532(nonroot) groups=65532(nonroot)\n")
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: root.path + "/tmp", isDirectory: &isDirectory) && isDirectory.boolValue)
        }
    }
}
