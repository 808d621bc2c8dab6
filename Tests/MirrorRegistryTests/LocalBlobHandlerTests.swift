import Foundation
import HTTPTypes
import IntegrationSupport
import NIOHTTP1
import Testing
@testable import MirrorRegistry

/// Local file-backed blobs are answered on the event loop (`LocalBlobHandler`): the same status and
/// headers as the general path, in request order on a connection, counted in the same metrics and
/// request log, and never cut by a graceful shutdown.
@Suite struct LocalBlobHandlerTests {
    static let reference = TagReference(registry: "docker.io", repository: "library/fast", tag: "1.0")

    /// Status and headers (`Date` and `Server` aside) the general path gives.
    static func generalAnswer(_ mirror: MirrorService, _ uri: String, method: HTTPRequest.Method, headers: HTTPFields = HTTPFields()) async throws
        -> (Int, [(String, String)]) {
        let parts = uri.split(separator: "?", maxSplits: 1)
        let namespace = RegistryResponder.queryValue("ns", in: parts.count > 1 ? String(parts[1]) : nil)
        let request = try #require(try MirrorRequest.parse(path: String(parts[0]), namespace: namespace))
        let response = await mirror.serve(request, method: method, headers: headers, started: .now)
        return (response.status.code, response.headers.map { ($0.name.rawName, $0.value) })
    }

    @Test func answersCarryTheGeneralPathsStatusAndHeaders() async throws {
        let root = try TestImage.temporaryDirectory("local-blob-answer")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try TestImage(reference: Self.reference, seed: 21, layerSize: 300_000)
        let daemon = try await image.serveFromLayout(at: root, nodeName: "local-blob")
        defer { Task { await daemon.stop() } }
        let mirror = daemon.mirror
        let blob = image.layerDescriptor.digest
        let cases: [(HTTPMethod, HTTPRequest.Method, String, String?)] = [
            (.GET, .get, "/v2/library/fast/blobs/\(blob)", nil),
            (.GET, .get, "/v2/library/fast/blobs/\(blob)?ns=docker.io", nil),
            (.HEAD, .head, "/v2/library/fast/blobs/\(blob)", nil),
            (.GET, .get, "/v2/library/fast/blobs/\(blob)", "bytes=100-199"),
            (.GET, .get, "/v2/library/fast/blobs/\(blob)", "bytes=-10"),
            (.GET, .get, "/v2/library/fast/blobs/\(blob)", "bytes=299990-"),
            (.GET, .get, "/v2/library/fast/blobs/\(image.configDescriptor.digest)", nil),
        ]
        for (method, generalMethod, uri, range) in cases {
            var nioHeaders = HTTPHeaders()
            var fields = HTTPFields()
            if let range {
                nioHeaders.add(name: "Range", value: range)
                fields[.range] = range
            }
            let answer = try #require(mirror.localBlobAnswer(method: method, uri: uri, headers: nioHeaders), "\(method) \(uri) \(range ?? "")")
            let (status, headers) = try await Self.generalAnswer(mirror, uri, method: generalMethod, headers: fields)
            #expect(Int(answer.status.code) == status, "\(uri) \(range ?? "")")
            #expect(answer.headers.map { "\($0.name): \($0.value)" } == headers.map { "\($0.0): \($0.1)" }, "\(uri) \(range ?? "")")
            #expect(answer.sendsBody == (method == .GET))
        }
    }

    @Test func everyOtherRequestTakesTheGeneralPath() async throws {
        let root = try TestImage.temporaryDirectory("local-blob-general")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try TestImage(reference: Self.reference, seed: 22)
        var writer = try OCILayoutWriter(root: root)
        try image.add(to: &writer)
        try writer.finish()
        let network = InMemoryPeerNetwork()
        let router = InMemoryPeerRouter(network: network, address: PeerAddress(host: "127.0.0.1", port: 1))
        let mirror = MirrorService(store: try OCILayoutContentStore(root: root), router: router,
                                   options: MirrorOptions(filters: try RegistryFilters(patterns: ["secret"]), mirroredRegistries: ["docker.io"]))
        let blob = image.layerDescriptor.digest
        let missing = Digest.sha256(of: Data("not here".utf8))
        let declined: [(HTTPMethod, String, String?)] = [
            (.POST, "/v2/library/fast/blobs/\(blob)", nil),
            (.GET, "/v2/library/fast/manifests/\(image.manifestDescriptor.digest)", nil),
            (.GET, "/v2/library/fast/manifests/1.0?ns=docker.io", nil),
            (.GET, "/v2/library/fast/blobs/\(missing)", nil),
            (.GET, "/v2/library/fast/blobs/sha256:abc", nil),
            (.GET, "/v2/../etc/blobs/\(blob)", nil),
            (.GET, "/v2/library/fast/blobs/\(blob)?ns=quay.io", nil),
            (.GET, "/v2/library/secret/blobs/\(blob)", nil),
            (.GET, "/v2/library/fast/blobs/\(blob)", "bytes=\(image.layer.count)-"),
            (.GET, "/readyz", nil),
        ]
        for (method, uri, range) in declined {
            var headers = HTTPHeaders()
            if let range { headers.add(name: "Range", value: range) }
            #expect(mirror.localBlobAnswer(method: method, uri: uri, headers: headers) == nil, "\(method) \(uri)")
        }
        let accepted = mirror.localBlobAnswer(method: HTTPMethod.GET, uri: "/v2/library/fast/blobs/\(blob)?ns=docker.io", headers: HTTPHeaders())
        #expect(accepted?.file.size == Int64(image.layer.count))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let root = try TestImage.temporaryDirectory("local-blob-order")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try TestImage(reference: Self.reference, seed: 23, layerSize: 2_000_000)
        let daemon = try await image.serveFromLayout(at: root, nodeName: "local-blob-order")
        defer { Task { await daemon.stop() } }
        let blob = image.layerDescriptor.digest
        let missing = Digest.sha256(of: Data("absent".utf8))
        let port = daemon.ports.registry
        let (manifest, layer) = (image.manifest, image.layer)
        // General, local, general (404), local range, general, local HEAD: all written before any is read.
        let requests = [
            "GET /v2/library/fast/manifests/1.0?ns=docker.io HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v2/library/fast/blobs/\(blob) HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v2/library/fast/blobs/\(missing) HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v2/library/fast/blobs/\(blob) HTTP/1.1\r\nHost: x\r\nRange: bytes=10-19\r\n\r\n",
            "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n",
            "HEAD /v2/library/fast/blobs/\(blob) HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v2/library/fast/blobs/\(blob) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        ].joined()
        try await offThread {
            let connection = try RawHTTPConnection(port: port)
            try connection.send(requests)
            let first = try connection.readResponse()
            #expect(first.status == 200)
            #expect(first.body == manifest)
            let second = try connection.readResponse()
            #expect(second.status == 200)
            #expect(second.body == layer)
            #expect(second.header("Date") != nil)
            #expect(second.header("Server") == "spegel")
            let third = try connection.readResponse()
            #expect(third.status == 404)
            #expect(String(decoding: third.body, as: UTF8.self).contains("BLOB_UNKNOWN"))
            let fourth = try connection.readResponse()
            #expect(fourth.status == 206)
            #expect(fourth.body == layer.subdata(in: 10..<20))
            #expect(fourth.header("Content-Range") == "bytes 10-19/\(layer.count)")
            let fifth = try connection.readResponse()
            #expect(fifth.status == 200)
            #expect(fifth.body == Data("{}".utf8))
            let sixth = try connection.readResponse(bodyless: true)
            #expect(sixth.status == 200)
            #expect(sixth.header("Content-Length") == String(layer.count))
            let last = try connection.readResponse()
            #expect(last.body == layer)
            #expect(connection.isClosedByServer())
        }
    }

    @Test func localAnswersAreCountedAndLogged() async throws {
        let root = try TestImage.temporaryDirectory("local-blob-metrics")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try TestImage(reference: Self.reference, seed: 24, layerSize: 100_000)
        let daemon = try await image.serveFromLayout(at: root, nodeName: "local-blob-metrics")
        defer { Task { await daemon.stop() } }
        let path = "/v2/library/fast/blobs/\(image.layerDescriptor.digest)?ns=docker.io"
        for _ in 0..<3 {
            #expect(try await daemon.send("GET", path).body == image.layer)
        }
        #expect(try await daemon.send("HEAD", path).status == 200)
        #expect(try await daemon.send("GET", path, headers: ["X-Spegel-Mirrored": "true"]).body == image.layer)
        #expect(try await daemon.metric("spegel_mirror_requests_total{registry=\"docker.io\",cache_type=\"hit\"}") == 4)
        #expect(try await daemon.metric("spegel_peer_requests_served_total") == 1)
        #expect(try await daemon.metric("http_request_duration_seconds_count{handler=\"blob\",method=\"GET\",code=\"200\"}") == 4)
        #expect(try await daemon.metric("http_request_duration_seconds_count{handler=\"blob\",method=\"HEAD\",code=\"200\"}") == 1)
        #expect(try await daemon.metric("http_requests_inflight") == 0)
        let records = daemon.mirror.log.recent.filter { $0.subject.hasSuffix(image.layerDescriptor.digest.description) }
        #expect(records.count == 5)
        #expect(records.allSatisfy { $0.outcome == .local && $0.status == 200 })
        #expect(records.filter(\.fromPeer).count == 1)
        #expect(daemon.mirror.log.totals.hits == 4)
    }

    @Test func gracefulShutdownLetsAnAnswerFinish() async throws {
        let root = try TestImage.temporaryDirectory("local-blob-shutdown")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try TestImage(reference: Self.reference, seed: 25, layerSize: 48_000_000)
        let daemon = try await image.serveFromLayout(at: root, nodeName: "local-blob-shutdown")
        let port = daemon.ports.registry
        let layer = image.layer
        let connection = try RawHTTPConnection(port: port, timeout: 20)
        let head = try await offThread { () -> RawHTTPConnection.Response in
            try connection.send("GET /v2/library/fast/blobs/\(image.layerDescriptor.digest) HTTP/1.1\r\nHost: x\r\n\r\n")
            return try connection.readResponse(bodyless: true)
        }
        #expect(head.status == 200)
        // The client has read only the head: most of the body is still waiting in the server when it is told to stop.
        let stopping = Task { await daemon.stop() }
        try await Task.sleep(for: .milliseconds(300))
        let body = try await offThread { try connection.read(layer.count) }
        #expect(body == layer)
        let closed = try await offThread { connection.isClosedByServer() }
        #expect(closed)
        await stopping.value
    }
}
