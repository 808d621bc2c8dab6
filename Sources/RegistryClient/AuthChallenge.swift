/// One challenge of a `WWW-Authenticate` header, e.g.
/// `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull"`.
struct AuthChallenge: Equatable, Sendable {
    /// The scheme, lower-cased: `bearer`, `basic`.
    var scheme: String
    /// The parameters, names lower-cased, values unquoted.
    var parameters: [String: String]

    /// Every challenge in `values` (the header may repeat and one value may hold several challenges).
    static func parse(_ values: [String]) -> [AuthChallenge] {
        values.flatMap { parse(Array($0.utf8)) }
    }

    private static func parse(_ bytes: [UInt8]) -> [AuthChallenge] {
        var challenges: [AuthChallenge] = []
        var index = 0
        func skip(_ set: Set<UInt8>) { while index < bytes.count && set.contains(bytes[index]) { index += 1 } }
        func token() -> String {
            let start = index
            while index < bytes.count, !tokenTerminators.contains(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        while index < bytes.count {
            skip(whitespaceAndCommas)
            let scheme = token()
            guard !scheme.isEmpty else { break }
            var parameters: [String: String] = [:]
            while index < bytes.count {
                skip(whitespaceAndCommas)
                let start = index
                let name = token()
                skip(whitespace)
                guard !name.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                    index = start  // a new challenge begins here
                    break
                }
                index += 1
                skip(whitespace)
                var value = [UInt8]()
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                    index += 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                        if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                        value.append(bytes[index])
                        index += 1
                    }
                    index += 1
                } else {
                    while index < bytes.count, bytes[index] != UInt8(ascii: ","), !whitespace.contains(bytes[index]) {
                        value.append(bytes[index])
                        index += 1
                    }
                }
                parameters[name.lowercased()] = String(decoding: value, as: UTF8.self)
            }
            challenges.append(AuthChallenge(scheme: scheme.lowercased(), parameters: parameters))
        }
        return challenges
    }

    private static let whitespace: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t")]
    private static let whitespaceAndCommas: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ",")]
    private static let tokenTerminators: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: "=")]
}
