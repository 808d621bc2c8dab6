import OCI

/// The checks of `bundle verify`, over one ``BundleScan``:
/// - the archive reads to its end; paths are relative, unique, regular files or directories;
/// - `SHA256SUMS` lists every other file, every listed file exists, and every hash matches;
/// - every blob's content hashes to its file name;
/// - `oci-layout`, `index.json` and `bundle.json` parse; every image of `bundle.json` is in `index.json`
///   under its source reference with its digest; everything each image references is present with the
///   size its manifest says.
public enum BundleVerifier {
    /// Every problem found; empty when the bundle is intact.
    public static func problems(in scan: BundleScan) -> [BundleProblem] {
        var problems: [BundleProblem] = []
        if let failure = scan.readFailure {
            guard !scan.entries.isEmpty else {
                return [BundleProblem(entry: failure.entry, message: "not a bundle: \(failure.message)")]
            }
            problems.append(failure)
        }
        for path in scan.duplicatePaths { problems.append(BundleProblem(entry: path, message: "appears more than once in the archive")) }
        for path in scan.otherEntries { problems.append(BundleProblem(entry: path, message: "is neither a regular file nor a directory")) }
        for entry in scan.entries where entry.path.hasPrefix("/") || entry.path.split(separator: "/").contains("..") {
            problems.append(BundleProblem(entry: entry.path, message: "is not a relative path inside the bundle"))
        }
        problems += checksumProblems(scan)
        problems += blobProblems(scan)
        // A file already reported as missing from SHA256SUMS's list is not reported twice.
        let reported = Set(problems.map(\.entry))
        problems += layoutProblems(scan).filter { !($0.message == "missing" && reported.contains($0.entry)) }
        return problems
    }

    static func checksumProblems(_ scan: BundleScan) -> [BundleProblem] {
        guard let text = scan.smallFiles[BundlePaths.checksums] else {
            return [BundleProblem(entry: BundlePaths.checksums, message: "missing; a bundle lists the hash of every file in it")]
        }
        var (listed, problems) = Checksums.parse(text)
        let files = scan.files
        for path in files.keys.sorted() where path != BundlePaths.checksums {
            let entry = files[path]!
            guard let expected = listed.removeValue(forKey: path) else {
                problems.append(BundleProblem(entry: path, message: "is not listed in \(BundlePaths.checksums)"))
                continue
            }
            if let actual = entry.digest, actual != expected {
                problems.append(BundleProblem(entry: path, message: "content hashes to \(actual.hex), \(BundlePaths.checksums) says \(expected.hex)"))
            }
        }
        for path in listed.keys.sorted() {
            problems.append(BundleProblem(entry: path, message: "listed in \(BundlePaths.checksums) but missing from the bundle"))
        }
        return problems
    }

    static func blobProblems(_ scan: BundleScan) -> [BundleProblem] {
        var problems: [BundleProblem] = []
        for entry in scan.entries where !entry.isDirectory && entry.path.hasPrefix(BundlePaths.blobDirectory + "/") {
            let name = String(entry.path.dropFirst(BundlePaths.blobDirectory.count + 1))
            guard let expected = try? Digest(hex: name) else {
                problems.append(BundleProblem(entry: entry.path, message: "the file name is not a sha256 digest (64 lowercase hex characters)"))
                continue
            }
            if let actual = entry.digest, actual != expected {
                problems.append(BundleProblem(entry: entry.path, message: "content has digest \(actual), expected \(expected) (its name)"))
            }
        }
        return problems
    }

    static func layoutProblems(_ scan: BundleScan) -> [BundleProblem] {
        var problems: [BundleProblem] = []
        if let marker = scan.smallFiles[BundlePaths.ociLayout] {
            if (try? OCIJSON.decode(OCILayoutMarker.self, from: Data(marker), source: BundlePaths.ociLayout))?.imageLayoutVersion != "1.0.0" {
                problems.append(BundleProblem(entry: BundlePaths.ociLayout, message: "expected {\"imageLayoutVersion\":\"1.0.0\"}"))
            }
        } else {
            problems.append(BundleProblem(entry: BundlePaths.ociLayout, message: "missing"))
        }
        if scan.files[BundlePaths.release] == nil {
            problems.append(BundleProblem(entry: BundlePaths.release, message: "missing"))
        }
        let index: ImageIndex
        let metadata: BundleMetadata
        do {
            index = try scan.index()
            metadata = try scan.metadata()
        } catch let error as BundleError {
            if case .unreadable(_, let reason) = error { return problems + [BundleProblem(entry: "(bundle)", message: reason)] }
            return problems + [BundleProblem(entry: "(bundle)", message: error.description)]
        } catch {
            return problems + [BundleProblem(entry: "(bundle)", message: "\(error)")]
        }
        for path in [metadata.chart.file] + metadata.values where scan.files[path] == nil {
            problems.append(BundleProblem(entry: path, message: "named in \(BundlePaths.metadata) but missing"))
        }
        var reported = Set<String>()
        for image in metadata.images {
            let listed = index.manifests.first { $0.annotations?[AnnotationKey.refName] == image.source }
            guard let listed, listed.digest.description == image.digest else {
                problems.append(BundleProblem(entry: BundlePaths.index, message: "has no entry for \(image.source) with digest \(image.digest)"))
                continue
            }
            for problem in scan.reachable(from: listed).problems where reported.insert(problem.description).inserted {
                problems.append(problem)
            }
        }
        return problems
    }
}
