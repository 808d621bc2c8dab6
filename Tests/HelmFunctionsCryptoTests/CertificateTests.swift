import Crypto
import _CryptoExtras
import Foundation
import GoTemplate
@testable import HelmFunctions
import SwiftASN1
import Testing
import X509

/// Parses the single certificate of a PEM text.
func parseCertificate(_ pem: String) throws -> Certificate {
    try Certificate(pemEncoded: pem)
}

/// The content bytes of the serialNumber INTEGER in a PEM certificate's DER.
func serialIntegerContent(_ pem: String) throws -> [UInt8] {
    let der = try #require(PEMBlock(decoding: pem)).bytes
    let root = try DER.parse(der)
    guard case .constructed(let certificate) = root.content,
          let tbs = Array(certificate).first, case .constructed(let fields) = tbs.content
    else { throw TemplateFunctionError("not a certificate") }
    let children = Array(fields)
    // Skip the explicit [0] version tag when present.
    let serialNode = children[0].identifier == .integer ? children[0] : children[1]
    guard serialNode.identifier == .integer, case .primitive(let bytes) = serialNode.content else {
        throw TemplateFunctionError("no serial INTEGER")
    }
    return Array(bytes)
}

/// The `.Cert`/`.Key` pair of a certificate function's result.
func certificatePair(_ value: TemplateValue) throws -> (cert: String, key: String) {
    guard case .object(let object) = value,
          case .string(let cert)? = object.field("Cert"), case .string(let key)? = object.field("Key")
    else { throw TemplateFunctionError("not a certificate: \(value)") }
    #expect(object.goTypeName == "sprig.certificate")
    return (cert, key)
}

/// Runs `openssl` with `arguments`, feeding `input`; returns its standard output and error.
/// Input and output are files, not pipes: Foundation's blocking pipe I/O traps on EINTR.
func openssl(_ arguments: [String], input: String) throws -> String {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("openssl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let inFile = scratch.appendingPathComponent("in"), outFile = scratch.appendingPathComponent("out")
    try Data(input.utf8).write(to: inFile)
    FileManager.default.createFile(atPath: outFile.path, contents: nil)
    let stdin = try FileHandle(forReadingFrom: inFile), stdout = try FileHandle(forWritingTo: outFile)
    defer { try? stdin.close(); try? stdout.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = arguments
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stdout
    try process.run()
    process.waitUntilExit()
    return (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
}

@Suite struct CertificateTests {
    @Test func genCAMakesASelfSignedCA() throws {
        let (certPEM, keyPEM) = try certificatePair(try call("genCA", .string("my-ca"), .int(30)))
        #expect(certPEM.hasPrefix("-----BEGIN CERTIFICATE-----\n") && certPEM.hasSuffix("-----END CERTIFICATE-----\n"))
        #expect(keyPEM.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n") && keyPEM.hasSuffix("-----END RSA PRIVATE KEY-----\n"))
        let cert = try parseCertificate(certPEM)
        #expect(cert.subject.description == "CN=my-ca")
        #expect(cert.issuer == cert.subject)
        #expect(cert.version == .v3)
        #expect(cert.signatureAlgorithm == .sha256WithRSAEncryption)
        #expect(try cert.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        let usage = try #require(try cert.extensions.keyUsage)
        #expect(usage.digitalSignature && usage.keyEncipherment && usage.keyCertSign && !usage.cRLSign)
        #expect(try cert.extensions.extendedKeyUsage == ExtendedKeyUsage([.serverAuth, .clientAuth]))
        #expect(try cert.extensions.subjectKeyIdentifier != nil)
        let days = cert.notValidAfter.timeIntervalSince(cert.notValidBefore) / 86400
        #expect(abs(days - 30) < 0.001)
        #expect(abs(cert.notValidBefore.timeIntervalSinceNow) < 120)
        // Signed by its own key, and the key is a 2048-bit PKCS#1 RSA key matching the certificate.
        #expect(cert.publicKey.isValidSignature(cert.signature, for: cert))
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: keyPEM)
        #expect(key.keySizeInBits == 2048)
        #expect(Certificate.PublicKey(key.publicKey) == cert.publicKey)
        // Serial: a positive DER INTEGER of at most 128 bits.
        let serial = try serialIntegerContent(certPEM)
        #expect(serial.count <= 17)
        #expect(serial.first! & 0x80 == 0)
        #expect(serial.count == 1 || !(serial[0] == 0 && serial[1] & 0x80 == 0), "minimal encoding")
    }

    @Test func genSignedCertIsSignedByItsCA() throws {
        let ca = try call("genCA", .string("root"), .int(365))
        let leaf = try call("genSignedCert", .string("svc.example"), .list([.string("10.0.0.1"), .string("::1")]),
                            .list([.string("a.example"), .string("b.example")]), .int(10), ca)
        let caCert = try parseCertificate(try certificatePair(ca).cert)
        let cert = try parseCertificate(try certificatePair(leaf).cert)
        #expect(cert.issuer == caCert.subject)
        #expect(cert.subject.description == "CN=svc.example")
        #expect(caCert.publicKey.isValidSignature(cert.signature, for: cert))
        #expect(try cert.extensions.basicConstraints == .notCertificateAuthority)
        let usage = try #require(try cert.extensions.keyUsage)
        #expect(usage.digitalSignature && usage.keyEncipherment && !usage.keyCertSign)
        #expect(try cert.extensions.authorityKeyIdentifier?.keyIdentifier
            == caCert.extensions.subjectKeyIdentifier?.keyIdentifier)
        let names = try #require(try cert.extensions.subjectAlternativeNames)
        #expect(Array(names) == [
            .dnsName("a.example"), .dnsName("b.example"),
            .ipAddress(ASN1OctetString(contentBytes: [10, 0, 0, 1])),
            .ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
        ])
        let days = cert.notValidAfter.timeIntervalSince(cert.notValidBefore) / 86400
        #expect(abs(days - 10) < 0.001)
    }

    @Test func genSignedCertAcceptsACAHelmMade() throws {
        let ca = TemplateValue.object(SprigCertificate(cert: OracleFixtures.caCertificate, key: OracleFixtures.caKey))
        let leaf = try call("genSignedCert", .string("x"), .null, .null, .int(1), ca)
        let caCert = try parseCertificate(OracleFixtures.caCertificate)
        let cert = try parseCertificate(try certificatePair(leaf).cert)
        #expect(caCert.publicKey.isValidSignature(cert.signature, for: cert))
        #expect(cert.issuer == caCert.subject)
        #expect(try cert.extensions.subjectAlternativeNames == nil)
        // Helm's own leaf, for comparison: the same extensions in the same order.
        let helmLeaf = try parseCertificate(OracleFixtures.signedCertificate)
        let ours = try parseCertificate(try certificatePair(try call(
            "genSignedCert", .string("svc.example"), .list([.string("10.0.0.1")]), .list([.string("a.example")]),
            .int(10), ca)).cert)
        #expect(Array(ours.extensions).map(\.oid) == Array(helmLeaf.extensions).map(\.oid))
        #expect(Array(ours.extensions).map(\.critical) == Array(helmLeaf.extensions).map(\.critical))
    }

    @Test func subjectKeyIdentifierFollowsGo() throws {
        // Helm's CA carries SHA-256(subjectPublicKey)[0..<20]; ours is computed the same way.
        let helmCA = try parseCertificate(OracleFixtures.caCertificate)
        #expect(try helmCA.extensions.subjectKeyIdentifier?.keyIdentifier
            == CertificateFunctions.subjectKeyIdentifier(helmCA.publicKey))
        let ours = try parseCertificate(try certificatePair(try call("genCA", .string("x"), .int(1))).cert)
        #expect(try ours.extensions.subjectKeyIdentifier?.keyIdentifier
            == CertificateFunctions.subjectKeyIdentifier(ours.publicKey))
    }

    @Test func emptyCommonNameMakesTheAlternativeNamesCritical() throws {
        let pair = try certificatePair(try call(
            "genSelfSignedCert", .string(""), .list([.string("1.2.3.4")]), .null, .int(1)))
        let cert = try parseCertificate(pair.cert)
        #expect(Array(cert.subject).isEmpty)
        let san = try #require(cert.extensions[oid: .X509ExtensionID.subjectAlternativeName])
        #expect(san.critical)
        #expect(cert.publicKey.isValidSignature(cert.signature, for: cert))
    }

    /// Go's asn1 marshals a name as PrintableString when it can (Helm's certificates carry `13` tags there,
    /// visible in base64 as `AxMJ` for a nine-letter name) and as UTF8String otherwise.
    @Test(arguments: [("apisix-ca", "PRINTABLESTRING"), ("my ca (test):1", "PRINTABLESTRING"),
                      ("*.example.com", "UTF8STRING"), ("a&b", "UTF8STRING"), ("caf\u{e9}", "UTF8STRING")])
    func commonNameStringTypeFollowsGo(name: String, expected: String) throws {
        let pair = try certificatePair(try call("genCA", .string(name), .int(1)))
        let parsed = try openssl(["asn1parse"], input: pair.cert)
        let tags = parsed.split(separator: "\n").filter { $0.contains("STRING") && !$0.contains("BIT STRING") && !$0.contains("OCTET STRING") }
        // Issuer and subject of a CA are the same name: two strings, both of Go's type.
        #expect(tags.count == 2)
        #expect(tags.allSatisfy { $0.contains(expected) })
        let cert = try parseCertificate(pair.cert)
        #expect(cert.publicKey.isValidSignature(cert.signature, for: cert))
    }

    @Test func serialsArePositiveMinimalIntegers() throws {
        var serials: Set<[UInt8]> = []
        for _ in 0..<24 {
            let pair = try certificatePair(try call(
                "genSelfSignedCertWithKey", .string("s"), .null, .null, .int(1), .string(OracleFixtures.ecdsaKey)))
            let serial = try serialIntegerContent(pair.cert)
            #expect(serial.count <= 17 && serial.first! & 0x80 == 0)
            #expect(serial.count == 1 || !(serial[0] == 0 && serial[1] & 0x80 == 0))
            serials.insert(serial)
        }
        #expect(serials.count == 24)
    }

    @Test func opensslAgreesWithTheFields() throws {
        let ca = try call("genCA", .string("openssl-ca"), .int(5))
        let leaf = try call("genSelfSignedCert", .string("leaf"), .list([.string("192.168.1.2")]),
                            .list([.string("leaf.local")]), .int(3))
        let caText = try openssl(["x509", "-noout", "-text"], input: try certificatePair(ca).cert)
        #expect(caText.contains("Subject: CN = openssl-ca"))
        #expect(caText.contains("CA:TRUE"))
        #expect(caText.contains("Digital Signature, Key Encipherment, Certificate Sign"))
        let leafText = try openssl(["x509", "-noout", "-text"], input: try certificatePair(leaf).cert)
        #expect(leafText.contains("Issuer: CN = leaf"))
        #expect(leafText.contains("CA:FALSE"))
        #expect(leafText.contains("DNS:leaf.local, IP Address:192.168.1.2"))
        #expect(leafText.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
        let keyCheck = try openssl(["rsa", "-check", "-noout"], input: try certificatePair(leaf).key)
        #expect(keyCheck.contains("RSA key ok"))
    }

    @Test func withKeyFunctionsKeepTheGivenKeyInSprigsFormat() throws {
        // ECDSA key Helm made (SEC 1) → certificate signed with ECDSA, key printed back unchanged.
        let ec = try certificatePair(try call("genCAWithKey", .string("ec-ca"), .int(1), .string(OracleFixtures.ecdsaKey)))
        #expect(ec.key == OracleFixtures.ecdsaKey)
        let ecCert = try parseCertificate(ec.cert)
        #expect(ecCert.signatureAlgorithm == .ecdsaWithSHA256)
        #expect(ecCert.publicKey.isValidSignature(ecCert.signature, for: ecCert))
        // Ed25519 key Helm made (PKCS#8).
        let ed = try certificatePair(try call(
            "genSelfSignedCertWithKey", .string("ed"), .null, .null, .int(1), .string(OracleFixtures.ed25519Key)))
        #expect(ed.key == OracleFixtures.ed25519Key)
        #expect(try parseCertificate(ed.cert).signatureAlgorithm == .ed25519)
        // RSA key from Helm's CA, used for a leaf signed by a fresh CA.
        let ca = try call("genCA", .string("ca"), .int(1))
        let leaf = try certificatePair(try call(
            "genSignedCertWithKey", .string("leaf"), .null, .null, .int(1), ca, .string(OracleFixtures.caKey)))
        #expect(leaf.key == OracleFixtures.caKey)
    }

    @Test func genPrivateKeyFormats() throws {
        let ecdsa = try callString("genPrivateKey", .string("ecdsa"))
        #expect(ecdsa.hasPrefix("-----BEGIN EC PRIVATE KEY-----\n"))
        #expect(try PEMBlock(decoding: ecdsa)!.bytes.count == 121) // Go's SEC 1 P-256 encoding is 121 bytes.
        #expect(try openssl(["ec", "-check", "-noout"], input: ecdsa).contains("EC Key valid."))
        let ed = try callString("genPrivateKey", .string("ed25519"))
        #expect(ed.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try openssl(["pkey", "-noout", "-text"], input: ed).contains("ED25519 Private-Key"))
        #expect(PEMBlock(decoding: ed)!.bytes.count == 48)
        let rsa = try callString("genPrivateKey", .string("rsa"))
        #expect(rsa.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        #expect(try _RSA.Signing.PrivateKey(pemRepresentation: rsa).keySizeInBits == 4096)
        #expect(rsa.split(separator: "\n").dropFirst().dropLast().allSatisfy { $0.count <= 64 })
        #expect(try callString("genPrivateKey", .string("foo")) == "Unknown type foo")
        // Our encodings parse back with the same byte layout Go uses for keys Helm made.
        let helmEC = try #require(PEMBlock(decoding: OracleFixtures.ecdsaKey))
        #expect(PEMBlock(decoding: ecdsa)!.bytes.prefix(7) == helmEC.bytes.prefix(7))
        #expect(try GoPrivateKey(parsingPEM: OracleFixtures.ecdsaKey).pemString() == OracleFixtures.ecdsaKey)
        #expect(try GoPrivateKey(parsingPEM: OracleFixtures.caKey).pemString() == OracleFixtures.caKey)
    }

    @Test func buildCustomCertChecksItsInputs() throws {
        let b64 = { (text: String) in TemplateValue.string(Data(text.utf8).base64EncodedString()) }
        let pair = try certificatePair(try call("buildCustomCert", b64(OracleFixtures.caCertificate), b64(OracleFixtures.caKey)))
        #expect(pair.cert == OracleFixtures.caCertificate && pair.key == OracleFixtures.caKey)
        #expect(errorMessage { try call("buildCustomCert", .string("%%%"), b64(OracleFixtures.caKey)) }
            == "unable to decode base64 certificate")
        #expect(errorMessage { try call("buildCustomCert", b64("nothing"), b64(OracleFixtures.caKey)) }
            == "unable to decode certificate")
        #expect(errorMessage { try call("buildCustomCert", b64(OracleFixtures.caCertificate), b64("x")) }
            == "error parsing private key: no PEM data in input")
    }

    @Test func argumentErrors() {
        #expect(errorMessage { try call("genSelfSignedCert", .string("x"), .list([.string("nope")]), .null, .int(1)) }
            == "error parsing ip: nope")
        #expect(errorMessage { try call("genSelfSignedCert", .string("x"), .list([.int(1)]), .null, .int(1)) }
            == "error parsing ip: 1 is not a string")
        #expect(errorMessage { try call("genSignedCert", .string("x"), .null, .null, .int(1), .string("ca")) }
            == "wrong type for value; expected sprig.certificate; got string")
        #expect(errorMessage { try call("genCA", .string("x"), .float(1)) }
            == "wrong type for value; expected int; got float64")
    }
}
