import Foundation

/// A Go `*time.Location`: UTC, the machine's local zone, a named IANA zone or a fixed offset.
public struct GoLocation: Sendable, Equatable {
    enum Kind: Sendable {
        case utc
        case zone(ZoneInfo)
        case fixed(abbreviation: String, offset: Int)
    }

    /// The name Go's `Location.String()` gives (`UTC`, `Local`, `America/New_York`, or the fixed zone's name).
    public let name: String
    let kind: Kind

    public static func == (a: GoLocation, b: GoLocation) -> Bool {
        switch (a.kind, b.kind) {
        case (.utc, .utc): return true
        case (.zone(let x), .zone(let y)): return a.name == b.name && x === y
        case (.fixed(let n1, let o1), .fixed(let n2, let o2)): return a.name == b.name && n1 == n2 && o1 == o2
        default: return false
        }
    }

    /// Go's `time.UTC`.
    public static let utc = GoLocation(name: "UTC", kind: .utc)

    /// Go's `time.Local`: the zone named by `TZ` (unset: `/etc/localtime`; empty: UTC); UTC when
    /// no zone file can be read.
    public static let local: GoLocation = {
        let environment = ProcessInfo.processInfo.environment
        var zone: ZoneInfo? = nil
        if let tz = environment["TZ"] {
            let name = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
            if name.isEmpty || name == "UTC" { return GoLocation(name: "Local", kind: .fixed(abbreviation: "UTC", offset: 0)) }
            zone = name.hasPrefix("/") ? ZoneInfo.file(name) : ZoneInfo.named(name)
        } else {
            zone = ZoneInfo.file("/etc/localtime")
        }
        guard let zone else { return GoLocation(name: "Local", kind: .fixed(abbreviation: "UTC", offset: 0)) }
        return GoLocation(name: "Local", kind: .zone(zone))
    }()

    /// A zone with a constant offset, as Go's `time.FixedZone(name, offset)`.
    public static func fixed(name: String, offset: Int) -> GoLocation {
        GoLocation(name: name, kind: .fixed(abbreviation: name, offset: offset))
    }

    /// The zone called `name`, as Go's `time.LoadLocation`: "" and "UTC" give UTC, "Local" the local
    /// zone, other names the zone file of that name; `nil` for unknown names.
    public static func load(_ name: String) -> GoLocation? {
        switch name {
        case "", "UTC": return .utc
        case "Local": return .local
        default:
            guard let zone = ZoneInfo.named(name) else { return nil }
            return GoLocation(name: name, kind: .zone(zone))
        }
    }

    /// The zone abbreviation and offset east of UTC in seconds in effect at `unixSeconds`.
    public func zone(at unixSeconds: Int64) -> (abbreviation: String, offset: Int) {
        switch kind {
        case .utc:
            return ("UTC", 0)
        case .fixed(let abbreviation, let offset):
            return (abbreviation, offset)
        case .zone(let zone):
            return zone.lookup(unixSeconds)
        }
    }

    /// The offset of a zone abbreviation `abbreviation` when it is in effect near `unixSeconds`
    /// (Go's `Location.lookupName`), for parsing `MST`-style zone names.
    func offset(ofAbbreviation abbreviation: String, near unixSeconds: Int64) -> Int? {
        // Go first tries the zone in effect at the time, then any zone with that abbreviation.
        let (name, offset) = zone(at: unixSeconds - Int64(zone(at: unixSeconds).offset))
        if name == abbreviation { return offset }
        if case .zone(let info) = kind, let type = info.types.first(where: { $0.abbreviation == abbreviation }) {
            return type.offset
        }
        return nil
    }
}
