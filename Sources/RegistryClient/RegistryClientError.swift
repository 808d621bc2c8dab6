/// A failed registry operation: what was being done, where, what the registry answered, and what to do.
///
/// The text names the operation, the registry, repository and tag or digest, the HTTP status and
/// the registry's error codes (the distribution spec's `{"errors":[{"code","message"}]}`), then a hint.
public struct RegistryClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely, for callers that react to it.
    public enum Kind: String, Sendable, Equatable {
        /// 401: no or wrong credentials.
        case unauthorized
        /// 403: the credentials lack permission.
        case denied
        /// 404: no such repository, manifest, blob or upload.
        case notFound
        /// 429 (after retries).
        case tooManyRequests
        /// 5xx (after retries).
        case serverError
        /// Any other status the operation does not expect.
        case unexpectedStatus
        /// The connection failed or broke (after retries).
        case connectionFailed
        /// The TLS handshake failed (no TLS on the port, or an untrusted certificate).
        case tlsFailed
        /// Content whose digest is not the one expected.
        case digestMismatch
        /// Content whose size is not the one expected.
        case sizeMismatch
        /// A response that breaks the protocol (missing header, malformed JSON, too large).
        case invalidResponse
        /// More redirects than the configuration allows.
        case tooManyRedirects
        /// A local file could not be read or written.
        case fileError
        /// The caller asked for something impossible (bad argument, missing CA file).
        case invalidArgument
    }

    /// One entry of a registry's error body.
    public struct Detail: Sendable, Equatable, Decodable {
        /// The spec's code, e.g. `MANIFEST_UNKNOWN`, `BLOB_UPLOAD_INVALID`, `UNAUTHORIZED`, `DENIED`.
        public var code: String
        /// The registry's message.
        public var message: String?

        /// An entry with `code` and the registry's `message`.
        public init(code: String, message: String? = nil) {
            self.code = code
            self.message = message
        }

        enum CodingKeys: String, CodingKey { case code, message }

        /// Decodes `{"code": …, "message": …}`; a message that is not a string is dropped.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// What was being done, e.g. `push blob sha256:…`, `resolve`.
    public var operation: String
    /// The registry host (as references name it).
    public var registry: String?
    /// The repository path.
    public var repository: String?
    /// The tag or digest involved.
    public var reference: String?
    /// The HTTP status, when the registry answered.
    public var status: Int?
    /// The registry's error codes and messages.
    public var errors: [Detail]
    /// What happened, in words.
    public var detail: String
    /// What to do about it.
    public var hint: String?

    /// An error; ``description`` joins the parts into one message.
    public init(kind: Kind, operation: String, registry: String?, repository: String? = nil, reference: String? = nil,
                status: Int? = nil, errors: [Detail] = [], detail: String, hint: String? = nil) {
        self.kind = kind
        self.operation = operation
        self.registry = registry
        self.repository = repository
        self.reference = reference
        self.status = status
        self.errors = errors
        self.detail = detail
        self.hint = hint
    }

    /// Whether the registry named `code` among its errors.
    public func hasCode(_ code: String) -> Bool { errors.contains { $0.code == code } }

    public var description: String {
        var target = registry ?? ""
        if let repository { target += (target.isEmpty ? "" : "/") + repository }
        if let reference { target += (reference.contains(":") ? "@" : ":") + reference }
        var text = operation + (target.isEmpty ? "" : " \(target)") + ": "
        if let status { text += "HTTP \(status)" + (errors.isEmpty && detail.isEmpty ? "" : ", ") }
        if !errors.isEmpty {
            text += errors.map { $0.code + ($0.message.map { " (\($0))" } ?? "") }.joined(separator: "; ")
            if !detail.isEmpty { text += "; " }
        }
        text += detail
        if let hint { text += " — " + hint }
        return text
    }
}
