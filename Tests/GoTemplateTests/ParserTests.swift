import Testing
@testable import GoTemplate

/// Parses `text` and re-prints the top-level tree, or returns the error text.
func reprint(_ text: String) -> String {
    let set = TemplateSet(functions: ["contains": { _ in .null }])
    do {
        try set.parse(name: "x", text: text)
        return set.tree(named: "x")!.root.description
    } catch {
        return "ERROR: \(error)"
    }
}

@Suite struct ParserTests {
    /// Go's parse_test cases that must parse, with the re-printed tree.
    @Test(arguments: [
        ("", ""),
        ("{{/*\n\n\n*/}}", ""),
        (" \t\n", " \t\n"),
        ("some text", "some text"),
        ("{{.X}}", "{{.X}}"),
        ("{{printf}}", "{{printf}}"),
        ("{{$}}", "{{$}}"),
        ("{{with $x := 3}}{{$x 23}}{{end}}", "{{with $x := 3}}{{$x 23}}{{end}}"),
        ("{{$.I}}", "{{$.I}}"),
        ("{{printf `%d` 23}}", "{{printf `%d` 23}}"),
        ("{{.X|.Y}}", "{{.X | .Y}}"),
        ("{{$x := .X|.Y}}", "{{$x := .X | .Y}}"),
        ("{{.X (.Y .Z) (.A | .B .C) (.E)}}", "{{.X (.Y .Z) (.A | .B .C) (.E)}}"),
        ("{{(.Y .Z).Field}}", "{{(.Y .Z).Field}}"),
        ("{{if .X}}hello{{end}}", "{{if .X}}hello{{end}}"),
        ("{{if .X}}true{{else}}false{{end}}", "{{if .X}}true{{else}}false{{end}}"),
        ("{{if .X}}true{{else if .Y}}false{{end}}", "{{if .X}}true{{else}}{{if .Y}}false{{end}}{{end}}"),
        ("+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+",
         "+{{if .X}}X{{else}}{{if .Y}}Y{{else}}{{if .Z}}Z{{end}}{{end}}{{end}}+"),
        ("{{range .X}}hello{{end}}", "{{range .X}}hello{{end}}"),
        ("{{range .X.Y.Z}}hello{{end}}", "{{range .X.Y.Z}}hello{{end}}"),
        ("{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}", "{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}"),
        ("{{range .X}}true{{else}}false{{end}}", "{{range .X}}true{{else}}false{{end}}"),
        ("{{range .X|.M}}true{{else}}false{{end}}", "{{range .X | .M}}true{{else}}false{{end}}"),
        ("{{range .SI}}{{.}}{{end}}", "{{range .SI}}{{.}}{{end}}"),
        ("{{range $x := .SI}}{{.}}{{end}}", "{{range $x := .SI}}{{.}}{{end}}"),
        ("{{range $x, $y := .SI}}{{.}}{{end}}", "{{range $x, $y := .SI}}{{.}}{{end}}"),
        ("{{range .SI}}{{.}}{{break}}{{end}}", "{{range .SI}}{{.}}{{break}}{{end}}"),
        ("{{range .SI}}{{.}}{{continue}}{{end}}", "{{range .SI}}{{.}}{{continue}}{{end}}"),
        ("{{range .SI 1 -3.2 true false 'a' nil}}{{end}}", "{{range .SI 1 -3.2 true false 'a' nil}}{{end}}"),
        ("{{template `x`}}", "{{template \"x\"}}"),
        ("{{template `x` .Y}}", "{{template \"x\" .Y}}"),
        ("{{with .X}}hello{{end}}", "{{with .X}}hello{{end}}"),
        ("{{with .X}}hello{{else}}goodbye{{end}}", "{{with .X}}hello{{else}}goodbye{{end}}"),
        ("{{with .X}}hello{{else with .Y}}goodbye{{end}}", "{{with .X}}hello{{else}}{{with .Y}}goodbye{{end}}{{end}}"),
        ("{{with .X}}X{{else with .Y}}Y{{else with .Z}}Z{{end}}",
         "{{with .X}}X{{else}}{{with .Y}}Y{{else}}{{with .Z}}Z{{end}}{{end}}{{end}}"),
        ("x \r\n\t{{- 3}}", "x{{3}}"),
        ("{{3 -}}\n\n\ty", "{{3}}y"),
        ("x \r\n\t{{- 3 -}}\n\n\ty", "x{{3}}y"),
        ("x\n{{-  3   -}}\ny", "x{{3}}y"),
        ("x \r\n\t{{- /* hi */}}", "x"),
        ("{{/* hi */ -}}\n\n\ty", "y"),
        ("x \r\n\t{{- /* */ -}}\n\n\ty", "xy"),
        ("{{block \"foo\" .}}hello{{end}}", "{{template \"foo\" .}}"),
        ("{{ $x \n := \n 1 \n }}", "{{$x := 1}}"),
        ("{{\n\"x\"\n|\nprintf\n}}", "{{\"x\" | printf}}"),
        ("{{/*\nhello\n*/}}", ""),
        ("{{-\n/*\nhello\n*/\n-}}", ""),
        ("{{range .SI}}{{.}}{{ continue }}{{end}}", "{{range .SI}}{{.}}{{continue}}{{end}}"),
        ("{{range .SI}}{{.}}{{ break }}{{end}}", "{{range .SI}}{{.}}{{break}}{{end}}"),
        ("{{$x := 0}}{{$x}}", "{{$x := 0}}{{$x}}"),
        ("{{$x:=.}}{{$x +2}}", "{{$x := .}}{{$x +2}}"),
        ("{{range $x := 0}}{{$x}}{{end}}", "{{range $x := 0}}{{$x}}{{end}}"),
        ("{{range $x = 0}}{{$x}}{{end}}", "{{range $x = 0}}{{$x}}{{end}}"),
        ("{{$x := 1}}{{$x = 2}}", "{{$x := 1}}{{$x = 2}}"),
        ("{{ 0x1F }}{{ 1_000 }}{{ 0b101 }}{{ 0o17 }}{{ 1e3 }}{{ .5 }}{{ 0x1p-2 }}", "{{0x1F}}{{1_000}}{{0b101}}{{0o17}}{{1e3}}{{.5}}{{0x1p-2}}"),
        ("{{ \"a\\tb\" }}{{ `r\\n` }}{{ '\\n' }}", "{{\"a\\tb\"}}{{`r\\n`}}{{'\\n'}}"),
        ("{{ (1).x }}", "{{(1).x}}"),
        ("{{ $.a.b }}{{ $x := . }}{{ $x.y.z }}", "{{$.a.b}}{{$x := .}}{{$x.y.z}}"),
        ("{{ contains \"a\" .b | not }}", "{{contains \"a\" .b | not}}"),
        ("a{{define \"t\"}}body{{end}}b", "ab"),
        ("{{- if .x -}} a {{- else -}} b {{- end -}}", "{{if .x}}a{{else}}b{{end}}"),
        ("{{a-}}", "ERROR: template: x:1: bad character U+002D '-'"),
        ("{{3-}}", "ERROR: template: x:1: bad number syntax: \"3-\""),
        ("{{ nil }}", "{{nil}}"),
        ("{{ true }}{{ false }}", "{{true}}{{false}}"),
    ] as [(String, String)])
    func reprints(_ input: String, _ expected: String) {
        #expect(reprint(input) == expected, "input: \(input)")
    }

    /// Go's parse_test cases that must fail, with Go's exact message.
    @Test(arguments: [
        ("{{}}", "template: x:1: missing value for command"),
        ("hello{{range", "template: x:1: unclosed action"),
        ("{{end}}", "template: x:1: unexpected {{end}}"),
        ("{{else}}", "template: x:1: unexpected {{else}}"),
        ("{{if .X}}hello{{end}}{{else}}", "template: x:1: unexpected {{else}}"),
        ("{{if .X}}1{{else}}2{{else}}3{{end}}", "template: x:1: expected end; found {{else}}"),
        ("hello{{range .x}}", "template: x:1: unexpected EOF"),
        ("hello{{range .x}}{{else}}", "template: x:1: unexpected EOF"),
        ("hello{{undefined}}", "template: x:1: function \"undefined\" not defined"),
        ("{{$x}}", "template: x:1: undefined variable \"$x\""),
        ("{{with $x := 4}}{{end}}{{$x}}", "template: x:1: undefined variable \"$x\""),
        ("{{template $v}}", "template: x:1: unexpected \"$v\" in template clause"),
        ("{{with $x.Y := 4}}{{end}}", "template: x:1: undefined variable \"$x\""),
        ("{{template .X}}", "template: x:1: unexpected \".X\" in template clause"),
        ("{{printf 3, 4}}", "template: x:1: unexpected \",\" in operand"),
        ("{{with $v, $u := 3}}{{end}}", "template: x:1: too many declarations in with"),
        ("{{range $u, $v, $w := 3}}{{end}}", "template: x:1: too many declarations in range"),
        ("{{printf (printf .).}}", "template: x:1: unexpected <.> in operand"),
        ("{{printf 3`x`}}", "template: x:1: unexpected \"`x`\" in operand"),
        ("{{printf `x`.}}", "template: x:1: unexpected <.> in operand"),
        ("{{if .X}}a{{else if .Y}}b{{end}}{{end}}", "template: x:1: unexpected {{end}}"),
        ("{{range .}}{{end}} {{break}}", "template: x:1: {{break}} outside {{range}}"),
        ("{{range .}}{{end}} {{continue}}", "template: x:1: {{continue}} outside {{range}}"),
        ("{{range .}}{{else}}{{break}}{{end}}", "template: x:1: {{break}} outside {{range}}"),
        ("{{$x += 1}}{{$x}}", "template: x:1: undefined variable \"$x\""),
        ("{{$x ! 2}}{{$x}}", "template: x:1: undefined variable \"$x\""),
        ("{{range $x := $y := 3}}{{end}}", "template: x:1: undefined variable \"$y\""),
        ("{{$x:=.}}{{$x!2}}", "template: x:1: bad character U+0021 '!'"),
        ("{{$x:=.}}{{$x+2}}", "template: x:1: bad character U+002B '+'"),
        ("{{1.E}}", "template: x:1: illegal number syntax: \"1.E\""),
        ("{{0.1.E}}", "template: x:1: unexpected . after term \"0.1\""),
        ("{{true.E}}", "template: x:1: unexpected . after term \"true\""),
        ("{{'a'.any}}", "template: x:1: unexpected . after term \"'a'\""),
        ("{{\"hello\".guys}}", "template: x:1: unexpected . after term \"\\\"hello\\\"\""),
        ("{{..E}}", "template: x:1: unexpected . after term \".\""),
        ("{{nil.E}}", "template: x:1: unexpected . after term \"nil\""),
        ("{{12|.}}", "template: x:1: non executable command in pipeline stage 2"),
        ("{{.|12|printf}}", "template: x:1: non executable command in pipeline stage 2"),
        ("{{.|printf|\"error\"}}", "template: x:1: non executable command in pipeline stage 3"),
        ("{{.|true}}", "template: x:1: non executable command in pipeline stage 2"),
        ("{{'c'|nil}}", "template: x:1: non executable command in pipeline stage 2"),
        ("{{printf \"%d\" ( ) }}", "template: x:1: missing value for parenthesized pipeline"),
        ("{{block \"foo\"}}hello{{end}}", "template: x:1: missing value for block clause"),
        ("line1\n{{", "template: x:2: unclosed action"),
        ("line1\n{{define `x`}}line2\n{{", "template: x:3: unclosed action"),
        ("line1\n{{\"x\"\n\"y\"\n", "template: x:4: unclosed action started at x:2"),
        ("{{\n\n\n\n\n", "template: x:6: unclosed action started at x:1"),
        ("line1\n{{\nx\n}}", "template: x:3: function \"x\" not defined"),
        ("{{foo}}", "template: x:1: function \"foo\" not defined"),
        ("{{/*}}", "template: x:1: unclosed comment"),
        ("{{/*\nhello\n}}", "template: x:1: unclosed comment"),
        ("{{/* a */ .x}}", "template: x:1: comment ends before closing delimiter"),
        ("{{.X (1 2 3}}", "template: x:1: unclosed left paren"),
        ("{{.X 1 2 3 ) }}", "template: x:1: unexpected right paren"),
        ("{{(.X 1 2 3", "template: x:1: unclosed action"),
        ("{{`x`3}}", "template: x:1: unexpected \"3\" in operand"),
        ("{{a#}}", "template: x:1: bad character U+0023 '#'"),
        ("{{'a}}", "template: x:1: unterminated character constant"),
        ("{{\"a}}", "template: x:1: unterminated quoted string"),
        ("{{`a}}", "template: x:1: unterminated raw quoted string"),
        ("{{0xi}}", "template: x:1: illegal number syntax: \"0xi\""),
        ("{{define \"a\"}}a{{end}}{{define \"a\"}}b{{end}}", "template: x:1: template: multiple definition of template \"a\""),
        ("{{range .X}}", "template: x:1: unexpected EOF"),
        ("{{$a.b := 23}}", "template: x:1: undefined variable \"$a\""),
        ("{{$a,$b,$c := 23}}", "template: x:1: too many declarations in command"),
        ("{{$a}}", "template: x:1: undefined variable \"$a\""),
        ("{{true.any}}", "template: x:1: unexpected . after term \"true\""),
        ("{{12|false}}", "template: x:1: non executable command in pipeline stage 2"),
        ("{{ ( ) }}", "template: x:1: missing value for parenthesized pipeline"),
        ("{{ $v := `\n` }} {{", "template: x:2: unclosed action"),
        ("{{range $k}}{{end}}", "template: x:1: undefined variable \"$k\""),
        ("{{range $k, $v}}{{end}}", "template: x:1: undefined variable \"$v\""),
        ("{{range $k,}}{{end}}", "template: x:1: missing value for range"),
        ("{{range $k, $v := }}{{end}}", "template: x:1: missing value for range"),
        ("{{range $k, .}}{{end}}", "template: x:1: range can only initialize variables"),
        ("{{range $k, 123 := .}}{{end}}", "template: x:1: range can only initialize variables"),
        ("{{ 99999999999999999999 }}", "template: x:1: integer overflow: \"99999999999999999999\""),
        ("{{ 0x1.8 }}", "template: x:1: illegal number syntax: \"0x1.8\""),
        ("{{ \"\\q\" }}", "template: x:1: invalid syntax"),
        ("{{ if }}{{ end }}", "template: x:1: missing value for if"),
        ("{{ define \"x\" }}", "template: x:1: unexpected EOF"),
        ("{{ define x }}{{ end }}", "template: x:1: unexpected \"x\" in define clause"),
        ("{{ template }}", "template: x:1: unexpected \"}}\" in template clause"),
        ("{{ .x }", "template: x:1: unexpected \"}\" in operand"),
        ("a\n{{ .x\n}", "template: x:3: unexpected \"}\" in operand"),
        ("{{ else if .x }}", "template: x:1: unexpected {{else}}"),
        ("{{ \u{1} }}", "template: x:1: unrecognized character in action: U+0001"),
        ("{{ : }}", "template: x:1: expected :="),
        ("{{ with .x }}{{ else if .y }}{{ end }}", "template: x:1: unexpected <if> in input"),
    ] as [(String, String)])
    func rejects(_ input: String, _ expected: String) {
        #expect(reprint(input) == "ERROR: " + expected, "input: \(input)")
    }

    @Test func definitionsJoinTheSet() throws {
        let set = TemplateSet()
        try set.parse(name: "a.tpl", text: "{{define \"x\"}}X{{end}}{{define \"y\"}}Y{{ template \"x\" }}{{end}}")
        #expect(set.hasTemplate("x") && set.hasTemplate("y") && set.hasTemplate("a.tpl"))
        #expect(set.templateNames == ["a.tpl", "x", "y"])
        #expect(try set.execute(name: "y", data: .null) == "YX")
        // A later non-empty definition replaces; an empty one does not.
        try set.parse(name: "b.tpl", text: "{{define \"x\"}}X2{{end}}{{define \"y\"}} {{end}}")
        #expect(try set.execute(name: "y", data: .null) == "YX2")
    }

    /// One text's definitions are found by name however many there are (a few by comparison, many
    /// through an index): a second non-empty definition fails, an empty one is ignored, and a
    /// non-empty one replaces an empty one.
    @Test(arguments: [3, 15, 16, 17, 40])
    func redefinitionsInOneTextAreFound(_ count: Int) throws {
        let defines = (0..<count).map { "{{define \"t\($0)\"}}T\($0){{end}}" }.joined()
        let last = "t\(count - 1)"
        #expect(reprint(defines + "{{define \"\(last)\"}}again{{end}}")
                == "ERROR: template: x:1: template: multiple definition of template \"\(last)\"")
        let set = TemplateSet()
        try set.parse(name: "x", text: "{{define \"e\"}} {{end}}" + defines + "{{define \"t0\"}} {{end}}{{define \"e\"}}E{{end}}")
        #expect(try set.execute(name: "t0", data: .null) == "T0")
        #expect(try set.execute(name: "e", data: .null) == "E")
        #expect(try set.execute(name: last, data: .null) == "T\(count - 1)")
    }

    @Test func cloneIsIndependent() throws {
        let set = TemplateSet()
        try set.parse(name: "a", text: "{{define \"x\"}}X{{end}}A")
        let copy = set.clone()
        try copy.parse(name: "a", text: "B{{template \"x\"}}")
        #expect(try set.execute(name: "a", data: .null) == "A")
        #expect(try copy.execute(name: "a", data: .null) == "BX")
    }

    @Test func customDelimiters() throws {
        let set = TemplateSet(options: TemplateOptions(missingKey: .zero, leftDelimiter: "[[", rightDelimiter: "]]"))
        try set.parse(name: "a", text: "{{ x }} [[- .a -]] [[/* c */]]")
        #expect(try set.execute(name: "a", data: .map(["a": .string("v")])) == "{{ x }}v")
    }
}
