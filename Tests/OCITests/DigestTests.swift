import Foundation
import Testing
@testable import OCI

@Suite struct DigestTests {
    static let emptySHA = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func hashesBytes() {
        #expect(Digest.sha256(of: Data()).description == Self.emptySHA)
        #expect(Digest.sha256(of: Data("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func parsesValidDigest() throws {
        let digest = try Digest(parsing: Self.emptySHA)
        #expect(digest.algorithm == "sha256")
        #expect(digest.hex.count == 64)
        #expect(Digest(Self.emptySHA) == digest)
    }

    @Test(arguments: [
        "sha512:" + String(repeating: "a", count: 128),
        "sha256:" + String(repeating: "A", count: 64),
        "sha256:" + String(repeating: "a", count: 63),
        "sha256:" + String(repeating: "a", count: 65),
        "sha256:" + String(repeating: "g", count: 64),
        String(repeating: "a", count: 64),
        "sha256:../../etc/passwd",
        "",
    ])
    func rejectsInvalidDigests(_ text: String) {
        #expect(Digest(text) == nil)
        #expect(throws: DigestError.self) { try Digest(parsing: text) }
    }

    @Test func errorNamesTheProblem() {
        #expect(throws: DigestError.unsupportedAlgorithm("sha512", text: "sha512:abc")) { try Digest(parsing: "sha512:abc") }
        do {
            _ = try Digest(parsing: "sha256:abc")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("found 3"))
        }
    }

    @Test func incrementalHashMatchesOneShot() {
        let bytes = Data((0..<100_000).map { UInt8($0 % 251) })
        var hasher = DigestHasher()
        hasher.update(bytes.prefix(12_345))
        hasher.update(bytes.dropFirst(12_345))
        #expect(hasher.finalize() == Digest.sha256(of: bytes))
    }

    @Test func codableRoundTripAndRejection() throws {
        let digest = Digest.sha256(of: Data("x".utf8))
        let data = try JSONEncoder().encode([digest])
        #expect(try JSONDecoder().decode([Digest].self, from: data) == [digest])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Digest].self, from: Data("[\"sha256:zz\"]".utf8)) }
    }
}
