import GoTemplate

/// Sprig's hash, crypto, random, date and network functions, plus Helm's `lookup`, with Sprig v3.3
/// signatures and results as `helm template` (Helm v4) produces them.
public enum SprigCryptoFunctions {
    /// Every function of this family, by template name.
    public static var all: [String: TemplateFunction] {
        var functions: [String: TemplateFunction] = [:]
        for family in [
            HashFunctions.all, RandomFunctions.all, AESFunctions.all, PasswordFunctions.all,
            CertificateFunctions.all, ClusterFunctions.all, DateFunctions.all,
        ] {
            functions.merge(family) { first, _ in first }
        }
        return functions
    }
}
