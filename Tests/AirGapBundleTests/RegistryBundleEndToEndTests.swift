import Foundation
import IntegrationSupport
import OCI
import SpegelComponent
import Testing
@testable import AirGapBundle

/// The air-gapped flow as a user runs it, with the real `spegelctl` against two real docker-registry
/// instances on loopback: "internet" holds the component's images (the daemon's own image built from
/// this package by `spegelctl image build`), `bundle export` pulls them over the distribution API,
/// `bundle verify` checks the file, `bundle push` loads the "air-gapped" registry (a second push uploads
/// nothing), every pinned reference of the bundled manifests resolves there, and a containerd 1.6 pulls
/// the daemon image by its pinned reference and unpacks it, and its `spegel --version` runs in a chroot.
@Suite(.serialized) struct RegistryBundleEndToEndTests {
    @Test func exportFromOneRegistryAndLoadIntoAnother() async throws {
        let spegelctl = try builtProduct("spegelctl")
        let dir = try makeTemporaryDirectory("bundle-e2e")
        defer { try? FileManager.default.removeItem(at: dir) }
        func registry(_ name: String) throws -> TestRegistry {
            let directory = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try TestRegistry(directory: directory)
        }
        let internet = try registry("internet"), airGapped = try registry("air-gapped")
        defer { internet.stop(); airGapped.stop() }

        // The daemon image, tagged v<version> as scripts/build-image.sh tags it.
        let version = try await offThread { try DaemonImageFixture.builtVersion() }
        let daemonSource = "\(internet.address)/saturncloud/spegel:v\(version)"
        let valuesFile = dir.appendingPathComponent("site.yaml")
        try """
            cloudProvider: nebius
            imageMirror: \(airGapped.address)/mirror
            images:
              spegel: \(daemonSource)
              saturnK8sUtils: \(internet.address)/saturncloud/saturn-k8s-utils:2025.01.01
            saturnComponents:
              spegel:
                values:
                  extraInitContainers:
                    - name: wait
                      image: \(internet.address)/library/busybox:1.36
                      command: ["sh", "-c", "true"]

            """.write(to: valuesFile, atomically: true, encoding: .utf8)

        // The "internet": every image the values render, pushed with skopeo; the daemon's is the real one.
        let rendered = try SpegelEngine.render(files: [OperatorValuesFile(name: valuesFile.path, text: try String(contentsOf: valuesFile, encoding: .utf8))])
        let sources = try BundleExporter.images(of: rendered).map(\.source)
        #expect(sources.count == 3, "\(sources)")
        #expect(sources.map(\.description).contains(daemonSource), "\(sources)")
        let daemon = try await offThread { try DaemonImageFixture(in: dir, reference: daemonSource) }
        #expect(daemon.digest.hasPrefix("sha256:"), "spegelctl image build printed \(daemon.digest)")
        try await offThread { try daemon.push(to: internet.address, repository: "saturncloud/spegel", tag: "v\(version)") }
        for (index, source) in sources.enumerated() where source.description != daemonSource {
            let image = try await offThread {
                try TestImage(in: dir.appendingPathComponent("image-\(index)"), tag: source.tag ?? "latest",
                              files: ["app/\(index).bin": Data((0..<50_000).map { UInt8(($0 + index * 31) % 251) })])
            }
            _ = try await offThread { try image.push(to: internet.address, repository: source.repository) }
        }

        // Export over the distribution API; two exports are byte-identical.
        let bundle = dir.appendingPathComponent("site.bundle"), again = dir.appendingPathComponent("again.bundle")
        for output in [bundle, again] {
            _ = try await offThread { try runTool(spegelctl, ["bundle", "export", "-f", valuesFile.path, "--out", output.path, "--plain-http"]) }
        }
        #expect(try Data(contentsOf: bundle) == Data(contentsOf: again))
        _ = try await offThread { try runTool(spegelctl, ["bundle", "verify", bundle.path]) }

        // Load the air-gapped registry; the second push uploads nothing.
        let first = try await offThread { try runTool(spegelctl, ["bundle", "push", bundle.path, "--plain-http"]) }
        #expect(first.contains("pushed 3 images to \(airGapped.address)/mirror"), "\(first)")
        let second = try await offThread { try runTool(spegelctl, ["bundle", "push", bundle.path, "--plain-http"]) }
        #expect(second.contains(": 0 blobs uploaded"), "\(second)")

        // Every image the bundled manifests name resolves there, by digest and by tag, to the same bytes.
        let release = String(decoding: try #require(try BundleScan.scan(bundle).smallFiles[BundlePaths.release]), as: UTF8.self)
        let pinned = try ManifestImages.occurrences(in: release).map { try ImageReference(parsing: $0.written) }
        #expect(Set(pinned.map(\.registry)) == [airGapped.address])
        #expect(Set(pinned.map(\.repository)) == Set(sources.map { "mirror/" + $0.repository }))
        for reference in pinned {
            let digest = try #require(reference.digest)
            let raw = try await offThread {
                try runTool("/usr/bin/skopeo", ["inspect", "--raw", "--tls-verify=false", "docker://\(reference.name)@\(digest)"])
            }
            #expect(Digest.sha256(of: Data(raw.utf8)).description == digest, "\(reference)")
            let byTag = try await offThread {
                try runTool("/usr/bin/skopeo", ["inspect", "--raw", "--tls-verify=false", "docker://\(reference.name):\(reference.tag ?? "latest")"])
            }
            #expect(byTag == raw, "\(reference) by tag")
        }

        // A node of the site: containerd pulls the daemon image by the reference the manifests name,
        // gets the digest the image was built with, unpacks it, and the binary runs in a chroot of it.
        let daemonPinned = try #require(pinned.first { $0.repository == "mirror/saturncloud/spegel" })
        #expect(daemonPinned.digest == daemon.digest, "\(daemonPinned)")
        let node = try await offThread { try TestContainerd(directory: dir.appendingPathComponent("node")) }
        defer { node.stop() }
        let (listing, printed) = try await offThread {
            try node.withUnpackedImage(daemonPinned.description, at: dir.appendingPathComponent("rootfs")) { root in
                (try node.ctr(["images", "ls"]), try runInChroot(root, "/usr/local/bin/spegel", ["--version"]))
            }
        }
        #expect(listing.contains(daemonPinned.name) && listing.contains(daemon.digest), "ctr images ls:\n\(listing)")
        #expect(printed == version + "\n", "spegel --version in the chroot printed \(printed)")
    }

    @Test func aRegistryWithoutTLSNeedsPlainHTTP() async throws {
        let spegelctl = try builtProduct("spegelctl")
        let dir = try makeTemporaryDirectory("bundle-tls")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registryDirectory = dir.appendingPathComponent("registry")
        try FileManager.default.createDirectory(at: registryDirectory, withIntermediateDirectories: true)
        let internet = try TestRegistry(directory: registryDirectory)
        defer { internet.stop() }
        let valuesFile = dir.appendingPathComponent("site.yaml")
        try "imageMirror: mirror.example\nsaturnComponents:\n  spegel:\n    enabled: true\nimages:\n  spegel: \(internet.address)/saturncloud/spegel:v0.1.0\n"
            .write(to: valuesFile, atomically: true, encoding: .utf8)
        let outcome = try await offThread { () -> String in
            do {
                _ = try runTool(spegelctl, ["bundle", "export", "-f", valuesFile.path, "--out", dir.appendingPathComponent("b").path])
                return "succeeded"
            } catch {
                return "\(error)"
            }
        }
        #expect(outcome.contains("--plain-http"), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b").path))
    }
}
