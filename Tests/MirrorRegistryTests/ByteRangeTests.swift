import Testing
@testable import MirrorRegistry

@Suite struct ByteRangeTests {
    @Test func resolvesSingleRanges() {
        #expect(ByteRange.resolve(nil, size: 100) == .whole)
        #expect(ByteRange.resolve("bytes=0-9", size: 100) == .partial(0..<10))
        #expect(ByteRange.resolve("bytes=90-200", size: 100) == .partial(90..<100))
        #expect(ByteRange.resolve("bytes=50-", size: 100) == .partial(50..<100))
        #expect(ByteRange.resolve("bytes=-10", size: 100) == .partial(90..<100))
        #expect(ByteRange.resolve("bytes=-1000", size: 100) == .partial(0..<100))
        #expect(ByteRange.resolve("bytes=100-", size: 100) == .unsatisfiable)
        #expect(ByteRange.resolve("bytes=-0", size: 100) == .unsatisfiable)
        #expect(ByteRange.resolve("bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange.resolve("bytes=0-1,3-4", size: 100) == .whole)
        #expect(ByteRange.resolve("bytes=9-1", size: 100) == .whole)
        #expect(ByteRange.resolve("items=0-1", size: 100) == .whole)
        #expect(ByteRange.resolve("bytes=a-b", size: 100) == .whole)
    }
}
