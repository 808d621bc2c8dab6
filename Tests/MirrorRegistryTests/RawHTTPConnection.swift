import Foundation
import IntegrationSupport
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 connection over a plain socket, for what URLSession hides: pipelined requests, reading a
/// body slowly, and seeing the server close. Blocking: use it inside `offThread`.
final class RawHTTPConnection: @unchecked Sendable {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let socket: Int32
    private var buffered = Data()

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout` seconds.
    init(port: Int, timeout: Int = 10) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connectToLoopback(socket, port: port) else {
            close(socket)
            throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
    }

    deinit { close(socket) }

    /// Sends `text` as it is (several requests at once when it holds several).
    func send(_ text: String) throws {
        var bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.send(socket, $0.baseAddress! + sent, $0.count - sent, 0) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
    }

    /// Reads the next response; for `HEAD` (`bodyless`) the body is not read.
    func readResponse(bodyless: Bool = false) throws -> Response {
        let headEnd = try readUntil(Data("\r\n\r\n".utf8))
        let head = String(decoding: buffered.prefix(headEnd), as: UTF8.self)
        buffered.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure(description: "bad status line in \(head)") }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = Response(status: status, headers: headers, body: Data())
        if !bodyless, let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try read(length)
        }
        return response
    }

    /// Reads exactly `count` bytes.
    func read(_ count: Int) throws -> Data {
        while buffered.count < count { try fill() }
        let bytes = buffered.prefix(count)
        buffered.removeFirst(count)
        return Data(bytes)
    }

    /// Whether the server closed the connection (nothing more to read) within the read timeout.
    func isClosedByServer() -> Bool {
        guard buffered.isEmpty else { return false }
        do {
            try fill()
            return false
        } catch {
            return (error as? Failure)?.description == "closed"
        }
    }

    private func readUntil(_ marker: Data) throws -> Int {
        while true {
            if let range = buffered.range(of: marker) { return range.lowerBound - buffered.startIndex }
            try fill()
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
        if n == 0 { throw Failure(description: "closed") }
        guard n > 0 else { throw Failure(description: "recv: errno \(errno)") }
        buffered.append(contentsOf: chunk[0..<n])
        if buffered.startIndex != 0 { buffered = Data(buffered) }
    }
}
