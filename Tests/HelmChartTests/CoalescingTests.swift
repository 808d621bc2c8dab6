import Testing
@testable import HelmChart

/// Builds a chart in memory (no YAML needed).
func makeChart(_ name: String, version: String = "0.1.0", values: [String: TemplateValue] = [:],
               dependencies: [ChartDependency]? = nil, subcharts: [Chart] = []) -> Chart {
    var md = ChartMetadata()
    md.name = name; md.version = version; md.apiVersion = "v2"; md.dependencies = dependencies
    let c = Chart(metadata: md, values: GoMap(values))
    c.addDependencies(subcharts)
    return c
}

func lookup(_ m: GoMap, _ path: String) -> TemplateValue? {
    var parts = path.split(separator: ".").map(String.init)
    let last = parts.removeLast()
    var cur = m
    for p in parts { guard case .map(let n)? = cur[p] else { return nil }; cur = n }
    return cur[last]
}

@Suite struct CoalescingTests {
    @Test func userValuesWinAndNullDeletes() {
        let chart = makeChart("app", values: ["a": .float(1), "b": .float(2), "n": .map(["x": .float(1), "y": .float(2)])])
        let user = GoMap(["a": .float(10), "b": .null, "n": .map(["y": .null])])
        let out = ValuesCoalescing.coalesceValues(chart: chart, values: user)
        guard case .float(10)? = out["a"] else { Issue.record("a"); return }
        #expect(out["b"] == nil)
        guard case .map(let n)? = out["n"] else { Issue.record("n"); return }
        #expect(n["y"] == nil)
        guard case .float(1)? = n["x"] else { Issue.record("n.x"); return }
    }

    @Test func subchartValuesAndGlobals() {
        let sub = makeChart("sub", values: ["port": .float(80), "global": .map(["g": .string("sub"), "s": .string("only")])])
        let parent = makeChart("app", values: ["global": .map(["g": .string("parent")]), "sub": .map(["port": .float(90)])], subcharts: [sub])
        let out = ValuesCoalescing.coalesceValues(chart: parent, values: GoMap())
        guard case .float(90)? = lookup(out, "sub.port") else { Issue.record("sub.port"); return }
        guard case .string("parent")? = lookup(out, "sub.global.g") else { Issue.record("global wins"); return }
        guard case .string("only")? = lookup(out, "sub.global.s") else { Issue.record("sub global kept"); return }
    }

    @Test func conditionsAndTagsDisableSubcharts() {
        var a = ChartDependency(name: "a"); a.version = "0.1.0"; a.condition = "a.enabled"
        var b = ChartDependency(name: "b"); b.version = "0.1.0"; b.tags = ["t"]
        var c = ChartDependency(name: "c"); c.version = "0.1.0"; c.alias = "cc"
        let parent = makeChart("app", values: ["a": .map(["enabled": .bool(false)]), "tags": .map(["t": .bool(false)])],
                               dependencies: [a, b, c], subcharts: [makeChart("a"), makeChart("b"), makeChart("c")])
        DependencyProcessing.process(parent, values: GoMap())
        #expect(parent.dependencies.map(\.name) == ["cc"])
        #expect(parent.dependencies[0].fullPath == "app/charts/cc")
    }

    @Test func importValuesBothForms() {
        var dep = ChartDependency(name: "child"); dep.version = "0.1.0"
        dep.importValues = [.string("data"), .map(["child": .string("net"), "parent": .string("imported")])]
        let child = makeChart("child", values: ["exports": .map(["data": .map(["k": .string("v")])]), "net": .map(["port": .float(1)])])
        let parent = makeChart("app", dependencies: [dep], subcharts: [child])
        DependencyProcessing.process(parent, values: GoMap())
        guard case .string("v")? = parent.values["k"] else { Issue.record("exports"); return }
        guard case .float(1)? = lookup(parent.values, "imported.port") else { Issue.record("child/parent"); return }
    }
}

@Suite struct VersionTests {
    @Test func constraints() {
        #expect(isCompatibleRange(">=1.20.0-0", "v1.36.0"))
        #expect(!isCompatibleRange(">=1.20.0", "1.19.9"))
        #expect(isCompatibleRange("^1.2.0", "1.9.0"))
        #expect(!isCompatibleRange("^1.2.0", "2.0.0"))
        #expect(isCompatibleRange("~1.2.0", "1.2.9"))
        #expect(!isCompatibleRange("~1.2.0", "1.3.0"))
        #expect(isCompatibleRange("1.x", "1.7.0"))
        #expect(isCompatibleRange("<1.0.0 || >=3.0.0", "3.1.0"))
        #expect(isCompatibleRange("1.0 - 2.0", "1.5.0"))
        #expect(!isCompatibleRange(">=1.0.0", "1.5.0-beta"))
        #expect(!isCompatibleRange("", "1.0.0"))
    }

    @Test func versions() {
        #expect(SemanticVersion("1.2") != nil)
        #expect(SemanticVersion("v1.2.3-rc.1+meta")?.prerelease == "rc.1")
        #expect(SemanticVersion("1.2.x") == nil)
    }
}

@Suite struct IgnoreTests {
    @Test func goPathMatchRules() {
        #expect(goPathMatch("*.yaml", "a.yaml") == true)
        #expect(goPathMatch("*.yaml", "dir/a.yaml") == false)
        #expect(goPathMatch("templates/?.yaml", "templates/a.yaml") == true)
        #expect(goPathMatch("[a-c]x", "bx") == true)
        #expect(goPathMatch("[^a-c]x", "bx") == false)
        #expect(goPathMatch("[", "x") == nil)
    }

    @Test func helmIgnore() throws {
        var rules = try HelmIgnoreRules(parsing: "# comment\nignored/\n*.bak\n/README.md\n")
        rules.addDefaults()
        #expect(rules.ignores("ignored", isDirectory: true))
        #expect(!rules.ignores("ignored", isDirectory: false))
        #expect(rules.ignores("config/old.bak", isDirectory: false))
        #expect(rules.ignores("README.md", isDirectory: false))
        #expect(!rules.ignores("docs/README.md", isDirectory: false))
        #expect(rules.ignores("templates/.hidden.yaml", isDirectory: false))
        #expect(throws: ChartError.self) { try HelmIgnoreRules(parsing: "**/x") }
    }
}

@Suite struct ArchiveTests {
    @Test func readsGzippedTar() throws {
        // "hello\n" in a one-file ustar archive, built by hand.
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, _ at: Int) { for (i, b) in s.utf8.enumerated() { header[at + i] = b } }
        put("chart/a.txt", 0); put("0000644", 100); put("00000000006", 124); put("0", 156); put("ustar", 257)
        put("        ", 148)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o", sum) + "\0 ", 148)
        var tar = header + Array("hello\n".utf8) + [UInt8](repeating: 0, count: 506) + [UInt8](repeating: 0, count: 1024)
        let entries = try readTar(tar)
        #expect(entries.count == 1)
        #expect(entries.first?.name == "chart/a.txt")
        #expect(entries.first.map { String(decoding: $0.data, as: UTF8.self) } == "hello\n")
        tar = []
        #expect(throws: ChartError.self) { try gunzip([1, 2, 3]) }
    }

    @Test func valuesDocumentsSplit() throws {
        let docs = try ValuesFile.documents("a: 1\n---\nb: 2\n--- # comment\nc: 3\n")
        #expect(docs == ["a: 1\n", "b: 2\n", "c: 3\n"])
        #expect(throws: ChartError.self) { try ValuesFile.documents("a: 1\n--- x\n") }
        // Documents are verbatim: no newline added at the end, CRLF and indentation kept, empty ones dropped.
        #expect(try ValuesFile.documents("a: 1") == ["a: 1"])
        #expect(try ValuesFile.documents("---\n---   \n  x: 1\r\n---\ny: é\n---") == ["  x: 1\r\n", "y: é\n"])
        #expect(try ValuesFile.documents("") == [])
        #expect(try ValuesFile.documents("a: '---'\n ---\n") == ["a: '---'\n ---\n"])
        do {
            _ = try ValuesFile.documents("a: 1\n---\tnot a comment\n")
            Issue.record("expected an error")
        } catch let error as ChartError {
            #expect("\(error)".hasSuffix("invalid Yaml document separator: not a comment"))
        }
    }
}
