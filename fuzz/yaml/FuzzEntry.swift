// libFuzzer entry for the YAML layer: decoding must never crash, the event decoder must agree with
// the tree decoder wherever it takes a document, and whatever decodes must survive encode → decode
// unchanged (toYaml, toYamlPretty and toJson/fromJson).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var utf8 = text
    for projection in [YAMLProjection.all, headProjection] where !text.isEmpty {
        guard let fast = utf8.withUTF8({ YAMLEventDecoder.decode($0, keeping: projection) }) else { continue }
        do {
            let tree = try YAMLDecoding.decodeWithTree(text, as: projection)
            if !FuzzEquality.equal(fast, tree) { fatalError("event and tree decoders disagree:\n\(text)") }
        } catch {
            fatalError("the event decoder took a document the tree decoder rejects (\(error)):\n\(text)")
        }
    }
    guard let value = try? YAMLDecoding.decode(text) else { return 0 }
    // A "<<" key is written plain (go-yaml does not quote it) and reads back as a merge key:
    // Helm's toYaml cannot round-trip it either (oracle: toYaml (dict "<<" 1) → "<<: 1").
    if let yaml = try? YAMLEncoding.encode(value), !containsMergeKey(value) {
        // Helm's toYaml reads its JSON back through go-yaml, which folds a NEL (U+0085) inside a string
        // as a line break (oracle: Tests/charts/yaml-formatting json-read-back.yaml): such output must
        // decode, but it holds the folded text, not the value.
        checkRoundTrip(value, yaml, "toYaml", comparing: !contains(value) { $0 == "\u{85}" })
        // go-yaml v3 writes tabs at the start of literal-block lines, which go-yaml (and libyaml)
        // then refuse to read ("found a tab character where an indentation space is expected");
        // Helm's toYamlPretty has the same limitation, so such values are not checked.
        if !contains(value, where: { $0 == "\t" }) {
            checkRoundTrip(value, YAMLEncoding.toYamlPretty(value) + "\n", "toYamlPretty")
        }
    }
    if let json = try? JSONEncoding.encode(value) {
        do {
            let back = try JSONDecoding.decode(json)
            if !FuzzEquality.equal(value, back) { fatalError("toJson round trip changed the value:\n\(json)") }
        } catch {
            fatalError("toJson output does not decode: \(error)\n\(json)")
        }
    }
    _ = try? JSONDecoding.decode(text)
    return 0
}

/// Helm's `SimpleHead` (what manifest sorting decodes every document into).
private let headProjection: YAMLProjection = .fields([
    (name: "apiVersion", type: .string), (name: "kind", type: .string),
    (name: "metadata", type: .fields([(name: "name", type: .string), (name: "annotations", type: .stringMap)])),
])

private func containsMergeKey(_ value: TemplateValue) -> Bool {
    switch value {
    case .list(let items): return items.contains(where: containsMergeKey)
    case .map(let map): return map["<<"] != nil || map.entries.values.contains(where: containsMergeKey)
    default: return false
    }
}

/// Whether a string or key anywhere in `value` holds a scalar matching `test`.
private func contains(_ value: TemplateValue, where test: (Unicode.Scalar) -> Bool) -> Bool {
    switch value {
    case .string(let s): return s.unicodeScalars.contains(where: test)
    case .list(let items): return items.contains { contains($0, where: test) }
    case .map(let map): return map.entries.contains { $0.key.unicodeScalars.contains(where: test) || contains($0.value, where: test) }
    default: return false
    }
}

/// `yaml` (what `name` printed for `value`) must decode, and to `value` itself when `comparing`.
private func checkRoundTrip(_ value: TemplateValue, _ yaml: String, _ name: String, comparing: Bool = true) {
    do {
        let back = try YAMLDecoding.decode(yaml)
        if comparing && !FuzzEquality.equal(value, back) { fatalError("\(name) round trip changed the value:\n\(yaml)") }
    } catch {
        fatalError("\(name) output does not decode: \(error)\n\(yaml)")
    }
}

enum FuzzEquality {
    static func equal(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.float(x), .float(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.list(x), .list(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.map(x), .map(y)):
            return x.count == y.count && x.entries.allSatisfy { key, v in y[key].map { equal(v, $0) } ?? false }
        default: return false
        }
    }
}
