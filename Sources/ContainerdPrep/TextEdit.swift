/// A replacement of a byte range in the original text.
struct TextEdit {
    /// Insertions of pairs into existing sections sort before new sections at the same offset.
    enum Kind: Int { case value = 0, newSection = 1 }

    var range: Range<Int>
    var text: String
    var kind: Kind

    /// Applies non-overlapping edits to `bytes`, in offset order (stable for equal offsets).
    static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
        let ordered = edits.enumerated().sorted { lhs, rhs in
            if lhs.element.range.lowerBound != rhs.element.range.lowerBound {
                return lhs.element.range.lowerBound < rhs.element.range.lowerBound
            }
            if lhs.element.kind != rhs.element.kind { return lhs.element.kind.rawValue < rhs.element.kind.rawValue }
            return lhs.offset < rhs.offset
        }.map(\.element)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        var cursor = 0
        for edit in ordered {
            out.append(contentsOf: bytes[cursor..<edit.range.lowerBound])
            out.append(contentsOf: Array(edit.text.utf8))
            cursor = edit.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }
}
