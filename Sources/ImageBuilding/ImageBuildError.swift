/// Why an image could not be built or written; each message names the file or value and what to do.
public enum ImageBuildError: Error, Equatable, CustomStringConvertible {
    case unreadableFile(path: String)
    case notAnELFExecutable(path: String)
    case unsupportedMachine(path: String, machine: Int)
    case processFailed(command: String, detail: String)
    case missingLibraries(executable: String, names: [String])
    case invalidPath(String)
    case pathConflict(path: String)
    case pathTooLong(String)
    case tarFieldOverflow(path: String, field: String, value: Int)
    case compression(String)
    case invalidReference(String, reason: String)
    case invalidLabel(String)
    case outputNotALayout(path: String)
    case writeFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path):
            return "\(path): cannot read the file; check that it exists and is readable"
        case .notAnELFExecutable(let path):
            return "\(path): not an ELF executable (no \\x7fELF header); pass the binary built by `swift build -c release --product spegel --static-swift-stdlib`"
        case .unsupportedMachine(let path, let machine):
            return "\(path): ELF machine \(machine) has no OCI architecture name known here (amd64, arm64, 386, arm, ppc64le, s390x, riscv64)"
        case .processFailed(let command, let detail):
            return "`\(command)` failed: \(detail)"
        case .missingLibraries(let executable, let names):
            return "\(executable): the loader cannot find \(names.joined(separator: ", ")) (ldd: not found); install them or build with --static-swift-stdlib"
        case .invalidPath(let path):
            return "image path \"\(path)\": expected an absolute path without \".\" or \"..\" components"
        case .pathConflict(let path):
            return "image path \"\(path)\": added twice, or as both a file and a directory"
        case .pathTooLong(let path):
            return "image path \"\(path)\": too long for a ustar header (name ≤ 100 bytes after a directory prefix ≤ 155 bytes)"
        case .tarFieldOverflow(let path, let field, let value):
            return "image path \"\(path)\": \(field) \(value) does not fit in its ustar header field"
        case .compression(let detail):
            return "gzip: \(detail)"
        case .invalidReference(let reference, let reason):
            return "--tag \"\(reference)\": \(reason); expected REGISTRY/REPOSITORY:TAG, e.g. ghcr.io/saturncloud/spegel:v0.1.0"
        case .invalidLabel(let text):
            return "--label \"\(text)\": expected KEY=VALUE with a non-empty KEY"
        case .outputNotALayout(let path):
            return "--out \(path): exists and is neither empty nor an OCI image layout (no oci-layout file); choose a new or empty directory"
        case .writeFailed(let path, let detail):
            return "\(path): cannot write the image layout: \(detail)"
        }
    }
}
