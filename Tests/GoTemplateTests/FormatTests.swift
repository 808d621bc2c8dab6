import Testing
@testable import GoTemplate

@Suite struct FormatTests {
    static let l: TemplateValue = .list([.float(1), .string("a"), .null, .float(2.5), .bool(true)])
    static let m: TemplateValue = .map(["b": .float(1), "a": .string("x")])

    /// Expected texts measured with Helm v4 (Go 1.24 fmt).
    @Test(arguments: [
        ("%5.2f|%-6d|%+d|%x|%X|%o|%b|%e|%g|%G|%8.3e|%c|%U|%q|%t|%T|%T|%T",
         [.float(3.14159), .int(42), .int(5), .int(255), .int(255), .int(8), .int(5), .float(1234.5678),
          .float(0.000012345), .float(1e21), .float(123456.789), .int(65), .int(65), .int(65), .bool(true),
          .float(1.5), l, m] as [TemplateValue],
         " 3.14|42    |+5|ff|FF|10|101|1.234568e+03|1.2345e-05|1E+21|1.235e+05|A|U+0041|'A'|true|float64|[]interface {}|map[string]interface {}"),
        ("%v|%s|%d|%v|%s|%q", [l, l, l, m, m, l],
         "[1 a <nil> 2.5 true]|[%!s(float64=1) a <nil> %!s(float64=2.5) %!s(bool=true)]|[%!d(float64=1) %!d(string=a) <nil> %!d(float64=2.5) %!d(bool=true)]|map[a:x b:1]|map[a:x b:%!s(float64=1)]|[%!q(float64=1) \"a\" <nil> %!q(float64=2.5) %!q(bool=true)]"),
        ("%05s|%.2s|%-5s|%5s|%x|% x|%#x|%08.3f|%+.1e|%#v|%#v|%#v",
         [.string("ab"), .string("abc"), .string("ab"), .string("ab"), .string("hi"), .string("hi"), .string("hi"),
          .float(3.14159), .float(1234.5), l, m, .string("s")],
         "000ab|ab|ab   |   ab|6869|68 69|0x6869|0003.142|+1.2e+03|[]interface {}{1, \"a\", interface {}(nil), 2.5, true}|map[string]interface {}{\"a\":\"x\", \"b\":1}|\"s\""),
        ("%v %v %v %v %.2v %10.3v|%-8v|%08v|%+v",
         [.float(1e20), .float(1e-7), .float(-0.0), .float(100), .float(3.14159), .float(3.14159), .float(1.5), .float(-1.5), .float(2)],
         "1e+20 1e-07 -0 100 3.1       3.14|1.5     |-00001.5|2"),
        ("%d %s %v", [.float(1.5), .float(1.5), .int(3)], "%!d(float64=1.5) %!s(float64=1.5) 3"),
        ("%[2]s %[1]s %s|%!|%z|%-+05d|%.3d|% d|%5t|%06.2f",
         [.string("a"), .string("b"), .int(1), .int(-3), .int(7), .int(5), .bool(true), .float(-1.5), .int(-255)],
         "b a b|%!!(int=1)|%!z(int=-3)|+7   |005|%!d(bool=true)|%!t(float64= -1.5)|%!f(int=  -255)"),
        ("%v %s", [.list([.string("a"), .map(["k": .null])]), .list([.null])], "[a map[k:<nil>]] [<nil>]"),
        ("%q %q %+q %#q %q", [.string("a\"b\n"), .string("é\u{200b}"), .string("é"), .string("back`q"), .int(0x1F600)],
         "\"a\\\"b\\n\" \"é\\u200b\" \"\\u00e9\" \"back`q\" '😀'"),
        ("%v %s %d", [.null, .null, .null], "<nil> %!s(<nil>) %!d(<nil>)"),
        ("%d %s", [.int(1)], "1 %!s(MISSING)"),
        ("%d", [.int(1), .string("x"), .null], "1%!(EXTRA string=x, <nil>)"),
        ("100%% %", [], "100% %!(NOVERB)"),
        ("%*d|%-*d|%.*f", [.int(5), .int(1), .int(4), .int(2), .int(2), .float(3.14159)], "    1|2   |3.14"),
        ("%s %v %x", [.bytes([104, 105]), .bytes([1, 2]), .bytes([255])], "hi [1 2] ff"),
        ("%s|%v|%q", [.strings(["a", "b"]), .strings([]), .strings(["x"])], "[a b]|[]|[\"x\"]"),
        ("%6.2f%%|%-10s|", [.float(99.5), .string("name")], " 99.50%|name      |"),
        ("%t %v", [.bool(false), .bool(true)], "false true"),
        ("%x %X %#o %O", [.int(-255), .int64(3054), .int(8), .int(8)], "-ff BEE 010 0o10"),
        ("%.0f %.0f %.1f %.3g", [.float(0.5), .float(1.5), .float(0.05), .float(100)], "0 2 0.1 100"),
        ("%e %E", [.float(0), .float(-1e-300)], "0.000000e+00 -1.000000E-300"),
        ("%g %g %g %g", [.float(1e6), .float(123456), .float(1234567), .float(0.0001)], "1e+06 123456 1.234567e+06 0.0001"),
        // Argument indexes, widths and precisions out of range (the first crashed on overflow; found by fuzzing).
        ("%[99999999999999999999]d|%d", [.int(1), .int(2)], "%!d(BADINDEX)|1"),
        ("%[3]d|%[0]d|%[x]d|%[1]5d|%[2]*[1]d", [.int(7), .int(4)], "%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|   7"),
        ("%*d|%.*f|%.*f", [.int(10_000_000), .int(1), .int(-1), .float(2.5), .string("p"), .float(1.5)],
         "%!(BADWIDTH)1|%!(BADPREC)2.500000|%!(BADPREC)1.500000"),
        ("%99999999999d|%5.", [.int(1)], "%!(NOVERB)%!(EXTRA int=1)"),
        ("%5.|%.d", [.int(1), .int(2)], "%!|(int=    1)2"),
    ] as [(String, [TemplateValue], String)])
    func sprintf(_ format: String, _ args: [TemplateValue], _ expected: String) {
        #expect(goSprintf(format, args) == expected)
    }

    @Test(arguments: [
        (TemplateValue.float(1_000_000), "1e+06"),
        (.float(100_000), "100000"),
        (.float(3.14), "3.14"),
        (.float(0.1 + 0.2), "0.30000000000000004"),
        (.float(1e21), "1e+21"),
        (.float(1e-5), "1e-05"),
        (.float(-2.5e-10), "-2.5e-10"),
        (.float(123456789), "1.23456789e+08"),
        (.float(Double.infinity), "+Inf"),
        (.float(-Double.infinity), "-Inf"),
        (.float(Double.nan), "NaN"),
        (.float(5e-324), "5e-324"),
        (.float(1.7976931348623157e308), "1.7976931348623157e+308"),
        (.int(-42), "-42"),
        (.int64(Int64.min), "-9223372036854775808"),
        (.null, "<nil>"),
        (.map([:]), "map[]"),
        (.map(["b": .list([]), "a": .map(["z": .null])]), "map[a:map[z:<nil>] b:[]]"),
        (.map(["B": .int(1), "a": .int(2), "_": .int(3)]), "map[B:1 _:3 a:2]"),
        (.list([.string("a b"), .string("")]), "[a b ]"),
        (.bytes([]), "[]"),
    ] as [(TemplateValue, String)])
    func formatsLikePercentV(_ value: TemplateValue, _ expected: String) {
        #expect(goFormat(value) == expected)
    }

    @Test func sprintAndSprintln() {
        #expect(goSprint([.string("a"), .int(1), .int(2), .string("b"), .null, .null]) == "a1 2b<nil> <nil>")
        #expect(goSprintln([.string("a"), .int(1)]) == "a 1\n")
    }

    @Test func quoting() {
        #expect(goQuote("a\u{7f}\u{0}\t\u{1F600}\u{FEFF}") == "\"a\\x7f\\x00\\t😀\\ufeff\"")
        #expect(goUnquote("\"\\u00e9\\x41\\101\\'\"") == nil)
        #expect(goUnquote("\"\\u00e9\\x41\\101\"") == "éAA")
        #expect(goUnquote("`a\r\nb`") == "a\nb")
        #expect(goUnquote("'a'") == "a")
    }
}
