import OCI

/// A `--platform` value, `OS/ARCHITECTURE[/VARIANT]` (e.g. `linux/amd64`, `linux/arm64/v8`).
/// Without a variant it matches every variant of the architecture.
public struct PlatformFilter: Hashable, Sendable, CustomStringConvertible, Codable {
    public var os: String
    public var architecture: String
    public var variant: String?

    /// Parses `OS/ARCHITECTURE[/VARIANT]`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
            throw PlatformFilterError(text: text)
        }
        os = parts[0]
        architecture = parts[1]
        variant = parts.count == 3 ? parts[2] : nil
    }

    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }

    /// Whether `platform` is one this filter selects.
    public func matches(_ platform: Platform) -> Bool {
        platform.os == os && platform.architecture == architecture && (variant == nil || platform.variant == variant)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A `--platform` value that is not `OS/ARCHITECTURE[/VARIANT]`.
public struct PlatformFilterError: Error, CustomStringConvertible {
    public var text: String
    public var description: String {
        "--platform \"\(text)\": expected OS/ARCHITECTURE[/VARIANT], e.g. linux/amd64 or linux/arm64/v8"
    }
}
