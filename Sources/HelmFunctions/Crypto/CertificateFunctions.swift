import Crypto
import _CryptoExtras
import Foundation
import GoTemplate
import SwiftASN1
import X509

/// Sprig's certificate functions (`genCA`, `genSelfSignedCert`, `genSignedCert`, their `…WithKey`
/// forms, `buildCustomCert`) and `genPrivateKey`.
///
/// Certificates carry the fields Sprig's Go code sets: a random 128-bit serial, subject CN only,
/// validity from now for `days` × 24 hours, key usage digital signature + key encipherment
/// (+ certificate signing for CAs), extended key usage server + client auth, basic constraints,
/// IP and DNS subject alternative names (critical when the subject is empty); Go adds a subject key
/// identifier to CAs and an authority key identifier when the issuer has one. Generated keys are RSA 2048.
enum CertificateFunctions {
    static var all: [String: TemplateFunction] {
        [
            "genPrivateKey": { args in
                let type = try FunctionArguments("genPrivateKey", args, count: 1).string(0)
                return .string(try generatePrivateKeyPEM(type: type))
            },
            "buildCustomCert": { args in
                let arguments = try FunctionArguments("buildCustomCert", args, count: 2)
                return .object(try buildCustomCertificate(
                    base64Certificate: try arguments.string(0), base64Key: try arguments.string(1)))
            },
            "genCA": { args in
                let arguments = try FunctionArguments("genCA", args, count: 2)
                let cn = try arguments.string(0), days = try arguments.int(1)
                return .object(try generateCA(commonName: cn, daysValid: days, key: try newRSAKey()))
            },
            "genCAWithKey": { args in
                let arguments = try FunctionArguments("genCAWithKey", args, count: 3)
                let cn = try arguments.string(0), days = try arguments.int(1)
                let key = try parseKey(try arguments.string(2))
                return .object(try generateCA(commonName: cn, daysValid: days, key: key))
            },
            "genSelfSignedCert": { args in
                let arguments = try FunctionArguments("genSelfSignedCert", args, count: 4)
                let template = try CertificateTemplate(arguments)
                return .object(try generateSelfSigned(template, key: try newRSAKey()))
            },
            "genSelfSignedCertWithKey": { args in
                let arguments = try FunctionArguments("genSelfSignedCertWithKey", args, count: 5)
                let template = try CertificateTemplate(arguments)
                let key = try parseKey(try arguments.string(4))
                return .object(try generateSelfSigned(template, key: key))
            },
            "genSignedCert": { args in
                let arguments = try FunctionArguments("genSignedCert", args, count: 5)
                let template = try CertificateTemplate(arguments)
                let ca = try certificateArgument(arguments, 4)
                return .object(try generateSigned(template, authority: ca, key: try newRSAKey()))
            },
            "genSignedCertWithKey": { args in
                let arguments = try FunctionArguments("genSignedCertWithKey", args, count: 6)
                let template = try CertificateTemplate(arguments)
                let ca = try certificateArgument(arguments, 4)
                let key = try parseKey(try arguments.string(5))
                return .object(try generateSigned(template, authority: ca, key: key))
            },
        ]
    }

    /// `genPrivateKey`: a new key as PEM; Sprig returns its failures as the string result.
    static func generatePrivateKeyPEM(type: String) throws -> String {
        let key: GoPrivateKey
        switch type {
        case "", "rsa":
            key = .rsa(try _RSA.Signing.PrivateKey(keySize: .bits4096))
        case "ecdsa":
            key = .p256(P256.Signing.PrivateKey())
        case "ed25519":
            key = .ed25519(Curve25519.Signing.PrivateKey())
        case "dsa":
            key = .dsa(der: try DSAKeyGeneration.der(DSAKeyGeneration.generate()))
        default:
            return "Unknown type " + type
        }
        return try key.pemString()
    }

    /// A fresh RSA 2048 key, as Sprig makes for certificates without a given key.
    static func newRSAKey() throws -> GoPrivateKey {
        do {
            return .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        } catch {
            throw TemplateFunctionError("error generating rsa key: \(error)")
        }
    }

    /// The PEM key argument of a `…WithKey` function.
    static func parseKey(_ pem: String) throws -> GoPrivateKey {
        do {
            return try GoPrivateKey(parsingPEM: pem)
        } catch let error as TemplateFunctionError {
            throw TemplateFunctionError("parsing private key: \(error.message)")
        }
    }

    /// The `ca` argument: a `sprig.certificate` struct.
    static func certificateArgument(_ arguments: FunctionArguments, _ index: Int) throws -> SprigCertificate {
        switch arguments.values[index] {
        case .object(let certificate as SprigCertificate): return certificate
        case .null: throw TemplateFunctionError.invalidValue(expected: "sprig.certificate", argument: index)
        case let other:
            throw TemplateFunctionError.wrongType(other, expected: "sprig.certificate", argument: index)
        }
    }

    /// `buildCustomCert`: checks a base64 PEM certificate and key and returns them as a certificate.
    static func buildCustomCertificate(base64Certificate: String, base64Key: String) throws -> SprigCertificate {
        guard let certBytes = base64Decode(base64Certificate) else {
            throw TemplateFunctionError("unable to decode base64 certificate")
        }
        guard let keyBytes = base64Decode(base64Key) else {
            throw TemplateFunctionError("unable to decode base64 private key")
        }
        let certText = String(decoding: certBytes, as: UTF8.self)
        let keyText = String(decoding: keyBytes, as: UTF8.self)
        guard let block = PEMBlock(decoding: certText) else {
            throw TemplateFunctionError("unable to decode certificate")
        }
        do {
            _ = try Certificate(derEncoded: block.bytes)
        } catch {
            throw TemplateFunctionError("error parsing certificate: decodedCert.Bytes: \(error)")
        }
        do {
            _ = try GoPrivateKey(parsingPEM: keyText)
        } catch let error as TemplateFunctionError {
            throw TemplateFunctionError("error parsing private key: \(error.message)")
        }
        return SprigCertificate(cert: certText, key: keyText)
    }

    /// `genCA…`: a self-signed CA certificate.
    static func generateCA(commonName: String, daysValid: Int, key: GoPrivateKey) throws -> SprigCertificate {
        var template = try CertificateTemplate(commonName: commonName, ips: nil, dnsNames: nil, daysValid: daysValid)
        template.isCertificateAuthority = true
        return try sign(template, key: key, issuer: nil)
    }

    /// `genSelfSignedCert…`: a self-signed leaf certificate.
    static func generateSelfSigned(_ template: CertificateTemplate, key: GoPrivateKey) throws -> SprigCertificate {
        try sign(template, key: key, issuer: nil)
    }

    /// `genSignedCert…`: a leaf certificate signed by `authority`.
    static func generateSigned(
        _ template: CertificateTemplate, authority: SprigCertificate, key: GoPrivateKey
    ) throws -> SprigCertificate {
        guard let block = PEMBlock(decoding: authority.cert) else {
            throw TemplateFunctionError("unable to decode certificate")
        }
        let issuerCertificate: Certificate
        do {
            issuerCertificate = try Certificate(derEncoded: block.bytes)
        } catch {
            throw TemplateFunctionError("error parsing certificate: decodedSignerCert.Bytes: \(error)")
        }
        let issuerKey: GoPrivateKey
        do {
            issuerKey = try GoPrivateKey(parsingPEM: authority.key)
        } catch let error as TemplateFunctionError {
            throw TemplateFunctionError("error parsing private key: \(error.message)")
        }
        return try sign(template, key: key, issuer: (issuerCertificate, issuerKey))
    }

    /// Creates the certificate for `template` and `key`, signed by `issuer` or by itself,
    /// as Go's `x509.CreateCertificate` builds it.
    static func sign(
        _ template: CertificateTemplate, key: GoPrivateKey, issuer: (certificate: Certificate, key: GoPrivateKey)?
    ) throws -> SprigCertificate {
        let signingKey = issuer?.key ?? key
        let issuerPrivateKey = try signingKey.certificateKey(signing: true)
        let publicKey = try key.certificateKey(signing: false).publicKey
        let subject = template.commonName.isEmpty
            ? DistinguishedName()
            : DistinguishedName([RelativeDistinguishedName(try goNameAttribute(.RDNAttributeType.commonName, template.commonName))])
        let issuerName = issuer?.certificate.subject ?? subject
        let selfSigned = issuerName == subject
        var authorityKeyID: ArraySlice<UInt8>? = nil
        if !selfSigned, let issuerCertificate = issuer?.certificate,
           let ski = try? issuerCertificate.extensions.subjectKeyIdentifier {
            authorityKeyID = ski.keyIdentifier
        }
        let ipNames = template.ipAddresses.map { GeneralName.ipAddress(ASN1OctetString(contentBytes: $0[...])) }
        let dnsNames = template.dnsNames.map { GeneralName.dnsName($0) }
        let extensions = try Certificate.Extensions {
            Critical(KeyUsage(
                digitalSignature: true, keyEncipherment: true, keyCertSign: template.isCertificateAuthority))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            Critical(template.isCertificateAuthority
                ? BasicConstraints.isCertificateAuthority(maxPathLength: nil)
                : BasicConstraints.notCertificateAuthority)
            if template.isCertificateAuthority { SubjectKeyIdentifier(keyIdentifier: subjectKeyIdentifier(publicKey)) }
            if let authorityKeyID { AuthorityKeyIdentifier(keyIdentifier: authorityKeyID) }
            if !ipNames.isEmpty || !dnsNames.isEmpty {
                // Go marks the SAN extension critical when the subject is empty (RFC 5280 4.2.1.6).
                if template.commonName.isEmpty {
                    Critical(SubjectAlternativeNames(dnsNames + ipNames))
                } else {
                    SubjectAlternativeNames(dnsNames + ipNames)
                }
            }
        }
        let now = Date()
        let notAfter = now.addingTimeInterval(Double(template.daysValid) * 86400)
        let certificate: Certificate
        do {
            certificate = try Certificate(
                version: .v3,
                serialNumber: randomSerialNumber(),
                publicKey: publicKey,
                notValidBefore: now,
                notValidAfter: notAfter,
                issuer: issuerName,
                subject: subject,
                signatureAlgorithm: signingKey.signatureAlgorithm,
                extensions: extensions,
                issuerPrivateKey: issuerPrivateKey)
        } catch {
            throw TemplateFunctionError("error creating certificate: \(error)")
        }
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let certPEM = PEMBlock(type: "CERTIFICATE", bytes: serializer.serializedBytes).encoded
        return SprigCertificate(cert: certPEM, key: try key.pemString())
    }

    /// The key identifier Go (1.25+) gives CA certificates: the first 20 bytes of the SHA-256 of the
    /// subjectPublicKey bits.
    static func subjectKeyIdentifier(_ publicKey: Certificate.PublicKey) -> ArraySlice<UInt8> {
        ArraySlice(SHA256.hash(data: publicKey.subjectPublicKeyInfoBytes).prefix(20))
    }

    /// A uniformly random serial in [0, 2^128), as Sprig draws it.
    static func randomSerialNumber() -> Certificate.SerialNumber {
        var bytes = RandomFunctions.randomBytes(16)
        while bytes.count > 1 && bytes[0] == 0 { bytes.removeFirst() }
        if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        return Certificate.SerialNumber(bytes: bytes[...])
    }
}

/// The parts of Sprig's base certificate template that come from the function arguments.
struct CertificateTemplate {
    var commonName: String
    /// IP SANs, 4 bytes for IPv4 (as Go stores them) or 16 for IPv6.
    var ipAddresses: [[UInt8]]
    var dnsNames: [String]
    var daysValid: Int
    var isCertificateAuthority = false

    /// Arguments `cn`, `ips`, `alternateDNS`, `daysValid` (the first four of the cert functions).
    init(_ arguments: FunctionArguments) throws {
        try self.init(
            commonName: try arguments.string(0), ips: try arguments.interfaceList(1),
            dnsNames: try arguments.interfaceList(2), daysValid: try arguments.int(3))
    }

    init(commonName: String, ips: [TemplateValue]?, dnsNames: [TemplateValue]?, daysValid: Int) throws {
        self.commonName = commonName
        self.daysValid = daysValid
        self.ipAddresses = try (ips ?? []).map { value in
            guard case .string(let text) = value else {
                throw TemplateFunctionError("error parsing ip: \(goFormatted(value)) is not a string")
            }
            guard let address = parseIPAddress(text) else {
                throw TemplateFunctionError("error parsing ip: \(text)")
            }
            return address
        }
        self.dnsNames = try (dnsNames ?? []).map { value in
            guard case .string(let text) = value else {
                throw TemplateFunctionError(
                    "error processing alternate dns name: \(goFormatted(value)) is not a string")
            }
            return text
        }
    }
}

/// The bytes of an IP address written as Go's `net.ParseIP` accepts it (dotted IPv4 or IPv6 text);
/// IPv4 and IPv4-mapped IPv6 addresses give 4 bytes, as Go encodes them in certificates.
func parseIPAddress(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if !text.contains(":") {
        // Go rejects leading zeros in IPv4 fields ("010.0.0.1"); inet_pton does too.
        guard inet_pton(AF_INET, text, &v4) == 1 else { return nil }
        return withUnsafeBytes(of: &v4) { Array($0) }
    }
    var v6 = in6_addr()
    guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
    let bytes = withUnsafeBytes(of: &v6) { Array($0) }
    if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
        return Array(bytes[12...])
    }
    return bytes
}

/// A template value as Go's `%v` prints it, for error messages.
func goFormatted(_ value: TemplateValue) -> String {
    switch value {
    case .null: return "<nil>"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .int64(let i): return String(i)
    case .float(let f): return f == f.rounded() && abs(f) < 1e21 ? String(Int64(f)) : String(f)
    case .string(let s): return s
    case .object(let o): return o.goDescription
    default: return "\(value)"
    }
}

/// A name attribute as Go's `encoding/asn1` marshals a `pkix.Name` string: a PrintableString when every
/// character is in PrintableString's set (letters, digits, space and `'()+,-./:=?`; Go rejects `*` and
/// `&` here), a UTF8String otherwise.
func goNameAttribute(_ type: ASN1ObjectIdentifier, _ value: String) throws -> RelativeDistinguishedName.Attribute {
    let printable = value.utf8.allSatisfy { b in
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "'()+,-./:=? ".utf8.contains(b)
        }
    }
    return printable ? try .init(type: type, printableString: value) : .init(type: type, utf8String: value)
}
