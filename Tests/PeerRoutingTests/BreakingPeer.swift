import IntegrationSupport
import Foundation
import Hummingbird
import HTTPTypes
import MirrorRegistry
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// A registry port that answers every GET with the full headers of `bytes` but sends only the first
/// half of the body before hanging up (a peer dying mid-blob), or, with `stalls`, before going silent
/// with the connection open (a hung peer); `headDelay` holds the response head back first.
struct BreakingPeer {
    var port: Int
    let runner: ServiceRunner
    var counter: NIOLockedValueBox<Int>

    struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let bytes: Data
        let digest: Digest
        let counter: NIOLockedValueBox<Int>
        let stalls: Bool
        let headDelay: Duration?

        func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
            counter.withLockedValue { $0 += 1 }
            if let headDelay { try await Task.sleep(for: headDelay) }
            var headers = HTTPFields()
            headers[.contentLength] = String(bytes.count)
            headers[HTTPField.Name("Docker-Content-Digest")!] = digest.description
            headers[.contentType] = "application/octet-stream"
            let half = ByteBuffer(bytes: bytes.prefix(bytes.count / 2))
            return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: bytes.count) { writer in
                try await writer.write(half)
                // A stalling peer keeps the connection open and sends nothing more (bounded: 20 s).
                if stalls { try? await Task.sleep(for: .seconds(20)) }
                throw CancellationError()
            })
        }
    }

    static func start(bytes: Data, digest: Digest, stalls: Bool = false, headDelay: Duration? = nil) async throws -> BreakingPeer {
        let counter = NIOLockedValueBox(0)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(responder: Responder(bytes: bytes, digest: digest, counter: counter, stalls: stalls, headDelay: headDelay),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: testLogger)
        let runner = ServiceRunner([app], logger: testLogger)
        Task {
            await runner.wait()
            continuation.finish()
        }
        var port = 0
        for await value in ports { port = value }
        return BreakingPeer(port: port, runner: runner, counter: counter)
    }

    func requests() -> Int { counter.withLockedValue { $0 } }

    func stop() async {
        await runner.stop()
    }
}
