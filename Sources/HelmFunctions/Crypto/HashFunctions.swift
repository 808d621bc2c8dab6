import Crypto
import GoTemplate

/// Sprig's digest functions: hex SHA digests and the decimal Adler-32 checksum of a string's bytes.
enum HashFunctions {
    static var all: [String: TemplateFunction] {
        [
            "sha1sum": { args in
                let input = try FunctionArguments("sha1sum", args, count: 1).string(0)
                return .string(Insecure.SHA1.hash(data: GoBytes.bytes(input)).hexString)
            },
            "sha256sum": { args in
                let input = try FunctionArguments("sha256sum", args, count: 1).string(0)
                return .string(SHA256.hash(data: GoBytes.bytes(input)).hexString)
            },
            "sha512sum": { args in
                let input = try FunctionArguments("sha512sum", args, count: 1).string(0)
                return .string(SHA512.hash(data: GoBytes.bytes(input)).hexString)
            },
            "adler32sum": { args in
                let input = try FunctionArguments("adler32sum", args, count: 1).string(0)
                return .string(String(adler32(GoBytes.bytes(input))))
            },
        ]
    }

    /// The Adler-32 checksum (RFC 1950) of `bytes`.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        let modulus: UInt32 = 65521
        var a: UInt32 = 1, b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5552 is the largest run for which the sums cannot overflow 32 bits.
            let end = min(index + 5552, bytes.count)
            while index < end {
                a &+= UInt32(bytes[index])
                b &+= a
                index += 1
            }
            a %= modulus
            b %= modulus
        }
        return b << 16 | a
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, as Go's `hex.EncodeToString`.
    var hexString: String {
        let bytes = Array(self)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            @inline(__always) func digit(_ v: UInt8) -> UInt8 { v < 10 ? v &+ 0x30 : v &+ 0x57 }
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = digit(byte >> 4)
                out[2 * i + 1] = digit(byte & 0xf)
            }
            return bytes.count * 2
        }
    }
}
