import Foundation
import IntegrationSupport
import RegistryClient
import Testing

/// Deterministic pseudo-random bytes (so failures reproduce), `count` long.
func randomBytes(_ count: Int, seed: UInt64) -> Data {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    var data = Data(count: count)
    data.withUnsafeMutableBytes { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        for index in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
    }
    return data
}

/// Writes `data` to `directory/name` and returns the file and its descriptor.
func writeBlob(_ data: Data, named name: String, in directory: URL, mediaType: String = MediaType.ociLayerGzip) throws -> (URL, Descriptor) {
    let file = directory.appendingPathComponent(name)
    try data.write(to: file)
    return (file, Descriptor(mediaType: mediaType, digest: Digest.sha256(of: data), size: Int64(data.count)))
}

/// A client for plain-HTTP test registries, with fast retries.
func makeClient(plainHTTP: RegistryClient.PlainHTTP = .all, credentials: CredentialStore = CredentialStore(),
                retry: RetryPolicy = RetryPolicy(maximumAttempts: 4, initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200)),
                caFiles: [String] = [], chunkedUploadThreshold: Int64 = 64 << 20, chunkSize: Int64 = 16 << 20) throws -> RegistryClient {
    try RegistryClient(configuration: .init(
        plainHTTP: plainHTTP, credentials: credentials, retry: retry,
        timeouts: .init(connect: .seconds(5), request: .seconds(30), idle: .seconds(30)),
        caFiles: caFiles, chunkedUploadThreshold: chunkedUploadThreshold, chunkSize: chunkSize))
}

/// An OCI layout holding one image (config + layers of the given sizes, random content) or, with
/// `platforms`, an index of one such image per platform.
struct LayoutImage {
    let layout: OCILayout
    /// The root: the manifest, or the index when built with platforms.
    let root: Descriptor
    /// Every manifest (one per platform).
    let manifests: [Descriptor]
    /// Configs and layers, in push order (config first).
    let blobs: [Descriptor]

    init(in directory: URL, layerSizes: [Int], platforms: [Platform] = [], seed: UInt64 = 1) throws {
        var writer = try OCILayoutWriter(root: directory)
        var manifests: [Descriptor] = []
        var blobs: [Descriptor] = []
        for (position, platform) in (platforms.isEmpty ? [nil] : platforms.map { Optional($0) }).enumerated() {
            var layers: [Descriptor] = []
            for (index, size) in layerSizes.enumerated() {
                let layer = try gzip(randomBytes(size, seed: seed &+ UInt64(position * 100 + index)), in: directory)
                layers.append(try writer.addBlob(layer, mediaType: MediaType.ociLayerGzip))
            }
            let config = try writer.addBlob(Data("""
            {"architecture":"\(platform?.architecture ?? "amd64")","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"seed":\(seed),"n":\(position)}
            """.utf8), mediaType: MediaType.ociConfig)
            blobs += [config] + layers
            var manifest = try writer.addManifest(ImageManifest(config: config, layers: layers))
            manifest.platform = platform
            manifests.append(manifest)
        }
        let root = platforms.isEmpty ? manifests[0] : try writer.addIndex(ImageIndex(manifests: manifests))
        writer.tag(root, refName: "v1")
        try writer.finish()
        self.layout = try OCILayout(root: directory)
        self.root = root
        self.manifests = manifests
        self.blobs = blobs
    }

    func data(of descriptor: Descriptor) throws -> Data { try layout.readBlob(descriptor.digest) }
}

/// `data` gzip'd by gzip(1) (real gzip, so tools that sniff layer compression leave layers alone).
func gzip(_ data: Data, in directory: URL) throws -> Data {
    let file = directory.appendingPathComponent("gzip-\(UUID().uuidString)")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file); try? FileManager.default.removeItem(atPath: file.path + ".gz") }
    try runTool("/bin/gzip", ["-n", "-1", file.path])
    return try Data(contentsOf: URL(fileURLWithPath: file.path + ".gz"))
}

/// Runs `body` with `client`, shutting it down afterwards whatever happens.
func using<T>(_ client: RegistryClient, _ body: (RegistryClient) async throws -> T) async throws -> T {
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// Expects `body` to throw a ``RegistryClientError`` and returns it.
func expectRegistryError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> RegistryClientError? {
    do {
        try await body()
        Issue.record("expected a RegistryClientError, nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as RegistryClientError {
        return error
    } catch {
        Issue.record("expected a RegistryClientError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Runs openssl with `arguments` in `directory`.
func openssl(_ arguments: [String]) throws {
    try runTool("/usr/bin/openssl", arguments)
}

/// Runs openssl on its own thread (the overload async code gets).
func openssl(_ arguments: [String]) async throws {
    try await runTool("/usr/bin/openssl", arguments)
}

/// A CA and a server certificate for 127.0.0.1 signed by it, as PEM files in `directory`.
struct TestCertificates {
    let caCertificate: String
    let serverCertificate: String
    let serverKey: String

    init(in directory: URL) throws {
        let ca = directory.appendingPathComponent("ca").path
        let server = directory.appendingPathComponent("server").path
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", ca + ".key", "-out", ca + ".crt", "-days", "2", "-subj", "/CN=registry-client test CA",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", server + ".key", "-out", server + ".csr", "-subj", "/CN=127.0.0.1"])
        let extensions = directory.appendingPathComponent("server.ext")
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
            .write(to: extensions, atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", server + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                     "-out", server + ".crt", "-days", "2", "-extfile", extensions.path])
        caCertificate = ca + ".crt"
        serverCertificate = server + ".crt"
        serverKey = server + ".key"
    }
}

/// Writes a docker `config.json` with `auths` entries into `directory` and returns its path.
func writeDockerConfig(_ auths: [String: [String: String]], in directory: URL) throws -> URL {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("config.json")
    try JSONSerialization.data(withJSONObject: ["auths": auths], options: [.sortedKeys]).write(to: file)
    return file
}

/// Base64 of `user:password`, as `config.json`'s `auth`.
func basicAuth(_ user: String, _ password: String) -> String {
    Data("\(user):\(password)".utf8).base64EncodedString()
}
