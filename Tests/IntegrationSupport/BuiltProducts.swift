import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The path of an executable this package builds (`spegel`, `spegelctl`), next to the test runner
/// (`swift build --build-tests` builds every product into the same directory).
public func builtProduct(_ name: String) throws -> String {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = runner.deletingLastPathComponent()
    // swift-testing's runner may live inside `<name>.xctest/`; walk up to the products directory.
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        directory = directory.deletingLastPathComponent()
    }
    throw TestProcessError("no built \(name) next to \(runner.path); run `swift build --build-tests` first")
}

/// A plain HTTP GET for tests (status and body), at most `timeout` seconds.
public func httpGet(_ url: String, timeout: TimeInterval = 10) async throws -> (status: Int, body: String) {
    var request = URLRequest(url: URL(string: url)!)
    request.timeoutInterval = timeout
    request.cachePolicy = .reloadIgnoringLocalCacheData
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

/// Polls `condition` every 200 ms until it holds or `timeout` passes; true when it held.
public func eventually(timeout: Duration, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(200))
    }
    return await condition()
}

/// Runs blocking work (a process to completion, a server start) on its own thread, so the few threads
/// of Swift's cooperative pool (two on a 2-core machine) stay free for the async code under test.
public func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 4 << 20
        thread.start()
    }
}
