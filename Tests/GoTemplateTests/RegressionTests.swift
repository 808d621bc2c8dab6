import Testing
@testable import GoTemplate

/// Inputs found by the fuzzer, and other edge cases.
@Suite struct RegressionTests {
    @Test func combiningMarkAfterDotIsNotALetter() {
        #expect(reprint("{{ .\u{05C7}l }}") == "ERROR: template: x:1: bad character U+05C7 'ׇ'")
    }

    @Test func invalidUTF8InsideAnActionIsRejected() {
        let bytes: [UInt8] = Array("{{range $i, ".utf8) + [0xB0, 0xB0] + Array("$v := 2}}{{end}}".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(reprint(text) == "ERROR: template: x:1: range can only initialize variables")
        #expect(reprint(String(decoding: Array("{{ ".utf8) + [0xB0] + Array(" }}".utf8), as: UTF8.self)).hasPrefix("ERROR: template: x:1: unrecognized character in action: U+FFFD"))
    }

    @Test func unicodeIdentifiers() {
        #expect(render("{{ .héllo }} {{ $ü := 1 }}{{ $ü }}", .map(["héllo": .string("w")])) == "w 1")
    }

    @Test func deeplyNestedParenthesesParse() {
        let depth = 3000
        let text = "{{ " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + " }}"
        #expect(render(text) == "1")
    }

    @Test func deeplyNestedIfs() {
        let depth = 2000
        let text = String(repeating: "{{ if true }}", count: depth) + "x" + String(repeating: "{{ end }}", count: depth)
        #expect(render(text) == "x")
    }

    @Test func reprintedTreesReparseToTheSameText() throws {
        let inputs = [
            "{{ with $x := .a }}{{ $x }}{{ else with .b }}b{{ end }}",
            "{{ range $i, $v := .l }}{{ if eq $i 0 }}{{ continue }}{{ end }}{{ $v | printf \"%q\" }}{{ end }}",
            "{{ define \"t\" }}{{ (index . 0).x }}{{ end }}{{ template \"t\" (slice .l 1) }}",
            "{{- /* c */ -}}{{ 'a' }}{{ 0x1p-2 }}{{ `r` }}{{ nil | print }}",
        ]
        for input in inputs {
            let once = reprint(input)
            #expect(!once.hasPrefix("ERROR"), "\(input): \(once)")
            #expect(reprint(once) == once)
        }
    }
}
