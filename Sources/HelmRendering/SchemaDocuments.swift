import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GoTemplate
import HelmChart

/// The schema documents a chart's `values.schema.json` refers to, loaded as Helm v4 loads them when it
/// compiles the schema (`pkg/chart/common/util/jsonschema.go`): the root is `file:///values.schema.json`;
/// every `$ref` anywhere in a loaded document is resolved against that document's URL and its document
/// loaded too, before any value is checked — `http`/`https` by a GET (15 s timeout, status 200 only),
/// `file` from the local file system, `urn` as the permissive schema `true`.
struct SchemaDocuments {
    static let rootURL = "file:///values.schema.json"

    /// Loaded documents by URL (without fragment).
    private(set) var documents: [String: TemplateValue] = [:]
    /// The absolute URL of every schema with an `$id`, by the schema's identity: references inside
    /// it resolve against it, however the validator reached it.
    private(set) var identifiers: [ObjectIdentifier: String] = [:]

    /// A document that could not be loaded, in Helm's words (`failing loading "URL": …`).
    struct LoadError: Error {
        var message: String
    }

    /// Fetches one `http(s)` document's bytes or throws the loader's error text (Helm's HTTPURLLoader).
    typealias Fetch = (URL) throws -> [UInt8]

    /// At most this many documents are loaded for one schema (a guard against reference loops through
    /// ever new URLs).
    static let maximumDocuments = 256

    /// Loads `root` and everything it refers to; throws ``LoadError`` for the first document that fails.
    init(root: TemplateValue, fetch: Fetch = SchemaDocuments.httpGet) throws {
        documents[Self.rootURL] = root
        var pending = [Self.rootURL]
        while let url = pending.popLast() {
            guard let document = documents[url] else { continue }
            let (refs, resources) = Self.references(in: document, base: url)
            // Schemas with an `$id` are documents of their own, found by that URL without loading.
            for (id, schema) in resources {
                if case .map(let m) = schema { identifiers[ObjectIdentifier(m)] = id }
                if documents[id] == nil { documents[id] = schema }
            }
            for (ref, base) in refs {
                guard let target = Self.documentURL(of: ref, base: base), documents[target] == nil else { continue }
                if documents.count >= Self.maximumDocuments {
                    throw LoadError(message: "failing loading \(goQuote(target)): more than \(Self.maximumDocuments) schema documents")
                }
                documents[target] = try Self.load(target, fetch: fetch)
                pending.append(target)
            }
        }
    }

    /// The schema `ref` (written in the document at `base`) points to, and the URL of its document.
    func resolve(_ ref: String, base: String) -> (schema: TemplateValue, document: String)? {
        // No document URL: a reference into the document at `base` itself.
        let url = Self.documentURL(of: ref, base: base) ?? base
        guard let document = documents[url] else { return nil }
        let fragment = ref.firstIndex(of: "#").map { String(ref[ref.index(after: $0)...]) } ?? ""
        guard let schema = Self.pointer(fragment, in: document) else { return nil }
        return (schema, url)
    }

    /// The value at JSON pointer `pointer` (already without `#`) in `document`.
    static func pointer(_ pointer: String, in document: TemplateValue) -> TemplateValue? {
        var current = document
        for raw in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                .removingPercentEncoding ?? String(raw)
            switch current {
            case .map(let m): guard let next = m[key] else { return nil }; current = next
            case .list(let l): guard let i = Int(key), i >= 0, i < l.count else { return nil }; current = l[i]
            default: return nil
            }
        }
        return current
    }

    /// The URL (without fragment) of the document `ref` names, relative to `base`; nil for a reference
    /// into the same document.
    static func documentURL(of ref: String, base: String) -> String? {
        let withoutFragment = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if withoutFragment.isEmpty { return nil }
        if withoutFragment.hasPrefix("urn:") { return withoutFragment }
        guard let url = URL(string: withoutFragment, relativeTo: URL(string: base)) else { return withoutFragment }
        let absolute = url.absoluteString
        return absolute == base ? nil : absolute
    }

    /// Every `$ref` string in `value`, depth first, with the base URL it is relative to: `base`, or
    /// the `$id` of the nearest enclosing schema that has one (resolved against its own base); and
    /// every schema with an `$id`, by that URL.
    static func references(in value: TemplateValue, base: String)
        -> (refs: [(ref: String, base: String)], resources: [(url: String, schema: TemplateValue)]) {
        var refs: [(ref: String, base: String)] = []
        var resources: [(url: String, schema: TemplateValue)] = []
        func walk(_ v: TemplateValue, _ base: String) {
            switch v {
            case .map(let m):
                var base = base
                if let id = identifier(of: m, base: base) {
                    base = id
                    resources.append((id, v))
                }
                if case .string(let ref)? = m["$ref"] { refs.append((ref, base)) }
                for key in m.sortedKeys { walk(m[key]!, base) }
            case .list(let l):
                for item in l { walk(item, base) }
            default:
                break
            }
        }
        walk(value, base)
        return (refs, resources)
    }

    /// The absolute URL a schema's `$id` gives it (relative to `base`), or nil when it has none or
    /// only names an anchor (`#name`).
    static func identifier(of schema: GoMap, base: String) -> String? {
        guard case .string(let id)? = schema["$id"], !id.hasPrefix("#"), !id.isEmpty else { return nil }
        let withoutFragment = id.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? id
        if withoutFragment.hasPrefix("urn:") { return withoutFragment }
        return URL(string: withoutFragment, relativeTo: URL(string: base))?.absoluteString ?? withoutFragment
    }

    private static func load(_ url: String, fetch: Fetch) throws -> TemplateValue {
        if url.hasPrefix("urn:") { return .bool(true) }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            throw LoadError(message: "failing loading \(goQuote(url)): no URL loader for \(goQuote(url))")
        }
        let bytes: [UInt8]
        do {
            switch scheme {
            case "http", "https":
                bytes = try fetch(parsed)
            case "file":
                guard let data = FileManager.default.contents(atPath: parsed.path) else {
                    throw LoadError(message: "open \(parsed.path): no such file or directory")
                }
                bytes = Array(data)
            default:
                throw LoadError(message: "no URL loader for scheme \(goQuote(scheme))")
            }
        } catch let error as LoadError {
            throw LoadError(message: "failing loading \(goQuote(url)): \(error.message)")
        }
        var scanner = JSONValueScanner(bytes)
        do {
            return try scanner.parseValue()
        } catch {
            throw LoadError(message: "failing loading \(goQuote(url)): \(error)")
        }
    }

    /// GET `url` as Helm's HTTPURLLoader does: 15 s timeout, anything but 200 is an error.
    static func httpGet(_ url: URL) throws -> [UInt8] {
        var request = URLRequest(url: url, timeoutInterval: 15)
        request.setValue("Helm/4.2.3 (spegelctl)", forHTTPHeaderField: "User-Agent")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Data?, URLResponse?, Error?)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            result = (data, response, error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (data, response, error) = result
        let text = url.absoluteString
        if let error {
            throw LoadError(message: "HTTP request failed for \(text): Get \(goQuote(text)): \(transportReason(error, url))")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw LoadError(message: "HTTP request to \(text) returned status \(status) (\(httpStatusText(status)))")
        }
        return Array(data ?? Data())
    }

    /// Go's wording for the common transport failures.
    private static func transportReason(_ error: Error, _ url: URL) -> String {
        let host = url.host ?? ""
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        switch (error as NSError).code {
        case NSURLErrorCannotConnectToHost: return "dial tcp \(host):\(port): connect: connection refused"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "dial tcp: lookup \(host): no such host"
        case NSURLErrorTimedOut: return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
        default: return error.localizedDescription
        }
    }

    /// Go's `http.StatusText` for the statuses a schema server answers with.
    private static func httpStatusText(_ status: Int) -> String {
        switch status {
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return HTTPURLResponse.localizedString(forStatusCode: status).capitalized
        }
    }
}
