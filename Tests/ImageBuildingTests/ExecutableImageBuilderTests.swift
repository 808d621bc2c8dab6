import Foundation
import IntegrationSupport
import OCI
import Testing
@testable import ImageBuilding

/// The image of a real dynamically linked binary (`/bin/true`): its contents, its config, and that the
/// same inputs give the same bytes.
struct ExecutableImageBuilderTests {
    static let labels = [
        "org.opencontainers.image.source": "https://github.com/saturncloud/spegel",
        "org.opencontainers.image.version": "v0.1.0",
        "org.opencontainers.image.revision": "0123456789abcdef",
    ]

    static func options(timestamp: Int = 0, labels: [String: String] = labels) -> ExecutableImageOptions {
        ExecutableImageOptions(executable: "/bin/true", reference: "ghcr.io/saturncloud/spegel:v0.1.0",
                               labels: labels, timestamp: timestamp)
    }

    @Test func layerHoldsTheBinaryItsLibrariesAndTheUser() throws {
        let dir = try makeTemporaryDirectory("image-layer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = try ExecutableImageBuilder().build(Self.options())

        #expect(image.libraries == (try SharedLibraries.of(executable: "/bin/true")).paths)
        for path in ["/usr/local/bin/spegel", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/tmp", "/home/nonroot",
                     "/proc", "/sys", "/dev"] + image.libraries {
            #expect(image.files.contains(path), "missing \(path)")
        }
        // Extract with GNU tar and compare with the host's files.
        let layer = dir.appendingPathComponent("layer.tar.gz")
        try Data(image.layer).write(to: layer)
        let root = dir.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try runTool("/bin/tar", ["-xzf", layer.path, "-C", root.path])
        #expect(FileManager.default.contents(atPath: root.path + "/usr/local/bin/spegel") == FileManager.default.contents(atPath: "/bin/true"))
        for library in image.libraries {
            #expect(FileManager.default.contents(atPath: root.path + library) == FileManager.default.contents(atPath: library))
            let type = try FileManager.default.attributesOfItem(atPath: root.path + library)[.type] as? FileAttributeType
            #expect(type == .typeRegular, "\(library) should be a regular file")
        }
        let passwd = try String(contentsOfFile: root.path + "/etc/passwd", encoding: .utf8)
        #expect(passwd.contains("nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"))
        #expect(try String(contentsOfFile: root.path + "/etc/group", encoding: .utf8).contains("nonroot:x:65532:\n"))

        // diff_ids is the digest of the uncompressed layer; the layer descriptor that of the gzip.
        #expect(image.configuration.rootfs.diffIDs.map(\.description) == [try sha256(of: layer.path, decompressed: true)])
        #expect(image.layerDescriptor.digest.description == (try sha256(of: layer.path, decompressed: false)))
    }

    @Test func configurationRunsTheDaemonAsNonRoot() throws {
        let image = try ExecutableImageBuilder().build(Self.options(timestamp: 1_700_000_000))
        let decoded = try OCIJSON.decode(ImageConfiguration.self, from: image.configBytes, source: "config")
        #expect(decoded == image.configuration)
        var uts = utsname()
        uname(&uts)
        let machine = withUnsafeBytes(of: &uts.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        #expect(decoded.architecture == ["x86_64": "amd64", "aarch64": "arm64"][machine])
        #expect(decoded.os == "linux")
        #expect(decoded.config.user == "65532:65532")
        #expect(decoded.config.entrypoint == ["/usr/local/bin/spegel"])
        #expect(decoded.config.cmd == ["registry"])
        #expect(decoded.config.labels == Self.labels)
        #expect(decoded.created == "2023-11-14T22:13:20Z")
        let json = try #require(try JSONSerialization.jsonObject(with: image.configBytes) as? [String: Any])
        let config = try #require(json["config"] as? [String: Any])
        #expect(config["User"] as? String == "65532:65532")
        #expect((json["rootfs"] as? [String: Any])?["diff_ids"] as? [String] == image.configuration.rootfs.diffIDs.map(\.description))
        #expect(image.manifest.config.digest == Digest.sha256(of: image.configBytes))
        #expect(image.manifestDescriptor.platform == Platform(architecture: decoded.architecture, os: "linux"))
    }

    @Test func sameInputsGiveTheSameDigestAndBytes() throws {
        let dir = try makeTemporaryDirectory("image-repro")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try ExecutableImageBuilder().build(Self.options())
        let second = try ExecutableImageBuilder().build(Self.options())
        #expect(first.digest == second.digest)
        #expect(first.layer == second.layer)

        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        try first.writeLayout(to: a)
        try second.writeLayout(to: b)
        try runTool("/usr/bin/diff", ["-r", a.path, b.path])

        // Every input counts: the timestamp and the labels change the digest.
        #expect(try ExecutableImageBuilder().build(Self.options(timestamp: 1)).digest != first.digest)
        #expect(try ExecutableImageBuilder().build(Self.options(labels: [:])).digest != first.digest)
    }

    @Test func layoutIsReadableAndNamesTheReference() throws {
        let dir = try makeTemporaryDirectory("image-layout")
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = try ExecutableImageBuilder().build(Self.options())
        let out = dir.appendingPathComponent("out")
        try image.writeLayout(to: out)
        let layout = try OCILayout(root: out)
        let descriptor = try #require(layout.descriptor(refName: "ghcr.io/saturncloud/spegel:v0.1.0"))
        #expect(descriptor.digest == image.digest)
        #expect(Set(try layout.reachableDescriptors().keys) == [image.digest, image.manifest.config.digest, image.layerDescriptor.digest])
        for digest in layout.blobDigests() {
            #expect(Digest.sha256(of: try layout.readBlob(digest)) == digest)
        }
        // Writing again replaces the layout in place; nothing is left beside it.
        let other = try ExecutableImageBuilder().build(Self.options(timestamp: 5))
        try other.writeLayout(to: out)
        #expect(try OCILayout(root: out).index.manifests.map(\.digest) == [other.digest])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test func refusesToReplaceADirectoryThatIsNotALayout() throws {
        let dir = try makeTemporaryDirectory("image-refuse")
        defer { try? FileManager.default.removeItem(at: dir) }
        let keep = dir.appendingPathComponent("keep.txt")
        try Data("mine".utf8).write(to: keep)
        let image = try ExecutableImageBuilder().build(Self.options())
        #expect(throws: ImageBuildError.outputNotALayout(path: dir.path)) { try image.writeLayout(to: dir) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keep.txt"])
    }

    @Test func badInputsAreClearErrors() throws {
        let dir = try makeTemporaryDirectory("image-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("script.sh")
        try Data("#!/bin/sh\n".utf8).write(to: script)
        var options = Self.options()
        options.executable = script.path
        #expect(throws: ImageBuildError.notAnELFExecutable(path: script.path)) { try ExecutableImageBuilder().build(options) }
        options.executable = dir.appendingPathComponent("absent").path
        #expect(throws: ImageBuildError.unreadableFile(path: options.executable)) { try ExecutableImageBuilder().build(options) }
        options = Self.options()
        options.reference = "Not A Reference"
        #expect(throws: ImageBuildError.self) { try ExecutableImageBuilder().build(options) }
        let error = ImageBuildError.outputNotALayout(path: "/home/me")
        #expect(error.description.contains("choose a new or empty directory"))
    }
}
