import Testing
@testable import GoTemplate

private func err(_ col: String, _ node: String, _ message: String) -> String {
    "ERROR: template: x:\(col): executing \"x\" at <\(node)>: \(message)"
}

@Suite struct ExecutorTests {
    @Test(arguments: [
        // Text, trimming, comments.
        Case("", ""),
        Case("plain text\n", "plain text\n"),
        Case("a {{- \" b \" -}} c", "a b c"),
        Case("a\n\n  {{- .str }}\n", "ahello\n"),
        Case("{{ .str -}}\n\n  z", "helloz"),
        Case("a {{/* comment */}} b", "a  b"),
        Case("a {{- /* comment */ -}} b", "ab"),
        Case("{{- /* only */ -}}", ""),
        Case("x{{\"-\"}}y", "x-y"),
        Case("{{-3}}", "-3"),
        Case("{{ 3 -}} - {{- 4 }}", "3-4"),
        // Values and printing.
        Case("{{ .str }}|{{ .int }}|{{ .yes }}|{{ .no }}", "hello|42|true|false"),
        Case("{{ .nothing }}|{{ .missing }}", "<no value>|<no value>"),
        Case("{{ .missing }}", "<no value>", missingKey: .zero),
        Case("{{ .missing }}", err("1:3", ".missing", "map has no entry for key \"missing\""), missingKey: .error),
        Case("{{ .nothing }}", "<no value>", missingKey: .error),
        Case("{{ .nested }}", "map[inner:map[leaf:deep] n:1]"),
        Case("{{ .empty }}{{ .emptyMap }}", "[]map[]"),
        Case("{{ 1.5 }} {{ 1e3 }} {{ 0x10 }} {{ 'a' }} {{ 1_000 }} {{ 0b11 }} {{ 0o17 }} {{ 017 }}", "1.5 1000 16 97 1000 3 15 15"),
        Case("{{ 1e6 }} {{ 1e21 }} {{ 1e-5 }} {{ 0.0001 }} {{ 123456789.0 }} {{ -0.5 }}", "1e+06 1e+21 1e-05 0.0001 1.23456789e+08 -0.5"),
        Case("{{ -0.0 }} {{ 0x1p4 }} {{ 3.0 }} {{ 999999.0 }} {{ -999999.0 }}", "-0 16 3 999999 -999999"),
        Case("{{ 18446744073709551615 }}", err("1:3", "18446744073709551615", "18446744073709551615 overflows int")),
        Case("{{ \"a\\tb\\u00e9\\x41\\101\" }}{{ `raw\\n` }}", "a\tbéAA" + "raw\\n"),
        Case("{{ true }} {{ false }}", "true false"),
        Case("{{ . }}", "<no value>", data: .null),
        Case("{{ . }}", "[1 2]", data: .list([.int(1), .int(2)])),
        Case("{{ .x }}", "[104 105]", data: .map(["x": .bytes([104, 105])])),
        Case("{{ .x }}", "-7", data: .map(["x": .int64(-7)])),
        // Fields and variables.
        Case("{{ .nested.inner.leaf }}", "deep"),
        Case("{{ $.str }} {{ $ := 1 }}{{ $ }}", "hello 1"),
        Case("{{ $x := .str }}{{ $x }}", "hello"),
        Case("{{ $x := .nested }}{{ $x.inner.leaf }}", "deep"),
        Case("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", "2"),
        Case("{{ $x := 1 }}{{ with .str }}{{ $x = . }}{{ end }}{{ $x }}", "hello"),
        Case("{{ $x := 1 }}{{ with .str }}{{ $x := . }}{{ end }}{{ $x }}", "1"),
        Case("{{ $x := 1 }}{{ range .list }}{{ $x = . }}{{ end }}{{ $x }}", "c"),
        Case("{{ with $x := .str }}{{ $x }}{{ . }}{{ end }}", "hellohello"),
        Case("{{ if $x := .str }}{{ $x }}{{ end }}", "hello"),
        Case("{{ (.nested).n }} {{ (index .list 0) }}", "1 a"),
        Case("{{ .missing.x }}", "<no value>"),
        Case("{{ .missing.x }}", err("1:11", ".missing.x", "nil pointer evaluating interface {}.x"), missingKey: .zero),
        Case("{{ .nothing.x }}", err("1:11", ".nothing.x", "nil pointer evaluating interface {}.x")),
        Case("{{ .missing.x }}", err("1:11", ".missing.x", "map has no entry for key \"missing\""), missingKey: .error),
        Case("{{ .x }}", err("1:3", ".x", "nil data; no entry for key \"x\""), data: .null, missingKey: .error),
        Case("{{ .x }}", "<no value>", data: .null),
        Case("{{ .str.x }}", err("1:7", ".str.x", "can't evaluate field x in type interface {}")),
        Case("{{ $s := .str }}{{ $s.x }}", err("1:21", "$s.x", "can't evaluate field x in type string")),
        Case("{{ .x }}", err("1:3", ".x", "can't evaluate field x in type string"), data: .string("s")),
        Case("{{ .list.x }}", err("1:8", ".list.x", "can't evaluate field x in type interface {}")),
        Case("{{ $l := .list }}{{ $l.x }}", err("1:22", "$l.x", "can't evaluate field x in type []interface {}")),
        Case("{{ .str 1 }}", err("1:3", ".str", "str is not a method but has arguments")),
        Case("{{ 1 | .str }}", err("1:7", ".str", "str is not a method but has arguments")),
        Case("{{ (.missing).x }}", "<no value>", missingKey: .zero),
        Case("{{ (nil).x }}", err("1:4", "nil", "nil is not a command")),
        Case("{{ .str | printf \"%s!\" }}", "hello!"),
        Case("{{ .str | printf \"%s-%s\" \"a\" }}", "a-hello"),
        Case("{{ \"x\" 1 }}", err("1:3", "\"x\"", "can't give argument to non-function \"x\"")),
        Case("{{ nil }}", err("1:3", "nil", "nil is not a command")),
        Case("{{ $x := 1 }}{{ $x 2 }}", err("1:16", "$x", "can't give argument to non-function $x")),
        Case("{{ 99999999999999999999.5 }}", "1e+20"),
        // if / else if / with / else with.
        Case("{{ if .yes }}Y{{ end }}{{ if .no }}N{{ end }}", "Y"),
        Case("{{ if .empty }}Y{{ else }}E{{ end }}", "E"),
        Case("{{ if .emptyMap }}Y{{ else if 0 }}Z{{ else if \"\" }}S{{ else }}E{{ end }}", "E"),
        Case("{{ if .missing }}Y{{ else }}N{{ end }}", "N", missingKey: .zero),
        Case("{{ if .nothing }}Y{{ else }}N{{ end }}", "N"),
        Case("{{ if 0.0 }}Y{{ else }}N{{ end }}{{ if 0.1 }}Y{{ end }}", "NY"),
        Case("{{ with .str }}{{ . }}{{ end }}", "hello"),
        Case("{{ with .missing }}{{ . }}{{ else }}none{{ end }}", "none"),
        Case("{{ with .missing }}A{{ else with .no }}B{{ else with .str }}{{ . }}{{ end }}", "hello"),
        Case("{{ with .missing }}A{{ else with .no }}B{{ else }}C{{ end }}", "C"),
        Case("{{ with .nested }}{{ .inner.leaf }}{{ $.str }}{{ end }}", "deephello"),
        // range.
        Case("{{ range .list }}{{ . }}{{ end }}", "abc"),
        Case("{{ range $v := .list }}{{ $v }}{{ end }}", "abc"),
        Case("{{ range $i, $v := .strs }}{{ $i }}{{ $v }}{{ end }}", "0x1y"),
        Case("{{ range $k, $v := .dict }}{{ $k }}={{ $v }},{{ end }}", "a=1,b=2,c=3,"),
        Case("{{ range .dict }}{{ . }}{{ end }}", "123"),
        Case("{{ range .missing }}x{{ else }}none{{ end }}", "none"),
        Case("{{ range .nothing }}x{{ else }}none{{ end }}", "none"),
        Case("{{ range .emptyMap }}x{{ else }}none{{ end }}", "none"),
        Case("{{ range 0 }}x{{ else }}none{{ end }}", "none"),
        Case("{{ range $i := 3 }}{{ $i }}{{ end }}", "012"),
        Case("{{ range $i, $v := 3 }}{{ end }}", err("1:19", "3", "can't use 3 to iterate over more than one variable")),
        Case("{{ range .str }}{{ end }}", err("1:9", ".str", "range can't iterate over hello")),
        Case("{{ range 1.5 }}{{ end }}", err("1:9", "1.5", "range can't iterate over 1.5")),
        Case("{{ range .list }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a"),
        Case("{{ range .list }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac"),
        Case("{{ range .list }}{{ range $.list }}{{ break }}{{ end }}{{ . }}{{ end }}", "abc"),
        Case("{{ range $i, $e := .list }}{{ with $e }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ . }}{{ end }}{{ end }}", "ac"),
        Case("{{ range .mixed }}[{{ . }}]{{ end }}", "[1][two][<no value>][4.5][true]"),
        Case("{{ range .mixed }}{{ .x }}{{ end }}", err("1:21", ".x", "can't evaluate field x in type interface {}")),
        Case("{{ range .list }}{{ $.str }}{{ end }}", "hellohellohello"),
        Case("{{ range $i, $v := .list }}{{ end }}{{ $i }}", "ERROR: template: x:1: undefined variable \"$i\""),
        Case("{{ $i := 9 }}{{ range $i = .list }}{{ end }}{{ $i }}", "c"),
        Case("{{ $k := 0 }}{{ $v := 0 }}{{ range $k, $v = .dict }}{{ end }}{{ $k }}{{ $v }}", "c3"),
        // Templates and blocks.
        Case("{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" \"a\" }}{{ template \"t\" }}", "[a][<no value>]"),
        Case("{{ define \"t\" }}{{ $.str }}{{ end }}{{ template \"t\" . }}", "hello"),
        Case("{{ block \"b\" .str }}<{{ . }}>{{ end }}", "<hello>"),
        Case("{{ template \"nope\" }}", err("1:12", "{{template \"nope\"}}", "template \"nope\" not defined")),
        Case("{{ define \"t\" }}{{ $x }}{{ end }}", "ERROR: template: x:1: undefined variable \"$x\""),
        Case("{{ define \"r\" }}{{ if gt . 0 }}{{ . }}{{ template \"r\" (len (slice \"xxxxxxxxxx\" 1 .)) }}{{ end }}{{ end }}{{ template \"r\" 5 }}", "54321"),
        // Builtins: and, or, not.
        Case("{{ and 1 2 }} {{ and 0 2 }} {{ and 1 \"\" }} {{ and }}", err("1:46", "and", "wrong number of args for and: want at least 1 got 0")),
        Case("{{ and 1 2 }} {{ and 0 2 }} {{ and 1 \"\" }}", "2 0 "),
        Case("{{ or 0 \"\" }} {{ or 0 \"x\" 1 }} {{ or .missing .str }}", " x hello"),
        Case("{{ and .nothing 1 }}", "<no value>"),
        Case("{{ or 0 .nothing }}", "<no value>"),
        Case("{{ .str | and 1 }} {{ 0 | or 0 }}", "hello 0"),
        Case("{{ and 0 (index .list 5) }}", "0"),
        Case("{{ not 0 }} {{ not .str }} {{ not .missing }} {{ not .empty }}", "true false true true"),
        Case("{{ not 1 2 }}", err("1:3", "not", "wrong number of args for not: want 1 got 2")),
        // len, index, slice.
        Case("{{ len .list }} {{ len .str }} {{ len .dict }} {{ len \"héllo\" }} {{ len .strs }}", "3 5 3 6 2"),
        Case("{{ len 3 }}", err("1:3", "len 3", "error calling len: len of type int")),
        Case("{{ len .missing }}", err("1:3", "len .missing", "error calling len: len of nil pointer"), missingKey: .zero),
        Case("{{ index .list 0 }}{{ index .strs 1 }}{{ index .nested \"inner\" \"leaf\" }}{{ index \"abc\" 1 }}", "aydeep98"),
        Case("{{ index .list 3 }}", err("1:3", "index .list 3", "error calling index: reflect: slice index out of range")),
        Case("{{ index .list 4 }}", err("1:3", "index .list 4", "error calling index: index out of range: 4")),
        Case("{{ index .list -1 }}", err("1:3", "index .list -1", "error calling index: index out of range: -1")),
        Case("{{ index .list \"a\" }}", err("1:3", "index .list \"a\"", "error calling index: cannot index slice/array with type string")),
        Case("{{ index .dict 1 }}", err("1:3", "index .dict 1", "error calling index: value has type int; should be string")),
        Case("{{ index .dict \"zz\" }}", "<no value>"),
        Case("{{ index .nothing 1 }}", err("1:3", "index .nothing 1", "error calling index: index of untyped nil")),
        Case("{{ index .mixed 2 0 }}", err("1:3", "index .mixed 2 0", "error calling index: index of nil pointer")),
        Case("{{ index 1 0 }}", err("1:3", "index 1 0", "error calling index: can't index item of type int")),
        Case("{{ index .list }}", "[a b c]"),
        Case("{{ slice .list 1 2 }} {{ slice .list }} {{ slice \"hello\" 1 3 }} {{ slice .list 1 }} {{ slice .list 3 }}", "[b] [a b c] el [b c] []"),
        Case("{{ slice .list 2 1 }}", err("1:3", "slice .list 2 1", "error calling slice: invalid slice index: 2 > 1")),
        Case("{{ slice .list 0 4 }}", err("1:3", "slice .list 0 4", "error calling slice: index out of range: 4")),
        Case("{{ slice \"abc\" 0 1 2 }}", err("1:3", "slice \"abc\" 0 1 2", "error calling slice: cannot 3-index slice a string")),
        Case("{{ slice 3 }}", err("1:3", "slice 3", "error calling slice: can't slice item of type int")),
        // print family.
        Case("{{ print 1 2 \"a\" \"b\" 3 .nothing true }}", "1 2ab3 <nil> true"),
        Case("{{ println 1 \"a\" }}", "1 a\n"),
        Case("{{ print }}{{ println }}", "\n"),
        Case("{{ print .list .dict }}", "[a b c] map[a:1 b:2 c:3]"),
        Case("{{ print .missing }}", "<nil>", missingKey: .zero),
        Case("{{ printf \"%d %s\" 1 }}", "1 %!s(MISSING)"),
        Case("{{ printf \"%d\" 1 2 }}", "1%!(EXTRA int=2)"),
        Case("{{ printf 1 }}", err("1:10", "1", "expected string; found 1")),
        Case("{{ printf .int }}", err("1:10", ".int", "wrong type for value; expected string; got int")),
        Case("{{ printf }}", err("1:3", "printf", "wrong number of args for printf: want at least 1 got 0")),
        // html, js, urlquery.
        Case("{{ html \"<a href='x'>&\\\"\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"),
        Case("{{ html 1 \"a\" .nothing }}", "1a&lt;no value&gt;"),
        Case("{{ js \"it's <b>\\\"q\\\"</b> & a=b\\n\" }}", "it\\'s \\u003Cb\\u003E\\\"q\\\"\\u003C/b\\u003E \\u0026 a\\u003Db\\u000A"),
        Case("{{ urlquery \"a b&c=d/é\" }}", "a+b%26c%3Dd%2F%C3%A9"),
        Case("{{ \"<x>\" | html }}", "&lt;x&gt;"),
        // call.
        Case("{{ call .str }}", err("1:3", "call .str", "error calling call: non-function .str of type string")),
        Case("{{ call .nothing }}", err("1:3", "call .nothing", "error calling call: call of nil")),
        // Errors inside templates name the template and the file.
        Case("{{ define \"t\" }}\n  {{ .a.b }}{{ end }}{{ template \"t\" .nested }}", "ERROR: template: x:2:7: executing \"t\" at <.a.b>: nil pointer evaluating interface {}.b", missingKey: .zero),
        Case("line1\n{{ if .yes }}\n   {{ index .list 7 }}{{ end }}", "ERROR: template: x:3:6: executing \"x\" at <index .list 7>: error calling index: index out of range: 7"),
        Case("{{ printf \"%s\" (index .list 9) | print \"0123456789012345678901234567890\" }}", err("1:16", "index .list 9", "error calling index: index out of range: 9")),
        Case("{{ print \"0123456789012345678901234567890\" (index .list 9) }}", err("1:44", "index .list 9", "error calling index: index out of range: 9")),
        Case("{{ eq \"0123456789012345678901234567890\" 1 }}", err("1:3", "eq \"0123456789012345678901234567890\" 1", "error calling eq: incompatible types for comparison: string and int")),
    ])
    func executes(_ c: Case) {
        #expect(render(c.template, c.data, missingKey: c.missingKey) == c.expected)
    }

    @Test func functionsReceiveArgumentsAndPipedValue() {
        let functions: [String: TemplateFunction] = [
            "join": { args in .string(args.map(goFormat).joined(separator: ",")) },
            "fail": { args in throw TemplateFunctionError("boom \(goFormat(args.first ?? .null))") },
            "nothing": { _ in .null },
            "mk": { _ in .map(["k": .string("v")]) },
        ]
        #expect(render("{{ join 1 \"a\" .str }}", sampleData, functions: functions) == "1,a,hello")
        #expect(render("{{ .str | join 1 }}", sampleData, functions: functions) == "1,hello")
        #expect(render("{{ join .missing .nothing }}", sampleData, functions: functions) == "<nil>,<nil>")
        #expect(render("{{ nothing }}", sampleData, functions: functions) == "<no value>")
        #expect(render("{{ (mk).k }}", sampleData, functions: functions) == "v")
        #expect(render("{{ join (mk).k nothing }}", sampleData, functions: functions) == "v,<nil>")
        #expect(render("x\n {{ fail 3 }}", sampleData, functions: functions)
            == "ERROR: template: x:2:4: executing \"x\" at <fail 3>: error calling fail: boom 3")
        #expect(render("{{ .str | fail }}", sampleData, functions: functions)
            == "ERROR: template: x:1:10: executing \"x\" at <fail>: error calling fail: boom hello")
        // User functions shadow builtins.
        #expect(render("{{ len 1 2 }}", sampleData, functions: ["len": { args in .int(args.count) }]) == "2")
    }

    @Test func reentrantExecutionLikeInclude() throws {
        let set = TemplateSet(options: TemplateOptions(missingKey: .zero))
        set.addFunctions(["include": { [unowned set] args in
            guard case .string(let name) = args[0] else { throw TemplateFunctionError("bad name") }
            return .string(try set.execute(name: name, data: args.count > 1 ? args[1] : .null))
        }])
        try set.parse(name: "helpers", text: "{{ define \"n\" }}name-{{ .x }}{{ end }}{{ define \"bad\" }}{{ .x.y.z }}{{ end }}")
        try set.parse(name: "main", text: "a: {{ include \"n\" . | printf \"%q\" }}\nb: {{ include \"bad\" . }}")
        #expect(throws: TemplateError.self) { try set.execute(name: "main", data: .map(["x": .string("1")])) }
        do {
            _ = try set.execute(name: "main", data: .map(["x": .string("1")]))
        } catch {
            #expect("\(error)" == "template: main:2:6: executing \"main\" at <include \"bad\" .>: error calling include: template: helpers:1:61: executing \"bad\" at <.x.y.z>: can't evaluate field y in type interface {}")
        }
        try set.parse(name: "ok", text: "{{ include \"n\" . }}")
        #expect(try set.execute(name: "ok", data: .map(["x": .string("1")])) == "name-1")
    }

    @Test func deepTemplateRecursionIsBounded() {
        let out = render("{{ define \"loop\" }}{{ template \"loop\" . }}{{ end }}{{ template \"loop\" . }}")
        #expect(out == "ERROR: template: x:1:31: executing \"loop\" at <{{template \"loop\" .}}>: exceeded maximum template depth (100000)")
    }

    @Test func deepReentrantRecursionIsBounded() throws {
        let set = TemplateSet()
        set.addFunctions(["include": { [unowned set] args in
            .string(try set.execute(name: "r", data: .null))
        }])
        try set.parse(name: "r", text: "{{ include }}")
        #expect(throws: TemplateError.self) { try set.execute(name: "r", data: .null) }
    }

    @Test func missingTemplate() {
        let set = TemplateSet()
        #expect(throws: TemplateError.self) { try set.execute(name: "none", data: .null) }
        do { _ = try set.execute(name: "none", data: .null) } catch {
            #expect("\(error)" == "template: no template \"none\" associated with template \"gotpl\"")
        }
    }

    @Test func objectsExposeFieldsAndMethods() {
        struct Caps: TemplateObject {
            var goTypeName: String { "*chartutil.Capabilities" }
            func field(_ name: String) -> TemplateValue? {
                switch name {
                case "KubeVersion": return .object(Version())
                case "APIVersions": return .object(APIs())
                default: return nil
                }
            }
            var goDescription: String { "&{...}" }
        }
        struct Version: TemplateObject {
            var goTypeName: String { "chartutil.KubeVersion" }
            func field(_ name: String) -> TemplateValue? { name == "Version" ? .string("v1.36.0") : nil }
            var goDescription: String { "v1.36.0" }
        }
        struct APIs: TemplateObject {
            var goTypeName: String { "chartutil.VersionSet" }
            func field(_ name: String) -> TemplateValue? { nil }
            func hasMethod(_ name: String) -> Bool { name == "Has" }
            func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
                guard name == "Has" else { return nil }
                guard arguments.count == 1 else {
                    throw TemplateFunctionError("wrong number of args for Has: want 1 got \(arguments.count)")
                }
                return .bool(arguments[0].stringValue == "apps/v1")
            }
            var goDescription: String { "[apps/v1]" }
        }
        let data: TemplateValue = .map(["Capabilities": .object(Caps())])
        #expect(render("{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion }}", data) == "v1.36.0 v1.36.0")
        #expect(render("{{ .Capabilities.APIVersions.Has \"apps/v1\" }} {{ \"x/v1\" | .Capabilities.APIVersions.Has }}", data) == "true false")
        #expect(render("{{ if .Capabilities.APIVersions.Has \"apps/v1\" }}yes{{ end }}", data) == "yes")
        #expect(render("{{ .Capabilities.Nope }}", data) == "ERROR: template: x:1:16: executing \"x\" at <.Capabilities.Nope>: can't evaluate field Nope in type interface {}")
        #expect(render("{{ .Capabilities.KubeVersion.Version 1 }}", data) == "ERROR: template: x:1:16: executing \"x\" at <.Capabilities.KubeVersion.Version>: Version has arguments but cannot be invoked as function")
        #expect(render("{{ .Capabilities.APIVersions.Has }}", data) == "ERROR: template: x:1:16: executing \"x\" at <.Capabilities.APIVersions.Has>: wrong number of args for Has: want 1 got 0")
    }
}
