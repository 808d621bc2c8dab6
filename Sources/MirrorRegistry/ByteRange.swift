/// A single HTTP byte range request (`Range: bytes=…`), resolved against a size.
enum ByteRange {
    enum Outcome: Equatable {
        /// Serve everything (no header, a multi-range header, or a malformed header, which RFC 9110 lets us ignore).
        case whole
        /// Serve `range` with 206.
        case partial(Range<Int64>)
        /// 416.
        case unsatisfiable
    }

    /// Resolves `header` (e.g. `bytes=0-99`, `bytes=100-`, `bytes=-50`) against `size`.
    static func resolve(_ header: String?, size: Int64) -> Outcome {
        guard let header = header?.trimmingCharacters(in: .whitespaces), header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if first.isEmpty {
            guard let suffix = Int64(last), suffix >= 0 else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - suffix)..<size)
        }
        guard let start = Int64(first), start >= 0 else { return .whole }
        var end = size - 1
        if !last.isEmpty {
            guard let parsed = Int64(last), parsed >= start else { return .whole }
            end = min(parsed, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .partial(start..<(end + 1))
    }
}
