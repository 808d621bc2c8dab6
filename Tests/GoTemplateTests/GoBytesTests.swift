import Testing
@testable import GoTemplate

@Suite struct GoBytesTests {
    @Test(arguments: [
        [UInt8](), [0x61], [0xFF], [0xC3], [0xC3, 0xA9], [0xE2, 0x82], [0xE2, 0x82, 0xAC], [0xED, 0xA0, 0x80],
        [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80, 0x61, 0xBF], [0xF4, 0x8F, 0xBA, 0x80],
    ])
    func bytesSurviveTheRoundTrip(_ bytes: [UInt8]) {
        let s = GoBytes.string(bytes)
        // A valid encoding of a stand-in scalar itself (F4 8F BA 80) is the one text read back as a byte.
        if bytes == [0xF4, 0x8F, 0xBA, 0x80] { #expect(GoBytes.bytes(s) == [0x80]); return }
        #expect(GoBytes.bytes(s) == bytes)
        #expect(GoBytes.count(s) == bytes.count)
    }

    @Test func invalidBytesAreOneRuneEachAsInGo() {
        // Go: "\xe2\x82" is two runes of RuneError width 1; "\xed\xa0\x80" (a surrogate) is three.
        #expect(GoBytes.string([0xE2, 0x82]).unicodeScalars.count == 2)
        #expect(GoBytes.string([0xED, 0xA0, 0x80]).unicodeScalars.count == 3)
        #expect(GoBytes.string([0x68, 0xC3, 0xA9]) == "hé")
        #expect(GoBytes.replacingRawBytes(GoBytes.string([0x61, 0xFF])) == "a\u{FFFD}")
        #expect(!GoBytes.containsRawBytes("héllo 😀"))
    }

    @Test func quotingWritesRawBytesAsGoDoes() {
        #expect(goQuote(GoBytes.string([0xFF, 0x61, 0xC3])) == #""\xffa\xc3""#)
    }
}
