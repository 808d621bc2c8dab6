import Testing
@testable import ContainerdPrep

/// The position-keeping TOML parser: grammar, table rules and error positions.
@Suite struct TOMLParserTests {
    @Test func keepsTheByteRangesOfKeysAndValues() throws {
        let text = "a = 1\n[t]\n  b.c = \"x\" # note\n  d = { e = [1, 2], f = 'g' }\n"
        let document = try TOMLDocument(parsing: text)
        let pair = try #require(document.root.value(at: ["t", "b", "c"])?.pair)
        #expect(String(decoding: document.bytes[pair.valueRange], as: UTF8.self) == "\"x\"")
        #expect(String(decoding: document.bytes[pair.keyRange], as: UTF8.self) == "b.c")
        #expect(pair.indentation == "  ")
        guard case .table(let inline)? = document.root.item(at: ["t", "d"]), case .inline = inline.origin else {
            Issue.record("t.d should be an inline table")
            return
        }
        #expect(document.root.value(at: ["t", "d", "f"])?.value == .string("g"))
    }

    @Test func readsStringsNumbersDatesAndArraysOfTables() throws {
        let text = #"""
            s1 = """
            one \
              two"""
            s2 = '''C:\path'''
            s3 = "tab\tquote\" \u00e9"
            n = [0x1F, 0o17, 0b11, 1_000, -3, +4]
            f = [1.5, -2e3, 6.02E+23, inf, -nan]
            d = [1979-05-27T07:32:00Z, 1979-05-27 07:32:00.5, 1979-05-27, 07:32:00]
            [[fruit]]
              name = "apple"
            [[fruit]]
              name = "banana"
            """#
        let document = try TOMLDocument(parsing: text)
        #expect(document.root.value(at: ["s1"])?.value == .string("one two"))
        #expect(document.root.value(at: ["s2"])?.value == .string(#"C:\path"#))
        #expect(document.root.value(at: ["s3"])?.value == .string("tab\tquote\" é"))
        guard case .arrayOfTables(let fruit)? = document.root.item(at: ["fruit"]) else {
            Issue.record("fruit should be an array of tables")
            return
        }
        #expect(fruit.count == 2)
        #expect(TOMLPlainValue(document.root.value(at: ["n"])!.value) == .array([.integer(31), .integer(15), .integer(3), .integer(1000), .integer(-3), .integer(4)]))
    }

    @Test(arguments: [
        ("a = \"x\n", 1, "line break in a single-line string"),
        ("a = 1\na = 2\n", 2, "duplicate key `a`"),
        ("[t]\nx = 1\n[t]\n", 3, "table `[t]` is defined more than once"),
        ("a = \"\\q\"\n", 1, "invalid escape sequence"),
        ("t = { a = 1,\n b = 2 }\n", 1, "expected a key"),
        ("[a]\nb.c = 1\n[a.b]\n", 3, "defined more than once"),
        ("[a.b.c]\n[a]\nb.d = 1\n", 3, "cannot add keys to table `b`"),
        ("a = 1 b = 2\n", 1, "expected the end of the line"),
        ("a = 01\n", 1, "invalid value `01`"),
        ("x = [1, 2\n", 2, "unterminated array"),
    ])
    func reportsTheLineOfAnError(text: String, line: Int, message: String) {
        #expect {
            _ = try TOMLDocument(parsing: text)
        } throws: { error in
            guard let error = error as? TOMLSyntaxError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    @Test func acceptsSubtablesOfDottedTablesAndLateSuperTables() throws {
        _ = try TOMLDocument(parsing: "[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n")
        _ = try TOMLDocument(parsing: "[x.y.z.w]\n[x]\na = 1\n")
    }
}
