import Foundation
import IntegrationSupport
import NIOConcurrencyHelpers
import RegistryClient
import Testing

/// Push and pull against a real docker-registry on loopback (plain HTTP), checked with skopeo.
@Suite(.serialized) struct PushPullTests {
    @Test func pushesBlobsMonolithicAndChunkedThenPullsThemBack() async throws {
        let dir = try makeTemporaryDirectory("rc-blobs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        let proxy = try await RecordingProxy.start(upstream: registry.address)
        let client = try makeClient(chunkedUploadThreshold: 1 << 20, chunkSize: 256 << 10)
        try await using(client) { client in
            let repository = Repository(registry: proxy.address, path: "team/blobs")
            let (smallFile, small) = try writeBlob(randomBytes(300_000, seed: 1), named: "small", in: dir)
            let (largeFile, large) = try writeBlob(randomBytes(1_100_000, seed: 2), named: "large", in: dir)

            #expect(try await client.blobExists(repository, small.digest) == false)
            let progress = NIOLockedValueBox<[Int64]>([])
            try await client.pushBlob(repository, small, from: smallFile) { bytes in progress.withLockedValue { $0.append(bytes) } }
            #expect(progress.withLockedValue { $0.last } == small.size)
            #expect(try await client.blobExists(repository, small.digest))

            // Monolithic: POST then one PUT carrying the whole blob.
            let smallUpload = proxy.requests.filter { $0.method != "HEAD" }
            #expect(smallUpload.map(\.method) == ["POST", "PUT"], "\(smallUpload)")
            #expect(smallUpload.last?.bodyBytes == 300_000)
            #expect(smallUpload.last?.query.contains("digest=\(small.digest)") == true)

            // Chunked above the threshold: POST, 5 PATCHes of at most 256 KiB, an empty PUT.
            proxy.clearRequests()
            try await client.pushBlob(repository, large, from: largeFile)
            let largeUpload = proxy.requests
            #expect(largeUpload.map(\.method) == ["POST"] + Array(repeating: "PATCH", count: 5) + ["PUT"], "\(largeUpload)")
            #expect(largeUpload.filter { $0.method == "PATCH" }.map(\.bodyBytes) == [262_144, 262_144, 262_144, 262_144, 51_424])
            #expect(largeUpload.last?.bodyBytes == 0)
            #expect(try await client.blobExists(repository, large.digest))

            // Pull both back, byte for byte, streaming to files.
            for (descriptor, original) in [(small, smallFile), (large, largeFile)] {
                let copy = dir.appendingPathComponent("copy-\(descriptor.digest.hex)")
                let received = NIOLockedValueBox<Int64>(0)
                try await client.fetchBlob(repository, descriptor, to: copy) { bytes in received.withLockedValue { $0 = bytes } }
                #expect(try Data(contentsOf: copy) == Data(contentsOf: original))
                #expect(received.withLockedValue { $0 } == descriptor.size)
            }
            // Left no partial files behind.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".partial-") }
            #expect(leftovers.isEmpty)
        }
        await proxy.stop()
    }

    @Test func pushesManifestsByTagAndDigestMountsAcrossRepositoriesAndSkopeoReadsThem() async throws {
        let dir = try makeTemporaryDirectory("rc-manifests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        let image = try LayoutImage(in: dir.appendingPathComponent("layout"), layerSizes: [200_000, 50_000])
        try await using(try makeClient()) { client in
            let repository = Repository(registry: registry.address, path: "team/app")
            for blob in image.blobs {
                try await client.pushBlob(repository, blob, from: URL(fileURLWithPath: image.layout.blobPath(blob.digest)))
            }
            let manifestData = try image.data(of: image.root)
            let byTag = try await client.pushManifest(repository, .tag("v1"), mediaType: MediaType.ociManifest, manifestData)
            #expect(byTag == image.root.digest)

            let resolved = try await client.resolve(ImageReference(parsing: "\(registry.address)/team/app:v1"))
            #expect(resolved == Descriptor(mediaType: MediaType.ociManifest, digest: image.root.digest, size: Int64(manifestData.count)))
            let fetched = try await client.manifest(repository, .digest(image.root.digest))
            #expect(fetched.data == manifestData)
            #expect(fetched.descriptor.mediaType == MediaType.ociManifest)

            // skopeo sees the same image.
            let inspected = try await runTool("/usr/bin/skopeo", ["inspect", "--tls-verify=false", "docker://\(registry.address)/team/app:v1"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(inspected.utf8)) as? [String: Any])
            #expect(json["Digest"] as? String == image.root.digest.description)
            #expect((json["Layers"] as? [String]) == image.blobs.dropFirst().map(\.digest.description))

            // Mount every blob into another repository, then put the manifest there by digest.
            let other = Repository(registry: registry.address, path: "other/app")
            for blob in image.blobs {
                #expect(try await client.mountBlob(blob.digest, from: repository, into: other))
                #expect(try await client.blobExists(other, blob.digest))
            }
            #expect(try await client.pushManifest(other, .digest(image.root.digest), mediaType: MediaType.ociManifest, manifestData) == image.root.digest)
            #expect(try await client.resolve(other, .digest(image.root.digest)).digest == image.root.digest)
            // A blob the source lacks is not mounted: the registry starts an upload instead.
            let unknown = Digest.sha256(of: Data("not pushed anywhere".utf8))
            #expect(try await client.mountBlob(unknown, from: repository, into: other) == false)
            #expect(try await client.blobExists(other, unknown) == false)

            // skopeo copies it out into an OCI layout: the same bytes.
            let copy = dir.appendingPathComponent("skopeo-copy")
            try await runTool("/usr/bin/skopeo", ["copy", "--insecure-policy", "--src-tls-verify=false",
                                            "docker://\(registry.address)/other/app@\(image.root.digest)", "oci:\(copy.path):copied"])
            let copied = try OCILayout(root: copy)
            for blob in image.blobs + [image.root] {
                #expect(try copied.readBlob(blob.digest) == image.data(of: blob))
            }

            // Errors name the reference, the status, the registry's code and a hint.
            let missing = await expectRegistryError { _ = try await client.manifest(repository, .tag("absent")) }
            #expect(missing?.kind == .notFound)
            #expect(missing?.status == 404)
            #expect(missing?.hasCode("MANIFEST_UNKNOWN") == true)
            #expect(missing?.description.contains("\(registry.address)/team/app:absent") == true)
            let wrongDigest = await expectRegistryError {
                _ = try await client.pushManifest(repository, .digest(unknown), mediaType: MediaType.ociManifest, manifestData)
            }
            #expect(wrongDigest?.kind == .invalidArgument)
            // A manifest whose blobs are missing is refused by the registry with its code.
            let orphan = try OCIJSON.encode(ImageManifest(config: Descriptor(mediaType: MediaType.ociConfig, digest: unknown, size: 19), layers: []))
            let refused = await expectRegistryError {
                _ = try await client.pushManifest(repository, .tag("orphan"), mediaType: MediaType.ociManifest, orphan)
            }
            #expect(refused?.status == 400)
            #expect(refused?.hasCode("MANIFEST_BLOB_UNKNOWN") == true, "\(String(describing: refused))")
        }
    }

    @Test func pullsWhatSkopeoPushedAndSkopeoPullsWhatWePushed() async throws {
        let dir = try makeTemporaryDirectory("rc-skopeo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        let pushed = try TestImage(in: dir.appendingPathComponent("skopeo-image"), tag: "1.0",
                                   files: ["app/data.bin": randomBytes(400_000, seed: 9), "etc/hello": Data("hello\n".utf8)])
        try pushed.push(to: registry.address, repository: "upstream/tool")

        try await using(try makeClient()) { client in
            // Pull into an OCI layout of our own, then let skopeo read that layout back.
            let layoutDirectory = dir.appendingPathComponent("pulled")
            let reference = try ImageReference(parsing: "\(registry.address)/upstream/tool:1.0")
            let events = NIOLockedValueBox<[ImageTransferEvent]>([])
            let root = try await client.pullImage(reference, into: layoutDirectory) { event in events.withLockedValue { $0.append(event) } }
            #expect(root.digest.description == pushed.manifestDigest)
            var writer = try OCILayoutWriter(root: layoutDirectory)
            writer.tag(root, refName: "1.0")
            try writer.finish()
            let layout = try OCILayout(root: layoutDirectory)
            #expect(try layout.readBlob(Digest(parsing: pushed.layerDigest)) == pushed.layer)
            #expect(try layout.readBlob(Digest(parsing: pushed.configDigest)) == pushed.config)
            #expect(try layout.readBlob(Digest(parsing: pushed.manifestDigest)) == pushed.manifest)
            #expect(events.withLockedValue { $0.count } == 3)

            // Pulling again transfers nothing.
            events.withLockedValue { $0 = [] }
            try await client.pullImage(reference, into: layoutDirectory) { event in events.withLockedValue { $0.append(event) } }
            #expect(events.withLockedValue { $0.map(\.action) } == Array(repeating: .alreadyPresent, count: 3))

            // Push the pulled layout under a new name; skopeo copies that to a layout with identical blobs.
            try await client.pushImage(root, from: layout, to: ImageReference(parsing: "\(registry.address)/mirror/tool:1.0"),
                                       mountFrom: [Repository(reference)])
            let copy = dir.appendingPathComponent("skopeo-copy")
            try await runTool("/usr/bin/skopeo", ["copy", "--insecure-policy", "--src-tls-verify=false",
                                            "docker://\(registry.address)/mirror/tool:1.0", "oci:\(copy.path):1.0"])
            let copied = try OCILayout(root: copy)
            #expect(copied.descriptor(refName: "1.0")?.digest == root.digest)
            #expect(try copied.readBlob(Digest(parsing: pushed.layerDigest)) == pushed.layer)
        }
    }

    @Test func pushesAndPullsAMultiPlatformIndex() async throws {
        let dir = try makeTemporaryDirectory("rc-index")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        let image = try LayoutImage(in: dir.appendingPathComponent("layout"), layerSizes: [120_000],
                                    platforms: [Platform(architecture: "amd64", os: "linux"), Platform(architecture: "arm64", os: "linux", variant: "v8")])
        try await using(try makeClient()) { client in
            let reference = try ImageReference(parsing: "\(registry.address)/multi/app:v1")
            let events = NIOLockedValueBox<[ImageTransferEvent]>([])
            let digest = try await client.pushImage(image.root, from: image.layout, to: reference) { event in events.withLockedValue { $0.append(event) } }
            #expect(digest == image.root.digest)
            #expect(events.withLockedValue { $0.filter { $0.action == .transferred }.count } == image.blobs.count + 3)

            let resolved = try await client.resolve(reference)
            #expect(resolved.mediaType == MediaType.ociIndex)
            #expect(resolved.digest == image.root.digest)
            let raw = try await runTool("/usr/bin/skopeo", ["inspect", "--raw", "--tls-verify=false", "docker://\(reference)"])
            #expect(Data(raw.utf8) == (try image.data(of: image.root)))

            // Only the arm64 image is pulled when asked for linux/arm64.
            let pulled = dir.appendingPathComponent("pulled")
            try await client.pullImage(reference, into: pulled, platforms: ["linux/arm64"])
            let names = Set(try FileManager.default.contentsOfDirectory(atPath: pulled.appendingPathComponent("blobs/sha256").path))
            let arm = image.manifests[1]
            let armBlobs = try OCIJSON.decode(ImageManifest.self, from: image.data(of: arm), source: "arm").references
            #expect(names == Set(([image.root, arm] + armBlobs).map(\.digest.hex)))
        }
    }

    @Test func refusesContentThatDoesNotMatchItsDescriptorAndKeepsWhatWasThere() async throws {
        let dir = try makeTemporaryDirectory("rc-verify")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try TestRegistry(directory: dir.appendingPathComponent("registry"))
        defer { registry.stop() }
        try await using(try makeClient()) { client in
            let repository = Repository(registry: registry.address, path: "team/verify")
            let data = randomBytes(70_000, seed: 4)
            let descriptor = try await client.pushBlob(repository, data: data)
            let target = dir.appendingPathComponent("target")
            try Data("previous contents".utf8).write(to: target)

            var wrongSize = descriptor
            wrongSize.size -= 1
            let tooLarge = await expectRegistryError { try await client.fetchBlob(repository, wrongSize, to: target) }
            #expect(tooLarge?.kind == .sizeMismatch)
            var wrongDigest = descriptor
            wrongDigest.size += 10
            let short = await expectRegistryError { try await client.fetchBlob(repository, wrongDigest, to: target) }
            #expect(short?.kind == .sizeMismatch)
            #expect(try Data(contentsOf: target) == Data("previous contents".utf8))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".partial-") }
            #expect(leftovers.isEmpty)

            // A blob file whose size differs from its descriptor is not uploaded.
            let (file, _) = try writeBlob(data, named: "blob", in: dir)
            let mismatch = await expectRegistryError { try await client.pushBlob(repository, wrongSize, from: file) }
            #expect(mismatch?.kind == .sizeMismatch)
            #expect(mismatch?.description.contains(file.path) == true)
            // A file with other content than the digest says is refused by the registry.
            let (other, _) = try writeBlob(randomBytes(70_000, seed: 5), named: "other", in: dir)
            let refused = await expectRegistryError { try await client.pushBlob(repository, descriptor, from: other) }
            #expect(refused?.hasCode("DIGEST_INVALID") == true, "\(String(describing: refused))")
        }
    }
}
