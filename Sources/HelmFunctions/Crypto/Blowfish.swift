/// The Blowfish cipher state, with the key schedules bcrypt's expensive setup ("EksBlowfish") uses.
struct Blowfish {
    /// The 18 subkeys.
    var p: [UInt32]
    /// The four 256-entry S-boxes, one after another.
    var s: [UInt32]

    /// The initial state: the fractional hex digits of pi.
    init() {
        p = Array(blowfishPiWords[0..<18])
        s = Array(blowfishPiWords[18...])
    }

    /// Encrypts one 64-bit block given as two big-endian halves.
    @inline(__always)
    func encrypt(_ left: inout UInt32, _ right: inout UInt32) {
        p.withUnsafeBufferPointer { p in
            s.withUnsafeBufferPointer { s in
                var l = left, r = right
                l ^= p[0]
                var round = 1
                while round <= 16 {
                    r ^= ((s[Int(l >> 24)] &+ s[256 + Int((l >> 16) & 0xff)]) ^ s[512 + Int((l >> 8) & 0xff)])
                        &+ s[768 + Int(l & 0xff)]
                    r ^= p[round]
                    swap(&l, &r)
                    round += 1
                }
                // The loop's last swap is undone by returning the halves crosswise.
                left = r ^ p[17]
                right = l
            }
        }
    }

    /// The next 32 bits of `bytes`, read cyclically from `position`.
    @inline(__always)
    private static func word(_ bytes: [UInt8], _ position: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = word << 8 | UInt32(bytes[position])
            position = (position + 1) % bytes.count
        }
        return word
    }

    /// Mixes `key` into the subkeys and re-derives all tables, XOR-ing `salt` (when given) into
    /// the running block between encryptions.
    mutating func expand(key: [UInt8], salt: [UInt8]?) {
        var keyPosition = 0
        for i in 0..<18 { p[i] ^= Self.word(key, &keyPosition) }
        var saltPosition = 0
        var left: UInt32 = 0, right: UInt32 = 0
        for i in stride(from: 0, to: 18, by: 2) {
            if let salt {
                left ^= Self.word(salt, &saltPosition)
                right ^= Self.word(salt, &saltPosition)
            }
            encrypt(&left, &right)
            p[i] = left
            p[i + 1] = right
        }
        for i in stride(from: 0, to: 1024, by: 2) {
            if let salt {
                left ^= Self.word(salt, &saltPosition)
                right ^= Self.word(salt, &saltPosition)
            }
            encrypt(&left, &right)
            s[i] = left
            s[i + 1] = right
        }
    }
}
