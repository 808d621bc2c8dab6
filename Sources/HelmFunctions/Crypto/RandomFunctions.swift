import GoTemplate

/// Sprig's random functions: strings from fixed character sets, integers, bytes and UUIDs,
/// all drawn from the system's cryptographic generator
/// (`SystemRandomNumberGenerator` reads the OS CSPRNG).
enum RandomFunctions {
    /// Letters, as goutils' `CryptoRandomAlphabetic` accepts them.
    static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    /// Decimal digits.
    static let digits = Array("0123456789")
    /// Printable ASCII from space (32) to tilde (126), as goutils' `CryptoRandomAscii`.
    static let printableASCII = (32...126).map { Character(Unicode.Scalar(UInt8($0))) }

    static var all: [String: TemplateFunction] {
        [
            "randAlphaNum": { args in
                let count = try FunctionArguments("randAlphaNum", args, count: 1).int(0)
                return .string(try randomString(count: count, from: letters + digits))
            },
            "randAlpha": { args in
                let count = try FunctionArguments("randAlpha", args, count: 1).int(0)
                return .string(try randomString(count: count, from: letters))
            },
            "randNumeric": { args in
                let count = try FunctionArguments("randNumeric", args, count: 1).int(0)
                return .string(try randomString(count: count, from: digits))
            },
            "randAscii": { args in
                let count = try FunctionArguments("randAscii", args, count: 1).int(0)
                return .string(try randomString(count: count, from: printableASCII))
            },
            "randInt": { args in
                let arguments = try FunctionArguments("randInt", args, count: 2)
                let low = try arguments.int(0), high = try arguments.int(1)
                // Go's rand.Intn panics unless its argument is positive.
                guard high > low else { throw TemplateFunctionError("invalid argument to Intn") }
                var generator = SystemRandomNumberGenerator()
                return .int(Int.random(in: low..<high, using: &generator))
            },
            "randBytes": { args in
                let count = try FunctionArguments("randBytes", args, count: 1).int(0)
                guard count >= 0 else {
                    throw TemplateFunctionError("runtime error: makeslice: len out of range")
                }
                return .string(base64Encode(randomBytes(count)))
            },
            "uuidv4": { args in
                _ = try FunctionArguments("uuidv4", args, count: 0)
                return .string(uuidV4())
            },
        ]
    }

    /// `count` characters chosen uniformly from `alphabet`; goutils returns "" for zero and an
    /// error for negative counts.
    static func randomString(count: Int, from alphabet: [Character]) throws -> String {
        guard count >= 0 else {
            throw TemplateFunctionError(
                "Requested random string length \(count) is less than 0.")
        }
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// `count` random bytes.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A random (version 4, variant 10) UUID in lower-case canonical form.
    static func uuidV4() -> String {
        var bytes = randomBytes(16)
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.hexString
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range -> String in
            let start = hex.index(hex.startIndex, offsetBy: range.lowerBound)
            let end = hex.index(hex.startIndex, offsetBy: range.upperBound)
            return String(hex[start..<end])
        }
        return parts.joined(separator: "-")
    }
}

/// Standard base64 with padding, as Go's `base64.StdEncoding.EncodeToString`.
func base64Encode(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
}

/// Decodes standard base64 strictly (padding required, no whitespace), as Go's `StdEncoding`;
/// `nil` when the text is not valid base64.
func base64Decode(_ text: String) -> [UInt8]? {
    guard text.utf8.count % 4 == 0, let data = Data(base64Encoded: text) else { return nil }
    return [UInt8](data)
}
