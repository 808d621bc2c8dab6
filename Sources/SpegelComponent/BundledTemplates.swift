/// The `templates/` directory of this package, embedded in the binary at build time by the
/// `EmbedTemplates` build-tool plugin: the bundled chart (`spegel/…`) and the built-in operator
/// defaults (`operator-defaults.yaml`).
public enum BundledTemplates {
    /// Every embedded file, keyed by its path relative to `templates/` (e.g. `spegel/Chart.yaml`).
    public static let files: [String: [UInt8]] = embeddedTemplateFilesBase64.mapValues { encoded in
        guard let data = Data(base64Encoded: encoded) else {
            preconditionFailure("EmbedTemplatesTool wrote invalid base64")
        }
        return [UInt8](data)
    }

    /// The directory name of the bundled chart inside `templates/`.
    public static let chartDirectory = "spegel"

    /// The files of the bundled chart, keyed by path relative to the chart directory
    /// (`Chart.yaml`, `values.yaml`, `templates/daemonset.yaml`, …).
    public static var chartFiles: [String: [UInt8]] {
        let prefix = chartDirectory + "/"
        var chart: [String: [UInt8]] = [:]
        for (path, bytes) in files where path.hasPrefix(prefix) {
            chart[String(path.dropFirst(prefix.count))] = bytes
        }
        return chart
    }

    /// The file name of the built-in operator defaults inside `templates/`.
    public static let operatorDefaultsFileName = "operator-defaults.yaml"

    /// The built-in operator defaults (the lowest-precedence operator values).
    public static var operatorDefaults: String {
        String(decoding: files[operatorDefaultsFileName] ?? [], as: UTF8.self)
    }

    /// Writes the bundled chart into `directory` (created when missing), e.g. to hand it to Helm.
    public static func writeChart(to directory: URL) throws {
        for (path, bytes) in chartFiles {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        }
    }
}
