import Foundation
import Synchronization
import Testing
@testable import HelmChart

/// Collects what `HelmLog` is given while `body` runs, keeping only messages that mention `marker`
/// (other tests coalescing values in parallel may log too).
private func messages(mentioning marker: String, during body: () -> Void) -> [String] {
    let seen = Mutex<[String]>([])
    HelmLog.setHandler { message in seen.withLock { $0.append(message) } }
    body()
    HelmLog.setHandler(nil)
    return seen.withLock { $0 }.filter { $0.contains(marker) }
}

@Suite(.serialized) struct HelmLogTests {
    @Test func userTableOverDefaultScalarIsNotATable() {
        let chart = makeChart("app", values: ["logMarkerTop": .string("flat")])
        let user = GoMap(["logMarkerTop": .map(["x": .float(1)])])
        let logged = messages(mentioning: "logMarkerTop") {
            _ = ValuesCoalescing.coalesceValues(chart: chart, values: user)
        }
        #expect(logged == ["warning: skipped value for app.logMarkerTop: Not a table."])
    }

    @Test func nestedConflictsNameTheFullKeyAndTheDefault() {
        let chart = makeChart("app", values: ["logMarkerN": .map([
            "table": .map(["x": .float(1)]), "scalar": .string("flat"),
        ])])
        let user = GoMap(["logMarkerN": .map(["table": .string("v"), "scalar": .map(["y": .float(2)])])])
        var out = GoMap()
        let logged = messages(mentioning: "logMarkerN") {
            out = ValuesCoalescing.coalesceValues(chart: chart, values: user)
        }
        #expect(logged.sorted() == [
            "warning: cannot overwrite table with non table for app.logMarkerN.table (map[x:1])",
            "warning: destination for app.logMarkerN.scalar is a table. Ignoring non-table value (flat)",
        ])
        // The user's values stand on both keys.
        guard case .string("v")? = lookup(out, "logMarkerN.table") else { Issue.record("table"); return }
        guard case .map? = lookup(out, "logMarkerN.scalar") else { Issue.record("scalar"); return }
    }

    @Test func nothingIsWrittenWithoutAHandler() {
        HelmLog.setHandler(nil)
        // No handler: coalescing a conflict must neither crash nor buffer messages for a later handler.
        let chart = makeChart("app", values: ["logMarkerQuiet": .map(["x": .float(1)])])
        _ = ValuesCoalescing.coalesceValues(chart: chart, values: GoMap(["logMarkerQuiet": .string("v")]))
        let logged = messages(mentioning: "logMarkerQuiet") {}
        #expect(logged.isEmpty)
    }

    @Test func slogAttributesAreQuotedAsGoDoes() {
        let logged = messages(mentioning: "logMarkerWarn") {
            HelmLog.warn("returned non-bool value", ("path", "logMarkerWarn.enabled"), ("chart", "a b"))
        }
        #expect(logged == ["WARN returned non-bool value path=logMarkerWarn.enabled chart=\"a b\""])
    }

    @Test func stampIsGoLogFormat() {
        let line = HelmLog.stamped("hello", at: Date(timeIntervalSince1970: 0))
        let pattern = #/^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} hello\n$/#
        #expect(line.wholeMatch(of: pattern) != nil, "got \(line)")
    }

    @Test func loadingReportsEachLinkWithAbsolutePaths() throws {
        let root = try SymlinkTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/templates", withIntermediateDirectories: true)
        try "apiVersion: v2\nname: linked\nversion: 1.0.0\n".write(toFile: root + "/Chart.yaml", atomically: true, encoding: .utf8)
        try "real\n".write(toFile: root + "/real.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/alias.txt", withDestinationPath: "real.txt")
        var loaded: Chart?
        let logged = messages(mentioning: root) { loaded = try? ChartLoader.loadDirectory(root) }
        let chart = try #require(loaded)
        #expect(chart.files.first { $0.name == "alias.txt" }.map { String(decoding: $0.data, as: UTF8.self) } == "real\n")
        #expect(logged == [
            "INFO found symbolic link in path. Contents of linked file included and used path=\(root)/alias.txt resolved=\(root)/real.txt",
        ])
    }
}
