#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kinds of lexical items in template text, as Go's `text/template/parse` names them.
enum ItemType: UInt8, Equatable {
    case error, bool, char, charConstant, comment, complex, assign, declare, eof, field, identifier
    case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
    // Keywords.
    case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
    case range, template, with

    /// Compares raw values: the synthesized `==` was reached through the generic `Equatable`
    /// witness (a dispatch thunk per comparison, thousands per parse).
    @inline(__always) static func == (a: ItemType, b: ItemType) -> Bool { a.rawValue == b.rawValue }

    var isKeyword: Bool {
        switch self {
        case .block, .breakKeyword, .continueKeyword, .dot, .define, .elseKeyword, .end, .ifKeyword,
             .nilKeyword, .range, .template, .with:
            return true
        default:
            return false
        }
    }
}

/// One token: its type, its bytes `pos..<end` in the input, and its line (1-based).
///
/// Items hold no text of their own (the parser asks ``Lexer/text(of:)`` for the few it needs), so making,
/// copying and dropping one costs no allocation or reference counting.
struct Item {
    var type: ItemType
    var pos: Int
    var end: Int
    var line: Int
}

/// The keyword an identifier-like word is, compared on bytes (no string is made for the lookup).
private func keyword(in input: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> ItemType? {
    @inline(__always) func equals(_ word: StaticString) -> Bool {
        guard word.utf8CodeUnitCount == end - start else { return false }
        let p = word.utf8Start
        var k = 0
        while k < end - start {
            if input[start + k] != p[k] { return false }
            k += 1
        }
        return true
    }
    switch end - start {
    case 1: return input[start] == UInt8(ascii: ".") ? .dot : nil
    case 2: return equals("if") ? .ifKeyword : nil
    case 3: return equals("end") ? .end : equals("nil") ? .nilKeyword : nil
    case 4: return equals("else") ? .elseKeyword : equals("with") ? .with : nil
    case 5:
        if equals("block") { return .block }
        if equals("break") { return .breakKeyword }
        if equals("range") { return .range }
        return nil
    case 6: return equals("define") ? .define : nil
    case 8:
        if equals("continue") { return .continueKeyword }
        if equals("template") { return .template }
        return nil
    default: return nil
    }
}

@inline(__always) func isGoSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }

/// A lexer for template text built, like Go's, from state functions: each state scans some input,
/// may emit one item, and names the next state. Items are produced on demand by ``nextItem()``.
final class Lexer {
    /// The text, read through its fixed address (`source` keeps it alive).
    let input: UnsafeBufferPointer<UInt8>
    private let source: SourceText
    let leftDelim: [UInt8]
    let rightDelim: [UInt8]
    /// The right delimiter's first byte.
    private let rightDelimFirst: UInt8
    private var pos = 0
    private var start = 0
    private var line = 1
    private var startLine = 1
    private var parenDepth = 0
    private var insideAction = false
    private var pending: Item?
    private var state: State = .text
    private var finished = false

    private enum State: UInt8 {
        case text, leftDelim, comment, rightDelim, insideAction, space, quote, rawQuote, variable, field, char, number, identifier, done
        @inline(__always) static func == (a: State, b: State) -> Bool { a.rawValue == b.rawValue }
    }

    private static let leftComment: [UInt8] = Array("/*".utf8)
    private static let rightComment: [UInt8] = Array("*/".utf8)
    private static let eofByte: Int = -1

    init(source: SourceText, leftDelim: String, rightDelim: String) {
        self.source = source
        self.input = source.bytes
        self.leftDelim = Array((leftDelim.isEmpty ? "{{" : leftDelim).utf8)
        self.rightDelim = Array((rightDelim.isEmpty ? "}}" : rightDelim).utf8)
        self.rightDelimFirst = self.rightDelim[0]
    }

    /// A lexer over a copy of `input`.
    convenience init(input: [UInt8], leftDelim: String, rightDelim: String) {
        self.init(source: SourceText(input), leftDelim: leftDelim, rightDelim: rightDelim)
    }

    /// Whether ``nextItem()`` reads the common items of an action straight from the bytes (off: every
    /// item through the state functions, which tests compare the shortcut with).
    var readsCommonItemsDirectly = true

    /// The next item; after EOF or an error, keeps returning EOF.
    func nextItem() -> Item {
        if finished { return Item(type: .eof, pos: input.count, end: input.count, line: line) }
        if state == .insideAction && readsCommonItemsDirectly, let item = commonItemInsideAction() { return item }
        pending = nil
        while pending == nil {
            step()
        }
        let item = pending!
        if item.type == .eof || item.type == .error { finished = true }
        return item
    }

    // MARK: Helpers

    /// The message of the error item, once the lexer has stopped on one.
    private(set) var errorMessage = ""

    /// The text of an item: its bytes in the input, or the message of an error item.
    func text(of item: Item) -> String {
        if item.type == .error { return errorMessage }
        return string(item.pos, item.end)
    }

    /// Whether the item's bytes are exactly `word`.
    func item(_ item: Item, is word: StaticString) -> Bool {
        guard item.end - item.pos == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        var k = 0
        while k < item.end - item.pos {
            if input[item.pos + k] != p[k] { return false }
            k += 1
        }
        return true
    }

    /// The item as Go's parser quotes it in error messages.
    func describe(_ item: Item) -> String {
        switch item.type {
        case .eof: return "EOF"
        case .error: return errorMessage
        default:
            let value = text(of: item)
            if item.type.isKeyword { return "<\(value)>" }
            if value.unicodeScalars.count > 10 {
                return goQuote(String(String.UnicodeScalarView(value.unicodeScalars.prefix(10)))) + "..."
            }
            return goQuote(value)
        }
    }

    private func string(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: input[from..<to]), as: UTF8.self)
    }

    private func hasPrefix(_ p: [UInt8], at i: Int) -> Bool {
        if i < 0 || i + p.count > input.count { return false }
        var k = 0
        while k < p.count {
            if input[i + k] != p[k] { return false }
            k += 1
        }
        return true
    }

    private func index(of p: [UInt8], from: Int) -> Int? {
        guard !p.isEmpty, input.count >= p.count, from <= input.count - p.count, let base = input.baseAddress else { return nil }
        var i = from
        let last = input.count - p.count
        let first = p[0]
        while i <= last {
            // memchr finds the next candidate first byte (text between actions is most of a template).
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
            i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            if hasPrefix(p, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// The number of newlines in `input[from..<to]`, eight bytes at a time.
    private func newlines(from: Int, to: Int) -> Int {
        guard from < to, let base = input.baseAddress else { return 0 }
        var count = 0
        var i = from
        let raw = UnsafeRawPointer(base)
        while i + 8 <= to {
            // Bytes equal to 0x0A become 0x80 in `found` (the SWAR "has zero byte" test on word ^ 0x0A…).
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let found = ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word | 0x7F7F_7F7F_7F7F_7F7F)
            count += found.nonzeroBitCount
            i += 8
        }
        while i < to {
            if base[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    /// The next rune (as a Unicode scalar value), or -1 at EOF; advances.
    private func next() -> Int {
        if pos >= input.count {
            lastSize = 0
            return Lexer.eofByte
        }
        let (r, size) = decodeRune(at: pos)
        pos += size
        if r == 0x0A { line += 1 }
        lastSize = size
        return r
    }

    private var lastSize = 0

    private func backup() {
        if lastSize == 0 { return }
        pos -= lastSize
        lastSize = 0
        if input[pos] == 0x0A { line -= 1 }
    }

    private func peek() -> Int {
        if pos >= input.count { return Lexer.eofByte }
        return decodeRune(at: pos).0
    }

    private func decodeRune(at i: Int) -> (Int, Int) {
        let b0 = input[i]
        if b0 < 0x80 { return (Int(b0), 1) }
        var scalar = 0
        var size = 0
        if b0 & 0xE0 == 0xC0 { scalar = Int(b0 & 0x1F); size = 2 }
        else if b0 & 0xF0 == 0xE0 { scalar = Int(b0 & 0x0F); size = 3 }
        else if b0 & 0xF8 == 0xF0 { scalar = Int(b0 & 0x07); size = 4 }
        else { return (0xFFFD, 1) }
        if i + size > input.count { return (0xFFFD, 1) }
        for k in 1..<size {
            let b = input[i + k]
            if b & 0xC0 != 0x80 { return (0xFFFD, 1) }
            scalar = scalar << 6 | Int(b & 0x3F)
        }
        return (scalar, size)
    }

    private func emit(_ type: ItemType) {
        pending = Item(type: type, pos: start, end: pos, line: startLine)
        start = pos
        startLine = line
    }

    private func ignore() {
        line += newlines(from: start, to: pos)
        start = pos
        startLine = line
    }

    /// `accept` for a set of ASCII bytes: consumes the next byte if `valid` takes it.
    @inline(__always) private func acceptByte(_ valid: (UInt8) -> Bool) -> Bool {
        guard pos < input.count, valid(input[pos]) else {
            lastSize = 0
            return false
        }
        pos += 1
        lastSize = 1
        return true
    }

    /// `acceptRun` for a set of ASCII bytes (none of them a newline).
    @inline(__always) private func acceptByteRun(_ valid: (UInt8) -> Bool) {
        while pos < input.count, valid(input[pos]) { pos += 1 }
        lastSize = 0
    }


    private func errorf(_ message: String) {
        errorMessage = message
        pending = Item(type: .error, pos: start, end: start, line: startLine)
        state = .done
    }

    private func hasLeftTrimMarker(at i: Int) -> Bool {
        i + 1 < input.count && input[i] == UInt8(ascii: "-") && isGoSpace(input[i + 1])
    }

    private func hasRightTrimMarker(at i: Int) -> Bool {
        i >= 0 && i + 1 < input.count && isGoSpace(input[i]) && input[i + 1] == UInt8(ascii: "-")
    }

    private func atRightDelim() -> (delim: Bool, trim: Bool) {
        // Most positions start neither the delimiter nor a trim marker's space: one byte tells.
        if pos < input.count {
            let c = input[pos]
            if c != rightDelimFirst && !isGoSpace(c) { return (false, false) }
        }
        if hasRightTrimMarker(at: pos) && hasPrefix(rightDelim, at: pos + 2) { return (true, true) }
        if hasPrefix(rightDelim, at: pos) { return (true, false) }
        return (false, false)
    }

    private func atTerminator() -> Bool { isTerminator(at: pos) }

    /// Whether a word ending at `i` ends properly (Go's `atTerminator`).
    private func isTerminator(at i: Int) -> Bool {
        if i >= input.count { return true }
        let c = input[i]
        if isGoSpace(c) { return true }
        switch c {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"),
             UInt8(ascii: ")"), UInt8(ascii: "("):
            return true
        default:
            return hasPrefix(rightDelim, at: i)
        }
    }

    // MARK: Common items

    /// The items most of an action is made of (spaces, words, fields, variables, strings without
    /// line breaks, pipes, parentheses, `=`, `:=`, `,`), read straight from the bytes: the item the
    /// state functions would emit, without their dispatch. Nil, having consumed nothing, wherever
    /// they must decide: delimiters, a space before `-` (a trim marker or a negative number),
    /// numbers, comments, raw strings, characters, non-ASCII words and every error.
    @inline(__always) private func commonItemInsideAction() -> Item? {
        let n = input.count
        guard pos < n else { return nil }
        let c = input[pos]
        if c == rightDelimFirst { return nil }
        let itemLine = line
        var end = pos + 1
        let type: ItemType
        switch c {
        case 0x20, 0x09, 0x0D, 0x0A:
            var newlines = 0
            while end < n {
                let b = input[end]
                guard isGoSpace(b) else { break }
                if b == 0x0A { newlines += 1 }
                end += 1
            }
            if c == 0x0A { newlines += 1 }
            if end < n && input[end] == UInt8(ascii: "-") { return nil }
            line += newlines
            type = .space
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            end = wordEnd(from: end)
            guard end >= n || input[end] < 0x80, isTerminator(at: end) else { return nil }
            if let k = keyword(in: input, from: pos, to: end) {
                type = k
            } else if (end - pos == 4 && input[pos] == UInt8(ascii: "t") && input[pos + 1] == UInt8(ascii: "r")
                       && input[pos + 2] == UInt8(ascii: "u") && input[pos + 3] == UInt8(ascii: "e"))
                        || (end - pos == 5 && input[pos] == UInt8(ascii: "f") && input[pos + 1] == UInt8(ascii: "a")
                            && input[pos + 2] == UInt8(ascii: "l") && input[pos + 3] == UInt8(ascii: "s")
                            && input[pos + 4] == UInt8(ascii: "e")) {
                type = .bool
            } else {
                type = .identifier
            }
        case UInt8(ascii: "."), UInt8(ascii: "$"):
            if c == UInt8(ascii: ".") {
                // `.5` is a number, and a lone `.` at the end of the text is lexed as one.
                guard end < n, input[end] < UInt8(ascii: "0") || input[end] > UInt8(ascii: "9") else { return nil }
            }
            if isTerminator(at: end) {
                type = c == UInt8(ascii: ".") ? .dot : .variable
            } else {
                end = wordEnd(from: end)
                guard end >= n || input[end] < 0x80, isTerminator(at: end) else { return nil }
                type = c == UInt8(ascii: ".") ? .field : .variable
            }
        case UInt8(ascii: "\""):
            while true {
                guard end < n else { return nil }
                let b = input[end]
                if b == UInt8(ascii: "\\") {
                    guard end + 1 < n, input[end + 1] != 0x0A else { return nil }
                    end += 2
                    continue
                }
                if b == 0x0A { return nil }
                end += 1
                if b == UInt8(ascii: "\"") { break }
            }
            type = .string
        case UInt8(ascii: "|"):
            type = .pipe
        case UInt8(ascii: "("):
            parenDepth += 1
            type = .leftParen
        case UInt8(ascii: ")"):
            guard parenDepth > 0 else { return nil }
            parenDepth -= 1
            type = .rightParen
        case UInt8(ascii: "="):
            type = .assign
        case UInt8(ascii: ":"):
            guard end < n, input[end] == UInt8(ascii: "=") else { return nil }
            end += 1
            type = .declare
        case UInt8(ascii: ","):
            type = .char
        default:
            return nil
        }
        let item = Item(type: type, pos: pos, end: end, line: itemLine)
        pos = end
        start = end
        startLine = line
        lastSize = 0
        return item
    }

    /// Where the run of ASCII letters, digits and underscores from `i` ends.
    @inline(__always) private func wordEnd(from i: Int) -> Int {
        var i = i
        while i < input.count {
            let c = input[i]
            guard (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                    || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") else { break }
            i += 1
        }
        return i
    }

    // MARK: States

    private func step() {
        switch state {
        case .text: lexText()
        case .leftDelim: lexLeftDelim()
        case .comment: lexComment()
        case .rightDelim: lexRightDelim()
        case .insideAction: lexInsideAction()
        case .space: lexSpace()
        case .quote: lexQuote()
        case .rawQuote: lexRawQuote()
        case .variable: lexFieldOrVariable(.variable)
        case .field: lexFieldOrVariable(.field)
        case .char: lexChar()
        case .number: lexNumber()
        case .identifier: lexIdentifier()
        case .done: pending = Item(type: .eof, pos: input.count, end: input.count, line: line)
        }
    }

    private func lexText() {
        if let x = index(of: leftDelim, from: pos) {
            if x > pos {
                pos = x
                var trimLength = 0
                if hasLeftTrimMarker(at: pos + leftDelim.count) {
                    var i = pos
                    while i > start && isGoSpace(input[i - 1]) { i -= 1 }
                    trimLength = pos - i
                }
                pos -= trimLength
                line += newlines(from: start, to: pos)
                let item = Item(type: .text, pos: start, end: pos, line: startLine)
                start = pos
                startLine = line
                pos += trimLength
                ignore()
                state = .leftDelim
                if item.end > item.pos { pending = item }
                return
            }
            state = .leftDelim
            return
        }
        pos = input.count
        if pos > start {
            line += newlines(from: start, to: pos)
            emit(.text)
            state = .done
            return
        }
        emit(.eof)
        state = .done
    }

    private func lexLeftDelim() {
        pos += leftDelim.count
        let trim = hasLeftTrimMarker(at: pos)
        let afterMarker = trim ? 2 : 0
        if hasPrefix(Lexer.leftComment, at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            state = .comment
            return
        }
        let item = Item(type: .leftDelim, pos: start, end: pos, line: startLine)
        insideAction = true
        pos += afterMarker
        ignore()
        parenDepth = 0
        pending = item
        state = .insideAction
    }

    private func lexComment() {
        pos += Lexer.leftComment.count
        guard let x = index(of: Lexer.rightComment, from: pos) else {
            errorf("unclosed comment")
            return
        }
        pos = x + Lexer.rightComment.count
        let (delim, trim) = atRightDelim()
        if !delim {
            errorf("comment ends before closing delimiter")
            return
        }
        if trim { pos += 2 }
        pos += rightDelim.count
        if trim {
            while pos < input.count && isGoSpace(input[pos]) { pos += 1 }
        }
        ignore()
        state = .text
    }

    private func lexRightDelim() {
        let (_, trim) = atRightDelim()
        if trim {
            pos += 2
            ignore()
        }
        pos += rightDelim.count
        let item = Item(type: .rightDelim, pos: start, end: pos, line: startLine)
        start = pos
        startLine = line
        if trim {
            while pos < input.count && isGoSpace(input[pos]) { pos += 1 }
            ignore()
        }
        insideAction = false
        pending = item
        state = .text
    }

    private func lexInsideAction() {
        let (delim, _) = atRightDelim()
        if delim {
            if parenDepth == 0 {
                state = .rightDelim
                return
            }
            errorf("unclosed left paren")
            return
        }
        let r = next()
        switch r {
        case Lexer.eofByte:
            errorf("unclosed action")
        case 0x20, 0x09, 0x0D, 0x0A:
            backup()
            state = .space
        case Int(UInt8(ascii: "=")):
            emit(.assign)
        case Int(UInt8(ascii: ":")):
            if next() != Int(UInt8(ascii: "=")) {
                errorf("expected :=")
                return
            }
            emit(.declare)
        case Int(UInt8(ascii: "|")):
            emit(.pipe)
        case Int(UInt8(ascii: "\"")):
            state = .quote
        case Int(UInt8(ascii: "`")):
            state = .rawQuote
        case Int(UInt8(ascii: "$")):
            state = .variable
        case Int(UInt8(ascii: "'")):
            state = .char
        case Int(UInt8(ascii: ".")):
            if pos < input.count {
                let c = input[pos]
                if c < UInt8(ascii: "0") || c > UInt8(ascii: "9") {
                    state = .field
                    return
                }
            }
            backup()
            state = .number
        case Int(UInt8(ascii: "+")), Int(UInt8(ascii: "-")), Int(UInt8(ascii: "0"))...Int(UInt8(ascii: "9")):
            backup()
            state = .number
        case Int(UInt8(ascii: "(")):
            parenDepth += 1
            emit(.leftParen)
        case Int(UInt8(ascii: ")")):
            parenDepth -= 1
            if parenDepth < 0 {
                errorf("unexpected right paren")
                return
            }
            emit(.rightParen)
        default:
            if isAlphaNumeric(r) {
                backup()
                state = .identifier
            } else if r < 0x80 && r >= 0x20 && r != 0x7F {
                emit(.char)
            } else {
                errorf("unrecognized character in action: \(goRuneDescription(r))")
            }
        }
    }

    private func lexSpace() {
        var numSpaces = 0
        while pos < input.count, isGoSpace(input[pos]) {
            if input[pos] == 0x0A { line += 1 }
            pos += 1
            numSpaces += 1
        }
        lastSize = 0
        while true {
            let r = peek()
            if r < 0 || r > 0x7F || !isGoSpace(UInt8(r)) { break }
            _ = next()
            numSpaces += 1
        }
        if hasRightTrimMarker(at: pos - 1) && hasPrefix(rightDelim, at: pos - 1 + 2) {
            // Back up before the space that belongs to the " -}}" marker.
            pos -= 1
            if input[pos] == 0x0A { line -= 1 }
            if numSpaces == 1 {
                state = .rightDelim
                return
            }
        }
        emit(.space)
        state = .insideAction
    }

    private func lexIdentifier() {
        skipASCIIWord()
        while true {
            let r = next()
            if isAlphaNumeric(r) { continue }
            backup()
            if !atTerminator() {
                errorf("bad character \(goRuneDescription(r))")
                return
            }
            if let k = keyword(in: input, from: start, to: pos) {
                emit(k)
            } else if input[start] == UInt8(ascii: ".") {
                emit(.field)
            } else if item(Item(type: .identifier, pos: start, end: pos, line: 0), is: "true")
                        || item(Item(type: .identifier, pos: start, end: pos, line: 0), is: "false") {
                emit(.bool)
            } else {
                emit(.identifier)
            }
            state = .insideAction
            return
        }
    }

    private func lexFieldOrVariable(_ type: ItemType) {
        state = .insideAction
        if atTerminator() {
            emit(type == .variable ? .variable : .dot)
            return
        }
        var r = 0
        skipASCIIWord()
        while true {
            r = next()
            if !isAlphaNumeric(r) {
                backup()
                break
            }
        }
        if !atTerminator() {
            errorf("bad character \(goRuneDescription(r))")
            return
        }
        emit(type)
    }

    /// Skips ASCII letters, digits and underscores (the common case of an identifier) without decoding
    /// runes one by one; the rune-wise loop after it handles the rest.
    @inline(__always) private func skipASCIIWord() {
        while pos < input.count {
            let c = input[pos]
            guard (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                    || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") else { break }
            pos += 1
        }
    }

    private func lexChar() {
        while true {
            var r = next()
            if r == Int(UInt8(ascii: "\\")) {
                r = next()
                if r != Lexer.eofByte && r != 0x0A { continue }
                errorf("unterminated character constant")
                return
            }
            if r == Lexer.eofByte || r == 0x0A {
                errorf("unterminated character constant")
                return
            }
            if r == Int(UInt8(ascii: "'")) { break }
        }
        emit(.charConstant)
        state = .insideAction
    }

    private func lexNumber() {
        if !scanNumber() {
            errorf("bad number syntax: \(goQuote(string(start, pos)))")
            return
        }
        let sign = peek()
        if sign == Int(UInt8(ascii: "+")) || sign == Int(UInt8(ascii: "-")) {
            if !scanNumber() || input[pos - 1] != UInt8(ascii: "i") {
                errorf("bad number syntax: \(goQuote(string(start, pos)))")
                return
            }
            emit(.complex)
            state = .insideAction
            return
        }
        emit(.number)
        state = .insideAction
    }

    private func scanNumber() -> Bool {
        _ = acceptByte { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        var base = 10
        if acceptByte({ $0 == UInt8(ascii: "0") }) {
            if acceptByte({ $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }) {
                base = 16
            } else if acceptByte({ $0 == UInt8(ascii: "o") || $0 == UInt8(ascii: "O") }) {
                base = 8
            } else if acceptByte({ $0 == UInt8(ascii: "b") || $0 == UInt8(ascii: "B") }) {
                base = 2
            }
        }
        let isDigit: (UInt8) -> Bool = { c in
            if c == UInt8(ascii: "_") { return true }
            switch base {
            case 16: return (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
                || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
            case 8: return c >= UInt8(ascii: "0") && c <= UInt8(ascii: "7")
            case 2: return c == UInt8(ascii: "0") || c == UInt8(ascii: "1")
            default: return c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
            }
        }
        let isDecimal: (UInt8) -> Bool = { c in (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") }
        acceptByteRun(isDigit)
        if acceptByte({ $0 == UInt8(ascii: ".") }) { acceptByteRun(isDigit) }
        if base == 10 && acceptByte({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            _ = acceptByte { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            acceptByteRun(isDecimal)
        }
        if base == 16 && acceptByte({ $0 == UInt8(ascii: "p") || $0 == UInt8(ascii: "P") }) {
            _ = acceptByte { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            acceptByteRun(isDecimal)
        }
        _ = acceptByte { $0 == UInt8(ascii: "i") }
        if isAlphaNumeric(peek()) {
            _ = next()
            return false
        }
        return true
    }

    private func lexQuote() {
        while true {
            var r = next()
            if r == Int(UInt8(ascii: "\\")) {
                r = next()
                if r != Lexer.eofByte && r != 0x0A { continue }
                errorf("unterminated quoted string")
                return
            }
            if r == Lexer.eofByte || r == 0x0A {
                errorf("unterminated quoted string")
                return
            }
            if r == Int(UInt8(ascii: "\"")) { break }
        }
        emit(.string)
        state = .insideAction
    }

    private func lexRawQuote() {
        while true {
            let r = next()
            if r == Lexer.eofByte {
                errorf("unterminated raw quoted string")
                return
            }
            if r == Int(UInt8(ascii: "`")) { break }
        }
        emit(.rawString)
        state = .insideAction
    }
}

/// Go's `unicode.IsLetter || IsDigit || '_'` (approximated for non-ASCII by Swift's properties).
func isAlphaNumeric(_ r: Int) -> Bool {
    if r < 0 { return false }
    if r < 0x80 {
        let c = UInt8(r)
        return c == UInt8(ascii: "_") || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
    guard let s = Unicode.Scalar(UInt32(r)) else { return false }
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
        return true
    default:
        return false
    }
}

/// Go's `%#U` of a rune: `U+0041 'A'`.
func goRuneDescription(_ r: Int) -> String {
    if r < 0 { return "U+FFFFFFFFFFFFFFFF" }
    var hex = String(r, radix: 16, uppercase: true)
    while hex.count < 4 { hex = "0" + hex }
    if let s = Unicode.Scalar(UInt32(r)), isGoPrintable(s) {
        return "U+\(hex) '\(Character(s))'"
    }
    return "U+\(hex)"
}
