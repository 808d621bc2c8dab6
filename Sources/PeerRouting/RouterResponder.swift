import MirrorRegistry
import Foundation
import Hummingbird
import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore

/// A request context that remembers the TCP peer address (holders check it against the provider).
public struct RouterRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The router port: `/v1/advertise`, `/v1/withdraw`, `/v1/lookup`, `/v1/members` (see `RouterMessage`).
struct RouterResponder: HTTPResponder {
    typealias Context = RouterRequestContext
    /// Set once the router knows its identity (it needs its listening port first).
    let router: NIOLockedValueBox<P2PRouter?>

    func respond(to request: Request, context: RouterRequestContext) async throws -> Response {
        guard let router = router.withLockedValue({ $0 }) else {
            return Self.json(#"{"error":"starting"}"#, status: .serviceUnavailable)
        }
        var request = request
        let path = request.uri.path
        do {
            switch (request.method, path) {
            case (.post, "/v1/advertise"):
                let message = try JSONDecoder().decode(RouterMessage.Advertise.self, from: try await body(&request))
                try router.receive(message, from: context.remoteAddress?.ipAddress)
                return Response(status: .noContent)
            case (.post, "/v1/withdraw"):
                let message = try JSONDecoder().decode(RouterMessage.Withdraw.self, from: try await body(&request))
                try router.receive(message, from: context.remoteAddress?.ipAddress)
                return Response(status: .noContent)
            case (.post, "/v1/lookup"):
                let message = try JSONDecoder().decode(RouterMessage.Lookup.self, from: try await body(&request))
                let answer = RouterMessage.Providers(providers: router.localProviders(of: message.key).map(\.description))
                return Self.json(String(decoding: try JSONEncoder().encode(answer), as: UTF8.self))
            case (.get, "/v1/members"):
                let (members, records) = router.node.withLockedValue { ($0.members.sorted().map(\.description), $0.records.count) }
                let answer = RouterMessage.Members(members: members, records: records)
                return Self.json(String(decoding: try JSONEncoder().encode(answer), as: UTF8.self))
            default:
                return Self.json(#"{"error":"no such endpoint"}"#, status: .notFound)
            }
        } catch let rejection as RecordRejection {
            return Self.json(Self.errorJSON(rejection.message), status: .forbidden)
        } catch {
            return Self.json(Self.errorJSON("bad request: \(error)"), status: .badRequest)
        }
    }

    func body(_ request: inout Request) async throws -> Data {
        Data(try await request.collectBody(upTo: RouterMessage.maxBody).readableBytesView)
    }

    static func errorJSON(_ message: String) -> String {
        String(decoding: (try? JSONEncoder().encode(["error": message])) ?? Data(), as: UTF8.self)
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
