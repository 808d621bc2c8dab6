/// What the image needs to know about an executable from its ELF header: that it is one, and the
/// OCI architecture it runs on.
public struct ELFIdentity: Equatable, Sendable {
    /// The OCI `architecture` (GOARCH names: `amd64`, `arm64`, …).
    public var architecture: String
    /// The OCI `os`; ELF executables built here are always `linux`.
    public var os: String { "linux" }

    /// Reads the ELF header at the start of `bytes`; `path` names the file in errors.
    public init(header bytes: ArraySlice<UInt8>, path: String) throws {
        let start = bytes.startIndex
        guard bytes.count >= 20, bytes[start..<(start + 4)].elementsEqual([0x7F, 0x45, 0x4C, 0x46]) else {
            throw ImageBuildError.notAnELFExecutable(path: path)
        }
        let littleEndian = bytes[start + 5] == 1
        let low = UInt16(bytes[start + 18]), high = UInt16(bytes[start + 19])
        let machine = littleEndian ? low | high << 8 : high | low << 8
        let is64Bit = bytes[start + 4] == 2
        switch (machine, is64Bit, littleEndian) {
        case (62, true, true): architecture = "amd64"
        case (183, true, true): architecture = "arm64"
        case (3, false, true): architecture = "386"
        case (40, false, true): architecture = "arm"
        case (21, true, true): architecture = "ppc64le"
        case (22, true, false): architecture = "s390x"
        case (243, true, true): architecture = "riscv64"
        default:
            throw ImageBuildError.unsupportedMachine(path: path, machine: Int(machine))
        }
    }
}
