import Foundation

/// One PEM block (`-----BEGIN TYPE-----` … `-----END TYPE-----`), encoded exactly as Go's
/// `encoding/pem.Encode` writes it: base64 in 64-character lines and a final newline.
struct PEMBlock: Equatable {
    /// The label between `BEGIN ` and the dashes, e.g. `RSA PRIVATE KEY`.
    var type: String
    /// The DER payload.
    var bytes: [UInt8]

    /// The PEM text, as Go's `pem.EncodeToMemory`.
    var encoded: String {
        let body = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var rest = Substring(body)
        while !rest.isEmpty {
            lines.append(rest.prefix(64))
            rest = rest.dropFirst(64)
        }
        var text = "-----BEGIN \(type)-----\n"
        for line in lines { text += line + "\n" }
        text += "-----END \(type)-----\n"
        return text
    }

    /// The first PEM block in `text`, like Go's `pem.Decode` (header lines such as
    /// `Proc-Type:` are skipped); `nil` when there is none or its base64 is invalid.
    init?(decoding text: String) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let beginIndex = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") })
        else { return nil }
        let beginLine = lines[beginIndex]
        let label = String(beginLine.dropFirst("-----BEGIN ".count).dropLast(5))
        let endLine = "-----END \(label)-----"
        guard let endIndex = lines[(beginIndex + 1)...].firstIndex(of: endLine) else { return nil }
        let body = lines[(beginIndex + 1)..<endIndex].filter { !$0.contains(":") }.joined()
        guard let data = Data(base64Encoded: body) else { return nil }
        self.type = label
        self.bytes = [UInt8](data)
    }

    init(type: String, bytes: [UInt8]) {
        self.type = type
        self.bytes = bytes
    }
}
