import Testing
@testable import HelmChart

@Suite struct StrvalsTests {
    func parse(_ s: String, _ mode: StrvalsParser.Mode = .typed) throws -> GoMap {
        let m = GoMap()
        try StrvalsParser.parse(s, into: m, mode: mode)
        return m
    }

    @Test func nestedKeysAndTypes() throws {
        let m = try parse("a.b=c,n=10,t=true,z=0,lead=012,nul=null")
        guard case .map(let a)? = m["a"], case .string("c")? = a["b"] else { Issue.record("a.b"); return }
        guard case .int64(10)? = m["n"] else { Issue.record("n"); return }
        guard case .bool(true)? = m["t"] else { Issue.record("t"); return }
        guard case .int64(0)? = m["z"] else { Issue.record("z"); return }
        guard case .string("012")? = m["lead"] else { Issue.record("lead"); return }
        guard case .null? = m["nul"] else { Issue.record("nul"); return }
    }

    @Test func listsIndexesAndEscapes() throws {
        let m = try parse("l={x,y},i[1].b=2,e=a\\,b,d\\.k=v")
        guard case .list(let l)? = m["l"], l.count == 2 else { Issue.record("l"); return }
        guard case .list(let i)? = m["i"], i.count == 2, case .null = i[0], case .map(let b) = i[1], case .int64(2)? = b["b"] else { Issue.record("i"); return }
        guard case .string("a,b")? = m["e"] else { Issue.record("e"); return }
        guard case .string("v")? = m["d.k"] else { Issue.record("d.k"); return }
    }

    @Test func stringModeAndJSON() throws {
        let s = try parse("n=10", .string)
        guard case .string("10")? = s["n"] else { Issue.record("string"); return }
        let j = try parse("o={\"a\":[1,2]},p=3", .json)
        guard case .map(let o)? = j["o"], case .list(let a)? = o["a"], a.count == 2 else { Issue.record("json"); return }
        guard case .float(3)? = j["p"] else { Issue.record("json p"); return }
    }

    @Test func errors() {
        #expect(throws: ChartError.self) { try parse("a") }
        #expect(throws: ChartError.self) { try parse("a.=1") }
    }
}
