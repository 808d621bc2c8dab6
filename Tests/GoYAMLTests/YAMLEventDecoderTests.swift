import GoTemplate
import Testing
@testable import GoYAML

/// The event decoder (no node tree) must give exactly the tree decoder's values, and hand every
/// document it does not cover back to the tree decoder.
@Suite("YAML event decoder")
struct YAMLEventDecoderTests {
    /// Documents the event decoder takes itself.
    static let covered: [String] = [
        "a: 1\nb: two\nc: 3.5\nd: true\ne: ~\nf:\n",
        "replicas: 3\nenabled: yes\nflag: off\ny: n\nname: web\n",
        "list: [1, two, \"3\", 'four', {a: b}]\nnested:\n  - x: 1\n    y: [a, b]\n  - - deep\n    - 0x1F\n",
        "octal: 0755\nhex: 0xFF\nbig: 12345678901234567890\nexp: 1e3\nneg: -.5\nsci: 6.02e+23\nsep: 1_000\n",
        "quoted: \"yes\"\nsingle: 'null'\nempty: \"\"\nspace: ' x '\nunicode: \"caf\\u00e9 \\U0001F600\"\n",
        "literal: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\nkeep: |+\n  kept\n\n",
        "1: one\n2.5: float key\ntrue: bool key\n0x10: hex key\n\"quoted key\": v\n",
        "dup: 1\ndup: 2\n",
        "ts: 2001-12-14t21:59:43.10-05:00\ndate: 2002-12-14\n",
        "- a\n- b\n- - c\n",
        "just a string\n",
        "42\n",
        "# only a comment\n",
        "---\na: 1\n---\nb: 2\n",
        "a: {b: {c: {d: [1, [2, [3]]]}}}\n",
        "value: <<\n",
        "inf: .inf_not\nnan: .nan_text\n",
        "{}\n",
        "[]\n",
    ]

    /// Documents that need the tree: anchors, aliases, tags, merge keys, keys JSON cannot take,
    /// values JSON cannot take, collection keys and syntax errors.
    static let handedBack: [String] = [
        "base: &b {x: 1}\nother: *b\n",
        "a: &anchor 1\n",
        "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",
        "a:\n  <<: 1\n",
        "a:\n  <<: {b: 1}\n",
        "s: !!str 123\n",
        "i: !!int \"7\"\n",
        "t: !custom thing\n",
        "m: !!map {a: 1}\n",
        "~: null key\n",
        "18446744073709551615: uint key\n",
        "x: .inf\n",
        "x: .nan\n",
        "? [a, b]\n: v\n",
        "? {a: 1}\n: v\n",
        "a: 1\nb: 2\n c: 3: 4\n",
        "a: [1, 2\n",
        "\t- tab\n",
    ]

    @Test(arguments: covered)
    func coveredDocumentsDecodeAsTheTreeDecoderDoes(_ text: String) throws {
        var utf8 = text
        let fast = try #require(utf8.withUTF8 { YAMLEventDecoder.decode($0) }, "the event decoder handed back:\n\(text)")
        let tree = try YAMLDecoding.decodeWithTree(text)
        #expect(Self.describe(fast) == Self.describe(tree), "\(text)")
        #expect(Self.describe(try YAMLDecoding.decode(text)) == Self.describe(tree))
    }

    @Test(arguments: handedBack)
    func otherDocumentsGoToTheTreeDecoder(_ text: String) {
        var utf8 = text
        #expect(utf8.withUTF8 { YAMLEventDecoder.decode($0) } == nil, "\(text)")
        // decode() then gives exactly the tree decoder's result or error.
        let viaDecode = Result { try YAMLDecoding.decode(text, fileName: "f.yaml") }
        let viaTree = Result { try YAMLDecoding.decodeWithTree(text, fileName: "f.yaml") }
        switch (viaDecode, viaTree) {
        case let (.success(a), .success(b)): #expect(Self.describe(a) == Self.describe(b))
        case let (.failure(a), .failure(b)): #expect("\(a)" == "\(b)")
        default: Issue.record("decode and the tree decoder disagree on:\n\(text)")
        }
    }

    /// Helm's `SimpleHead` as a target type.
    static let head: YAMLProjection = .fields([
        (name: "apiVersion", type: .string), (name: "kind", type: .string),
        (name: "metadata", type: .fields([(name: "name", type: .string), (name: "annotations", type: .stringMap)])),
    ])

    @Test func aProjectionKeepsOnlyItsFieldsAndConvertsStrings() throws {
        let text = """
            apiVersion: 1.10
            Kind: 5
            metadata:
              name: 0x10
              annotations:
                helm.sh/hook: pre-install
                num: 5
                big: 123456789
                float: 1e40
                inf: -.inf
                flag: on
                none: ~
                nested: {a: [1, 2]}
              labels: {a: b}
            data: {k: v, list: [1, 2, {x: y}]}

            """
        var utf8 = text
        let projected = try #require(utf8.withUTF8 { YAMLEventDecoder.decode($0, keeping: Self.head) })
        #expect(Self.describe(projected) == Self.describe(try YAMLDecoding.decodeWithTree(text, as: Self.head)))
        guard case .map(let p) = projected, case .map(let metadata)? = p["metadata"], case .map(let annotations)? = metadata["annotations"] else {
            Issue.record("not maps: \(projected)")
            return
        }
        #expect(p.sortedKeys == ["Kind", "apiVersion", "metadata"])
        #expect(metadata.sortedKeys == ["annotations", "name"])
        #expect(Self.describe(p["apiVersion"]!) == "string(\"1.1\")")
        #expect(Self.describe(p["Kind"]!) == "string(\"5\")")
        #expect(Self.describe(metadata["name"]!) == "string(\"16\")")
        #expect(Self.describe(annotations["num"]!) == "string(\"5\")")
        #expect(Self.describe(annotations["big"]!) == "string(\"123456789\")")
        #expect(Self.describe(annotations["float"]!) == "string(\"+Inf\")")
        #expect(Self.describe(annotations["inf"]!) == "string(\"-Inf\")")
        #expect(Self.describe(annotations["flag"]!) == "string(\"true\")")
        #expect(Self.describe(annotations["none"]!) == "null")
        #expect(Self.describe(annotations["nested"]!) == "{\"a\": [float(\(Double(1).bitPattern)), float(\(Double(2).bitPattern))]}")
    }

    @Test func aProjectionKeepsTheKindOfWhatItCannotDescend() throws {
        for (text, expected) in [("- a\n- b\n", "[]"), ("just text\n", "string(\"just text\")"), ("kind: [a, {b: c}]\n", "{\"kind\": [string(\"a\"), {\"b\": string(\"c\")}]}"),
                                 ("metadata: [x]\n", "{\"metadata\": []}"), ("metadata: text\n", "{\"metadata\": string(\"text\")}"),
                                 ("KIND: xx\nkind: yy\nkİnd: zz\nkind2: n\n", "{\"KIND\": string(\"xx\"), \"kind\": string(\"yy\")}"),
                                 ("\u{212A}ind: kelvin\nmetadata: {annotationſ: {a: 1}}\n", "{\"metadata\": {\"annotationſ\": {\"a\": string(\"1\")}}, \"\u{212A}ind\": string(\"kelvin\")}")] {
            var utf8 = text
            let projected = try #require(utf8.withUTF8 { YAMLEventDecoder.decode($0, keeping: Self.head) })
            #expect(Self.describe(projected) == expected, "\(text)")
            #expect(Self.describe(try YAMLDecoding.decodeWithTree(text, as: Self.head)) == expected, "\(text)")
        }
    }

    /// The tree decoder (anchors, aliases, merge keys, tags) applies a projection the same way.
    @Test func theTreeDecoderProjectsAsTheEventDecoder() throws {
        let text = "base: &b {kind: 7, extra: 1}\n<<: *b\nmetadata: &m {annotations: {x: !!int \"8\", ref: *b}}\n"
        let decoded = Self.describe(try YAMLDecoding.decode(text, keeping: Self.head))
        #expect(decoded
                == "{\"kind\": string(\"7\"), \"metadata\": {\"annotations\": {\"ref\": {\"extra\": float(\(Double(1).bitPattern)), \"kind\": float(\(Double(7).bitPattern))}, \"x\": string(\"8\")}}}")
    }

    /// Parts a projection skips are still checked: what would fail the full decode hands the
    /// document to the tree decoder (which reports the error); infinities bound for strings are text.
    @Test(arguments: [
        "kind: A\nspec: {x: .inf}\n", "kind: A\nspec: [-.Inf]\n", "kind: A\nspec: {~: 1}\n", "kind: A\nspec: {<<: {a: 1}}\n",
        "kind: A\nspec: &a {x: 1}\n", "kind: A\nspec: !!str 1\n", "kind: A\nspec: {? [a] : 1}\n", "kind: A\nspec: [1,\n",
        "kind: [.inf]\n",
    ])
    func skippedPartsAreStillChecked(_ text: String) {
        var utf8 = text
        #expect(utf8.withUTF8 { YAMLEventDecoder.decode($0, keeping: Self.head) } == nil, "\(text)")
    }

    @Test func infinitiesBoundForStringsAreText() throws {
        #expect(Self.describe(try YAMLDecoding.decode("kind: .inf\n", keeping: Self.head)) == "{\"kind\": string(\"+Inf\")}")
        #expect(throws: YAMLError.self) { try YAMLDecoding.decode("kind: A\nspec: {x: .nan}\n", keeping: Self.head) }
    }

    @Test func skippedFiniteFloatsAndDotStringsAreFine() throws {
        var utf8 = "kind: A\nspec: {a: .5, b: -.25, c: .hidden, d: +.x}\n"
        let projected = try #require(utf8.withUTF8 { YAMLEventDecoder.decode($0, keeping: Self.head) })
        #expect(Self.describe(projected) == "{\"kind\": string(\"A\")}")
    }

    /// A typed rendering of a value (kinds and float bits visible, keys sorted).
    static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "bool(\(b))"
        case .float(let f): return "float(\(f.bitPattern))"
        case .string(let s): return "string(\(s.debugDescription))"
        case .list(let items): return "[" + items.map(describe).joined(separator: ", ") + "]"
        case .map(let map): return "{" + map.sortedKeys.map { "\($0.debugDescription): \(describe(map[$0]!))" }.joined(separator: ", ") + "}"
        default: return "other(\(value))"
        }
    }
}
