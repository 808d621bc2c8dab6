import Testing
@testable import HelmRendering

/// End-to-end: charts from the differential corpus rendered through the whole `helm template` pipeline.
@Suite struct HelmTemplateTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("charts").path

    func render(_ chart: String, values: GoMap = GoMap(), configure: (inout HelmTemplateOptions) -> Void = { _ in }) throws -> String {
        var options = HelmTemplateOptions()
        configure(&options)
        let loaded = try ChartLoader.load(path: Self.corpus + "/" + chart)
        return try HelmTemplate.run(chart: loaded, values: values, options: options).stdout
    }

    /// `--set n=5` gives an int64, which Go's reflect does not assign to an `int` parameter.
    @Test func int64FromSetDoesNotFitAnIntParameter() throws {
        let values = GoMap(["kind": .string("int64-value-for-int"), "setInteger": .int64(5)])
        #expect(throws: (any Error).self) { try render("argument-type-errors", values: values) }
        do { _ = try render("argument-type-errors", values: values) } catch {
            #expect("\(error)".hasPrefix("""
                argument-type-errors/templates/cm.yaml:57:21
                  executing "argument-type-errors/templates/cm.yaml" at <.Values.setInteger>:
                    wrong type for value; expected int; got int64
                """))
        }
        let fits = GoMap(["kind": .string("none")])
        #expect(try render("argument-type-errors", values: fits).contains("truncFloatConstant: \"abcde\""))
    }

    @Test func framesAndSortsDocuments() throws {
        let out = try render("basic-app")
        #expect(out.hasPrefix("---\n# Source: basic-app/templates/service.yaml\napiVersion: v1\nkind: Service\n"))
        #expect(out.contains("---\n# Source: basic-app/templates/deployment.yaml\n"))
        #expect(!out.contains("NOTES"))
        #expect(out.contains("  replicas: 2\n"))
    }

    @Test func subchartAliasesAndConditions() throws {
        let out = try render("subchart-alias")
        #expect(out.contains("# Source: subchart-alias/charts/worker-a/templates/deploy.yaml"))
        #expect(out.contains("name: release-name-worker-b"))
        let cond = try render("subchart-condition", values: GoMap(["db": .map(["enabled": .bool(false)])]))
        #expect(!cond.contains("charts/db/"))
        #expect(!cond.contains("charts/cache/"))
    }

    @Test func hooksAfterManifestsAndSkipTests() throws {
        let out = try render("hooks-and-tests")
        let svc = try #require(out.range(of: "# Source: hooks-and-tests/templates/svc.yaml"))
        let hook = try #require(out.range(of: "name: pre-install-job"))
        #expect(svc.lowerBound < hook.lowerBound)
        #expect(!out.contains("unknown-hook"))
        let skipped = try render("hooks-and-tests") { $0.skipTests = true }
        #expect(!skipped.contains("release-name-test"))
        let none = try render("hooks-and-tests") { $0.disableHooks = true }
        #expect(!none.contains("pre-install-job"))
    }

    @Test func schemaFailureHasHelmShape() throws {
        #expect(throws: RenderError.self) { try render("schema-validation", values: GoMap(["replicas": .int64(11)])) }
        do { _ = try render("schema-validation", values: GoMap(["replicas": .int64(11)])) } catch {
            #expect("\(error)" == "values don't meet the specifications of the schema(s) in the following chart(s):\nschema-validation:\n- at '/replicas': maximum: got 11, want 10\n")
        }
    }

    @Test func requiredFailsWithExecutionError() throws {
        do { _ = try render("required-fail"); Issue.record("expected failure") } catch {
            #expect("\(error)".hasPrefix("execution error at (required-fail/templates/cm.yaml:9:11): db.host is required!"))
        }
    }

    @Test func includeCRDsAndShowOnly() throws {
        let out = try render("crds-chart") { $0.includeCRDs = true }
        #expect(out.hasPrefix("---\n# Source: crds-chart/crds/gadgets.json\n"))
        #expect(out.contains("# Source: crds-chart/charts/operator/crds/things.yml"))
        let only = try render("sorting-order") { $0.showOnly = ["templates/a-secret.yaml"] }
        #expect(only == "---\n# Source: sorting-order/templates/a-secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: secret\n")
    }
}
