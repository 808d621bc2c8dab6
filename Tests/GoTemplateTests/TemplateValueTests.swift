import Testing
@testable import GoTemplate

@Suite struct TemplateValueTests {
    @Test func truthFollowsGo() {
        #expect(!TemplateValue.null.isTruthy)
        #expect(!TemplateValue.string("").isTruthy)
        #expect(TemplateValue.string("x").isTruthy)
        #expect(!TemplateValue.float(0).isTruthy)
        #expect(!TemplateValue.map([:]).isTruthy)
        #expect(TemplateValue.list([.null]).isTruthy)
    }

    @Test func typeNamesFollowGo() {
        #expect(TemplateValue.list([]).goTypeName == "[]interface {}")
        #expect(TemplateValue.strings([]).goTypeName == "[]string")
        #expect(TemplateValue.map([:]).goTypeName == "map[string]interface {}")
        #expect(TemplateValue.null.goKind == "invalid")
    }
}
