/// The bytes an execution prints, in storage of its own (an ``ArenaBuffer``): appending checks only
/// the capacity (an `Array` also checks that its buffer is not shared, on every append). Its owner
/// calls ``deallocate()``.
struct OutputBuffer {
    private var bytes: ArenaBuffer<UInt8>

    init(capacity: Int) {
        bytes = ArenaBuffer(capacity: max(64, capacity))
    }

    /// The number of bytes printed.
    var count: Int { bytes.count }

    @inline(__always) mutating func append(_ piece: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: piece)
    }

    /// Appends the UTF-8 of `text`.
    @inline(__always) mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends the bytes of a static string.
    @inline(__always) mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Forgets the bytes, keeping the storage.
    mutating func removeAll() { bytes.truncate(to: 0) }

    /// The bytes as a Swift string (they are UTF-8: every piece appended was).
    var string: String { String(decoding: bytes.slice(0, bytes.count), as: UTF8.self) }

    func deallocate() { bytes.deallocate() }
}
