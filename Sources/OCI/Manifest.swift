/// An OCI image manifest or a Docker v2 schema 2 manifest (same shape).
public struct ImageManifest: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(
        schemaVersion: Int = 2, mediaType: String? = MediaType.ociManifest, artifactType: String? = nil,
        config: Descriptor, layers: [Descriptor], subject: Descriptor? = nil, annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.config = config
        self.layers = layers
        self.subject = subject
        self.annotations = annotations
    }

    /// Every descriptor the manifest references: config first, then layers.
    public var references: [Descriptor] { [config] + layers }
}

/// An OCI image index or a Docker v2 manifest list (same shape).
public struct ImageIndex: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var manifests: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(
        schemaVersion: Int = 2, mediaType: String? = MediaType.ociIndex, artifactType: String? = nil,
        manifests: [Descriptor], subject: Descriptor? = nil, annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.manifests = manifests
        self.subject = subject
        self.annotations = annotations
    }
}

/// Encoding shared by everything that writes OCI JSON: sorted keys, no escaped slashes, so the
/// same value always produces the same bytes (and therefore the same digest).
public enum OCIJSON {
    /// Encodes `value` deterministically.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Decodes `T` from `data`; `source` names the file or blob in the error.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, source: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw OCIError.invalidJSON(source: source, detail: describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "(root)" : keys
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key \"\(key.stringValue)\""
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected a \(type) value"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// Errors reading OCI content.
public enum OCIError: Error, Equatable, CustomStringConvertible {
    case invalidJSON(source: String, detail: String)
    case missingFile(String)
    case unsupportedLayoutVersion(path: String, found: String)
    case digestMismatch(path: String, expected: Digest, actual: Digest)

    public var description: String {
        switch self {
        case .invalidJSON(let source, let detail): return "\(source): invalid JSON: \(detail)"
        case .missingFile(let path): return "\(path): no such file"
        case .unsupportedLayoutVersion(let path, let found):
            return "\(path): imageLayoutVersion \"\(found)\" is not supported, expected \"1.0.0\""
        case .digestMismatch(let path, let expected, let actual):
            return "\(path): content has digest \(actual), expected \(expected)"
        }
    }
}
