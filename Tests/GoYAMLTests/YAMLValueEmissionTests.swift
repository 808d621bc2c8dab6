import Testing
@testable import GoTemplate
@testable import GoYAML

/// `toYaml` writes values straight to the emitter; the node tree (still used by `toYamlPretty`) is
/// the reference: both must print the same bytes for any value.
@Suite struct YAMLValueEmissionTests {
    /// A small deterministic generator (xorshift), so a failure names its seed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
    }

    static let strings = ["", "a", "yes", "no", "~", "null", "1", "0x1F", "1e3", "-", "- a", "a: b", "#x", "a #b",
                          "'q'", "\"d\"", "multi\nline", "trailing\n", " lead", "tail ", "tab\there", "é", "😀",
                          "\u{85}nel", "x\u{80}y", String(repeating: "word ", count: 30), "2001-12-14", "1:20",
                          "<<", "!tag", "&a", "*a", "%x", "@x", "`x", "[a]", "{b}", "a,b", "?", ":", "\\"]

    static func value(_ g: inout Generator, depth: Int) -> TemplateValue {
        switch g.next(depth > 3 ? 6 : 10) {
        case 0: return .null
        case 1: return .bool(g.next(2) == 0)
        case 2: return .float([0, 1.5, -2, 1e6, 1e21, 0.000001, 3][g.next(7)])
        case 3: return .int(g.next(1000) - 500)
        case 4, 5: return .string(strings[g.next(strings.count)])
        case 6: return .list((0..<g.next(4)).map { _ in value(&g, depth: depth + 1) })
        case 7: return .strings((0..<g.next(3)).map { _ in strings[g.next(strings.count)] })
        case 8: return g.next(5) == 0 ? .map(GoMap.nilMap()) : .bytes([0, 1, 250])
        default:
            var entries: [String: TemplateValue] = [:]
            for _ in 0..<g.next(5) { entries[strings[g.next(strings.count)] + String(g.next(3))] = value(&g, depth: depth + 1) }
            return .map(entries)
        }
    }

    static func viaTree(_ value: TemplateValue) -> String? {
        var emitter = YAMLEmitter()
        guard let node = try? YAMLEncoding.node(for: value) else { return nil }
        emitter.emitDocument(node)
        return String(decoding: emitter.out, as: UTF8.self)
    }

    static func streamed(_ value: TemplateValue) -> String? {
        var emitter = YAMLEmitter()
        guard (try? emitter.emitDocument(value: value)) != nil else { return nil }
        return String(decoding: emitter.out, as: UTF8.self)
    }

    @Test(arguments: 1...400)
    func streamingMatchesTheNodeTree(seed: Int) {
        var g = Generator(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1)
        let value = Self.value(&g, depth: 0)
        #expect(Self.streamed(value) == Self.viaTree(value), "seed \(seed)")
    }
}
