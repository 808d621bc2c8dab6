import Foundation
import MirrorRegistry
import Testing

/// A real OCI client (skopeo) copies an image from the daemon serving an OCI layout.
@Suite struct SkopeoTests {
    /// Runs `executable` with `arguments`, killing it after `timeout`; returns exit status and output.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(120)) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // A file, not a pipe: Foundation's blocking pipe read traps on EINTR.
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("skopeo-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return (-1, "timed out after \(timeout)")
        }
        process.waitUntilExit()
        let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }

    @Test func copiesAnImageByDigestByteForByte() async throws {
        let source = try TestImage.temporaryDirectory("skopeo-source")
        let destination = try TestImage.temporaryDirectory("skopeo-destination")
        defer {
            try? FileManager.default.removeItem(at: source)
            try? FileManager.default.removeItem(at: destination)
        }
        let image = try TestImage(reference: TagReference(registry: "docker.io", repository: "library/tiny", tag: "1.0"), seed: 7, layerSize: 1_000_000,
                                  layerMediaType: MediaType.ociLayerGzip)
        let daemon = try await image.serveFromLayout(at: source, nodeName: "skopeo")
        defer { Task { await daemon.stop() } }

        let (status, output) = try await Self.run("/usr/bin/skopeo", [
            "--insecure-policy", "copy", "--src-tls-verify=false",
            "docker://127.0.0.1:\(daemon.ports.registry)/library/tiny@\(image.manifestDescriptor.digest)",
            "oci:\(destination.path)",
        ])
        #expect(status == 0, "\(output)")
        for (descriptor, bytes) in image.blobs {
            let copied = FileManager.default.contents(atPath: destination.path + "/blobs/sha256/\(descriptor.digest.hex)")
            #expect(copied == bytes, "\(descriptor.digest)")
        }
        #expect(try await daemon.metric(#"spegel_mirror_requests_total{registry="none",cache_type="hit"}"#) ?? 0 >= 3)
    }
}
