import Testing
@testable import HelmRendering

/// A tiny head decoder for tests: reads `kind:` and one-line `helm.sh/hook:` annotations.
func testHead(_ doc: String) throws -> TemplateValue {
    var kind: TemplateValue = .null
    var annotations: [String: TemplateValue] = [:]
    for line in doc.split(separator: "\n") {
        if line.hasPrefix("kind: ") { kind = .string(String(line.dropFirst(6))) }
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("helm.sh/hook: ") { annotations["helm.sh/hook"] = .string(String(t.dropFirst(14))) }
    }
    return .map(["kind": kind, "metadata": .map(["annotations": .map(annotations)])])
}

@Suite struct ManifestSortingTests {
    @Test func splitsLikeHelm() {
        #expect(ManifestSorting.split("a: 1\n---\nb: 2\n") == ["a: 1", "b: 2\n"])
        #expect(ManifestSorting.split("---\na: 1\n  \n---   \n\n---\nb: 2") == ["a: 1", "---\nb: 2"])
        #expect(ManifestSorting.split("   \n") == [])
        #expect(ManifestSorting.split("# only a comment\n") == ["# only a comment\n"])
        #expect(ManifestSorting.split("a: x---y\n") == ["a: x---y\n"])
    }

    @Test func sortsByInstallOrderAndSeparatesHooks() throws {
        let files = [
            "c/templates/b.yaml": "kind: Deployment\n---\nkind: Namespace\n---\nkind: Zebra\n---\nkind: Aardvark\n",
            "c/templates/a.yaml": "kind: Service\n---\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n",
            "c/templates/_p.tpl": "kind: Secret\n",
            "c/templates/u.yaml": "kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: unknown\n",
        ]
        let (hooks, manifests) = try ManifestSorting.sort(files, decode: testHead)
        #expect(manifests.map(\.kind) == ["Namespace", "Service", "Deployment", "Aardvark", "Zebra"])
        #expect(hooks.map(\.kind) == ["Job"])
        #expect(hooks.first?.hookEvents == ["pre-install"])
    }

    @Test func parseAndExecErrorsAreReformatted() {
        #expect(ChartRenderer.cleanupParseError("c/templates/a.yaml", "template: c/templates/a.yaml:5: unclosed action")
                == "parse error at (c/templates/a.yaml:5): unclosed action")
        #expect(ChartRenderer.reformatExecError("x", "template: c/t.yaml:2:4: executing \"c/t.yaml\" at <fail \"m\">: error calling fail: HELM_ERR_STARTboomHELM_ERR_END")
                == "execution error at (c/t.yaml:2:4): boom")
        #expect(ChartRenderer.reformatExecError("x", "template: c/t.yaml:7:15: executing \"c/t.yaml\" at <.Values.a.b>: nil pointer evaluating interface {}.b")
                == "c/t.yaml:7:15\n  executing \"c/t.yaml\" at <.Values.a.b>:\n    nil pointer evaluating interface {}.b")
        let raw = "template: c/t.yaml:9:8: executing \"c/t.yaml\" at <index .Values.obj 3>: error calling index: value has type int; should be string"
        #expect(ChartRenderer.reformatExecError("x", raw) == raw)
    }

    @Test func templatesParseDeepestFirst() {
        let sorted = ChartRenderer.sortTemplates(["c/templates/a.yaml", "c/charts/s/templates/x.yaml", "c/templates/_h.tpl", "c/templates/z.yaml"])
        #expect(sorted == ["c/charts/s/templates/x.yaml", "c/templates/z.yaml", "c/templates/a.yaml", "c/templates/_h.tpl"])
    }

    /// A partial is a file whose last path component starts with `_` (Helm skips rendering it).
    @Test(arguments: [("c/templates/_helpers.tpl", true), ("c/templates/a.yaml", false), ("_c/templates/a.yaml", false),
                      ("c/templates/_sub/", true), ("_x", true), ("", false), ("/", false), ("c/templates/", false)])
    func partialsAreNamedByTheirLastComponent(_ path: String, _ partial: Bool) {
        #expect(ChartRenderer.isPartial(path) == partial)
    }

    @Test func filesObjectMethods() throws {
        let files = FilesObject(files: ["config/a.txt": Array("x\ny\n".utf8), "config/b.yaml": Array("k: v".utf8), "other.txt": []])
        guard case .strings(let lines)? = try files.callMethod("Lines", arguments: [.string("config/a.txt")]) else { Issue.record("Lines"); return }
        #expect(lines == ["x", "y"])
        guard case .object(let globbed as FilesObject)? = try files.callMethod("Glob", arguments: [.string("config/*")]) else { Issue.record("Glob"); return }
        #expect(globbed.files.keys.sorted() == ["config/a.txt", "config/b.yaml"])
        guard case .string("")? = try files.callMethod("Get", arguments: [.string("missing")]) else { Issue.record("Get"); return }
    }

    @Test func kubeVersionParsing() {
        let kv = KubeVersionObject(parsing: "1.31.2-gke.100")
        #expect(kv?.version == "v1.31.2-gke.100")
        #expect(kv?.normalized == "v1.31.2")
        #expect(kv?.minor == "31")
        #expect(KubeVersionObject(parsing: "banana") == nil)
    }
}
