import Testing
@testable import GoTemplate

/// Lexes `text` and prints each item as `type:value`, separated by spaces.
func lex(_ text: String, _ left: String = "{{", _ right: String = "}}") -> String {
    let lexer = Lexer(input: Array(text.utf8), leftDelim: left, rightDelim: right)
    var parts: [String] = []
    while true {
        let item = lexer.nextItem()
        parts.append("\(item.type):\(lexer.text(of: item))")
        if item.type == .eof || item.type == .error { break }
    }
    return parts.joined(separator: " ")
}

@Suite struct LexerTests {
    @Test(arguments: [
        ("", "eof:"),
        (" \t\n", "text: \t\n eof:"),
        ("now is the time", "text:now is the time eof:"),
        ("hello-{{/* this is a comment */}}-world", "text:hello- text:-world eof:"),
        ("{{,@% }}", "leftDelim:{{ char:, char:@ char:% space:  rightDelim:}} eof:"),
        ("{{((3))}}", "leftDelim:{{ leftParen:( leftParen:( number:3 rightParen:) rightParen:) rightDelim:}} eof:"),
        ("{{}}", "leftDelim:{{ rightDelim:}} eof:"),
        ("{{for}}", "leftDelim:{{ identifier:for rightDelim:}} eof:"),
        ("{{block \"foo\" .}}", "leftDelim:{{ block:block space:  string:\"foo\" space:  dot:. rightDelim:}} eof:"),
        ("{{\"abc \\n\\t\\\" \"}}", "leftDelim:{{ string:\"abc \\n\\t\\\" \" rightDelim:}} eof:"),
        ("{{`abc\\n\\t\\\" `}}", "leftDelim:{{ rawString:`abc\\n\\t\\\" ` rightDelim:}} eof:"),
        ("{{`now is{{\n}}the time`}}", "leftDelim:{{ rawString:`now is{{\n}}the time` rightDelim:}} eof:"),
        ("{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}",
         "leftDelim:{{ number:1 space:  number:02 space:  number:0x14 space:  number:0X14 space:  number:-7.2i space:  number:1e3 space:  number:1E3 space:  number:+1.2e-4 space:  number:4.2i space:  complex:1+2i space:  number:1_2 space:  number:0x1.e_fp4 space:  number:0X1.E_FP4 rightDelim:}} eof:"),
        ("{{0b1_0 0o7_7 0x_1F 0B1 0O7 1.e5 .5 0x1p-2 1e+9i}}",
         "leftDelim:{{ number:0b1_0 space:  number:0o7_7 space:  number:0x_1F space:  number:0B1 space:  number:0O7 space:  number:1.e5 space:  number:.5 space:  number:0x1p-2 space:  number:1e+9i rightDelim:}} eof:"),
        ("{{0b12}}", "leftDelim:{{ error:bad number syntax: \"0b12\""),
        ("{{1e5x}}", "leftDelim:{{ error:bad number syntax: \"1e5x\""),
        ("{{'a' '\\n' '\\'' '\\\\' '\\u00FF' '\\xFF' '本'}}",
         "leftDelim:{{ charConstant:'a' space:  charConstant:'\\n' space:  charConstant:'\\'' space:  charConstant:'\\\\' space:  charConstant:'\\u00FF' space:  charConstant:'\\xFF' space:  charConstant:'本' rightDelim:}} eof:"),
        ("{{true false}}", "leftDelim:{{ bool:true space:  bool:false rightDelim:}} eof:"),
        ("{{.}}", "leftDelim:{{ dot:. rightDelim:}} eof:"),
        ("{{nil}}", "leftDelim:{{ nilKeyword:nil rightDelim:}} eof:"),
        ("{{.x . .2 .x.y.z}}", "leftDelim:{{ field:.x space:  dot:. space:  number:.2 space:  field:.x field:.y field:.z rightDelim:}} eof:"),
        ("{{range if else end with}}", "leftDelim:{{ range:range space:  ifKeyword:if space:  elseKeyword:else space:  end:end space:  with:with rightDelim:}} eof:"),
        ("{{$c := printf $ $hello $23 $ $var.Field .Method}}",
         "leftDelim:{{ variable:$c space:  declare::= space:  identifier:printf space:  variable:$ space:  variable:$hello space:  variable:$23 space:  variable:$ space:  variable:$var field:.Field space:  field:.Method rightDelim:}} eof:"),
        ("{{$x = 1}}", "leftDelim:{{ variable:$x space:  assign:= space:  number:1 rightDelim:}} eof:"),
        ("{{$x 23}}", "leftDelim:{{ variable:$x space:  number:23 rightDelim:}} eof:"),
        ("{{$.I}}", "leftDelim:{{ variable:$ field:.I rightDelim:}} eof:"),
        ("intro {{echo hi 1.2 |noargs|args 1 \"hi\"}} outro",
         "text:intro  leftDelim:{{ identifier:echo space:  identifier:hi space:  number:1.2 space:  pipe:| identifier:noargs pipe:| identifier:args space:  number:1 space:  string:\"hi\" rightDelim:}} text: outro eof:"),
        ("{{range $i, $x := .}}", "leftDelim:{{ range:range space:  variable:$i char:, space:  variable:$x space:  declare::= space:  dot:. rightDelim:}} eof:"),
        ("{{break continue}}", "leftDelim:{{ breakKeyword:break space:  continueKeyword:continue rightDelim:}} eof:"),
        ("hello- {{- 3 -}} -world", "text:hello- leftDelim:{{ number:3 rightDelim:}} text:-world eof:"),
        ("hello- {{- /* hello */ -}} -world", "text:hello- text:-world eof:"),
        ("{{-3}}", "leftDelim:{{ number:-3 rightDelim:}} eof:"),
        ("{{3-}}", "leftDelim:{{ error:bad number syntax: \"3-\""),
        ("#{{\u{1}}}", "text:# leftDelim:{{ error:unrecognized character in action: U+0001"),
        ("{{", "leftDelim:{{ error:unclosed action"),
        ("{{range", "leftDelim:{{ range:range error:unclosed action"),
        ("{{\n}}", "leftDelim:{{ space:\n rightDelim:}} eof:"),
        ("{{\"\n\"}}", "leftDelim:{{ error:unterminated quoted string"),
        ("{{`xx}}", "leftDelim:{{ error:unterminated raw quoted string"),
        ("{{'\n}}", "leftDelim:{{ error:unterminated character constant"),
        ("{{3k}}", "leftDelim:{{ error:bad number syntax: \"3k\""),
        ("{{(3}}", "leftDelim:{{ leftParen:( number:3 error:unclosed left paren"),
        ("{{3)}}", "leftDelim:{{ number:3 error:unexpected right paren"),
        ("hello-{.}-world", "text:hello-{.}-world eof:"),
        ("{{#}}", "leftDelim:{{ char:# rightDelim:}} eof:"),
        ("{{a-}}", "leftDelim:{{ error:bad character U+002D '-'"),
        ("{{ a -}}", "leftDelim:{{ space:  identifier:a rightDelim:}} eof:"),
        ("{{ .x -}}\n  y", "leftDelim:{{ space:  field:.x rightDelim:}} text:y eof:"),
        ("x {{-.x}}", "text:x  leftDelim:{{ error:bad number syntax: \"-.x\""),
    ] as [(String, String)])
    func lexes(_ input: String, _ expected: String) {
        let got = lex(input)
        #expect(got.hasPrefix(expected), "input: \(input)\ngot: \(got)")
    }

    @Test func customDelimiters() {
        #expect(lex("$$ .x @@ {{", "$$", "@@") == "leftDelim:$$ space:  field:.x space:  rightDelim:@@ text: {{ eof:")
    }

    @Test func linesAreCounted() {
        let lexer = Lexer(input: Array("a\nb{{ .x\n\n| f }}\nc{{\n.y}}".utf8), leftDelim: "{{", rightDelim: "}}")
        var lines: [Int] = []
        while true {
            let i = lexer.nextItem()
            if i.type == .eof { break }
            if i.type != .space { lines.append(i.line) }
        }
        #expect(lines == [1, 2, 2, 4, 4, 4, 4, 5, 6, 6])
    }
}
