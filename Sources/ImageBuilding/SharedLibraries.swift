import Foundation

/// The shared libraries an executable loads at start, found with `ldd` (glibc's, through a
/// ``ProcessRunner``): every resolved `DT_NEEDED` library, recursively, and the dynamic loader.
///
/// Libraries a program opens later with `dlopen` are not listed by `ldd` and so are not found.
public struct SharedLibraries: Equatable, Sendable {
    /// Absolute paths as `ldd` prints them (the paths the loader opens), sorted, each once.
    /// Empty for a statically linked executable.
    public var paths: [String]

    public init(paths: [String]) { self.paths = paths }

    /// Runs `ldd` on `executable` and parses what it prints.
    public static func of(
        executable: String, runner: any ProcessRunner = SystemProcessRunner(), ldd: String = "/usr/bin/ldd"
    ) throws -> SharedLibraries {
        let output = try runner.run(ldd, [executable])
        return try parse(lddOutput: output, executable: executable)
    }

    /// Parses `ldd` output:
    /// `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)` (a library), `/lib64/ld-linux-x86-64.so.2 (0x…)`
    /// (the loader), `linux-vdso.so.1 (0x…)` (in the kernel, skipped), `libx.so => not found` (an error),
    /// `statically linked` / `not a dynamic executable` (no libraries).
    public static func parse(lddOutput output: ProcessOutput, executable: String) throws -> SharedLibraries {
        let text = output.standardOutput + "\n" + output.standardError
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if lines.contains(where: { $0.contains("statically linked") || $0.contains("not a dynamic executable") }) {
            return SharedLibraries(paths: [])
        }
        guard output.status == 0 else {
            throw ImageBuildError.processFailed(command: "ldd \(executable)", detail: "exited \(output.status): \(lines.joined(separator: "; "))")
        }
        var missing: [String] = []
        var paths = Set<String>()
        for line in lines {
            let target: Substring
            if let arrow = line.range(of: " => ") {
                target = line[arrow.upperBound...]
                if target.hasPrefix("not found") {
                    missing.append(String(line[..<arrow.lowerBound]))
                    continue
                }
            } else {
                target = Substring(line)
            }
            // `PATH (0xADDRESS)`; a name without a slash (the vDSO) has no file.
            let path = target.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            if path.hasPrefix("/") { paths.insert(path) }
        }
        guard missing.isEmpty else {
            throw ImageBuildError.missingLibraries(executable: executable, names: missing.sorted())
        }
        return SharedLibraries(paths: paths.sorted())
    }
}
