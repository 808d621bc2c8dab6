import CZlib

/// Decompresses gzip data (all members) with the system zlib.
public func gunzip(_ input: [UInt8]) throws -> [UInt8] {
    guard input.count >= 2, input[0] == 0x1F, input[1] == 0x8B else { throw ChartError("gzip: invalid header") }
    var stream = z_stream()
    // 15 window bits + 32: detect gzip/zlib headers automatically.
    guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw ChartError("gzip: cannot initialise zlib")
    }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    var input = input
    let total = input.count
    var consumed = 0
    try input.withUnsafeMutableBufferPointer { inBuf in
        stream.next_in = inBuf.baseAddress
        stream.avail_in = uInt(total)
        while true {
            let status: Int32 = chunk.withUnsafeMutableBufferPointer { outBuf in
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                return inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunk.count - Int(stream.avail_out)
            output.append(contentsOf: chunk[0..<produced])
            if status == Z_STREAM_END {
                consumed = total - Int(stream.avail_in)
                // Another gzip member may follow (concatenated streams).
                if stream.avail_in > 0, consumed + 1 < total, inBuf[consumed] == 0x1F, inBuf[consumed + 1] == 0x8B {
                    inflateReset(&stream)
                    continue
                }
                break
            }
            if status != Z_OK {
                if status == Z_BUF_ERROR && stream.avail_in == 0 { throw ChartError("unexpected EOF") }
                throw ChartError("gzip: invalid data")
            }
            if output.count > 110 * 1024 * 1024 { throw ChartError("decompressed chart is larger than the maximum size 104857600") }
        }
    }
    return output
}
