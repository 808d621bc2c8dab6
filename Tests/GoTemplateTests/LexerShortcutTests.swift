import Testing
@testable import GoTemplate

/// The lexer reads the common items of an action straight from the bytes; Go's state functions are
/// the reference. Random texts made of the pieces that matter to either (delimiters, trim markers,
/// spaces and line breaks, words, fields, variables, strings with escapes, numbers, comments, raw
/// strings, characters, non-ASCII letters) must give the same items, positions, lines and errors.
@Suite struct LexerShortcutTests {
    static let pieces = [
        "{{", "}}", "{{- ", " -}}", "{{-", "-}}", " ", "  ", "\n", "\t", "\r\n", ".", "..", ".a", ".Values", "$", "$x",
        "$x.y", "x", "if", "end", "true", "false", "nil", "range", "else", "with", "define", "include", "_a1",
        "\"s\"", "\"a\\\"b\"", "\"\\\\\"", "\"open", "\"\\\n\"", "`raw`", "`", "'c'", "'", "1", "-1", "+2", ".5",
        "0x1F", "1e3", "3i", "1+2i", "|", "(", ")", "=", ":=", ":", ",", "@", "é", "ä.b", ".é", "/*", "*/",
        "{{/* c */}}", "{{- /* c */ -}}", "-", "text", "}", "{",
    ]

    /// A small deterministic generator (SplitMix64), so a failure names a reproducible case.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func items(_ text: String, directly: Bool, _ left: String = "{{", _ right: String = "}}") -> [String] {
        let lexer = Lexer(input: Array(text.utf8), leftDelim: left, rightDelim: right)
        lexer.readsCommonItemsDirectly = directly
        var out: [String] = []
        while out.count < 10_000 {
            let item = lexer.nextItem()
            out.append("\(item.type)@\(item.pos)..<\(item.end):\(item.line):\(lexer.text(of: item))")
            if item.type == .eof || item.type == .error { break }
        }
        return out
    }

    @Test func randomTextsLexAsTheStateFunctionsLexThem() {
        var rng = SplitMix(state: 20261207)
        var compared = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...24, using: &rng)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
            let direct = Self.items(text, directly: true)
            let reference = Self.items(text, directly: false)
            #expect(direct == reference, "text: \(text.debugDescription)")
            if direct != reference { return }
            compared += direct.count
        }
        // The texts exercise actions, not only plain text.
        #expect(compared > 50_000)
    }

    @Test func customDelimitersLexAsTheStateFunctionsLexThem() {
        var rng = SplitMix(state: 7)
        let pieces = Self.pieces + ["[[", "]]", "[[- ", " -]]", "]"]
        for _ in 0..<5_000 {
            let count = Int.random(in: 1...16, using: &rng)
            let text = (0..<count).map { _ in pieces.randomElement(using: &rng)! }.joined()
            for (left, right) in [("[[", "]]"), ("{{", "\""), ("<", ">")] {
                let direct = Self.items(text, directly: true, left, right)
                let reference = Self.items(text, directly: false, left, right)
                #expect(direct == reference, "text: \(text.debugDescription) delimiters: \(left) \(right)")
                if direct != reference { return }
            }
        }
    }
}
