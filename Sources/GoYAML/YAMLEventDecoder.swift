import CLibYAML
import GoTemplate

/// Decodes the first document of a stream straight from libyaml's events into values, with no node
/// tree in between, for the documents nearly every chart has: no anchors, aliases, tags or merge keys,
/// only string-like keys. It gives the same values as ``YAMLValueDecoder`` on the tree; anything it
/// does not cover (and every syntax or conversion error) makes it return nil, and the caller decodes
/// the text again with the tree decoder, which has the full rules and Go's error messages.
///
/// With a ``YAMLProjection`` it converts scalars bound for Go strings and still reads and checks the
/// whole document, but builds only the projected parts (no strings, dictionaries or arrays for the rest).
struct YAMLEventDecoder {
    private enum Collection { case sequence, mapping }

    /// Open collections, innermost last; the other stacks are in step with it.
    private var open: [Collection] = []
    /// What is kept of each open collection's children (nil: the collection is being skipped).
    private var projections: [YAMLProjection?] = []
    private var lists: [[TemplateValue]] = []
    private var maps: [[String: TemplateValue]] = []
    /// The key waiting for its value in each open mapping (nil while a key is expected).
    private var keys: [String?] = []
    private var root: TemplateValue = .null
    private let projection: YAMLProjection

    private init(projection: YAMLProjection) { self.projection = projection }

    /// The value of the first document (`.null` for a stream without one), or nil when the text
    /// needs the tree decoder.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, keeping projection: YAMLProjection = .all) -> TemplateValue? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var decoder = YAMLEventDecoder(projection: projection)
        return decoder.run(&parser)
    }

    private mutating func run(_ parser: inout yaml_parser_t) -> TemplateValue? {
        var event = yaml_event_t()
        var inDocument = false
        while true {
            guard yaml_parser_parse(&parser, &event) != 0 else { return nil }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_START_EVENT:
                continue
            case YAML_DOCUMENT_START_EVENT:
                inDocument = true
            case YAML_STREAM_END_EVENT, YAML_DOCUMENT_END_EVENT:
                return root
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                guard data.tag == nil, data.anchor == nil, inDocument else { return nil }
                let bytes = UnsafeBufferPointer(start: data.value, count: data.value == nil ? 0 : data.length)
                let plain = data.plain_implicit != 0
                if expectsKey {
                    guard let key = Self.key(bytes, plain: plain) else { return nil }
                    keys[keys.count - 1] = key
                    continue
                }
                guard let target = childProjection() else {
                    // Skipped, but a value JSON cannot take still fails the document.
                    if plain && Self.mayBeNonFinite(bytes) && Self.value(bytes, plain: plain) == nil { return nil }
                    dropValue()
                    continue
                }
                guard let value = Self.value(bytes, plain: plain, as: target) else { return nil }
                add(value)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isSequence = event.type == YAML_SEQUENCE_START_EVENT
                let tag = isSequence ? event.data.sequence_start.tag : event.data.mapping_start.tag
                let anchor = isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                guard tag == nil, anchor == nil, inDocument, open.count < YAMLTreeParser.maxNesting else { return nil }
                // A collection as a mapping key is an error the tree decoder words.
                if expectsKey { return nil }
                projections.append(childProjection())
                if isSequence {
                    open.append(.sequence)
                    lists.append([])
                } else {
                    open.append(.mapping)
                    maps.append([:])
                    keys.append(nil)
                }
            case YAML_SEQUENCE_END_EVENT:
                open.removeLast()
                let kept = projections.removeLast() != nil
                let items = lists.removeLast()
                if kept { add(.list(items)) } else { dropValue() }
            case YAML_MAPPING_END_EVENT:
                open.removeLast()
                keys.removeLast()
                let kept = projections.removeLast() != nil
                let entries = maps.removeLast()
                if kept { add(.map(entries)) } else { dropValue() }
            default:
                // Aliases (and anything unexpected) need the tree.
                return nil
            }
        }
    }

    /// Whether the innermost collection is a mapping waiting for a key.
    private var expectsKey: Bool {
        guard let last = open.last, last == .mapping else { return false }
        return keys[keys.count - 1] == nil
    }

    /// What the value about to be read is decoded as (nil: skip it).
    private func childProjection() -> YAMLProjection? {
        guard let parent = projections.last else { return projection }
        guard let parent else { return nil }
        if open.last == .mapping {
            guard let key = keys[keys.count - 1] else { return nil }
            return parent.child(forKey: key)
        }
        return parent.element
    }

    /// Adds a finished value to the innermost collection, or makes it the document's value.
    private mutating func add(_ value: TemplateValue) {
        switch open.last {
        case nil:
            root = value
        case .sequence?:
            lists[lists.count - 1].append(value)
        case .mapping?:
            let key = keys[keys.count - 1]!
            keys[keys.count - 1] = nil
            maps[maps.count - 1][key] = value  // duplicate keys: the last wins, as in the tree decoder
        }
    }

    /// Finishes a skipped value: its mapping expects the next key.
    private mutating func dropValue() {
        if let last = open.last, last == .mapping { keys[keys.count - 1] = nil }
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a plain scalar could resolve to an infinity or NaN (`.inf`, `-.Inf`, `.NaN`, …).
    private static func mayBeNonFinite(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        return first == UInt8(ascii: ".") || ((first == UInt8(ascii: "-") || first == UInt8(ascii: "+")) && bytes.count > 1 && bytes[1] == UInt8(ascii: "."))
    }

    /// A scalar value as `YAMLValueDecoder` decodes an untagged one for `target`; nil for values
    /// whose JSON conversion fails (infinities, NaN not bound for a string).
    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, plain: Bool, as target: YAMLProjection = .all) -> TemplateValue? {
        let text = string(bytes)
        guard plain else { return .string(text) }
        let scalar = YAMLValueDecoder.goScalar(ScalarResolver.resolvePlain(text, checkTimestamps: false), text)
        if case .string = target { return YAMLProjection.stringValue(of: scalar) }
        switch scalar {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .float(Double(i))
        case .uint(let u): return .float(Double(u))
        case .float(let f): return f.isFinite ? .float(f) : nil
        case .string(let s): return .string(s)
        }
    }

    /// A mapping key as sigs.k8s.io/yaml converts it to a JSON key; nil for merge keys and for keys
    /// the conversion rejects (null, unsigned integers beyond Int64).
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>, plain: Bool) -> String? {
        let text = string(bytes)
        guard plain else { return text }
        if text == "<<" { return nil }
        return YAMLValueDecoder.keyText(YAMLValueDecoder.goScalar(ScalarResolver.resolvePlain(text, checkTimestamps: false), text))
    }
}
