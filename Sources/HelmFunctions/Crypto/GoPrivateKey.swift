import Crypto
import _CryptoExtras
import SwiftASN1
import X509
import GoTemplate

/// A private key of a type Go's `crypto` packages and Sprig handle, with the PEM encodings
/// Sprig's `pemBlockForKey` chooses: PKCS#1 for RSA, SEC 1 for ECDSA, PKCS#8 for Ed25519.
enum GoPrivateKey {
    case rsa(_RSA.Signing.PrivateKey)
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)
    case p521(P521.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)

    /// The PEM block Sprig writes for this key.
    func pemBlock() throws -> PEMBlock {
        switch self {
        case .rsa(let key):
            // BoringSSL's DER form of an RSA private key is PKCS#1 RSAPrivateKey, as Go's MarshalPKCS1PrivateKey.
            return PEMBlock(type: "RSA PRIVATE KEY", bytes: [UInt8](key.derRepresentation))
        case .p256(let key):
            return PEMBlock(type: "EC PRIVATE KEY", bytes: try Self.sec1(
                curve: [1, 2, 840, 10045, 3, 1, 7], privateKey: [UInt8](key.rawRepresentation),
                publicKey: [UInt8](key.publicKey.x963Representation)))
        case .p384(let key):
            return PEMBlock(type: "EC PRIVATE KEY", bytes: try Self.sec1(
                curve: [1, 3, 132, 0, 34], privateKey: [UInt8](key.rawRepresentation),
                publicKey: [UInt8](key.publicKey.x963Representation)))
        case .p521(let key):
            return PEMBlock(type: "EC PRIVATE KEY", bytes: try Self.sec1(
                curve: [1, 3, 132, 0, 35], privateKey: [UInt8](key.rawRepresentation),
                publicKey: [UInt8](key.publicKey.x963Representation)))
        case .ed25519(let key):
            // PKCS#8 PrivateKeyInfo { version 0, AlgorithmIdentifier { id-Ed25519 }, OCTET STRING { OCTET STRING seed } }.
            let prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
                                   0x04, 0x22, 0x04, 0x20]
            return PEMBlock(type: "PRIVATE KEY", bytes: prefix + [UInt8](key.rawRepresentation))
        }
    }

    /// The key as PEM text, as Sprig's `genPrivateKey` and certificate functions print it.
    func pemString() throws -> String { try pemBlock().encoded }

    /// The key in swift-certificates' form, for signing and for its public key.
    var certificateKey: Certificate.PrivateKey {
        switch self {
        case .rsa(let key): return Certificate.PrivateKey(key)
        case .p256(let key): return Certificate.PrivateKey(key)
        case .p384(let key): return Certificate.PrivateKey(key)
        case .p521(let key): return Certificate.PrivateKey(key)
        case .ed25519(let key): return Certificate.PrivateKey(key)
        }
    }

    /// The signature algorithm Go's `x509.CreateCertificate` picks for a certificate signed by this key.
    var signatureAlgorithm: Certificate.SignatureAlgorithm {
        switch self {
        case .rsa: return .sha256WithRSAEncryption
        case .p256: return .ecdsaWithSHA256
        case .p384: return .ecdsaWithSHA384
        case .p521: return .ecdsaWithSHA512
        case .ed25519: return .ed25519
        }
    }

    /// A SEC 1 ECPrivateKey structure, as Go's `x509.MarshalECPrivateKey`.
    private static func sec1(curve: ASN1ObjectIdentifier, privateKey: [UInt8], publicKey: [UInt8]) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { sequence in
            try sequence.serialize(1)
            try sequence.serialize(ASN1OctetString(contentBytes: privateKey[...]))
            try sequence.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { tagged in
                try tagged.serialize(curve)
            }
            try sequence.serialize(explicitlyTaggedWithTagNumber: 1, tagClass: .contextSpecific) { tagged in
                try tagged.serialize(ASN1BitString(bytes: publicKey[...]))
            }
        }
        return serializer.serializedBytes
    }

    /// Parses the first PEM block of `text` as Sprig's `parsePrivateKeyPEM` does, with its error messages.
    init(parsingPEM text: String) throws {
        guard let block = PEMBlock(decoding: text) else {
            throw TemplateFunctionError("no PEM data in input")
        }
        if block.type == "PRIVATE KEY" {
            do {
                self = try Self(certificateKey: Certificate.PrivateKey(derBytes: block.bytes))
            } catch {
                throw TemplateFunctionError("decoding PEM as PKCS#8: \(error)")
            }
            return
        }
        guard block.type.hasSuffix(" PRIVATE KEY") else {
            throw TemplateFunctionError("no private key data in PEM block of type \(block.type)")
        }
        switch block.type.dropLast(" PRIVATE KEY".count) {
        case "RSA":
            do {
                self = .rsa(try _RSA.Signing.PrivateKey(unsafeDERRepresentation: block.bytes))
            } catch {
                throw TemplateFunctionError("parsing RSA private key from PEM: \(error)")
            }
        case "EC":
            do {
                self = try Self(certificateKey: Certificate.PrivateKey(pemEncoded: block.encoded))
            } catch {
                throw TemplateFunctionError("parsing EC private key from PEM: \(error)")
            }
        case "DSA":
            throw TemplateFunctionError("parsing DSA private key from PEM: DSA keys are not supported")
        default:
            throw TemplateFunctionError("invalid private key type \(block.type)")
        }
    }

    /// The key held by a swift-certificates private key of a supported type.
    private init(certificateKey: Certificate.PrivateKey) throws {
        // Certificate.PrivateKey does not expose its backing key; round-trip through its PEM form.
        let document = try certificateKey.serializeAsPEM()
        let der = document.derBytes
        switch document.discriminator {
        case "RSA PRIVATE KEY":
            self = .rsa(try _RSA.Signing.PrivateKey(unsafeDERRepresentation: der))
        default:
            if let key = try? P256.Signing.PrivateKey(derRepresentation: der) { self = .p256(key); return }
            if let key = try? P384.Signing.PrivateKey(derRepresentation: der) { self = .p384(key); return }
            if let key = try? P521.Signing.PrivateKey(derRepresentation: der) { self = .p521(key); return }
            if der.count == 48, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)) {
                self = .ed25519(key)
                return
            }
            if let key = try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: der) { self = .rsa(key); return }
            throw TemplateFunctionError("unsupported private key type \(document.discriminator)")
        }
    }
}
