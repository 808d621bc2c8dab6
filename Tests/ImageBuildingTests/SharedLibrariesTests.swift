import Foundation
import Testing
@testable import ImageBuilding

/// `ldd` output parsing (fed through the runner seam) and the real `ldd` on a real binary.
struct SharedLibrariesTests {
    /// Answers every command with a fixed output.
    struct CannedRunner: ProcessRunner {
        var output: ProcessOutput
        func run(_ executable: String, _ arguments: [String]) throws -> ProcessOutput { output }
    }

    @Test func parsesLibrariesAndTheLoaderAndSkipsTheVDSO() throws {
        let output = ProcessOutput(status: 0, standardOutput: """
        \tlinux-vdso.so.1 (0x00007ffd4b1f2000)
        \tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f2a1c400000)
        \tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f2a1c321000)
        \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2a1c140000)
        \tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f2a1c321000)
        \t/lib64/ld-linux-x86-64.so.2 (0x00007f2a1c6a0000)

        """)
        let libraries = try SharedLibraries.of(executable: "/x/spegel", runner: CannedRunner(output: output))
        #expect(libraries.paths == [
            "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/ld-linux-x86-64.so.2"])
    }

    @Test func staticExecutablesNeedNoLibraries() throws {
        for output in [
            ProcessOutput(status: 0, standardOutput: "\tstatically linked\n"),
            ProcessOutput(status: 1, standardOutput: "", standardError: "\tnot a dynamic executable\n"),
        ] {
            #expect(try SharedLibraries.parse(lddOutput: output, executable: "/x/spegel").paths.isEmpty)
        }
    }

    @Test func missingLibrariesAndFailuresAreErrorsNamingTheExecutable() throws {
        let missing = ProcessOutput(status: 0, standardOutput: """
        \tlibFoundation.so => not found
        \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2a1c140000)
        \tlibswiftCore.so => not found
        """)
        #expect(throws: ImageBuildError.missingLibraries(executable: "/x/spegel", names: ["libFoundation.so", "libswiftCore.so"])) {
            try SharedLibraries.parse(lddOutput: missing, executable: "/x/spegel")
        }
        let failed = ProcessOutput(status: 1, standardOutput: "", standardError: "ldd: /x/spegel: No such file or directory\n")
        #expect(throws: ImageBuildError.processFailed(command: "ldd /x/spegel", detail: "exited 1: ldd: /x/spegel: No such file or directory")) {
            try SharedLibraries.parse(lddOutput: failed, executable: "/x/spegel")
        }
    }

    @Test func realLddFindsLibcAndTheLoaderOfBinTrue() throws {
        let libraries = try SharedLibraries.of(executable: "/bin/true")
        #expect(libraries.paths.contains { $0.hasSuffix("/libc.so.6") })
        #expect(libraries.paths.contains { $0.contains("/ld-linux") })
        #expect(libraries.paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }
}
