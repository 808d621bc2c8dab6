import Crypto

/// A content digest of the form `sha256:<64 lowercase hex>`.
///
/// Only `sha256` is accepted: it is the only algorithm containerd and the OCI distribution
/// spec require, and accepting nothing else keeps every digest safe to use as a file name.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    /// The 64 lowercase hexadecimal characters after `sha256:`.
    public let hex: String

    /// The algorithm part, always `sha256`.
    public var algorithm: String { "sha256" }

    /// The full digest text, e.g. `sha256:e3b0…`.
    public var description: String { "sha256:" + hex }

    /// Parses `sha256:<64 lowercase hex>`; returns nil for anything else.
    public init?(_ description: String) {
        try? self.init(parsing: description)
    }

    /// Parses `sha256:<64 lowercase hex>`.
    /// - Throws: `DigestError` naming what was wrong with `text`.
    public init(parsing text: String) throws {
        guard text.hasPrefix("sha256:") else {
            if let colon = text.firstIndex(of: ":") {
                throw DigestError.unsupportedAlgorithm(String(text[..<colon]), text: text)
            }
            throw DigestError.malformed(text, reason: "expected \"sha256:\" followed by 64 lowercase hex characters")
        }
        let hex = text.utf8.dropFirst(7)
        guard hex.count == 64 else {
            throw DigestError.malformed(text, reason: "expected 64 hex characters after \"sha256:\", found \(hex.count)")
        }
        guard hex.allSatisfy(Digest.isLowercaseHex) else {
            throw DigestError.malformed(text, reason: "expected only lowercase hex characters [0-9a-f] after \"sha256:\"")
        }
        self.hex = String(decoding: hex, as: UTF8.self)
    }

    /// Creates a digest from its 64 lowercase hex characters.
    public init(hex: String) throws {
        try self.init(parsing: "sha256:" + hex)
    }

    /// The SHA-256 digest of `bytes`.
    public static func sha256<Bytes: DataProtocol>(of bytes: Bytes) -> Digest {
        Digest(validatedHex: SHA256.hash(data: bytes).hexString)
    }

    init(validatedHex: String) {
        self.hex = validatedHex
    }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }

    static func isLowercaseHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }
}

extension Digest: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as DigestError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why a digest string was rejected.
public enum DigestError: Error, Equatable, CustomStringConvertible {
    /// The algorithm before `:` is not `sha256`.
    case unsupportedAlgorithm(String, text: String)
    /// The text is not `sha256:` followed by 64 lowercase hex characters.
    case malformed(String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedAlgorithm(let algorithm, let text):
            return "digest \"\(text)\": unsupported algorithm \"\(algorithm)\", expected sha256"
        case .malformed(let text, let reason):
            return "digest \"\(text)\": \(reason)"
        }
    }
}

/// Incremental SHA-256 for content that arrives in pieces (a blob streamed from a peer).
public struct DigestHasher: Sendable {
    private var hasher = SHA256()

    public init() {}

    /// Feeds more bytes.
    public mutating func update<Bytes: DataProtocol>(_ bytes: Bytes) {
        hasher.update(data: bytes)
    }

    /// Feeds bytes from a raw buffer.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bufferPointer)
    }

    /// The digest of everything fed so far.
    public func finalize() -> Digest {
        Digest(validatedHex: hasher.finalize().hexString)
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
