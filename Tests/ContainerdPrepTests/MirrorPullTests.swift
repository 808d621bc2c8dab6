import Foundation
import Testing
@testable import ContainerdPrep

/// End to end on a real containerd 1.6: after containerd-prep, the CRI plugin pulls through a
/// certs.d `hosts.toml` mirror (a local docker-registry holding an image pushed by skopeo) and
/// keeps the layer blob after unpacking; with the unpatched `discard_unpacked_layers = true` the
/// blob is gone, which is why Spegel needs the patch.
@Suite(.serialized) struct MirrorPullTests {
    static let upstream = "registry.spegel.invalid"

    @Test func pullsThroughTheHostsTomlMirrorAndKeepsLayers() throws {
        let directory = "/tmp/prep-pull-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let containerd = PrivateContainerd(directory: directory)

        // The mirror: docker-registry on 127.0.0.1 with one image pushed by skopeo.
        let port = try freePort()
        let registry = try startRegistry(directory: directory, port: port, containerd: containerd)
        defer { containerd.stop(registry) }
        let layerDigest = try pushImage(directory: directory, port: port, containerd: containerd)
        let certs = directory + "/certs.d"
        try FileManager.default.createDirectory(atPath: certs + "/" + Self.upstream, withIntermediateDirectories: true)
        try """
            server = "https://\(Self.upstream)"

            [host."http://127.0.0.1:\(port)"]
              capabilities = ["pull", "resolve"]

            """.write(toFile: "\(certs)/\(Self.upstream)/hosts.toml", atomically: true, encoding: .utf8)

        // A node config that discards layers and has no certs.d (the dotted-keys fixture).
        let fixture = try Fixture("dotted-keys")
        let config = directory + "/config.toml"
        try Data(fixture.input!).write(to: URL(fileURLWithPath: config))
        let plugin = ContainerdConfigVersion.v2.pluginPath
        let native: [([String], String)] = [(plugin + ["containerd", "snapshotter"], "native")]

        // Before: only config_path pointed at certs.d, layers still discarded.
        let before = try containerd.isolated(
            String(decoding: fixture.input!, as: UTF8.self), version: .v2,
            extra: native + [(plugin + ["registry", "config_path"], certs)])
        try before.write(toFile: directory + "/before.toml", atomically: true, encoding: .utf8)
        // Discarded layers go at containerd's next garbage collection, so wait for it (bounded).
        let blobsBefore = try pull(config: directory + "/before.toml", containerd: containerd) { $0.contains(layerDigest) }
        #expect(blobsBefore.count == 2, "expected only the manifest and config: \(blobsBefore)")
        #expect(!blobsBefore.contains(layerDigest), "layer kept although discard_unpacked_layers = true")

        // After containerd-prep.
        let outcome = ContainerdPrep.apply(
            PrepRequest(configFile: config, configPath: certs, restartCommand: "true"))
        #expect(outcome.exitStatus == 0, "\(outcome.messages)")
        let after = try containerd.isolated(try String(contentsOfFile: config, encoding: .utf8), version: .v2, extra: native)
        try after.write(toFile: directory + "/after.toml", atomically: true, encoding: .utf8)
        let blobsAfter = try pull(config: directory + "/after.toml", containerd: containerd) { $0.contains(layerDigest) }
        #expect(blobsAfter.contains(layerDigest), "layer blob missing after the pull: \(blobsAfter)")
    }

    /// Starts containerd with `config`, pulls the image through CRI, returns the blob digests in
    /// the k8s.io namespace (after up to 10 s while `keepWaiting` holds for them), and stops containerd.
    private func pull(config: String, containerd: PrivateContainerd, keepWaiting: ([String]) -> Bool) throws -> [String] {
        let process = try containerd.start(config: config)
        defer { containerd.stop(process) }
        #expect(containerd.waitForSocket(process), "containerd did not start:\n\(containerd.log)")
        // PullImageRequest{image: ImageSpec{image: ...}} as a gRPC message.
        let image = Array("\(Self.upstream)/spegel/test:1".utf8)
        let spec = [0x0A, UInt8(image.count)] + image
        let message = [0x0A, UInt8(spec.count)] + spec
        let frame = [0, 0, 0, 0, UInt8(message.count)] + message
        let request = containerd.directory + "/pull-request.bin"
        try Data(frame).write(to: URL(fileURLWithPath: request))
        let response = try containerd.run(
            "/usr/bin/curl",
            [
                "-s", "-D", "-", "--http2-prior-knowledge", "--unix-socket", containerd.socket,
                "-H", "content-type: application/grpc", "-H", "te: trailers", "--data-binary", "@" + request,
                "http://localhost/runtime.v1.ImageService/PullImage",
            ], timeout: 60)
        #expect(response.output.contains("grpc-status: 0"), "PullImage failed: \(response.output)\n\(containerd.log.suffix(2000))")
        #expect(response.output.contains("sha256:"))
        var blobs: [String] = []
        for _ in 0..<20 {
            let content = try containerd.run(
                "/usr/bin/ctr", ["--address", containerd.socket, "-n", "k8s.io", "content", "ls", "-q"], timeout: 20)
            blobs = content.output.split(separator: "\n").map(String.init)
            if !keepWaiting(blobs) { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return blobs
    }

    private func startRegistry(directory: String, port: Int, containerd: PrivateContainerd) throws -> Process {
        let configuration = directory + "/registry.yml"
        try """
            version: 0.1
            storage:
              filesystem:
                rootdirectory: \(directory)/registry
            http:
              addr: 127.0.0.1:\(port)

            """.write(toFile: configuration, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/docker-registry")
        process.arguments = ["serve", configuration]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            let probe = try containerd.run(
                "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/v2/"], timeout: 5)
            if probe.output == "200" { return process }
            Thread.sleep(forTimeInterval: 0.1)
        }
        containerd.stop(process)
        throw FileSystemError(path: configuration, operation: "start docker-registry", code: ETIMEDOUT)
    }

    /// Writes a one-layer OCI image layout and copies it to the registry with skopeo; returns the
    /// layer's digest.
    private func pushImage(directory: String, port: Int, containerd: PrivateContainerd) throws -> String {
        let layout = directory + "/oci"
        let blobs = layout + "/blobs/sha256"
        try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/rootfs", withIntermediateDirectories: true)
        try "hello from the mirror\n".write(toFile: directory + "/rootfs/hello.txt", atomically: true, encoding: .utf8)
        _ = try containerd.run("/usr/bin/tar", ["-C", directory + "/rootfs", "-cf", directory + "/layer.tar", "hello.txt"], timeout: 10)
        func store(_ data: Data) throws -> (digest: String, size: Int) {
            let path = directory + "/blob-\(UUID().uuidString.prefix(6))"
            try data.write(to: URL(fileURLWithPath: path))
            let hash = String(try containerd.run("/usr/bin/sha256sum", [path], timeout: 10).output.prefix(64))
            try FileManager.default.moveItem(atPath: path, toPath: blobs + "/" + hash)
            return ("sha256:" + hash, data.count)
        }
        let layer = try store(try Data(contentsOf: URL(fileURLWithPath: directory + "/layer.tar")))
        let config = try store(Data(#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["\#(layer.digest)"]},"config":{}}"#.utf8))
        let manifest = try store(Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(config.digest)","size":\#(config.size)},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"\#(layer.digest)","size":\#(layer.size)}]}"#.utf8))
        try #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(manifest.digest)","size":\#(manifest.size),"annotations":{"org.opencontainers.image.ref.name":"1"}}]}"#
            .write(toFile: layout + "/index.json", atomically: true, encoding: .utf8)
        try #"{"imageLayoutVersion":"1.0.0"}"#.write(toFile: layout + "/oci-layout", atomically: true, encoding: .utf8)
        let copy = try containerd.run(
            "/usr/bin/skopeo",
            ["copy", "--dest-tls-verify=false", "oci:\(layout):1", "docker://127.0.0.1:\(port)/spegel/test:1"], timeout: 60)
        #expect(copy.status == 0, "skopeo copy failed")
        // skopeo may compress the layer on the way; the registry's manifest names the blob.
        let raw = try containerd.run(
            "/usr/bin/skopeo",
            ["inspect", "--raw", "--tls-verify=false", "docker://127.0.0.1:\(port)/spegel/test:1"], timeout: 30)
        let pushed = try JSONSerialization.jsonObject(with: Data(raw.output.utf8)) as? [String: Any]
        let layers = pushed?["layers"] as? [[String: Any]]
        return try #require(layers?.first?["digest"] as? String)
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    private func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                guard bind(descriptor, socketAddress, length) == 0, getsockname(descriptor, socketAddress, &length) == 0 else {
                    throw FileSystemError(path: "127.0.0.1:0", operation: "bind", code: errno)
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
