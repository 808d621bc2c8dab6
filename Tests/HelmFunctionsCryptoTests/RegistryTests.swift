import HelmFunctions
import Testing

@Suite struct RegistryTests {
    /// The names this family provides: Sprig v3.3's hash, crypto, random, date and network functions
    /// and Helm's `lookup`.
    static let expectedNames: Set<String> = [
        "sha1sum", "sha256sum", "sha512sum", "adler32sum",
        "bcrypt", "htpasswd", "genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genCAWithKey",
        "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey",
        "encryptAES", "decryptAES", "randBytes",
        "randAlphaNum", "randAlpha", "randAscii", "randNumeric", "randInt", "uuidv4",
        "ago", "date", "date_in_zone", "date_modify", "dateInZone", "dateModify", "duration", "durationRound",
        "htmlDate", "htmlDateInZone", "must_date_modify", "mustDateModify", "mustToDate", "now", "toDate",
        "unixEpoch",
        "getHostByName", "lookup",
    ]

    @Test func providesExactlyTheFamily() {
        #expect(Set(SprigCryptoFunctions.all.keys) == Self.expectedNames)
    }
}
