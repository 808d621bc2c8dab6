import Crypto
import _CryptoExtras
import GoTemplate

/// Sprig's `encryptAES` / `decryptAES`: AES-256-CBC with the password's bytes as key (zero-padded
/// or cut to 32 bytes), PKCS#7 padding, a random IV prepended to the ciphertext, all base64.
enum AESFunctions {
    static var all: [String: TemplateFunction] {
        [
            "encryptAES": { args in
                let arguments = try FunctionArguments("encryptAES", args, count: 2)
                return .string(try encrypt(password: try arguments.string(0), plaintext: try arguments.string(1)))
            },
            "decryptAES": { args in
                let arguments = try FunctionArguments("decryptAES", args, count: 2)
                return .string(try decrypt(password: try arguments.string(0), base64Ciphertext: try arguments.string(1)))
            },
        ]
    }

    /// The AES-256 key Sprig makes from a password.
    static func key(from password: String) -> SymmetricKey {
        var bytes = Array(password.utf8.prefix(32))
        bytes += [UInt8](repeating: 0, count: 32 - bytes.count)
        return SymmetricKey(data: bytes)
    }

    /// Encrypts `plaintext`; the empty string stays empty.
    static func encrypt(password: String, plaintext: String, iv ivBytes: [UInt8]? = nil) throws -> String {
        if plaintext.isEmpty { return "" }
        var content = Array(plaintext.utf8)
        let padding = 16 - content.count % 16
        content += [UInt8](repeating: UInt8(padding), count: padding)
        let ivBytes = ivBytes ?? RandomFunctions.randomBytes(16)
        let iv = try AES._CBC.IV(ivBytes: ivBytes)
        let ciphertext = try AES._CBC.encrypt(content, using: key(from: password), iv: iv, noPadding: true)
        return base64Encode(ivBytes + [UInt8](ciphertext))
    }

    /// Decrypts what ``encrypt(password:plaintext:iv:)`` made; the empty string stays empty.
    /// Like Sprig, the padding is removed by its last byte without further checks.
    static func decrypt(password: String, base64Ciphertext: String) throws -> String {
        if base64Ciphertext.isEmpty { return "" }
        guard let crypt = base64Decode(base64Ciphertext) else {
            throw TemplateFunctionError("illegal base64 data at input byte \(invalidBase64Offset(base64Ciphertext))")
        }
        guard crypt.count >= 16 else {
            throw TemplateFunctionError("runtime error: slice bounds out of range [:16] with capacity \(crypt.count)")
        }
        let body = Array(crypt[16...])
        guard body.count % 16 == 0 else { throw TemplateFunctionError("crypto/cipher: input not full blocks") }
        guard !body.isEmpty else {
            throw TemplateFunctionError("runtime error: index out of range [-1]")
        }
        let iv = try AES._CBC.IV(ivBytes: Array(crypt[..<16]))
        let decrypted = [UInt8](try AES._CBC.decrypt(body, using: key(from: password), iv: iv, noPadding: true))
        let padding = Int(decrypted[decrypted.count - 1])
        guard padding <= decrypted.count else {
            throw TemplateFunctionError(
                "runtime error: slice bounds out of range [:\(decrypted.count - padding)]")
        }
        return String(decoding: decrypted[..<(decrypted.count - padding)], as: UTF8.self)
    }

    /// Where Go's base64 decoder would report `text` invalid (an approximation: the first byte
    /// outside the alphabet, or the length when only the padding is wrong).
    static func invalidBase64Offset(_ text: String) -> Int {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        for (offset, byte) in text.utf8.enumerated() where !alphabet.contains(byte) { return offset }
        return text.utf8.count - text.utf8.count % 4
    }
}
