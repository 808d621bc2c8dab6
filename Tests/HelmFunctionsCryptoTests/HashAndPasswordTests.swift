import Foundation
import GoTemplate
@testable import HelmFunctions
import Testing

/// Expected values are what `helm template` printed for the same calls.
@Suite struct HashTests {
    @Test func digestsMatchHelm() throws {
        #expect(try callString("sha1sum", .string("hello")) == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")
        #expect(try callString("sha256sum", .string("hello"))
            == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(try callString("sha512sum", .string("hello"))
            == "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043")
        #expect(try callString("adler32sum", .string("hello")) == "103547413")
        #expect(try callString("adler32sum", .string("")) == "1")
    }

    @Test func adler32HandlesLongInput() throws {
        // 100000 bytes of "a" (several 5552-byte runs): value from zlib.adler32.
        let long = String(repeating: "a", count: 100_000)
        #expect(try callString("adler32sum", .string(long)) == "2036730701")
    }

    @Test func argumentChecks() {
        #expect(errorMessage { try call("sha256sum", .int(1)) }
            == "wrong type for value; expected string; got int")
        #expect(errorMessage { try call("sha256sum") } == "wrong number of args for sha256sum: want 1 got 0")
    }
}

@Suite struct PasswordTests {
    @Test func derivePasswordMatchesHelm() throws {
        let cases: [(Int, String, String, String, String, String)] = [
            (1, "long", "password", "user", "example.com", "ZedaFaxcZaso9*"),
            (1, "maximum", "password", "user", "example.com", "pf4zS1LjCg&LjhsZ7T2~"),
            (0, "pin", "pw", "u", "s", "4971"),
            (3, "basic", "correct horse", "alice", "github.com", "oxX3HNh5"),
            (2, "medium", "", "", "", "NedRih6&"),
            (1, "short", "x", "y", "z", "Lok7"),
            (1, "bogus", "x", "y", "z", "cannot find password template bogus"),
        ]
        for (counter, type, password, user, site, expected) in cases {
            let result = try callString(
                "derivePassword", .int(counter), .string(type), .string(password), .string(user), .string(site))
            #expect(result == expected, "derivePassword \(counter) \(type)")
        }
    }

    @Test func bcryptVerifiesHashesHelmMade() throws {
        let hashes = [
            ("myPassword", "$2a$10$2kve49UBjR9mbZPGdueM6ufNcdQQcDWeLhF./zktnuAe22u00eAqG"),
            ("x", "$2a$10$AteVPRwpTp5H5wZmu.h6tOhOzwkPJr/PhGOotDiAodmL17OgXhEAa"),
            // The OpenBSD / John the Ripper test vector at cost 5.
            ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        ]
        for (password, hash) in hashes {
            #expect(Bcrypt.verify(Array(password.utf8), against: hash), "\(password)")
            #expect(!Bcrypt.verify(Array((password + "!").utf8), against: hash), "\(password)!")
        }
    }

    @Test func bcryptMakesVerifiableCost10Hashes() throws {
        let hash = try callString("bcrypt", .string("s3cret"))
        #expect(hash.hasPrefix("$2a$10$"))
        #expect(hash.count == 60)
        #expect(Bcrypt.verify(Array("s3cret".utf8), against: hash))
        #expect(try callString("bcrypt", .string("s3cret")) != hash, "salts are random")
    }

    @Test func bcryptRejectsLongPasswordsAsHelmDoes() throws {
        let long = "0123456789012345678901234567890123456789012345678901234567890123456789abc"
        #expect(try callString("bcrypt", .string(long))
            == "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes")
    }

    @Test func htpasswd() throws {
        let line = try callString("htpasswd", .string("myUser"), .string("myPassword"))
        #expect(line.hasPrefix("myUser:$2a$10$"))
        #expect(Bcrypt.verify(Array("myPassword".utf8), against: String(line.dropFirst("myUser:".count))))
        #expect(try callString("htpasswd", .string("a:b"), .string("x")) == "invalid username: a:b")
        #expect(errorMessage { try call("htpasswd", .string("u"), .string("p"), .string("sha")) }
            == "wrong number of args for htpasswd: want 2 got 3")
    }
}

@Suite struct AESTests {
    @Test func decryptsCiphertextsHelmMade() throws {
        #expect(try callString("decryptAES", .string("secretkey"), .string("aJZFNQF6RpVIRM/0MTnd7Au5M7Xhwc4B4THhrHX2i/A="))
            == "plaintext")
        #expect(try callString("decryptAES", .string(""), .string("DOOPK5q0IkfJ8OGcGmpPstdwsX/5fxnuzxkLGIPmbK4="))
            == "a")
        // A password longer than 32 bytes is cut to 32; a full block of plaintext gets a full padding block.
        #expect(try callString(
            "decryptAES", .string("0123456789012345678901234567890123456789"),
            .string("8OqY7lxwh3osRWbM0b/CmERLKHQD011F/NGkDsk8zkw/rbdh7gB+cd7SyB4mT0oM")) == "exactly sixteen!")
    }

    @Test func roundTrips() throws {
        for text in ["x", "exactly sixteen!", String(repeating: "héllo ", count: 40)] {
            let sealed = try callString("encryptAES", .string("pw"), .string(text))
            #expect(sealed != text)
            let bytes = try #require(Data(base64Encoded: sealed))
            #expect(bytes.count == 16 + (text.utf8.count / 16 + 1) * 16)
            #expect(try callString("decryptAES", .string("pw"), .string(sealed)) == text)
        }
        #expect(try callString("encryptAES", .string("pw"), .string("")) == "")
        #expect(try callString("decryptAES", .string("pw"), .string("")) == "")
    }

    @Test func rejectsBadCiphertext() {
        #expect(errorMessage { try call("decryptAES", .string("pw"), .string("not base64!")) } != nil)
        #expect(errorMessage { try call("decryptAES", .string("pw"), .string("AAAA")) } != nil)
    }
}

@Suite struct RandomAndClusterTests {
    @Test func randomStringsUseSprigsCharacterSets() throws {
        let alphaNum = try callString("randAlphaNum", .int(200))
        #expect(alphaNum.count == 200 && alphaNum.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        let alpha = try callString("randAlpha", .int(200))
        #expect(alpha.count == 200 && alpha.allSatisfy { $0.isASCII && $0.isLetter })
        let numeric = try callString("randNumeric", .int(200))
        #expect(numeric.count == 200 && numeric.allSatisfy { $0.isASCII && $0.isNumber })
        let ascii = try callString("randAscii", .int(500))
        #expect(ascii.count == 500 && ascii.unicodeScalars.allSatisfy { (32...126).contains($0.value) })
        #expect(try callString("randAlpha", .int(0)) == "")
        #expect(try callString("randAlphaNum", .int(32)) != callString("randAlphaNum", .int(32)))
    }

    @Test func randIntStaysInRange() throws {
        for _ in 0..<200 {
            guard case .int(let n) = try call("randInt", .int(-3), .int(4)) else { Issue.record("not int"); return }
            #expect((-3..<4).contains(n))
        }
        #expect(errorMessage { try call("randInt", .int(2), .int(2)) } != nil)
    }

    @Test func randBytesAndUUIDs() throws {
        let encoded = try callString("randBytes", .int(24))
        #expect(Data(base64Encoded: encoded)?.count == 24)
        let uuid = try callString("uuidv4")
        #expect(uuid.count == 36)
        #expect(UUID(uuidString: uuid) != nil)
        let parts = uuid.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect("89ab".contains(parts[3].first!))
        #expect(uuid == uuid.lowercased())
    }

    @Test func lookupAndDNSAreInertInTemplateMode() throws {
        guard case .map(let found) = try call("lookup", .string("v1"), .string("Namespace"), .string(""), .string("default"))
        else { Issue.record("lookup must return a map"); return }
        #expect(found.isEmpty)
        #expect(try callString("getHostByName", .string("localhost")) == "")
    }
}
