/// The bytes an execution prints, in storage of its own: appending checks only the capacity (an
/// `Array` also checks that its buffer is not shared, on every append). Its owner calls
/// ``deallocate()``.
struct OutputBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
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

    private mutating func grow(toHold needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        storage.update(from: base, count: count)
        base.deallocate()
        base = storage
        capacity = bigger
    }

    /// Forgets the bytes, keeping the storage.
    mutating func removeAll() { count = 0 }

    /// The bytes as a Swift string (they are UTF-8: every piece appended was).
    var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    func deallocate() { base.deallocate() }
}
