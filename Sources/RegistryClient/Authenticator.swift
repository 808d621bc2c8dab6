/// Remembers how each registry wants to be authenticated and caches bearer tokens per
/// (registry, scopes), so a token is fetched once and sent up front on later requests. Credentials are
/// looked up once per registry (a credential helper runs at most once per registry and client).
actor Authenticator {
    /// What a registry asked for in its last challenge.
    enum Scheme: Equatable {
        case basic
        case bearer(realm: String, service: String?)
    }

    struct TokenKey: Hashable {
        var registry: String
        var scopes: String
    }

    struct Token: Sendable {
        var value: String
        var expires: ContinuousClock.Instant
    }

    /// Fetches a token from `realm` for `service` and `scopes` (a closure so the authenticator holds
    /// no reference to the transport).
    typealias Fetch = @Sendable (_ realm: String, _ service: String?, _ scopes: [String]) async throws -> Token

    let credentials: CredentialStore
    private var schemes: [String: Scheme] = [:]
    private var tokens: [TokenKey: Token] = [:]
    private var pending: [TokenKey: Task<Token, any Error>] = [:]
    private var lookups: [String: Task<Credential?, any Error>] = [:]

    init(credentials: CredentialStore) {
        self.credentials = credentials
    }

    /// The `Authorization` value to send up front for a request needing `scopes` on `registry`, when
    /// the registry challenged before; nil when it never did.
    func authorization(registry: String, scopes: [String], fetch: @escaping Fetch) async throws -> String? {
        switch schemes[registry] {
        case nil:
            return nil
        case .basic:
            return try await credential(for: registry)?.basicAuthorization
        case .bearer(let realm, let service):
            let key = TokenKey(registry: registry, scopes: Self.normalise(scopes))
            return "Bearer " + (try await token(key, realm: realm, service: service, scopes: scopes, fetch: fetch)).value
        }
    }

    /// Learns the challenges of a 401 and returns the `Authorization` value to retry with, or nil
    /// when nothing better than `rejected` (what was sent) can be offered.
    func respond(to challenges: [AuthChallenge], registry: String, scopes: [String], rejected: String?, fetch: @escaping Fetch) async throws -> String? {
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }), let realm = bearer.parameters["realm"], !realm.isEmpty {
            let service = bearer.parameters["service"]
            schemes[registry] = .bearer(realm: realm, service: service)
            var wanted = scopes
            if let scope = bearer.parameters["scope"] { wanted += scope.split(separator: " ").map(String.init) }
            let requestKey = TokenKey(registry: registry, scopes: Self.normalise(scopes))
            let key = TokenKey(registry: registry, scopes: Self.normalise(wanted))
            for stale in [requestKey, key] where tokens[stale].map({ "Bearer " + $0.value == rejected }) ?? false {
                tokens[stale] = nil
            }
            let token = try await token(key, realm: realm, service: service, scopes: Self.merged(wanted), fetch: fetch)
            // The token covers at least what the request asked for: send it up front next time.
            tokens[requestKey] = token
            let header = "Bearer " + token.value
            return header == rejected ? nil : header
        }
        if challenges.contains(where: { $0.scheme == "basic" }) {
            schemes[registry] = .basic
            guard let header = try await credential(for: registry)?.basicAuthorization, header != rejected else { return nil }
            return header
        }
        return nil
    }

    /// The credentials for `registry` (``CredentialStore/lookup(for:)``, a helper run on a thread of its
    /// own), looked up once; a failed lookup is tried again next time.
    func credential(for registry: String) async throws -> Credential? {
        if let lookup = lookups[registry] { return try await lookup.value }
        let store = credentials
        let lookup = Task { try await onOwnThread { try store.lookup(for: registry) } }
        lookups[registry] = lookup
        do {
            return try await lookup.value
        } catch {
            lookups[registry] = nil
            throw error
        }
    }

    private func token(_ key: TokenKey, realm: String, service: String?, scopes: [String], fetch: @escaping Fetch) async throws -> Token {
        if let cached = tokens[key], cached.expires > .now { return cached }
        if let running = pending[key] { return try await running.value }
        let task = Task { try await fetch(realm, service, Self.merged(scopes)) }
        pending[key] = task
        defer { pending[key] = nil }
        let token = try await task.value
        tokens[key] = token
        return token
    }

    /// Scopes with the actions of each resource merged and sorted:
    /// `repository:a:push` + `repository:a:pull` → `repository:a:pull,push`.
    static func merged(_ scopes: [String]) -> [String] {
        var actions: [String: Set<String>] = [:]
        for scope in scopes {
            guard let colon = scope.lastIndex(of: ":") else { actions[scope, default: []].formUnion([]); continue }
            let resource = String(scope[..<colon])
            actions[resource, default: []].formUnion(scope[scope.index(after: colon)...].split(separator: ",").map(String.init))
        }
        return actions.keys.sorted().map { resource in
            let list = actions[resource]!.sorted()
            return list.isEmpty ? resource : resource + ":" + list.joined(separator: ",")
        }
    }

    static func normalise(_ scopes: [String]) -> String { merged(scopes).joined(separator: " ") }
}
