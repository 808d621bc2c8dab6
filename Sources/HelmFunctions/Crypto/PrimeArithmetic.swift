/// Unsigned multi-precision integers with just what DSA key generation needs: little-endian 64-bit
/// limbs, comparison, subtraction, shifts, small and binary long division, Montgomery modular
/// exponentiation and the Miller–Rabin primality test.
struct BigUInt: Equatable, Comparable {
    /// Little-endian limbs without high zero limbs (zero is `[]`).
    private(set) var limbs: [UInt64]

    init(limbs: [UInt64]) {
        self.limbs = limbs
        normalize()
    }

    init(_ value: UInt64) { self.init(limbs: [value]) }

    /// The integer of big-endian `bytes`.
    init(bigEndian bytes: [UInt8]) {
        var limbs: [UInt64] = []
        var index = bytes.count
        while index > 0 {
            let start = max(0, index - 8)
            limbs.append(bytes[start..<index].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            index = start
        }
        self.init(limbs: limbs)
    }

    /// Minimal big-endian bytes (`[0]` for zero).
    var bigEndianBytes: [UInt8] {
        var out: [UInt8] = []
        for limb in limbs.reversed() {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        let firstNonZero = out.firstIndex { $0 != 0 } ?? out.count
        let trimmed = Array(out[firstNonZero...])
        return trimmed.isEmpty ? [0] : trimmed
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    var isZero: Bool { limbs.isEmpty }
    var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }

    func bit(_ index: Int) -> Bool {
        let limb = index / 64
        return limb < limbs.count && (limbs[limb] >> UInt64(index % 64)) & 1 == 1
    }

    static func < (a: BigUInt, b: BigUInt) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        for i in stride(from: a.limbs.count - 1, through: 0, by: -1) where a.limbs[i] != b.limbs[i] {
            return a.limbs[i] < b.limbs[i]
        }
        return false
    }

    /// `a - b`; requires `a >= b`.
    static func - (a: BigUInt, b: BigUInt) -> BigUInt {
        var result = a.limbs
        var borrow: UInt64 = 0
        for i in 0..<result.count {
            let (d1, o1) = result[i].subtractingReportingOverflow(i < b.limbs.count ? b.limbs[i] : 0)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            result[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        precondition(borrow == 0, "BigUInt subtraction underflow")
        return BigUInt(limbs: result)
    }

    /// `a + b`.
    static func + (a: BigUInt, b: BigUInt) -> BigUInt {
        var result: [UInt64] = []
        var carry: UInt64 = 0
        for i in 0..<max(a.limbs.count, b.limbs.count) {
            let (s1, o1) = (i < a.limbs.count ? a.limbs[i] : 0).addingReportingOverflow(i < b.limbs.count ? b.limbs[i] : 0)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            result.append(s2)
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        result.append(carry)
        return BigUInt(limbs: result)
    }

    /// The remainder by a single limb.
    func remainder(dividingBy divisor: UInt64) -> UInt64 {
        var remainder: UInt64 = 0
        for limb in limbs.reversed() {
            remainder = divisor.dividingFullWidth((remainder, limb)).remainder
        }
        return remainder
    }

    /// Quotient and remainder by binary long division (fast enough when the divisor is small).
    func quotientAndRemainder(dividingBy divisor: BigUInt) -> (quotient: BigUInt, remainder: BigUInt) {
        precondition(!divisor.isZero)
        var quotient = [UInt64](repeating: 0, count: limbs.count)
        var remainder = BigUInt(limbs: [])
        for index in stride(from: bitWidth - 1, through: 0, by: -1) {
            remainder = remainder.shiftedLeftByOne(settingLowBit: bit(index))
            if remainder >= divisor {
                remainder = remainder - divisor
                quotient[index / 64] |= 1 << UInt64(index % 64)
            }
        }
        return (BigUInt(limbs: quotient), remainder)
    }

    private func shiftedLeftByOne(settingLowBit low: Bool) -> BigUInt {
        var result: [UInt64] = []
        var carry: UInt64 = low ? 1 : 0
        for limb in limbs {
            result.append(limb << 1 | carry)
            carry = limb >> 63
        }
        result.append(carry)
        return BigUInt(limbs: result)
    }

    /// `self^exponent mod modulus` for an odd modulus, by Montgomery multiplication.
    func power(_ exponent: BigUInt, modulus: BigUInt) -> BigUInt {
        let context = MontgomeryContext(modulus: modulus)
        return BigUInt(limbs: context.fromMontgomery(context.power(self, exponent)))
    }

    /// Small odd primes for trial division before Miller–Rabin.
    static let smallPrimes: [UInt64] = {
        var primes: [UInt64] = []
        var candidate: UInt64 = 3
        while primes.count < 300 {
            if primes.allSatisfy({ candidate % $0 != 0 }) { primes.append(candidate) }
            candidate += 2
        }
        return primes
    }()

    /// Whether the number is probably prime: trial division, then `rounds` Miller–Rabin rounds
    /// with random bases.
    func isProbablyPrime(rounds: Int) -> Bool {
        if self < BigUInt(4) { return self == BigUInt(2) || self == BigUInt(3) }
        if !isOdd { return false }
        for prime in Self.smallPrimes {
            if self == BigUInt(prime) { return true }
            if remainder(dividingBy: prime) == 0 { return false }
        }
        let one = BigUInt(1)
        let minusOne = self - one
        var d = minusOne
        var twos = 0
        while !d.isOdd {
            d = d.quotientAndRemainder(dividingBy: BigUInt(2)).quotient
            twos += 1
        }
        let context = MontgomeryContext(modulus: self)
        let montgomeryMinusOne = context.toMontgomery(minusOne)
        var generator = SystemRandomNumberGenerator()
        witnesses: for _ in 0..<rounds {
            // A random base in [2, n - 2].
            var base: BigUInt
            repeat {
                base = BigUInt(limbs: (0..<limbs.count).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) })
                    .quotientAndRemainder(dividingBy: self).remainder
            } while base < BigUInt(2) || base >= minusOne
            var x = context.power(base, d)
            if x == context.one || x == montgomeryMinusOne { continue }
            for _ in 1..<max(twos, 1) {
                x = context.multiply(x, x)
                if x == montgomeryMinusOne { continue witnesses }
                if x == context.one { return false }
            }
            return false
        }
        return true
    }
}

/// Montgomery arithmetic modulo an odd number (R = 2^(64·limbs)); values are limb arrays of the
/// modulus' length.
struct MontgomeryContext {
    let modulus: [UInt64]
    /// -modulus⁻¹ mod 2^64.
    let inverse: UInt64
    /// R² mod modulus.
    let rSquared: [UInt64]
    /// R mod modulus (1 in Montgomery form).
    let one: [UInt64]

    init(modulus value: BigUInt) {
        precondition(value.isOdd)
        modulus = value.limbs
        let n = modulus.count
        // Newton's iteration for the inverse of the lowest limb mod 2^64.
        var x: UInt64 = 1
        for _ in 0..<6 { x = x &* (2 &- modulus[0] &* x) }
        inverse = 0 &- x
        // R mod m: doubling 1 (64·n times, reducing each time) — cheap next to exponentiation,
        // and exact for any odd modulus.
        var r = [UInt64](repeating: 0, count: n)
        r[0] = 1
        for _ in 0..<(64 * n) { Self.doubleModulo(&r, modulus) }
        one = r
        // R² mod m = R·R mod m: double R mod m another 64·n times.
        for _ in 0..<(64 * n) { Self.doubleModulo(&r, modulus) }
        rSquared = r
    }

    /// value = 2·value mod m, for value < m.
    private static func doubleModulo(_ value: inout [UInt64], _ modulus: [UInt64]) {
        let n = modulus.count
        value.withUnsafeMutableBufferPointer { v in
            modulus.withUnsafeBufferPointer { m in
                var carry: UInt64 = 0
                for i in 0..<n {
                    let next = v[i] >> 63
                    v[i] = v[i] << 1 | carry
                    carry = next
                }
                var geq = carry != 0
                if !geq {
                    geq = true
                    for i in stride(from: n - 1, through: 0, by: -1) where v[i] != m[i] {
                        geq = v[i] > m[i]
                        break
                    }
                }
                if geq {
                    var borrow: UInt64 = 0
                    for i in 0..<n {
                        let (d1, o1) = v[i].subtractingReportingOverflow(m[i])
                        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
                        v[i] = d2
                        borrow = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                    }
                }
            }
        }
    }

    static func padded(_ limbs: [UInt64], _ count: Int) -> [UInt64] {
        limbs + [UInt64](repeating: 0, count: max(0, count - limbs.count))
    }

    /// a·b·R⁻¹ mod m (CIOS method).
    func multiply(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        let n = modulus.count
        var t = [UInt64](repeating: 0, count: n + 2)
        let inverse = self.inverse
        t.withUnsafeMutableBufferPointer { t in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    modulus.withUnsafeBufferPointer { m in
                        for i in 0..<n {
                            var carry: UInt64 = 0
                            let bi = b[i]
                            for j in 0..<n {
                                let (high, low) = a[j].multipliedFullWidth(by: bi)
                                let (s1, o1) = t[j].addingReportingOverflow(low)
                                let (s2, o2) = s1.addingReportingOverflow(carry)
                                t[j] = s2
                                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                            }
                            let (s, o) = t[n].addingReportingOverflow(carry)
                            t[n] = s
                            t[n + 1] = o ? 1 : 0
                            let factor = t[0] &* inverse
                            let (high0, low0) = factor.multipliedFullWidth(by: m[0])
                            let (_, o0) = t[0].addingReportingOverflow(low0)
                            carry = high0 &+ (o0 ? 1 : 0)
                            for j in 1..<max(n, 1) {
                                let (high, low) = factor.multipliedFullWidth(by: m[j])
                                let (s1, o1) = t[j].addingReportingOverflow(low)
                                let (s2, o2) = s1.addingReportingOverflow(carry)
                                t[j - 1] = s2
                                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                            }
                            let (s3, o3) = t[n].addingReportingOverflow(carry)
                            t[n - 1] = s3
                            t[n] = t[n + 1] &+ (o3 ? 1 : 0)
                        }
                    }
                }
            }
        }
        var result = Array(t[0..<n])
        // Subtract the modulus once if the result is not below it.
        if t[n] != 0 || !Self.less(result, modulus) {
            var borrow: UInt64 = 0
            for j in 0..<n {
                let (d1, o1) = result[j].subtractingReportingOverflow(modulus[j])
                let (d2, o2) = d1.subtractingReportingOverflow(borrow)
                result[j] = d2
                borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
        }
        return result
    }

    private static func less(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    /// base^exponent in Montgomery form (fixed 4-bit windows from the top).
    func power(_ base: BigUInt, _ exponent: BigUInt) -> [UInt64] {
        let reduced = base < BigUInt(limbs: modulus) ? base
            : base.quotientAndRemainder(dividingBy: BigUInt(limbs: modulus)).remainder
        var table = [one, toMontgomery(reduced)]
        for k in 2..<16 { table.append(multiply(table[k - 1], table[1])) }
        var result = one
        let windows = (exponent.bitWidth + 3) / 4
        for window in stride(from: windows - 1, through: 0, by: -1) {
            for _ in 0..<4 { result = multiply(result, result) }
            var digit = 0
            for bit in 0..<4 where exponent.bit(window * 4 + bit) { digit |= 1 << bit }
            if digit != 0 { result = multiply(result, table[digit]) }
        }
        return result
    }

    func toMontgomery(_ value: BigUInt) -> [UInt64] {
        multiply(Self.padded(value.limbs, modulus.count), rSquared)
    }

    func fromMontgomery(_ value: [UInt64]) -> [UInt64] {
        var unit = [UInt64](repeating: 0, count: modulus.count)
        unit[0] = 1
        return multiply(value, unit)
    }
}
