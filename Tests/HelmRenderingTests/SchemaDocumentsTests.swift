import Foundation
import IntegrationSupport
import Testing
@testable import HelmChart
@testable import HelmRendering

/// A `python3 -m http.server` on 127.0.0.1 serving `files`, for the schema loader to fetch from;
/// stopped when released.
final class SchemaServer {
    let directory: URL
    let server: ProcessHandle
    let port = freeLoopbackPort()

    init(files: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        server = try ProcessHandle(
            executable: "/usr/bin/env",
            arguments: ["python3", "-u", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory.path],
            logFile: directory.appendingPathExtension("log"))
        guard waitUntil(timeout: 20, { server.log.contains("Serving HTTP") }) else {
            throw RenderError("python3 http.server did not start: \(server.log)")
        }
    }

    var base: String { "http://127.0.0.1:\(port)" }

    deinit {
        server.stop(grace: 2)
        try? FileManager.default.removeItem(at: directory)
        try? FileManager.default.removeItem(at: directory.appendingPathExtension("log"))
    }
}

@Suite(.serialized) struct SchemaDocumentsTests {
    /// A chart directory holding only `values.schema.json` and a template, loaded as a chart.
    func chart(schema: String) throws -> Chart {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-chart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("templates"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "apiVersion: v2\nname: remote\nversion: 0.1.0\n".write(to: dir.appendingPathComponent("Chart.yaml"), atomically: true, encoding: .utf8)
        try schema.write(to: dir.appendingPathComponent("values.schema.json"), atomically: true, encoding: .utf8)
        return try ChartLoader.load(path: dir.path)
    }

    @Test func validatesAgainstFetchedDocumentsAndTheirRelativeReferences() throws {
        // definitions.json refers to ports.json relative to its own URL, and to itself by fragment.
        let server = try SchemaServer(files: [
            "definitions.json": ##"{"definitions": {"service": {"type": "object", "properties": {"port": {"$ref": "ports.json#/port"}, "name": {"$ref": "#/definitions/name"}}}, "name": {"type": "string", "maxLength": 5}}}"##,
            "ports.json": ##"{"port": {"type": "integer", "maximum": 65535}}"##,
        ])
        let chart = try chart(schema: ##"{"properties": {"svc": {"$ref": "\##(server.base)/definitions.json#/definitions/service"}}}"##)
        let good = GoMap(["svc": .map(["port": .float(8080), "name": .string("web")])])
        #expect(try SchemaValidation.validate(chart: chart, values: good) == nil)
        let bad = GoMap(["svc": .map(["port": .float(70000), "name": .string("toolong")])])
        let problems = try #require(try SchemaValidation.validate(chart: chart, values: bad))
        #expect(problems.contains("- at '/svc/port': maximum: got 70,000, want 65,535\n"))
        #expect(problems.contains("- at '/svc/name': maxLength: got 7, want 5\n"))
    }

    @Test func aMissingDocumentFailsBeforeAnyValueIsChecked() throws {
        let server = try SchemaServer(files: [:])
        let url = "\(server.base)/absent.json"
        let chart = try chart(schema: ##"{"properties": {"unused": {"$ref": "\##(url)#/x"}}}"##)
        let problems = try SchemaValidation.validate(chart: chart, values: GoMap())
        #expect(problems == "remote:\nfailing loading \"\(url)\": HTTP request to \(url) returned status 404 (Not Found)")
    }

    @Test func documentsAreResolvedRelativeToTheirOwnURL() {
        #expect(SchemaDocuments.documentURL(of: "#/a", base: SchemaDocuments.rootURL) == nil)
        #expect(SchemaDocuments.documentURL(of: "b.json#/x", base: "https://h/s/a.json") == "https://h/s/b.json")
        #expect(SchemaDocuments.documentURL(of: "../c.json", base: "https://h/s/a.json") == "https://h/c.json")
        #expect(SchemaDocuments.documentURL(of: "defs.json#/x", base: SchemaDocuments.rootURL) == "file:///defs.json")
        #expect(SchemaDocuments.documentURL(of: "urn:x:y#/z", base: SchemaDocuments.rootURL) == "urn:x:y")
    }
}
