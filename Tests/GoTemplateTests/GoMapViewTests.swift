import Testing
@testable import GoTemplate

/// A named map type for the tests: one method, `Size`, returning the entry count.
private struct SizedMap: GoNamedMapType {
    var name: String { "test.Sized" }
    func hasMethod(_ name: String) -> Bool { name == "Size" }
    func callMethod(_ name: String, on map: GoMap, arguments: [TemplateValue]) throws -> TemplateValue {
        if !arguments.isEmpty { throw TemplateFunctionError("wrong number of args for Size: want 0 got \(arguments.count)") }
        return .int(map.count)
    }
}

@Suite struct GoMapViewTests {
    @Test func viewsShareEntriesButNotTheirType() {
        let plain = GoMap(["a": .int(1)])
        let named = plain.viewed(as: SizedMap())
        #expect(named.goTypeName == "test.Sized")
        #expect(plain.goTypeName == "map[string]interface {}")
        named.set("b", .int(2))
        #expect(plain["b"] != nil)
        let back = named.viewed(as: nil)
        back.remove("a")
        #expect(named.count == 1 && plain.count == 1)
        #expect(!named.isPlainInterfaceMap && back.isPlainInterfaceMap)
    }

    @Test func copiesKeepTheTypeAndNilness() {
        let named = GoMap(["a": .int(1)]).viewed(as: SizedMap())
        let copy = named.copy { $0 }
        #expect(copy.goTypeName == "test.Sized")
        copy.set("z", .int(0))
        #expect(named["z"] == nil)
        #expect(GoMap.nilMap().copy { $0 }.isNil)
        #expect(GoMap.strings(["k": "v"]).copy { $0 }.goTypeName == "map[string]string")
    }

    @Test func methodsComeBeforeKeysOfTheSameName() {
        let data = GoMap(["Size": .string("a key"), "x": .int(1)]).viewed(as: SizedMap())
        #expect(render("{{ .Size }} {{ index . \"Size\" }} {{ printf \"%T\" . }}", .map(data)) == "2 a key test.Sized")
        #expect(render("{{ .Size 1 }}", .map(data)) == "ERROR: template: x:1:3: executing \"x\" at <.Size>: wrong number of args for Size: want 0 got 1")
        #expect(render("{{ .x }}", .map(data)) == "1")
    }
}
