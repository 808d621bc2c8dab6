import Testing
import GoTemplate

/// `goStringsReplaceAll` against what Go's `strings.ReplaceAll` returns for the same inputs.
struct GoStringsReplaceTests {
    @Test(arguments: [
        ("a<no value>b<no value>", "<no value>", "", "ab"),
        ("no marker here", "<no value>", "", "no marker here"),
        ("aaaa", "aa", "b", "bb"),
        ("aaa", "aa", "b", "ba"),
        ("line1\nline2\n", "\n", "\n  ", "line1\n  line2\n  "),
        ("\n", "\n", "\n    ", "\n    "),
        ("<no valu", "<no value>", "", "<no valu"),
        ("é<no value>ü", "<no value>", "→", "é→ü"),
        ("", "x", "y", ""),
    ])
    func matchesGo(_ input: String, _ old: String, _ new: String, _ expected: String) {
        #expect(goStringsReplaceAll(input, old: old, new: new) == expected)
    }
}
