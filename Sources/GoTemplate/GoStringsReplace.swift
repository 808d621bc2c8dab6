#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's `strings.ReplaceAll(s, old, new)` for a non-empty `old`: every non-overlapping occurrence,
/// left to right, compared byte by byte in UTF-8. Returns `s` itself when `old` does not occur.
///
/// Foundation's `replacingOccurrences` converts to UTF-16 and was a tenth of a large chart's render
/// time; this scans the UTF-8 bytes in place.
public func goStringsReplaceAll(_ s: String, old: String, new: String) -> String {
    precondition(!old.isEmpty, "goStringsReplaceAll: old must not be empty")
    var source = s, pattern = old, replacement = new
    return source.withUTF8 { text -> String? in
        pattern.withUTF8 { needle -> String? in
            let first = needle[0], count = needle.count
            func match(at index: Int) -> Bool {
                guard text[index] == first, index + count <= text.count else { return false }
                var k = 1
                while k < count && text[index + k] == needle[k] { k += 1 }
                return k == count
            }
            /// The next occurrence at or after `from` (memchr finds each candidate first byte), or the end.
            func next(from: Int) -> Int {
                var index = from
                while index < text.count {
                    guard let hit = memchr(text.baseAddress! + index, Int32(first), text.count - index) else { return text.count }
                    index = text.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if match(at: index) { return index }
                    index += 1
                }
                return text.count
            }
            if text.isEmpty { return nil }
            var index = next(from: 0)
            guard index < text.count else { return nil }
            return replacement.withUTF8 { insert in
                var out: [UInt8] = []
                out.reserveCapacity(text.count + max(0, insert.count - count) * 4)
                var start = 0
                while index < text.count {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
                    out.append(contentsOf: insert)
                    start = index + count
                    index = next(from: start)
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<text.count]))
                return String(decoding: out, as: UTF8.self)
            }
        }
    } ?? s
}
