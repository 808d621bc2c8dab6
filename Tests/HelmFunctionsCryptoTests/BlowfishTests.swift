@testable import HelmFunctions
import Testing

@Suite struct BlowfishTests {
    /// Eric Young's Blowfish test vector: all-zero key and block encrypt to 4EF997456198DD78.
    @Test func zeroKeyVector() {
        var cipher = Blowfish()
        cipher.expand(key: [UInt8](repeating: 0, count: 8), salt: nil)
        var left: UInt32 = 0, right: UInt32 = 0
        cipher.encrypt(&left, &right)
        #expect(left == 0x4EF9_9745)
        #expect(right == 0x6198_DD78)
    }

    /// Key FFFFFFFFFFFFFFFF, block FFFFFFFFFFFFFFFF → 51866FD5B85ECB8A.
    @Test func onesKeyVector() {
        var cipher = Blowfish()
        cipher.expand(key: [UInt8](repeating: 0xff, count: 8), salt: nil)
        var left: UInt32 = 0xffff_ffff, right: UInt32 = 0xffff_ffff
        cipher.encrypt(&left, &right)
        #expect(left == 0x5186_6FD5)
        #expect(right == 0xB85E_CB8A)
    }
}
