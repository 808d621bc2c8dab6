import SwiftASN1

/// DSA key generation for `genPrivateKey "dsa"` with the sizes Sprig asks Go's `crypto/dsa` for
/// (L = 2048, N = 256),
/// encoded as Sprig's `DSA PRIVATE KEY` block: SEQUENCE { version 0, P, Q, G, Y, X }.
enum DSAKeyGeneration {
    struct Key {
        var p: BigUInt, q: BigUInt, g: BigUInt, y: BigUInt, x: BigUInt
    }

    /// Miller–Rabin rounds per candidate. For random candidates of 256 bits and more, 10 rounds
    /// leave an error probability far below 2⁻¹⁰⁰ (Damgård–Landrock–Pomerance bounds); Go runs
    /// its own mix of Miller–Rabin and Baillie–PSW tests.
    static let rounds = 10

    /// Candidates sieved per random starting point for p.
    static let sieveLength = 4096

    /// Primes below 2^16 (odd), for sieving p candidates.
    static let sievePrimes: [Int] = {
        var composite = [Bool](repeating: false, count: 1 << 16)
        var primes: [Int] = []
        for n in 3..<(1 << 16) where n % 2 == 1 && !composite[n] {
            primes.append(n)
            var multiple = n * n
            while multiple < composite.count { composite[multiple] = true; multiple += 2 * n }
        }
        return primes
    }()

    /// New domain parameters and key pair. q is drawn as Go draws it (random N-bit odd, top bit set,
    /// until prime); p ≡ 1 (mod q) is searched from a random L-bit start in steps of 2q, skipping
    /// candidates with a prime factor below 2^16 before any Miller–Rabin test.
    static func generate(l: Int = 2048, n: Int = 256) -> Key {
        let one = BigUInt(1)
        var p = BigUInt(0), q = BigUInt(0)
        primes: while true {
            var qBytes = RandomFunctions.randomBytes(n / 8)
            qBytes[qBytes.count - 1] |= 1
            qBytes[0] |= 0x80
            q = BigUInt(bigEndian: qBytes)
            guard q.isProbablyPrime(rounds: rounds) else { continue }
            let twoQ = q + q
            for _ in 0..<(4 * l / sieveLength + 1) {
                var pBytes = RandomFunctions.randomBytes(l / 8)
                pBytes[0] |= 0x80
                let start = BigUInt(bigEndian: pBytes)
                // The first candidate: start rounded down to ≡ 1 (mod 2q) — odd and ≡ 1 (mod q).
                let remainder = start.quotientAndRemainder(dividingBy: twoQ).remainder
                guard !remainder.isZero else { continue }
                let first = start - (remainder - one)
                var composite = [Bool](repeating: false, count: sieveLength)
                for prime in sievePrimes {
                    let r = Int(first.remainder(dividingBy: UInt64(prime)))
                    let step = Int(twoQ.remainder(dividingBy: UInt64(prime)))
                    guard step != 0, let inverse = modularInverse(step, prime) else { continue }
                    // first + k·2q ≡ 0 (mod prime)  ⇔  k ≡ −r·step⁻¹ (mod prime).
                    var k = ((prime - r) % prime) * inverse % prime
                    while k < sieveLength {
                        composite[k] = true
                        k += prime
                    }
                }
                var candidate = first
                for k in 0..<sieveLength {
                    defer { candidate = candidate + twoQ }
                    if composite[k] { continue }
                    guard candidate.bitWidth == l else { break }
                    if candidate.isProbablyPrime(rounds: rounds) {
                        p = candidate
                        break primes
                    }
                }
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

    /// a⁻¹ mod m for coprime a and m (extended Euclid), or nil.
    static func modularInverse(_ a: Int, _ m: Int) -> Int? {
        var (oldR, r) = (a, m)
        var (oldS, t) = (1, 0)
        while r != 0 {
            let quotient = oldR / r
            (oldR, r) = (r, oldR - quotient * r)
            (oldS, t) = (t, oldS - quotient * t)
        }
        guard oldR == 1 else { return nil }
        return ((oldS % m) + m) % m
    }
}
