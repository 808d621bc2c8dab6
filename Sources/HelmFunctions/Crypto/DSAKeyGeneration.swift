import SwiftASN1

/// DSA key generation as Go's `crypto/dsa` does it for `genPrivateKey "dsa"` (L = 2048, N = 256),
/// encoded as Sprig's `DSA PRIVATE KEY` block: SEQUENCE { version 0, P, Q, G, Y, X }.
enum DSAKeyGeneration {
    struct Key {
        var p: BigUInt, q: BigUInt, g: BigUInt, y: BigUInt, x: BigUInt
    }

    /// Miller–Rabin rounds per candidate. For random candidates of 256 bits and more, 20 rounds
    /// leave an error probability far below 2⁻¹⁰⁰ (Damgård–Landrock–Pomerance); Go runs 64 rounds
    /// plus a Baillie–PSW test.
    static let rounds = 20

    /// New domain parameters and key pair.
    static func generate(l: Int = 2048, n: Int = 256) -> Key {
        let one = BigUInt(1)
        var p = BigUInt(0), q = BigUInt(0)
        primes: while true {
            var qBytes = RandomFunctions.randomBytes(n / 8)
            qBytes[qBytes.count - 1] |= 1
            qBytes[0] |= 0x80
            q = BigUInt(bigEndian: qBytes)
            guard q.isProbablyPrime(rounds: rounds) else { continue }
            for _ in 0..<(4 * l) {
                var pBytes = RandomFunctions.randomBytes(l / 8)
                pBytes[pBytes.count - 1] |= 1
                pBytes[0] |= 0x80
                let candidate = BigUInt(bigEndian: pBytes)
                // Make p ≡ 1 (mod q).
                let remainder = candidate.quotientAndRemainder(dividingBy: q).remainder
                guard !remainder.isZero else { continue }
                p = candidate - (remainder - one)
                guard p.bitWidth >= l, p.isProbablyPrime(rounds: rounds) else { continue }
                break primes
            }
        }
        let exponent = (p - one).quotientAndRemainder(dividingBy: q).quotient
        var h = BigUInt(2)
        var g = h.power(exponent, modulus: p)
        while g == one {
            h = h + one
            g = h.power(exponent, modulus: p)
        }
        var x = BigUInt(0)
        repeat {
            x = BigUInt(bigEndian: RandomFunctions.randomBytes(n / 8))
        } while x.isZero || x >= q
        let y = g.power(x, modulus: p)
        return Key(p: p, q: q, g: g, y: y, x: x)
    }

    /// The DER of Sprig's `DSAKeyFormat` structure.
    static func der(_ key: Key) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { sequence in
            try sequence.serialize(0)
            for value in [key.p, key.q, key.g, key.y, key.x] {
                // Unsigned byte slices are encoded as positive INTEGERs (a zero byte is added when needed).
                try sequence.serialize(ArraySlice(value.bigEndianBytes))
            }
        }
        return serializer.serializedBytes
    }
}
