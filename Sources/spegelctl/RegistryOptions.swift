import ArgumentParser
import Foundation
import RegistryClient

/// How `bundle export` and `bundle push` talk to registries: TLS or plain HTTP, extra CAs, credentials.
struct RegistryOptions: ParsableArguments {
    @Flag(name: .customLong("plain-http"), help: "Talk to registries over plain HTTP (no TLS), e.g. a registry on localhost:5000.")
    var plainHTTP = false

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("A PEM file of CA certificates to trust besides the system's (repeatable).", valueName: "FILE"))
    var caFiles: [String] = []

    @Option(name: .customLong("registry-config"),
            help: ArgumentHelp("A docker config.json with registry credentials (default: $DOCKER_CONFIG/config.json, else ~/.docker/config.json).",
                               valueName: "FILE"))
    var configFile: String?

    /// A client for these options; the caller shuts it down.
    func makeClient() throws -> RegistryClient {
        let credentials: CredentialStore
        do {
            credentials = try CredentialStore.load(from: configFile.map { URL(fileURLWithPath: $0) })
        } catch {
            throw CommandFailure(message: "error: --registry-config: \(error)", exitCode: 2)
        }
        do {
            return try RegistryClient(configuration: .init(plainHTTP: plainHTTP ? .all : .none, credentials: credentials, caFiles: caFiles))
        } catch {
            throw CommandFailure(message: "error: \(error)", exitCode: 2)
        }
    }
}

/// Runs `body` with `client` (when there is one) and shuts the client down afterwards, also on failure.
func using<T>(_ client: RegistryClient?, _ body: () async throws -> T) async throws -> T {
    do {
        let result = try await body()
        try? await client?.shutdown()
        return result
    } catch {
        try? await client?.shutdown()
        throw error
    }
}
