import GoTemplate
@testable import HelmFunctions
import SwiftASN1
import Testing

@Suite struct DSATests {
    @Test func arithmetic() {
        let a = BigUInt(bigEndian: [0x01, 0, 0, 0, 0, 0, 0, 0, 0x05]) // 2^64 + 5
        #expect(a.bitWidth == 65)
        #expect(a.remainder(dividingBy: 7) == ((UInt64(1) << 63) % 7 * 2 % 7 + 5) % 7)
        let (q, r) = a.quotientAndRemainder(dividingBy: BigUInt(3))
        #expect(q + q + q + r == a)
        // Fermat: 2^(p-1) ≡ 1 mod p for the Mersenne prime 2^127 - 1.
        let m127 = BigUInt(limbs: [UInt64.max, UInt64.max >> 1])
        #expect(BigUInt(2).power(m127 - BigUInt(1), modulus: m127) == BigUInt(1))
        #expect(BigUInt(3).power(BigUInt(5), modulus: BigUInt(1_000_003)) == BigUInt(243))
        #expect(m127.isProbablyPrime(rounds: 20))
        // 2^128 + 1 = 59649589127497217 × 5704689200685129054721.
        let fermat7 = BigUInt(limbs: [1, 0, 1])
        #expect(!fermat7.isProbablyPrime(rounds: 20))
        #expect(!(BigUInt(561)).isProbablyPrime(rounds: 20)) // Carmichael number
        #expect(BigUInt(1_000_003).isProbablyPrime(rounds: 20))
        #expect(BigUInt(bigEndian: [0x12, 0x34]).bigEndianBytes == [0x12, 0x34])
    }

    @Test func generatesValidDSAKeys() throws {
        let pem = try callString("genPrivateKey", .string("dsa"))
        #expect(pem.hasPrefix("-----BEGIN DSA PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END DSA PRIVATE KEY-----\n"))
        let text = try openssl(["dsa", "-noout", "-text"], input: pem)
        #expect(text.contains("Private-Key: (2048 bit)"), "\(text)")
        let parsed = try #require(PEMBlock(decoding: pem))
        // SEQUENCE { 0, P, Q, G, Y, X }: check the group relations on the real 2048/256 key.
        let root = try DER.parse(parsed.bytes)
        guard case .constructed(let nodes) = root.content else { Issue.record("not a SEQUENCE"); return }
        let integers = try Array(nodes).map { node -> BigUInt in
            guard case .primitive(let bytes) = node.content else { throw TemplateFunctionError("not INTEGER") }
            return BigUInt(bigEndian: Array(bytes))
        }
        #expect(integers.count == 6 && integers[0].isZero)
        let (p, q, g, y, x) = (integers[1], integers[2], integers[3], integers[4], integers[5])
        #expect(p.bitWidth == 2048 && q.bitWidth == 256)
        #expect((p - BigUInt(1)).quotientAndRemainder(dividingBy: q).remainder.isZero)
        #expect(g.power(q, modulus: p) == BigUInt(1) && g != BigUInt(1))
        #expect(g.power(x, modulus: p) == y)
    }

    @Test func keysSatisfyTheDSARelations() {
        // Small parameters keep this fast: L = 512, N = 160.
        let key = DSAKeyGeneration.generate(l: 512, n: 160)
        let one = BigUInt(1)
        #expect(key.p.bitWidth == 512 && key.q.bitWidth == 160)
        #expect(key.p.isProbablyPrime(rounds: 20) && key.q.isProbablyPrime(rounds: 20))
        #expect((key.p - one).quotientAndRemainder(dividingBy: key.q).remainder.isZero)
        #expect(key.g.power(key.q, modulus: key.p) == one)
        #expect(key.g != one)
        #expect(key.g.power(key.x, modulus: key.p) == key.y)
        #expect(!key.x.isZero && key.x < key.q)
    }

    @Test func dsaKeysCannotMakeCertificatesAsInGo() throws {
        let key = DSAKeyGeneration.generate(l: 512, n: 160)
        let pem = PEMBlock(type: "DSA PRIVATE KEY", bytes: try DSAKeyGeneration.der(key)).encoded
        #expect(try openssl(["dsa", "-noout", "-text"], input: pem).contains("Private-Key: (512 bit)"))
        // Helm: error calling genCAWithKey: error creating certificate: x509: certificate private key
        // does not implement crypto.Signer
        #expect(errorMessage { try call("genCAWithKey", .string("x"), .int(1), .string(pem)) }
            == "error creating certificate: x509: certificate private key does not implement crypto.Signer")
        let ca = try call("genCA", .string("ca"), .int(1))
        #expect(errorMessage { try call("genSignedCertWithKey", .string("x"), .null, .null, .int(1), ca, .string(pem)) }
            == "error creating certificate: x509: unsupported public key type: *dsa.PublicKey")
        #expect(try GoPrivateKey(parsingPEM: pem).pemString() == pem)
    }

    @Test func keyParsingErrorsMatchHelm() {
        let foo = "-----BEGIN FOO PRIVATE KEY-----\nAAAA\n-----END FOO PRIVATE KEY-----\n"
        #expect(errorMessage { try call("genSelfSignedCertWithKey", .string("x"), .null, .null, .int(1), .string(foo)) }
            == "parsing private key: invalid private key type FOO PRIVATE KEY")
        let cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        #expect(errorMessage { try call("genSelfSignedCertWithKey", .string("x"), .null, .null, .int(1), .string(cert)) }
            == "parsing private key: no private key data in PEM block of type CERTIFICATE")
    }
}
