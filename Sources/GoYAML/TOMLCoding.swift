import GoTemplate

/// TOML for `toToml`/`fromToml` (placeholder until implemented: see the report).
public enum TOMLEncoding {
    /// Helm's `toToml` (BurntSushi/toml encoder). Not yet implemented: returns "".
    public static func toToml(_ value: TemplateValue) -> String { "" }
}

/// TOML decoding for `fromToml`.
public enum TOMLDecoding {
    public struct Unsupported: Error, CustomStringConvertible {
        public var description: String { "toml: decoding is not supported yet" }
    }

    /// Helm's `fromToml`. Not yet implemented.
    public static func decodeMap(_ text: String) throws -> GoMap { throw Unsupported() }
}
