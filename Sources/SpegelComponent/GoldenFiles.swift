/// Golden files: `golden/<scenario>/values.yaml` (operator values) → `release.yaml` and `operator.yaml`.
public struct GoldenFiles {
    /// The directory holding one subdirectory per scenario.
    public var root: URL
    /// Renders one scenario's values file (name, text) into its outputs.
    public var render: (OperatorValuesFile) throws -> RenderedComponent

    /// The outputs each scenario has, besides `values.yaml`.
    public static let outputNames = ["release.yaml", "operator.yaml"]

    public init(root: URL, render: @escaping (OperatorValuesFile) throws -> RenderedComponent) {
        self.root = root
        self.render = render
    }

    /// The scenario directories (those with a `values.yaml`), sorted by name.
    public func scenarios() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("values.yaml").path) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// What each output file of `scenario` should contain.
    public func expectedOutputs(of scenario: URL) throws -> [String: String] {
        let valuesURL = scenario.appendingPathComponent("values.yaml")
        let text = try String(contentsOf: valuesURL, encoding: .utf8)
        let rendered = try render(OperatorValuesFile(name: relativeName(valuesURL), text: text))
        return ["release.yaml": rendered.release, "operator.yaml": rendered.operatorManifests]
    }

    /// A unified diff for every output that differs from what the renderer produces now.
    public func check() throws -> [String] {
        var diffs: [String] = []
        for scenario in try scenarios() {
            for (name, expected) in try expectedOutputs(of: scenario).sorted(by: { $0.key < $1.key }) {
                let url = scenario.appendingPathComponent(name)
                let actual = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
                let exists = FileManager.default.fileExists(atPath: url.path)
                if let diff = unifiedDiff(from: actual, to: expected,
                                          oldName: relativeName(url) + (exists ? "" : " (missing)"),
                                          newName: relativeName(url) + " (rendered)") {
                    diffs.append(diff)
                } else if !exists {
                    diffs.append("--- \(relativeName(url)) (missing)\n")
                }
            }
        }
        return diffs
    }

    /// Rewrites every output that changed (each file atomically); returns the paths written.
    @discardableResult
    public func update() throws -> [String] {
        var written: [String] = []
        for scenario in try scenarios() {
            for (name, expected) in try expectedOutputs(of: scenario).sorted(by: { $0.key < $1.key }) {
                let url = scenario.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path),
                   (try? String(contentsOf: url, encoding: .utf8)) == expected { continue }
                try Data(expected.utf8).write(to: url, options: .atomic)
                written.append(relativeName(url))
            }
        }
        return written
    }

    private func relativeName(_ url: URL) -> String {
        let base = root.deletingLastPathComponent().standardizedFileURL.path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }
}
