import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import SwiftProtobuf

/// A client of containerd's gRPC API over its unix socket, in one containerd namespace.
///
/// It speaks only the read side spegel needs: images (list, get), content (info, list, read), events
/// (subscribe) and the CRI runtime status. Every call carries the `containerd-namespace` header.
/// Start it with ``run()`` in a task (it owns the connection) and stop it with ``shutdown()``.
public final class ContainerdClient: Sendable {
    /// The socket path, e.g. `/run/containerd/containerd.sock`.
    public let socketPath: String
    /// The containerd namespace, `k8s.io` for Kubernetes' images.
    public let namespace: String
    private let client: GRPCClient<HTTP2ClientTransport.Posix>

    /// A client of the containerd listening on `socketPath`, in `namespace`.
    public init(socketPath: String, namespace: String = "k8s.io") throws {
        self.socketPath = socketPath
        self.namespace = namespace
        let transport = try HTTP2ClientTransport.Posix(
            target: .unixDomainSocket(path: socketPath, authority: "localhost"),
            transportSecurity: .plaintext,
            config: .defaults { config in
                config.connection.maxIdleTime = nil
            })
        client = GRPCClient(transport: transport)
    }

    /// Runs the client's connections until ``shutdown()``; call it in a task before making calls.
    public func run() async throws {
        try await client.runConnections()
    }

    /// Ends the connections once calls under way have finished.
    public func shutdown() {
        client.beginGracefulShutdown()
    }

    var metadata: Metadata {
        var metadata = Metadata()
        metadata.addString(namespace, forKey: "containerd-namespace")
        return metadata
    }

    // MARK: Images

    /// Every image record, optionally narrowed by containerd filters (e.g. `name~=...`).
    public func images(filters: [String] = []) async throws -> [ContainerdImage] {
        var request = Containerd_Services_Images_V1_ListImagesRequest()
        request.filters = filters
        let response = try await Containerd_Services_Images_V1_Images.Client(wrapping: client)
            .list(request, metadata: metadata)
        return response.images.map(ContainerdImage.init)
    }

    /// The image record called `name` (e.g. `docker.io/library/nginx:1.27`), or `nil` when there is none.
    public func image(named name: String) async throws -> ContainerdImage? {
        var request = Containerd_Services_Images_V1_GetImageRequest()
        request.name = name
        do {
            let response = try await Containerd_Services_Images_V1_Images.Client(wrapping: client)
                .get(request, metadata: metadata)
            return response.hasImage ? ContainerdImage(response.image) : nil
        } catch let error as RPCError where error.code == .notFound {
            return nil
        }
    }

    // MARK: Content

    /// What containerd knows of the blob `digest`, or `nil` when it does not hold it.
    public func contentInfo(_ digest: String) async throws -> ContentInfo? {
        var request = Containerd_Services_Content_V1_InfoRequest()
        request.digest = digest
        do {
            let response = try await Containerd_Services_Content_V1_Content.Client(wrapping: client)
                .info(request, metadata: metadata)
            return ContentInfo(response.info)
        } catch let error as RPCError where error.code == .notFound {
            return nil
        }
    }

    /// Every blob in the content store.
    public func contents(filters: [String] = []) async throws -> [ContentInfo] {
        var request = Containerd_Services_Content_V1_ListContentRequest()
        request.filters = filters
        return try await Containerd_Services_Content_V1_Content.Client(wrapping: client)
            .list(request, metadata: metadata) { response in
                var all: [ContentInfo] = []
                for try await chunk in response.messages {
                    all.append(contentsOf: chunk.info.map(ContentInfo.init))
                }
                return all
            }
    }

    /// Streams the bytes of blob `digest` from `offset` (`size` bytes; 0 = to the end) to `consume`,
    /// chunk by chunk, as containerd sends them. Throws ``ContainerdError/notFound`` for an unknown digest.
    public func readContent(
        _ digest: String, offset: Int64 = 0, size: Int64 = 0,
        consume: @escaping @Sendable (Data) async throws -> Void
    ) async throws {
        var request = Containerd_Services_Content_V1_ReadContentRequest()
        request.digest = digest
        request.offset = offset
        request.size = size
        do {
            try await Containerd_Services_Content_V1_Content.Client(wrapping: client)
                .read(request, metadata: metadata) { response in
                    for try await chunk in response.messages {
                        try await consume(chunk.data)
                    }
                }
        } catch let error as RPCError where error.code == .notFound {
            throw ContainerdError.notFound(digest)
        }
    }

    // MARK: Events

    /// Delivers containerd's image and content events (topics `/images/*`, `/content/*`) of this
    /// namespace to `handle` until the connection ends or the task is cancelled.
    public func subscribe(handle: @escaping @Sendable (ContainerdEvent) async -> Void) async throws {
        var request = Containerd_Services_Events_V1_SubscribeRequest()
        request.filters = [
            #"topic~="/images/",namespace=="\#(namespace)""#,
            #"topic~="/content/",namespace=="\#(namespace)""#,
        ]
        try await Containerd_Services_Events_V1_Events.Client(wrapping: client)
            .subscribe(request, metadata: metadata) { response in
                for try await envelope in response.messages {
                    if let event = ContainerdEvent(envelope) { await handle(event) }
                }
            }
    }

    // MARK: CRI

    /// The CRI plugin's status `info` map; with `verbose`, `info["config"]` is its effective
    /// configuration as JSON (registry `configPath`, `containerd.discardUnpackedLayers`, ...).
    public func runtimeStatusInfo(verbose: Bool = true) async throws -> [String: String] {
        var request = Runtime_V1_StatusRequest()
        request.verbose = verbose
        let response = try await Runtime_V1_RuntimeService.Client(wrapping: client)
            .status(request, metadata: metadata)
        return response.info
    }
}

/// Errors of ``ContainerdClient`` beyond gRPC's own.
public enum ContainerdError: Error, CustomStringConvertible, Equatable {
    /// containerd does not hold that digest.
    case notFound(String)
    /// containerd answered in a shape the client does not understand.
    case unexpectedStatus(String)

    public var description: String {
        switch self {
        case .notFound(let digest): return "containerd has no content \(digest)"
        case .unexpectedStatus(let reason): return "unexpected answer from containerd: \(reason)"
        }
    }
}
