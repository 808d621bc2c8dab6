/// The OCI distribution grammar for repository names and registry hosts.
public enum RepositoryName {
    /// Whether `name` matches `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`
    /// and is at most 255 characters. This rejects `..`, empty components and leading or trailing
    /// separators, so a valid name never escapes a directory.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        return bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy(isValidComponent)
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    static func isValidComponent(_ component: ArraySlice<UInt8>) -> Bool {
        guard let first = component.first, let last = component.last,
              isAlphanumeric(first), isAlphanumeric(last) else { return false }
        var index = component.startIndex
        while index < component.endIndex {
            let b = component[index]
            if isAlphanumeric(b) { index += 1; continue }
            // A separator run: ".", "_", "__" or one or more "-".
            var end = index
            while end < component.endIndex, !isAlphanumeric(component[end]) { end += 1 }
            let run = component[index..<end]
            let valid = run.elementsEqual(".".utf8) || run.elementsEqual("_".utf8) || run.elementsEqual("__".utf8)
                || run.allSatisfy { $0 == UInt8(ascii: "-") }
            guard valid else { return false }
            index = end
        }
        return true
    }

    /// Whether `host` is a plausible registry host: `name[:port]` of letters, digits, `.`, `-`, `_`,
    /// or `[ipv6][:port]`; at most 255 characters, no `/`.
    public static func isValidRegistryHost(_ host: String) -> Bool {
        let bytes = Array(host.utf8)
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1 else { return false }
            let inside = bytes[1..<close]
            guard inside.allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return false }
            return isValidPortSuffix(bytes[(close + 1)...])
        }
        let colon = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
        let name = bytes[..<colon]
        guard !name.isEmpty, name.allSatisfy({
            isAlphanumeric($0) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }), name.first != UInt8(ascii: "."), name.first != UInt8(ascii: "-") else { return false }
        return isValidPortSuffix(bytes[colon...])
    }

    static func isHex(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }

    static func isValidPortSuffix(_ suffix: ArraySlice<UInt8>) -> Bool {
        if suffix.isEmpty { return true }
        guard suffix.first == UInt8(ascii: ":") else { return false }
        let digits = suffix.dropFirst()
        return !digits.isEmpty && digits.count <= 5 && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
