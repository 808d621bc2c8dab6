import GoTemplate

/// go-yaml's reader (libyaml's `yaml_parser_update_buffer`) checks the UTF-8 of its input before the
/// scanner reads it. Text carrying raw bytes (``GoBytes``: a binary file printed into a manifest, a
/// Latin-1 values file) fails there, with the reader's words.
enum YAMLReaderCheck {
    /// The reader's complaint about the first ill-formed sequence in `bytes`, or nil when all is
    /// well-formed UTF-8.
    static func firstProblem(_ bytes: [UInt8]) -> String? {
        var i = 0
        while i < bytes.count {
            let octet = bytes[i]
            let width = octet & 0x80 == 0 ? 1 : octet & 0xE0 == 0xC0 ? 2 : octet & 0xF0 == 0xE0 ? 3 : octet & 0xF8 == 0xF0 ? 4 : 0
            if width == 0 { return "invalid leading UTF-8 octet" }
            if i + width > bytes.count { return "incomplete UTF-8 octet sequence" }
            var value = UInt32(width == 1 ? octet & 0x7F : width == 2 ? octet & 0x1F : width == 3 ? octet & 0x0F : octet & 0x07)
            for k in 1..<width {
                let trailing = bytes[i + k]
                if trailing & 0xC0 != 0x80 { return "invalid trailing UTF-8 octet" }
                value = value << 6 | UInt32(trailing & 0x3F)
            }
            let shortest = width == 1 || (width == 2 && value >= 0x80) || (width == 3 && value >= 0x800) || (width == 4 && value >= 0x10000)
            if !shortest { return "invalid length of a UTF-8 sequence" }
            if (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { return "invalid Unicode character" }
            i += width
        }
        return nil
    }

    /// The syntax error go-yaml gives for `text` when it carries raw bytes that are not UTF-8.
    static func error(in text: String, fileName: String?) -> YAMLError? {
        guard GoBytes.containsRawBytes(text), let problem = firstProblem(GoBytes.bytes(text)) else { return nil }
        return YAMLError(kind: .syntax, fileName: fileName, message: "error converting YAML to JSON: yaml: " + problem)
    }
}
