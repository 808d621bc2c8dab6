import MirrorRegistry
/// The router port's JSON messages (HTTP/JSON on `--router-addr`).
///
/// - `POST /v1/advertise` `{"provider": "ip:port", "keys": [...], "ttl": seconds}` → 204
/// - `POST /v1/withdraw` `{"provider": "ip:port", "keys": [...]}` → 204
/// - `POST /v1/lookup` `{"key": "..."}` → 200 `{"providers": ["ip:port", ...]}`
/// - `GET /v1/members` → 200 `{"members": [...], "records": n}` (debugging)
/// A holder stores records only for the sender's own IP: `provider`'s host must equal the TCP peer address.
public enum RouterMessage {
    /// `POST /v1/advertise`.
    public struct Advertise: Codable, Sendable, Equatable {
        public var provider: String
        public var keys: [String]
        public var ttl: Int?
        public init(provider: String, keys: [String], ttl: Int?) {
            self.provider = provider
            self.keys = keys
            self.ttl = ttl
        }
    }

    /// `POST /v1/withdraw`.
    public struct Withdraw: Codable, Sendable, Equatable {
        public var provider: String
        public var keys: [String]
        public init(provider: String, keys: [String]) {
            self.provider = provider
            self.keys = keys
        }
    }

    /// `POST /v1/lookup`.
    public struct Lookup: Codable, Sendable, Equatable {
        public var key: String
        public init(key: String) { self.key = key }
    }

    /// The answer to a lookup.
    public struct Providers: Codable, Sendable, Equatable {
        public var providers: [String]
        public init(providers: [String]) { self.providers = providers }
    }

    /// The answer to `GET /v1/members`.
    public struct Members: Codable, Sendable, Equatable {
        public var members: [String]
        public var records: Int
        public init(members: [String], records: Int) {
            self.members = members
            self.records = records
        }
    }

    /// Keys per advertise or withdraw message.
    public static let batchSize = 1000
    /// Largest accepted request body.
    public static let maxBody = 1 << 20
}
