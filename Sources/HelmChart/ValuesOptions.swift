/// Values given on the command line, merged as Helm's `values.Options.MergeValues`: files, then
/// `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal` (each kind in its own order).
public struct ValuesOptions: Sendable {
    public var valueFiles: [String]
    public var jsonValues: [String]
    public var values: [String]
    public var stringValues: [String]
    public var fileValues: [String]
    public var literalValues: [String]

    public init(valueFiles: [String] = [], jsonValues: [String] = [], values: [String] = [],
                stringValues: [String] = [], fileValues: [String] = [], literalValues: [String] = []) {
        self.valueFiles = valueFiles; self.jsonValues = jsonValues; self.values = values
        self.stringValues = stringValues; self.fileValues = fileValues; self.literalValues = literalValues
    }

    static func readFile(_ path: String) throws -> String {
        if path == "-" {
            return GoBytes.string(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ChartError("open \(path): no such file or directory")
        }
        return GoBytes.string(data)
    }

    /// The merged user values.
    public func merged() throws -> GoMap {
        var base = GoMap()
        for path in valueFiles {
            let text = try Self.readFile(path)
            do { base = ValuesFile.mergeMaps(base, try ValuesFile.load(text, fileName: path)) }
            catch { throw ChartError("failed to parse \(path): \(error)") }
        }
        for value in jsonValues {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("{") {
                var scanner = JSONValueScanner(Array(trimmed.utf8))
                guard case .map(let m)? = try? scanner.parseValue() else {
                    throw ChartError("failed parsing --set-json data JSON: \(value)")
                }
                base = ValuesFile.mergeMaps(base, m)
            } else {
                do { try StrvalsParser.parse(value, into: base, mode: .json) }
                catch { throw ChartError("failed parsing --set-json data \(value)") }
            }
        }
        for value in values {
            do { try StrvalsParser.parse(value, into: base, mode: .typed) }
            catch { throw ChartError("failed parsing --set data: \(error)") }
        }
        for value in stringValues {
            do { try StrvalsParser.parse(value, into: base, mode: .string) }
            catch { throw ChartError("failed parsing --set-string data: \(error)") }
        }
        for value in fileValues {
            do { try StrvalsParser.parse(value, into: base, mode: .file({ .string(try Self.readFile($0)) })) }
            catch { throw ChartError("failed parsing --set-file data: \(error)") }
        }
        for value in literalValues {
            guard let eq = value.firstIndex(of: "=") else { throw ChartError("failed parsing --set-literal data: key \"\(value)\" has no value") }
            let key = String(value[..<eq]), val = String(value[value.index(after: eq)...])
            var path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let last = path.removeLast()
            var current = base
            for p in path {
                if case .map(let m)? = current[p] { current = m } else { let m = GoMap(); current.set(p, .map(m)); current = m }
            }
            current.set(last, .string(val))
        }
        return base
    }
}
