import Testing
@testable import GoTemplate

@Suite struct SmokeTests {
    @Test(arguments: [
        Case("hello", "hello"),
        Case("{{.str}}", "hello"),
        Case("{{ .num }} {{ .big }} {{ .pi }} {{ .int }}", "3 1e+06 3.14159 42"),
        Case("{{ .list }} {{ .dict }} {{ .strs }} {{ .mixed }}", "[a b c] map[a:1 b:2 c:3] [x y] [1 two <nil> 4.5 true]"),
        Case("{{ .missing }}", "<no value>"),
        Case("{{ .nothing }}", "<no value>"),
        Case("a  {{- .str -}}  b", "ahellob"),
        Case("{{range .list}}[{{.}}]{{end}}", "[a][b][c]"),
        Case("{{range $i, $v := .list}}{{$i}}={{$v}};{{end}}", "0=a;1=b;2=c;"),
        Case("{{range .empty}}x{{else}}empty{{end}}", "empty"),
        Case("{{if .yes}}Y{{else}}N{{end}}{{if .no}}Y{{else if .str}}S{{end}}", "YS"),
        Case("{{with .nested.inner}}{{.leaf}}{{end}}", "deep"),
        Case("{{printf \"%05.1f|%-4s|%d|%q\" .pi .str .int .str}}", "003.1|hello|42|\"hello\""),
        Case("{{ eq .str \"hello\" }} {{ eq 1 2 3 1 }} {{ lt 1 2 }}", "true true true"),
        Case("{{ .nested.inner.leaf.x }}", "ERROR: template: x:1:10: executing \"x\" at <.nested.inner.leaf.x>: can't evaluate field x in type interface {}"),
        Case("{{ .missing.x }}", "ERROR: template: x:1:11: executing \"x\" at <.missing.x>: nil pointer evaluating interface {}.x", missingKey: .zero),
        Case("{{ eq .num 3 }}", "ERROR: template: x:1:3: executing \"x\" at <eq .num 3>: error calling eq: incompatible types for comparison: float64 and int"),
        Case("{{define \"t\"}}T{{.}}{{end}}{{template \"t\" .str}}", "Thello"),
        Case("{{ len .list }} {{ index .list 1 }} {{ index .dict \"b\" }} {{ slice .list 1 }}", "3 b 2 [b c]"),
        Case("{{ range 3 }}{{.}}{{end}}", "012"),
        Case("{{ range .list }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a"),
        Case("{{ range .list }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac"),
        Case("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"),
        Case("{{ and 1 0 }} {{ or 0 \"\" 3 }} {{ not 1 }}", "0 3 false"),
    ])
    func renders(_ c: Case) {
        #expect(render(c.template, c.data, missingKey: c.missingKey) == c.expected)
    }
}
