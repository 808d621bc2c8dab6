import Crypto
import _CryptoExtras
import GoTemplate

/// The Master Password algorithm (Lyndir, v3 templates) behind Sprig's `derivePassword`:
/// scrypt(password, seed + user) keys an HMAC-SHA256 over seed + site + counter, whose bytes pick
/// a template and then each character.
enum MasterPassword {
    static let seed = Array("com.lyndir.masterpassword".utf8)

    /// Templates per password type; the first seed byte picks one.
    static let templates: [String: [String]] = [
        "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long": [
            "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
            "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium": ["CvcnoCvc", "CvcCvcno"],
        "short": ["Cvcn"],
        "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
        "pin": ["nnnn"],
    ]

    /// The characters each template letter stands for.
    static let characterClasses: [Character: [UInt8]] = [
        "V": Array("AEIOU".utf8),
        "C": Array("BCDFGHJKLMNPQRSTVWXYZ".utf8),
        "v": Array("aeiou".utf8),
        "c": Array("bcdfghjklmnpqrstvwxyz".utf8),
        "A": Array("AEIOUBCDFGHJKLMNPQRSTVWXYZ".utf8),
        "a": Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz".utf8),
        "n": Array("0123456789".utf8),
        "o": Array("@&%?,=[]_:-+*$#!'^~;()/.".utf8),
        "x": Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()".utf8),
    ]

    /// The site password; an unknown type gives Sprig's message as the result.
    static func derive(counter: UInt32, type: String, password: String, user: String, site: String) throws -> String {
        guard let choices = templates[type] else { return "cannot find password template \(type)" }
        let salt = seed + bigEndian(UInt32(user.utf8.count)) + Array(user.utf8)
        let key: SymmetricKey
        do {
            key = try KDF.Scrypt.deriveKey(
                from: Array(password.utf8), salt: salt, outputByteCount: 64,
                rounds: 32768, blockSize: 8, parallelism: 2, maxMemory: 128 * 1024 * 1024)
        } catch {
            return "failed to derive password: \(error)"
        }
        let message = seed + bigEndian(UInt32(site.utf8.count)) + Array(site.utf8) + bigEndian(counter)
        let mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        let template = choices[Int(mac[0]) % choices.count]
        var out: [UInt8] = []
        for (index, letter) in template.enumerated() {
            let characters = characterClasses[letter]!
            out.append(characters[Int(mac[index + 1]) % characters.count])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }
}
