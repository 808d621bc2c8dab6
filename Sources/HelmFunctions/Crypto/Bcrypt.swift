import GoTemplate

/// bcrypt password hashing (`$2a$` form), as Go's `golang.org/x/crypto/bcrypt` produces it.
enum Bcrypt {
    /// bcrypt's base64 alphabet (no padding).
    static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    /// Go's `bcrypt.DefaultCost`.
    static let defaultCost = 10

    enum Failure: Error, Equatable {
        /// Go rejects passwords longer than 72 bytes.
        case passwordTooLong
    }

    /// The hash of `password` with a random salt: `$2a$10$` + 22 salt characters + 31 hash characters.
    static func hash(_ password: [UInt8], cost: Int = defaultCost, salt: [UInt8]? = nil) throws -> String {
        guard password.count <= 72 else { throw Failure.passwordTooLong }
        let salt = salt ?? RandomFunctions.randomBytes(16)
        let digest = rawHash(password: password, salt: salt, cost: cost)
        let costText = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2a$\(costText)$" + encode(salt) + encode(Array(digest.prefix(23)))
    }

    /// Whether `hash` (a `$2a$`/`$2b$`/`$2y$` string) is the bcrypt hash of `password`.
    static func verify(_ password: [UInt8], against hash: String) -> Bool {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, ["2a", "2b", "2y"].contains(parts[1]), let cost = Int(parts[2]),
              parts[3].count == 53, let salt = decode(String(parts[3].prefix(22)))
        else { return false }
        let expected = encode(Array(rawHash(password: password, salt: Array(salt.prefix(16)), cost: cost).prefix(23)))
        return expected == String(parts[3].suffix(31))
    }

    /// EksBlowfish: the 24-byte encryption of "OrpheanBeholderScryDoubt" under the expensive key setup.
    static func rawHash(password: [UInt8], salt: [UInt8], cost: Int) -> [UInt8] {
        let key = password + [0]
        var state = Blowfish()
        state.expand(key: key, salt: salt)
        for _ in 0..<(1 << cost) {
            state.expand(key: key, salt: nil)
            state.expand(key: salt, salt: nil)
        }
        let magic = Array("OrpheanBeholderScryDoubt".utf8)
        var words = (0..<6).map { i in
            magic[(4 * i)..<(4 * i + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        for i in stride(from: 0, to: 6, by: 2) {
            var left = words[i], right = words[i + 1]
            for _ in 0..<64 { state.encrypt(&left, &right) }
            words[i] = left
            words[i + 1] = right
        }
        return words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
    }

    /// bcrypt's unpadded base64.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if index + 1 < bytes.count { out.append(alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)]) }
            if index + 2 < bytes.count { out.append(alphabet[Int(b2 & 0x3f)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes bcrypt's unpadded base64; `nil` on characters outside its alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in text.utf8 {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt8(value))
        }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = Array(values[index..<min(index + 4, values.count)])
            if chunk.count >= 2 { out.append(chunk[0] << 2 | chunk[1] >> 4) }
            if chunk.count >= 3 { out.append(chunk[1] << 4 | chunk[2] >> 2) }
            if chunk.count >= 4 { out.append(chunk[2] << 6 | chunk[3]) }
            index += 4
        }
        return out
    }
}

/// Sprig's `bcrypt` and `htpasswd`; failures are returned as the string result, as Sprig does.
enum PasswordFunctions {
    static var all: [String: TemplateFunction] {
        [
            "bcrypt": { args in
                let input = try FunctionArguments("bcrypt", args, count: 1).string(0)
                return .string(bcryptString(input))
            },
            "htpasswd": { args in
                let arguments = try FunctionArguments("htpasswd", args, count: 2)
                let user = try arguments.string(0), password = try arguments.string(1)
                if user.contains(":") { return .string("invalid username: \(user)") }
                return .string("\(user):\(bcryptString(password))")
            },
            "derivePassword": { args in
                let arguments = try FunctionArguments("derivePassword", args, count: 5)
                return .string(try MasterPassword.derive(
                    counter: try arguments.uint32(0), type: try arguments.string(1),
                    password: try arguments.string(2), user: try arguments.string(3), site: try arguments.string(4)))
            },
        ]
    }

    /// Sprig's `bcrypt`: the hash, or the failure message in its place.
    static func bcryptString(_ input: String) -> String {
        do {
            return try Bcrypt.hash(Array(input.utf8))
        } catch {
            return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
        }
    }
}
