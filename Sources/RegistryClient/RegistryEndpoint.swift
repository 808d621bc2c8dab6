/// Where a registry's API lives: scheme and host, and the URLs of its distribution API.
struct RegistryEndpoint: Sendable {
    /// The registry as references name it (`docker.io`).
    let registry: String
    /// The host connected to (`registry-1.docker.io` for Docker Hub).
    let host: String
    /// `http` or `https`.
    let scheme: String

    init(registry: String, plainHTTP: RegistryClient.PlainHTTP) {
        self.registry = registry
        self.host = registry == ImageReference.dockerHub ? "registry-1.docker.io" : registry
        self.scheme = plainHTTP.applies(to: registry) ? "http" : "https"
    }

    /// `scheme://host`.
    var base: String { "\(scheme)://\(host)" }

    /// `/v2/` (the API version check).
    var versionCheckURL: String { base + "/v2/" }

    func manifestURL(_ repository: String, _ reference: ManifestReference) -> String {
        base + "/v2/\(repository)/manifests/\(reference)"
    }

    func blobURL(_ repository: String, _ digest: Digest) -> String {
        base + "/v2/\(repository)/blobs/\(digest)"
    }

    func uploadsURL(_ repository: String) -> String {
        base + "/v2/\(repository)/blobs/uploads/"
    }

    /// A `Location` header value resolved against the URL it came from (registries send absolute
    /// URLs, absolute paths or relative paths).
    static func resolve(location: String, against url: String) -> String? {
        guard let base = URL(string: url), let resolved = URL(string: location, relativeTo: base) else { return nil }
        return resolved.absoluteString
    }

    /// `url` with `name=value` appended to its query.
    static func appendingQuery(_ url: String, _ items: [(String, String)]) -> String {
        var text = url
        for (name, value) in items {
            text += (text.contains("?") ? "&" : "?") + name + "=" + encodeQueryValue(value)
        }
        return text
    }

    static func encodeQueryValue(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// `scheme://host:port` of `url`, to tell whether a redirect leaves the origin.
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        let scheme = components.scheme?.lowercased() ?? ""
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(components.host?.lowercased() ?? ""):\(port)"
    }

    /// `host` of `host:port` (IPv6 literals in brackets kept whole).
    static func hostWithoutPort(_ registry: String) -> String {
        if registry.hasPrefix("["), let close = registry.firstIndex(of: "]") {
            return String(registry[...close])
        }
        if let colon = registry.lastIndex(of: ":") { return String(registry[..<colon]) }
        return registry
    }
}

/// The token scopes of the distribution auth spec.
enum Scope {
    /// `repository:PATH:pull`
    static func pull(_ repository: String) -> String { "repository:\(repository):pull" }
    /// `repository:PATH:pull,push`
    static func push(_ repository: String) -> String { "repository:\(repository):pull,push" }
}
