import Hummingbird

/// An OCI distribution error: an HTTP status plus a `{"errors":[{"code":…,"message":…}]}` body.
public struct RegistryError: Error, Hashable, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// The OCI error code, e.g. `MANIFEST_UNKNOWN`.
    public var code: String
    public var message: String

    public init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body, e.g. `{"errors":[{"code":"BLOB_UNKNOWN","message":"…"}]}`.
    public var jsonBody: String {
        struct Entry: Encodable { var code: String; var message: String }
        struct Body: Encodable { var errors: [Entry] }
        let data = (try? OCIJSON.encode(Body(errors: [Entry(code: code, message: message)]))) ?? Data("{\"errors\":[]}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func nameInvalid(_ name: String) -> RegistryError {
        RegistryError(status: .badRequest, code: "NAME_INVALID", message: "invalid repository name \"\(name)\": expected the OCI name grammar [a-z0-9]+([._-][a-z0-9]+)*(/…)*")
    }
    static func registryInvalid(_ registry: String) -> RegistryError {
        RegistryError(status: .badRequest, code: "NAME_INVALID", message: "invalid ns registry host \"\(registry)\": expected host[:port]")
    }
    static func digestInvalid(_ text: String, reason: String) -> RegistryError {
        RegistryError(status: .badRequest, code: "DIGEST_INVALID", message: reason)
    }
    static func tagInvalid(_ tag: String) -> RegistryError {
        RegistryError(status: .badRequest, code: "TAG_INVALID", message: "invalid tag \"\(tag)\": expected [A-Za-z0-9_][A-Za-z0-9._-]{0,127}")
    }
    static func unknown(_ request: MirrorRequest, reason: String) -> RegistryError {
        let code = request.kind == .manifest ? "MANIFEST_UNKNOWN" : "BLOB_UNKNOWN"
        return RegistryError(status: .notFound, code: code, message: "\(request.filterSubject): \(reason)")
    }
    static func notFound(_ path: String) -> RegistryError {
        RegistryError(status: .notFound, code: "NOT_FOUND", message: "no route for \(path); this mirror serves GET and HEAD on /v2/<name>/manifests/<reference> and /v2/<name>/blobs/<digest>")
    }
    static func methodNotAllowed(_ method: HTTPRequest.Method) -> RegistryError {
        RegistryError(status: .methodNotAllowed, code: "UNSUPPORTED", message: "method \(method.rawValue) is not supported: this mirror is read-only (GET, HEAD)")
    }
    static func rangeNotSatisfiable(_ header: String, size: Int64) -> RegistryError {
        RegistryError(status: .rangeNotSatisfiable, code: "RANGE_INVALID", message: "range \"\(header)\" is outside the content's \(size) bytes")
    }
}
