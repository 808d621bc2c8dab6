import GoTemplate

/// Sprig's `certificate` struct: a PEM certificate and its PEM private key, reached in templates
/// as `.Cert` and `.Key`.
public struct SprigCertificate: TemplateObject, Equatable {
    /// The certificate, one `CERTIFICATE` PEM block.
    public var cert: String
    /// The private key, one PEM block in the format Sprig writes for its type.
    public var key: String

    public init(cert: String, key: String) {
        self.cert = cert
        self.key = key
    }

    public var goTypeName: String { "sprig.certificate" }

    public func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Cert": return .string(cert)
        case "Key": return .string(key)
        default: return nil
        }
    }

    /// Go's `%v` of a struct: its fields in braces, separated by spaces.
    public var goDescription: String { "{\(cert) \(key)}" }
}
