import CZlib

/// Gzip compression whose output depends only on the input (and the zlib build): the header carries
/// no file name and no timestamp (MTIME 0), `XFL` 0 and `OS` 255 ("unknown"), as Go's gzip writer does.
public enum DeterministicGzip {
    /// The 10-byte member header: magic, deflate, no flags, MTIME 0, XFL 0, OS 255.
    static let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF]

    /// Compresses `input` into one gzip member at `level` (zlib's 0–9; 6 is zlib's default).
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        guard input.count <= Int(UInt32.max) else {
            throw ImageBuildError.compression("the layer is \(input.count) bytes; at most 4 GiB can be compressed")
        }
        var stream = z_stream()
        // Negative window bits: a raw deflate stream; this type writes the gzip framing itself.
        guard deflateInit2_(&stream, level, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ImageBuildError.compression("cannot initialise zlib's deflate")
        }
        defer { deflateEnd(&stream) }
        var output = header
        var input = input
        let inputCount = input.count
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputCount)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = uInt(outputBuffer.count)
                    return deflate(&stream, Z_FINISH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END { break }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw ImageBuildError.compression("zlib's deflate failed with status \(status)")
                }
            }
        }
        let checksum = input.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        output.append(contentsOf: littleEndianBytes(checksum))
        output.append(contentsOf: littleEndianBytes(UInt32(truncatingIfNeeded: inputCount)))
        return output
    }

    private static func littleEndianBytes(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
