// Word-level string transformations: Go's strings.Title, Masterminds/goutils and huandu/xstrings
import Foundation
import GoTemplate

// as Sprig calls them, including their byte-wise quirks.

enum TextCase {
    /// Go's `strings.Title`: upper-cases (title-cases) the first letter of each word.
    static func title(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in s.unicodeScalars {
            out.append(isTitleSeparator(previous) ? GoUnicode.toTitle(scalar) : scalar)
            previous = scalar
        }
        return String(out)
    }

    private static func isTitleSeparator(_ r: Unicode.Scalar) -> Bool {
        if r.value <= 0x7F {
            switch r {
            case "0"..."9", "a"..."z", "A"..."Z", "_": return false
            default: return true
            }
        }
        if GoUnicode.isLetter(r) || GoUnicode.isDigit(r) { return false }
        return isGoSpace(r)
    }

    /// goutils `Uncapitalize`: lower-cases the first letter of each whitespace-separated word.
    static func uncapitalize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var next = true
        for scalar in s.unicodeScalars {
            if isGoSpace(scalar) {
                next = true
                out.append(scalar)
            } else if next {
                out.append(GoUnicode.toLower(scalar))
                next = false
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// goutils `SwapCase`.
    static func swapCase(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var whitespace = true
        for ch in s.unicodeScalars {
            if GoUnicode.isUpper(ch) || GoUnicode.isTitle(ch) {
                out.append(GoUnicode.toLower(ch))
                whitespace = false
            } else if GoUnicode.isLower(ch) {
                out.append(whitespace ? GoUnicode.toTitle(ch) : GoUnicode.toUpper(ch))
                whitespace = false
            } else {
                out.append(ch)
                whitespace = isGoSpace(ch)
            }
        }
        return String(out)
    }

    /// goutils `DeleteWhiteSpace`, which works on bytes: every byte that is not a space becomes the
    /// rune of the same number (so non-ASCII text is re-encoded as Latin-1 runes when any space is removed).
    static func deleteWhiteSpace(_ s: String) -> String {
        let bytes = Array(s.utf8)
        let kept = bytes.filter { !isGoSpace(Unicode.Scalar($0)) }
        if kept.count == bytes.count { return s }
        return String(String.UnicodeScalarView(kept.map { Unicode.Scalar($0) }))
    }

    /// goutils `Initials`, byte-wise like the original.
    static func initials(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasGap = true
        for byte in s.utf8 {
            let ch = Unicode.Scalar(byte)
            if isGoSpace(ch) {
                lastWasGap = true
            } else if lastWasGap {
                out.append(ch)
                lastWasGap = false
            }
        }
        return String(out)
    }

    /// goutils `WrapCustom` (byte offsets, spaces only).
    static func wrap(_ s: String, width: Int, newline: String, wrapLongWords: Bool) -> String {
        if s.isEmpty { return "" }
        let nl = Array((newline.isEmpty ? "\n" : newline).utf8)
        let width = max(width, 1)
        let str = Array(s.utf8)
        let space = UInt8(ascii: " ")
        var offset = 0
        var out: [UInt8] = []
        while str.count - offset > width {
            if str[offset] == space {
                offset += 1
                continue
            }
            let end = min(width + offset + 1, str.count)
            var spaceToWrapAt = -1
            if let i = str[offset..<end].lastIndex(of: space) { spaceToWrapAt = i }
            if spaceToWrapAt >= offset {
                out += str[offset..<spaceToWrapAt]
                out += nl
                offset = spaceToWrapAt + 1
            } else if wrapLongWords {
                out += str[offset..<(width + offset)]
                out += nl
                offset += width
            } else {
                let end = width + offset
                if let index = str[end...].firstIndex(of: space) {
                    out += str[offset..<index]
                    out += nl
                    offset = index + 1
                } else {
                    out += str[offset...]
                    offset = str.count
                }
            }
        }
        out += str[offset...]
        return String(decoding: out, as: UTF8.self)
    }

    /// goutils `AbbreviateFull` (byte offsets); errors give "" as Sprig ignores them.
    static func abbreviate(_ str: [UInt8], offset: Int, maxWidth: Int) -> String {
        if str.isEmpty { return "" }
        if maxWidth < 4 { return "" }
        if str.count <= maxWidth { return String(decoding: str, as: UTF8.self) }
        var offset = min(offset, str.count)
        if str.count - offset < maxWidth - 3 { offset = str.count - (maxWidth - 3) }
        let marker = "..."
        if offset <= 4 { return String(decoding: str[0..<(maxWidth - 3)], as: UTF8.self) + marker }
        if maxWidth < 7 { return "" }
        if offset + maxWidth - 3 < str.count {
            return marker + abbreviate(Array(str[offset...]), offset: 0, maxWidth: maxWidth - 3)
        }
        return marker + String(decoding: str[(str.count - (maxWidth - 3))...], as: UTF8.self)
    }

    // MARK: xstrings

    private static func isConnector(_ r: Unicode.Scalar) -> Bool { r == "-" || r == "_" || isGoSpace(r) }
    private static func isAlphabet(_ r: Unicode.Scalar) -> Bool {
        (r >= "a" && r <= "z") || (r >= "A" && r <= "Z")
    }

    /// xstrings `ToPascalCase` (Sprig's `camelcase`): connectors removed and the next letter
    /// upper-cased; the rest of an upper-case run starting a word is lower-cased (`FOO_BAR` → `FooBar`).
    static func pascalCase(_ s: String) -> String {
        var scalars = Array(s.unicodeScalars)[...]
        if scalars.isEmpty { return "" }
        var out = String.UnicodeScalarView()
        var r0: Unicode.Scalar = " "
        var foundFirst = false
        var inLeadingUpperRun = false
        while let r = scalars.popFirst() {
            r0 = r
            if !isConnector(r) {
                inLeadingUpperRun = GoUnicode.isUpper(r)
                r0 = GoUnicode.toUpper(r)
                foundFirst = true
                break
            }
            out.append(r)
        }
        if scalars.isEmpty {
            if foundFirst { out.append(r0) }
            return String(out)
        }
        while let r = scalars.popFirst() {
            let r1 = r0
            r0 = r
            if isConnector(r0) && isConnector(r1) {
                out.append(r1)
                continue
            }
            if isConnector(r1) {
                inLeadingUpperRun = GoUnicode.isUpper(r0)
                r0 = GoUnicode.toUpper(r0)
            } else {
                if inLeadingUpperRun {
                    if GoUnicode.isUpper(r0) { r0 = GoUnicode.toLower(r0) } else { inLeadingUpperRun = false }
                }
                out.append(r1)
            }
        }
        out.append(r0)
        return String(out)
    }

    private enum WordType { case invalid, number, upperCase, alphabet, connector, punct, other }

    /// xstrings `nextWord`: the type and text of the first word of `str` and what follows.
    private static func nextWord(_ str: ArraySlice<Unicode.Scalar>) -> (WordType, ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>) {
        guard let r = str.first else { return (.invalid, [], []) }
        var i = str.startIndex + 1
        let end = str.endIndex
        var type: WordType
        if isConnector(r) {
            type = .connector
            while i < end && isConnector(str[i]) { i += 1 }
        } else if GoUnicode.isPunct(r) {
            type = .punct
            while i < end && GoUnicode.isPunct(str[i]) { i += 1 }
        } else if GoUnicode.isUpper(r) {
            type = .upperCase
            if i < end {
                let r2 = str[i]
                if GoUnicode.isUpper(r2) {
                    i += 1
                    while i < end && GoUnicode.isUpper(str[i]) { i += 1 }
                    if i < end && isAlphabet(str[i]) { i -= 1 }
                } else if isAlphabet(r2) {
                    i += 1
                    while i < end && isAlphabet(str[i]) && !GoUnicode.isUpper(str[i]) { i += 1 }
                }
            }
        } else if isAlphabet(r) {
            type = .alphabet
            while i < end && isAlphabet(str[i]) && !GoUnicode.isUpper(str[i]) { i += 1 }
        } else if GoUnicode.isNumber(r) {
            type = .number
            while i < end && GoUnicode.isNumber(str[i]) { i += 1 }
        } else {
            type = .other
            while i < end {
                let c = str[i]
                if isConnector(c) || isAlphabet(c) || GoUnicode.isNumber(c) || GoUnicode.isPunct(c) { break }
                i += 1
            }
        }
        return (type, str[str.startIndex..<i], str[i...])
    }

    private static func appendLower(_ out: inout String.UnicodeScalarView, _ type: WordType,
                                    _ word: ArraySlice<Unicode.Scalar>, _ connector: Unicode.Scalar) {
        if type != .upperCase && type != .connector {
            out.append(contentsOf: word)
            return
        }
        for r in word {
            if isConnector(r) { out.append(connector) }
            else if GoUnicode.isUpper(r) { out.append(GoUnicode.toLower(r)) }
            else { out.append(r) }
        }
    }

    /// xstrings `camelCaseToLowerCase` (Sprig's `snakecase` with `_`, `kebabcase` with `-`).
    static func lowerCaseWords(_ s: String, connector: Unicode.Scalar) -> String {
        if s.isEmpty { return "" }
        var out = String.UnicodeScalarView()
        var (wt, word, remaining) = nextWord(Array(s.unicodeScalars)[...])
        while !remaining.isEmpty {
            if wt != .connector { appendLower(&out, wt, word, connector) }
            let prev = wt
            let last = word
            (wt, word, remaining) = nextWord(remaining)
            switch prev {
            case .number:
                while wt == .alphabet || wt == .number {
                    appendLower(&out, wt, word, connector)
                    (wt, word, remaining) = nextWord(remaining)
                }
                if wt != .invalid && wt != .punct && wt != .connector { out.append(connector) }
            case .connector:
                appendLower(&out, prev, last, connector)
            case .punct:
                break
            default:
                if wt != .number {
                    if wt != .connector && wt != .punct { out.append(connector) }
                    break
                }
                if remaining.isEmpty { break }
                let lastNumber = word
                (wt, word, remaining) = nextWord(remaining)
                if wt != .alphabet {
                    appendLower(&out, .number, lastNumber, connector)
                    if wt != .connector && wt != .punct { out.append(connector) }
                    break
                }
                out.append(connector)
                appendLower(&out, .number, lastNumber, connector)
                while wt == .alphabet || wt == .number {
                    appendLower(&out, wt, word, connector)
                    (wt, word, remaining) = nextWord(remaining)
                }
                if wt != .invalid && wt != .connector && wt != .punct { out.append(connector) }
            }
        }
        appendLower(&out, wt, word, connector)
        return String(out)
    }
}

/// Go's `encoding/base64` and `encoding/base32` standard encodings as Sprig uses them.
enum BaseEncoding {
    /// Sprig's `b64dec`: the decoded text, or Go's error message as the result.
    static func decodeBase64(_ s: String) -> String {
        let bytes = GoBytes.bytes(s)
        // Go ignores \r and \n; any other invalid byte is reported at its offset.
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var clean: [UInt8] = []
        var positions: [Int] = []
        for (i, b) in bytes.enumerated() where b != 0x0A && b != 0x0D {
            clean.append(b)
            positions.append(i)
        }
        var i = 0
        var out: [UInt8] = []
        while i < clean.count {
            var quantum: [UInt8] = []
            var j = i
            while j < clean.count && quantum.count < 4 {
                let b = clean[j]
                if b == UInt8(ascii: "=") { break }
                guard alphabet.contains(b) else { return "illegal base64 data at input byte \(positions[j])" }
                quantum.append(b)
                j += 1
            }
            if quantum.count < 4 {
                // padding or end of input
                if j < clean.count {
                    // at '=': need exact padding
                    let needed = 4 - quantum.count
                    if quantum.count < 2 { return "illegal base64 data at input byte \(positions[j])" }
                    var k = j
                    var pads = 0
                    while k < clean.count && clean[k] == UInt8(ascii: "=") && pads < needed { pads += 1; k += 1 }
                    if pads != needed {
                        return "illegal base64 data at input byte \(k < clean.count ? positions[k] : bytes.count)"
                    }
                    if k < clean.count { return "illegal base64 data at input byte \(positions[k])" }
                    j = k
                } else if !quantum.isEmpty {
                    return "illegal base64 data at input byte \(positions[i])"
                }
            }
            if let d = Data(base64Encoded: String(decoding: quantum, as: UTF8.self) + String(repeating: "=", count: (4 - quantum.count) % 4)) {
                out += d
            } else if quantum.count == 1 {
                return "illegal base64 data at input byte \(positions[i])"
            }
            i = j
        }
        return GoBytes.string(out)
    }

    private static let base32Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// `base32.StdEncoding.EncodeToString`.
    static func encodeBase32(_ data: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < data.count {
            let chunk = Array(data[i..<min(i + 5, data.count)])
            var buffer = [UInt8](repeating: 0, count: 5)
            for (k, b) in chunk.enumerated() { buffer[k] = b }
            let bits = buffer.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
            let chars = [2, 4, 5, 7, 8][chunk.count - 1]
            for k in 0..<8 {
                if k < chars {
                    out.append(base32Alphabet[Int((bits >> UInt64(35 - 5 * k)) & 31)])
                } else {
                    out.append(UInt8(ascii: "="))
                }
            }
            i += 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Sprig's `b32dec`: the decoded text, or Go's error message as the result.
    static func decodeBase32(_ s: String) -> String {
        let bytes = GoBytes.bytes(s)
        var out: [UInt8] = []
        var values: [UInt8] = []
        var positions: [Int] = []
        for (i, b) in bytes.enumerated() where b != 0x0A && b != 0x0D {
            values.append(b)
            positions.append(i)
        }
        var i = 0
        while i < values.count {
            var quantum: [UInt64] = []
            var j = i
            while j < values.count && quantum.count < 8 && values[j] != UInt8(ascii: "=") {
                guard let v = base32Alphabet.firstIndex(of: values[j]) else {
                    return "illegal base32 data at input byte \(positions[j])"
                }
                quantum.append(UInt64(v))
                j += 1
            }
            var pads = 0
            while j < values.count && values[j] == UInt8(ascii: "=") { pads += 1; j += 1 }
            if quantum.count + pads != 8 {
                if j >= values.count && pads == 0 { return "illegal base32 data at input byte \(positions[i])" }
                return "illegal base32 data at input byte \(j < values.count ? positions[j] : bytes.count)"
            }
            let byteCount: Int
            switch quantum.count {
            case 8: byteCount = 5
            case 7: byteCount = 4
            case 5: byteCount = 3
            case 4: byteCount = 2
            case 2: byteCount = 1
            default: return "illegal base32 data at input byte \(positions[i + quantum.count])"
            }
            var bits: UInt64 = 0
            for k in 0..<8 { bits = (bits << 5) | (k < quantum.count ? quantum[k] : 0) }
            for k in 0..<byteCount { out.append(UInt8((bits >> UInt64(32 - 8 * k)) & 0xFF)) }
            if pads > 0 && j < values.count { return "illegal base32 data at input byte \(positions[j])" }
            i = j
        }
        return GoBytes.string(out)
    }
}
