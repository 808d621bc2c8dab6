import OCI

/// `SHA256SUMS` in the format `sha256sum` writes and `sha256sum -c` checks: one `<hex>  <path>` line
/// per file, sorted by path.
enum Checksums {
    /// The file text for `entries` (path → digest).
    static func render(_ entries: [String: Digest]) -> [UInt8] {
        let lines = entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { "\(entries[$0]!.hex)  \($0)\n" }
        return Array(lines.joined().utf8)
    }

    /// Parses the file; returns the entries and a problem for every line that is not `<hex>  <path>`.
    static func parse(_ bytes: [UInt8]) -> (entries: [String: Digest], problems: [BundleProblem]) {
        var entries: [String: Digest] = [:]
        var problems: [BundleProblem] = []
        let text = String(decoding: bytes, as: UTF8.self)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let location = "\(BundlePaths.checksums):\(number + 1)"
            guard line.count > 66, let digest = try? Digest(hex: String(line.prefix(64))) else {
                problems.append(BundleProblem(entry: location, message: "expected \"<64 lowercase hex>  <path>\", found \"\(line.prefix(80))\""))
                continue
            }
            let separator = line.dropFirst(64).prefix(2)
            guard separator == "  " || separator == " *" else {
                problems.append(BundleProblem(entry: location, message: "expected two spaces after the hash"))
                continue
            }
            let path = String(line.dropFirst(66))
            if entries[path] != nil {
                problems.append(BundleProblem(entry: location, message: "\(path) is listed twice"))
            }
            entries[path] = digest
        }
        return (entries, problems)
    }
}

/// One thing wrong with a bundle, naming the entry (a path inside it, or `SHA256SUMS:LINE`).
public struct BundleProblem: Error, Codable, Equatable, Sendable, CustomStringConvertible {
    /// The entry, e.g. `blobs/sha256/4f2c…` or `manifests/release.yaml`.
    public var entry: String
    /// What is wrong.
    public var message: String

    public init(entry: String, message: String) {
        self.entry = entry
        self.message = message
    }

    public var description: String { "\(entry): \(message)" }
}
