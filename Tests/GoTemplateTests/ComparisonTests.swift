import Testing
@testable import GoTemplate

@Suite struct ComparisonTests {
    @Test(arguments: [
        Case("{{ eq 1 1 }} {{ eq 1 2 }} {{ eq 1 2 3 1 }} {{ eq \"a\" \"a\" }} {{ eq true true }} {{ eq 1.5 1.5 }}", "true false true true true true"),
        Case("{{ eq .int 42 }} {{ eq .num 3.0 }} {{ eq .str \"hello\" }} {{ eq .yes true }}", "true true true true"),
        Case("{{ eq .x 5 }}", "true", data: .map(["x": .int64(5)])),
        Case("{{ eq nil nil }} {{ eq .missing nil }} {{ eq .missing \"\" }} {{ eq \"\" .missing }} {{ eq .nothing 0 }}", "true true false false false"),
        Case("{{ eq .missing \"x\" }}", "false", missingKey: .zero),
        Case("{{ ne 1 2 }} {{ ne \"a\" \"a\" }} {{ ne .missing 1 }}", "true false true"),
        Case("{{ lt 1 2 }} {{ lt 2 1 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 2 3 }} {{ lt 1.5 2.5 }} {{ lt \"a\" \"b\" }} {{ lt \"B\" \"a\" }}", "true false true true false true true true"),
        Case("{{ lt .int 100 }} {{ gt .num 2.5 }}", "true true"),
        Case("{{ eq .num 3 }}", "ERROR: template: x:1:3: executing \"x\" at <eq .num 3>: error calling eq: incompatible types for comparison: float64 and int"),
        Case("{{ eq 1 \"1\" }}", "ERROR: template: x:1:3: executing \"x\" at <eq 1 \"1\">: error calling eq: incompatible types for comparison: int and string"),
        Case("{{ eq 1 }}", "ERROR: template: x:1:3: executing \"x\" at <eq 1>: error calling eq: missing argument for comparison"),
        Case("{{ eq }}", "ERROR: template: x:1:3: executing \"x\" at <eq>: wrong number of args for eq: want at least 1 got 0"),
        Case("{{ eq .list .list }}", "ERROR: template: x:1:3: executing \"x\" at <eq .list .list>: error calling eq: non-comparable type [a b c]: []interface {}"),
        Case("{{ eq .dict 1 }}", "ERROR: template: x:1:3: executing \"x\" at <eq .dict 1>: error calling eq: incompatible types for comparison: map[string]interface {} and int"),
        Case("{{ eq .list .dict }}", "ERROR: template: x:1:3: executing \"x\" at <eq .list .dict>: error calling eq: non-comparable types [a b c]: []interface {}, map[string]interface {}: map[a:1 b:2 c:3]"),
        Case("{{ lt nil 1 }}", "ERROR: template: x:1:3: executing \"x\" at <lt nil 1>: error calling lt: invalid type for comparison"),
        Case("{{ lt 1 1.5 }}", "ERROR: template: x:1:3: executing \"x\" at <lt 1 1.5>: error calling lt: incompatible types for comparison: int and float64"),
        Case("{{ lt true false }}", "ERROR: template: x:1:3: executing \"x\" at <lt true false>: error calling lt: invalid type for comparison"),
        Case("{{ lt .list 1 }}", "ERROR: template: x:1:3: executing \"x\" at <lt .list 1>: error calling lt: invalid type for comparison"),
        Case("{{ lt 1 }}", "ERROR: template: x:1:3: executing \"x\" at <lt>: wrong number of args for lt: want 2 got 1"),
        Case("{{ 2 | lt 1 }} {{ 1 | eq 1 }}", "true true"),
    ])
    func compares(_ c: Case) {
        #expect(render(c.template, c.data, missingKey: c.missingKey) == c.expected)
    }

    @Test func publicHelpers() throws {
        #expect(try goEqual(.int(1), .int64(1)))
        #expect(try !goEqual(.string("a"), .string("b")))
        #expect(throws: TemplateFunctionError.self) { try goEqual(.int(1), .float(1)) }
        #expect(try goLess(.string("a"), .string("b")))
        #expect(throws: TemplateFunctionError.self) { try goLess(.null, .int(1)) }
    }
}
