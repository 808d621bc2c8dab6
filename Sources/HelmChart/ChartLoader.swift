/// Loads charts from directories and `.tgz` archives as Helm v4's `loader.Load` does.
public enum ChartLoader {
    /// Loads the chart at `path`: a directory or a gzipped tar archive.
    public static func load(path: String) throws -> Chart {
        guard let kind = LocalFiles.kind(of: path) else {
            throw ChartError("path \(goQuote(path)) not found")
        }
        if kind == .directory { return try loadDirectory(path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw ChartError("open \(path): permission denied") }
        let bytes = [UInt8](data)
        if !(bytes.count >= 3 && bytes[0] == 0x1F && bytes[1] == 0x8B && bytes[2] == 0x08) {
            if path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
                throw ChartError("file '\(path)' seems to be a YAML file, but expected a gzipped archive")
            }
            throw ChartError("file '\(path)' does not appear to be a gzipped archive; got 'application/octet-stream'")
        }
        return try loadArchive(bytes)
    }

    /// Loads a chart directory, honouring its `.helmignore` and the default rule `templates/.?*`.
    public static func loadDirectory(_ path: String) throws -> Chart {
        let top = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var rules = HelmIgnoreRules()
        let ignorePath = top + "/.helmignore"
        if LocalFiles.kind(of: ignorePath) != nil {
            let text = LocalFiles.contents(of: ignorePath).flatMap { String(validating: $0, as: UTF8.self) } ?? ""
            rules = try HelmIgnoreRules(parsing: text)
        }
        rules.addDefaults()
        var files: [ChartFile] = []
        if LocalFiles.isLink(top) { try followLink(top) }
        try walk(top, relative: "", rules: rules, into: &files)
        return try loadFiles(files)
    }

    private static func walk(_ absolute: String, relative: String, rules: HelmIgnoreRules, into files: inout [ChartFile]) throws {
        let directory = try LocalFiles.Directory(path: absolute)
        let entries = directory.entries().sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for entry in entries {
            let name = entry.name
            let abs = absolute + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            // Helm's sympath.Walk evaluates every link before .helmignore rules run: one that cannot
            // be followed stops loading, ignored or not; one that can is reported on stderr.
            if entry.isLink { try followLink(abs) }
            guard let kind = entry.kind ?? directory.kind(of: name) else { continue }
            if kind == .directory {
                if rules.ignores(rel, isDirectory: true) { continue }
                try walk(abs, relative: rel, rules: rules, into: &files)
                continue
            }
            if rules.ignores(rel, isDirectory: false) { continue }
            guard let data = directory.contents(of: name) else { throw ChartError("error reading \(rel): permission denied") }
            if data.count > 5 * 1024 * 1024 {
                throw ChartError("chart file \(goQuote(name)) is larger than the maximum file size 5242880")
            }
            files.append(ChartFile(name: rel, data: stripBOM(data)))
        }
    }

    /// Follows the symbolic link at `path` as Helm's `sympath.Walk` does: `error evaluating symlink
    /// PATH: REASON` when it cannot be followed, otherwise `INFO found symbolic link in path. …` with
    /// both absolute paths through `HelmLog`.
    private static func followLink(_ path: String) throws {
        let absolute = LocalFiles.absolutePath(path)
        switch LocalFiles.evaluateSymlinks(absolute) {
        case .failure(let failure):
            throw ChartError("error evaluating symlink \(absolute): \(failure.reason)")
        case .success(let resolved):
            HelmLog.info("found symbolic link in path. Contents of linked file included and used", ("path", absolute), ("resolved", resolved))
        }
    }

    /// Loads a chart from the bytes of a `.tgz` archive (files under one top-level directory).
    public static func loadArchive(_ bytes: [UInt8]) throws -> Chart {
        let tar = try gunzip(bytes)
        var files: [ChartFile] = []
        for entry in try readTar(tar) {
            let delimiter: Character = entry.name.contains("\\") ? "\\" : "/"
            let parts = entry.name.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            var n = parts.dropFirst().joined(separator: "/")
            if n.hasPrefix("/") { throw ChartError("chart illegally contains absolute paths") }
            n = cleanPath(n)
            if n == "." { throw ChartError("chart illegally contains content outside the base directory: \(goQuote(entry.name))") }
            if n.hasPrefix("..") { throw ChartError("chart illegally references parent directory") }
            if parts[0] == "Chart.yaml" { throw ChartError("chart yaml not in base directory") }
            files.append(ChartFile(name: n, data: stripBOM(entry.data)))
        }
        if files.isEmpty { throw ChartError("no files in chart archive") }
        return try loadFiles(files)
    }

    /// Builds a chart from its files (Helm's `LoadFiles`).
    public static func loadFiles(_ files: [ChartFile]) throws -> Chart {
        var metadata: ChartMetadata? = nil
        for f in files where f.name == "Chart.yaml" {
            var md = metadata ?? ChartMetadata()
            let doc: TemplateValue
            do { doc = try decodeYAML(f.text, fileName: "Chart.yaml", as: ChartMetadata.goType) } catch { throw ChartError("cannot load Chart.yaml: \(error)") }
            try md.apply(doc, file: "Chart.yaml")
            if md.apiVersion.isEmpty { md.apiVersion = "v1" }
            metadata = md
        }
        let chart = Chart(metadata: metadata ?? ChartMetadata())
        var subcharts: [String: [ChartFile]] = [:]
        var subchartOrder: [String] = []
        for f in files {
            switch f.name {
            case "Chart.yaml", "Chart.lock", "requirements.lock":
                if f.name == "requirements.lock" && metadata?.apiVersion == "v1" { chart.files.append(f) }
                continue
            case "values.yaml":
                do { chart.values = try ValuesFile.load(f.text, fileName: "values.yaml") }
                catch { throw ChartError("cannot load values.yaml: \(error)") }
            case "values.schema.json":
                chart.schema = f.data
            case "requirements.yaml":
                var md = metadata ?? ChartMetadata()
                let doc: TemplateValue
                do { doc = try decodeYAML(f.text, fileName: "requirements.yaml", as: ChartMetadata.goType) } catch { throw ChartError("cannot load requirements.yaml: \(error)") }
                try md.apply(doc, file: "requirements.yaml")
                metadata = md
                chart.metadata = md
                if md.apiVersion == "v1" { chart.files.append(f) }
            default:
                if f.name.hasPrefix("templates/") {
                    chart.templates.append(f)
                } else if f.name.hasPrefix("charts/") {
                    if f.name.hasSuffix(".prov") { chart.files.append(f); continue }
                    let rest = String(f.name.dropFirst("charts/".count))
                    let cname = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? rest
                    if subcharts[cname] == nil { subchartOrder.append(cname) }
                    subcharts[cname, default: []].append(ChartFile(name: rest, data: f.data))
                } else {
                    chart.files.append(f)
                }
            }
        }
        guard var md = metadata else { throw ChartError("Chart.yaml file is missing") }
        try md.validate()
        chart.metadata = md
        for n in subchartOrder {
            let subFiles = subcharts[n]!
            if n.hasPrefix("_") || n.hasPrefix(".") { continue }
            let sub: Chart
            do {
                if n.hasSuffix(".tgz") {
                    let file = subFiles[0]
                    if file.name != n {
                        throw ChartError("error unpacking subchart tar in \(chart.name): expected \(n), got \(file.name)")
                    }
                    sub = try loadArchive(file.data)
                } else {
                    var buffered: [ChartFile] = []
                    for f in subFiles {
                        let parts = f.name.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                        if parts.count < 2 { continue }
                        buffered.append(ChartFile(name: String(parts[1]), data: f.data))
                    }
                    sub = try loadFiles(buffered)
                }
            } catch let e as ChartError where e.description.hasPrefix("error unpacking subchart tar") {
                throw e
            } catch {
                throw ChartError("error unpacking subchart \(n) in \(chart.name): \(error)")
            }
            chart.addDependencies([sub])
        }
        return chart
    }
}

func stripBOM(_ data: [UInt8]) -> [UInt8] {
    if data.count >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF { return Array(data[3...]) }
    return data
}

/// Go's `path.Clean`.
func cleanPath(_ p: String) -> String {
    if p.isEmpty { return "." }
    let rooted = p.hasPrefix("/")
    var out: [Substring] = []
    for part in p.split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == ".." {
            if let last = out.last, last != ".." { out.removeLast() }
            else if !rooted { out.append(part) }
            continue
        }
        out.append(part)
    }
    let joined = out.joined(separator: "/")
    if rooted { return "/" + joined }
    return joined.isEmpty ? "." : joined
}
