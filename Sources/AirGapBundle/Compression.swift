import CZlib
import CZstd

/// How a bundle file is compressed. Readers detect it from the first bytes, so the file name is free.
public enum BundleCompression: String, Codable, Sendable, CaseIterable {
    /// A plain tar.
    case none
    /// gzip (zlib, level 6, no name and mtime 0 in the header).
    case gzip
    /// Zstandard (libzstd, level 3, with a content checksum).
    case zstd

    /// The compression of a stream that starts with `prefix` (at least 4 bytes for zstd).
    public static func detect(prefix: [UInt8]) -> BundleCompression {
        if prefix.starts(with: [0x1F, 0x8B]) { return .gzip }
        if prefix.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        return .none
    }

    /// A sink that compresses into `sink` (or `sink` itself for `.none`).
    func compressing(into sink: ByteSink) throws -> ByteSink {
        switch self {
        case .none: return sink
        case .gzip: return try GzipSink(downstream: sink)
        case .zstd: return try ZstdSink(downstream: sink)
        }
    }

    /// A source that decompresses `source` (or `source` itself for `.none`).
    func decompressing(_ source: ByteSource) throws -> ByteSource {
        switch self {
        case .none: return source
        case .gzip: return try GzipSource(upstream: source)
        case .zstd: return try ZstdSource(upstream: source)
        }
    }
}

/// A failure of the compression library, naming the format.
struct CompressionError: Error, CustomStringConvertible {
    var format: String
    var reason: String
    var description: String { "\(format): \(reason)" }
}

/// gzip compression with zlib. The header zlib writes has no name and mtime 0, so equal input gives
/// equal output.
final class GzipSink: ByteSink {
    private let downstream: ByteSink
    // zlib keeps a pointer back to its z_stream, so the stream lives at a fixed address.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var output = [UInt8](repeating: 0, count: 256 * 1024)
    private var open = true

    init(downstream: ByteSink, level: Int32 = 6) throws {
        self.downstream = downstream
        stream.initialize(to: z_stream())
        // 15 window bits + 16: write a gzip header and trailer.
        guard deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw CompressionError(format: "gzip", reason: "cannot initialise zlib")
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(bytes.count)
        while stream.pointee.avail_in > 0 {
            try deflateStep(flush: Z_NO_FLUSH)
        }
    }

    func finish() throws {
        guard open else { return }
        stream.pointee.avail_in = 0
        while try deflateStep(flush: Z_FINISH) != Z_STREAM_END {}
        deflateEnd(stream)
        open = false
        try downstream.finish()
    }

    @discardableResult
    private func deflateStep(flush: Int32) throws -> Int32 {
        let capacity = output.count
        var status: Int32 = Z_OK
        var produced = 0
        output.withUnsafeMutableBufferPointer { buffer in
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = uInt(capacity)
            status = deflate(stream, flush)
            produced = capacity - Int(stream.pointee.avail_out)
        }
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw CompressionError(format: "gzip", reason: "zlib deflate failed (\(status))")
        }
        if produced > 0 { try output.withUnsafeBytes { try downstream.write(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
        return status
    }

    deinit {
        if open { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }
}

/// gzip decompression with zlib (concatenated members are read as one stream).
final class GzipSource: ByteSource {
    private let upstream: ByteSource
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let input = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
    private var upstreamEnded = false
    private var ended = false

    init(upstream: ByteSource) throws {
        self.upstream = upstream
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CompressionError(format: "gzip", reason: "cannot initialise zlib")
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !ended, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(buffer.count)
        while stream.pointee.avail_out == uInt(buffer.count) {
            if stream.pointee.avail_in == 0 && !upstreamEnded {
                let count = try upstream.read(into: input)
                if count == 0 { upstreamEnded = true }
                stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = uInt(count)
            }
            let status = inflate(stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                // Another member may follow; otherwise the stream is done.
                if stream.pointee.avail_in == 0 && !upstreamEnded {
                    let count = try upstream.read(into: input)
                    if count == 0 { upstreamEnded = true }
                    stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(count)
                }
                if stream.pointee.avail_in > 0 {
                    inflateReset(stream)
                    continue
                }
                ended = true
                break
            }
            if status == Z_BUF_ERROR && upstreamEnded && stream.pointee.avail_in == 0 {
                throw CompressionError(format: "gzip", reason: "the compressed stream ends early (truncated file)")
            }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                throw CompressionError(format: "gzip", reason: "invalid compressed data (zlib \(status))")
            }
        }
        return buffer.count - Int(stream.pointee.avail_out)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }
}

/// Zstandard compression with libzstd, single-threaded (so equal input gives equal output).
final class ZstdSink: ByteSink {
    private let downstream: ByteSink
    private let context: OpaquePointer
    private var output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
    private var finished = false

    init(downstream: ByteSink, level: Int32 = 3) throws {
        self.downstream = downstream
        guard let context = ZSTD_createCCtx() else {
            throw CompressionError(format: "zstd", reason: "cannot create a compression context")
        }
        self.context = context
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level))
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while input.pos < input.size {
            _ = try compress(&input, ZSTD_e_continue)
        }
    }

    func finish() throws {
        guard !finished else { return }
        var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try compress(&input, ZSTD_e_end) != 0 {}
        finished = true
        try downstream.finish()
    }

    /// One compression step; returns what libzstd says remains to flush.
    private func compress(_ input: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective) throws -> Int {
        let capacity = output.count
        var remaining = 0
        var produced = 0
        try output.withUnsafeMutableBytes { buffer in
            var out = ZSTD_outBuffer(dst: buffer.baseAddress, size: capacity, pos: 0)
            remaining = try check(ZSTD_compressStream2(context, &out, &input, directive))
            produced = out.pos
        }
        if produced > 0 { try output.withUnsafeBytes { try downstream.write(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
        return remaining
    }

    deinit { ZSTD_freeCCtx(context) }
}

/// Zstandard decompression with libzstd (concatenated frames are read as one stream).
final class ZstdSource: ByteSource {
    private let upstream: ByteSource
    private let context: OpaquePointer
    private let input = UnsafeMutableRawBufferPointer.allocate(byteCount: ZSTD_DStreamInSize(), alignment: 16)
    private var inBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
    private var upstreamEnded = false
    /// What the last step said: 0 when a frame is complete.
    private var frameRemainder = 0
    private var outputPending = false

    init(upstream: ByteSource) throws {
        self.upstream = upstream
        guard let context = ZSTD_createDCtx() else {
            throw CompressionError(format: "zstd", reason: "cannot create a decompression context")
        }
        self.context = context
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        var out = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
        while out.pos == 0 {
            if inBuffer.pos == inBuffer.size && !outputPending {
                if upstreamEnded {
                    if frameRemainder != 0 {
                        throw CompressionError(format: "zstd", reason: "the compressed stream ends early (truncated file)")
                    }
                    break
                }
                let count = try upstream.read(into: input)
                if count == 0 { upstreamEnded = true; continue }
                inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: count, pos: 0)
            }
            frameRemainder = try check(ZSTD_decompressStream(context, &out, &inBuffer))
            // A full output buffer may leave decompressed bytes inside libzstd.
            outputPending = out.pos == out.size
        }
        return out.pos
    }

    deinit {
        ZSTD_freeDCtx(context)
        input.deallocate()
    }
}

/// The result of a libzstd call, or a thrown error with libzstd's message.
@discardableResult
private func check(_ result: Int) throws -> Int {
    if ZSTD_isError(result) != 0 {
        throw CompressionError(format: "zstd", reason: String(cString: ZSTD_getErrorName(result)))
    }
    return result
}
