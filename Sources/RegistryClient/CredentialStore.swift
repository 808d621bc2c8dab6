/// Credentials for one registry.
public struct Credential: Sendable, Equatable {
    /// The user name (for an identity token, often `<token>`; kept for the token request's `account`).
    public var username: String?
    /// The password or personal access token, sent as HTTP Basic credentials.
    public var password: String?
    /// An OAuth2 refresh token (`identitytoken` in `config.json`), exchanged at the token realm.
    public var identityToken: String?

    /// User name and password.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
        self.identityToken = nil
    }

    /// An identity (refresh) token, with the user name it was issued to when known.
    public init(identityToken: String, username: String? = nil) {
        self.username = username
        self.password = nil
        self.identityToken = identityToken
    }

    /// The `Authorization: Basic …` value, when there is a user name and password.
    var basicAuthorization: String? {
        guard let username, let password else { return nil }
        return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}

/// Credentials per registry host, usually read from a docker `config.json`.
///
/// Reads `auths.<host>` entries: `auth` (base64 of `user:password`), `username`/`password`, and
/// `identitytoken`. Keys may be hosts or URLs (`https://index.docker.io/v1/`); Docker Hub's names
/// (`index.docker.io`, `registry-1.docker.io`) all mean `docker.io`.
/// Credential helpers: `credHelpers.<host>` names the helper for one registry, `credsStore` the one
/// for every other registry without `auths` credentials; ``lookup(for:)`` runs it
/// (``CredentialHelper``, found on the `PATH` the store was loaded with).
public struct CredentialStore: Sendable {
    /// Credentials by normalised registry host.
    public private(set) var credentials: [String: Credential]
    /// The file the credentials came from, for messages; nil when built in memory.
    public private(set) var source: String?
    /// The credential helper named for each host (`credHelpers`), and `credsStore` under `"*"`.
    public private(set) var helpers: [String: String]
    /// Where credential helpers are looked for (a `PATH` value).
    public var helperSearchPath: String

    /// A store holding `credentials`, keyed by registry host (normalised here).
    public init(_ credentials: [String: Credential] = [:]) {
        var normalised: [String: Credential] = [:]
        for (host, credential) in credentials { normalised[Self.normalise(host)] = credential }
        self.credentials = normalised
        self.source = nil
        self.helpers = [:]
        self.helperSearchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    }

    /// The credentials for `registry` (`docker.io`, `host:port`), or nil.
    public func credential(for registry: String) -> Credential? {
        credentials[Self.normalise(registry)]
    }

    /// The credential helper configured for `registry`, if any.
    public func helper(for registry: String) -> String? {
        helpers[Self.normalise(registry)] ?? helpers["*"]
    }

    /// The credentials for `registry`: from `credHelpers` when it names a helper for it, else from
    /// `auths`, else from `credsStore` (docker's order); nil when none has any. Blocks while a helper runs.
    /// - Throws: ``CredentialHelperError`` when a helper is missing or fails.
    public func lookup(for registry: String) throws -> Credential? {
        let host = Self.normalise(registry)
        if let name = helpers[host] {
            return try CredentialHelper(name: name, searchPath: helperSearchPath).credential(for: host)
        }
        if let credential = credentials[host] { return credential }
        if let name = helpers["*"] {
            return try CredentialHelper(name: name, searchPath: helperSearchPath).credential(for: host)
        }
        return nil
    }

    /// Where docker keeps its `config.json`: `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`.
    public static func defaultConfigPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty {
            return URL(fileURLWithPath: directory).appendingPathComponent("config.json")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".docker/config.json")
    }

    /// Loads `path` when given, else docker's default `config.json` when it exists (an empty store
    /// when it does not).
    /// - Throws: ``CredentialStoreError`` when the file is given but missing, or is not valid.
    public static func load(from path: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CredentialStore {
        var store: CredentialStore
        if let path {
            store = try load(contentsOf: path)
        } else if let path = defaultConfigPath(environment: environment), FileManager.default.fileExists(atPath: path.path) {
            store = try load(contentsOf: path)
        } else {
            store = CredentialStore()
        }
        if let search = environment["PATH"] { store.helperSearchPath = search }
        return store
    }

    /// Parses the docker `config.json` at `path`.
    /// - Throws: ``CredentialStoreError`` naming the file and key path of what is wrong.
    public static func load(contentsOf path: URL) throws -> CredentialStore {
        guard let data = FileManager.default.contents(atPath: path.path) else {
            throw CredentialStoreError(file: path.path, keyPath: nil, reason: "the file does not exist or cannot be read")
        }
        var store = try parse(data, source: path.path)
        store.source = path.path
        return store
    }

    /// Parses the text of a docker `config.json`; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws -> CredentialStore {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CredentialStoreError(file: source, keyPath: nil, reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else {
            throw CredentialStoreError(file: source, keyPath: nil, reason: "expected a JSON object at the top level")
        }
        var store = CredentialStore()
        store.source = source
        if let auths = root["auths"] {
            guard let auths = auths as? [String: Any] else {
                throw CredentialStoreError(file: source, keyPath: "auths", reason: "expected an object of registry → credentials")
            }
            for (key, value) in auths {
                let keyPath = "auths.\"\(key)\""
                guard let entry = value as? [String: Any] else {
                    throw CredentialStoreError(file: source, keyPath: keyPath, reason: "expected an object")
                }
                if let credential = try credential(from: entry, file: source, keyPath: keyPath) {
                    store.credentials[normalise(key)] = credential
                }
            }
        }
        if let helpers = root["credHelpers"] {
            guard let helpers = helpers as? [String: Any] else {
                throw CredentialStoreError(file: source, keyPath: "credHelpers", reason: "expected an object of registry → helper name")
            }
            for (key, value) in helpers {
                guard let name = value as? String, isHelperName(name) else {
                    throw CredentialStoreError(file: source, keyPath: "credHelpers.\"\(key)\"",
                                               reason: "expected a helper name (docker-credential-<name> runs), e.g. \"ecr-login\"")
                }
                store.helpers[normalise(key)] = name
            }
        }
        if let name = root["credsStore"] {
            guard let name = name as? String, name.isEmpty || isHelperName(name) else {
                throw CredentialStoreError(file: source, keyPath: "credsStore",
                                           reason: "expected a helper name (docker-credential-<name> runs), e.g. \"pass\"")
            }
            if !name.isEmpty { store.helpers["*"] = name }
        }
        return store
    }

    /// A name `docker-credential-<name>` can be built from: not empty, no `/` or whitespace.
    private static func isHelperName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.contains(where: \.isWhitespace)
    }

    private static func credential(from entry: [String: Any], file: String, keyPath: String) throws -> Credential? {
        func string(_ key: String) throws -> String? {
            guard let value = entry[key] else { return nil }
            guard let text = value as? String else {
                throw CredentialStoreError(file: file, keyPath: "\(keyPath).\(key)", reason: "expected a string")
            }
            return text.isEmpty ? nil : text
        }
        let username = try string("username")
        if let token = try string("identitytoken") {
            return Credential(identityToken: token, username: username)
        }
        if let auth = try string("auth") {
            guard let decoded = Data(base64Encoded: auth, options: .ignoreUnknownCharacters),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else {
                throw CredentialStoreError(file: file, keyPath: "\(keyPath).auth", reason: "expected base64 of \"user:password\"")
            }
            return Credential(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        }
        if let username, let password = try string("password") {
            return Credential(username: username, password: password)
        }
        return nil
    }

    /// The registry host a `config.json` key or a reference's registry names: scheme and path
    /// dropped, lower-cased, Docker Hub's aliases folded into `docker.io`.
    public static func normalise(_ key: String) -> String {
        var host = Substring(key.lowercased())
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
        if let slash = host.firstIndex(of: "/") { host = host[..<slash] }
        switch host {
        case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "docker.io": return ImageReference.dockerHub
        default: return String(host)
        }
    }
}

/// A docker `config.json` that cannot be used, naming the file, the key path and what was expected.
public struct CredentialStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The key path inside it (`auths."ghcr.io".auth`), when the problem is in one key.
    public var keyPath: String?
    /// What is wrong and what was expected.
    public var reason: String

    public var description: String {
        "\(file)\(keyPath.map { ": \($0)" } ?? ""): \(reason)"
    }
}
