import Foundation
import GoTemplate

/// `yaml.Marshal`'s output written straight from a value: the same walk and the same emitter states as
/// ``YAMLEmitter/emitDocument(_:)`` over ``YAMLEncoding/node(for:readingBack:)``, without building the
/// node tree first (its boxes and arrays were most of `toYaml`'s time). `toYamlPretty` keeps the tree.
extension YAMLEmitter {
    /// Emits one document holding `value`, strings and keys as the JSON round trip leaves them.
    mutating func emitDocument(value: TemplateValue) throws {
        try emitValue(value, root: true, sequence: false, mapping: false)
        writeIndent()
    }

    private mutating func emitValue(_ value: TemplateValue, root: Bool, sequence: Bool, mapping: Bool) throws {
        switch value {
        case .list(let items):
            try emitItems(items.count, root: root, sequence: sequence, mapping: mapping) { emitter, i in
                try emitter.emitValue(items[i], root: false, sequence: true, mapping: false)
            }
        case .strings(let items):
            try emitItems(items.count, root: root, sequence: sequence, mapping: mapping) { emitter, i in
                try emitter.emitValue(.string(items[i]), root: false, sequence: true, mapping: false)
            }
        case .map(let map) where !map.isNil:
            setContext(root: root, sequence: sequence, mapping: mapping, simpleKey: false)
            let entries = YAMLKeyOrder.sortedEntries(map, v3: false)
            if entries.isEmpty {
                emitEmptyFlow(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
                return
            }
            increaseIndent(flow: false, indentless: false)
            for (original, entryValue) in entries {
                writeIndent()
                let key = try JSONReadBack.readBack(original, isKey: true)
                let bytes = Array(key.utf8)
                emitKey(bytes, YAMLEncoding.stringStyle(key, bytes))
                try emitValue(entryValue, root: false, sequence: false, mapping: true)
            }
            indent = indents.removeLast()
        case .object:
            try emitValue(value.encodableObject!, root: root, sequence: sequence, mapping: mapping)
        default:
            setContext(root: root, sequence: sequence, mapping: mapping, simpleKey: false)
            let (bytes, style) = try YAMLEncoding.scalar(for: value)
            emitScalar(bytes, style, analysis: ScalarAnalysis(bytes, tabsAllowInBlocks: isV3))
        }
    }

    /// A block sequence of `count` items (`[]` when empty), each emitted by `item`.
    private mutating func emitItems(_ count: Int, root: Bool, sequence: Bool, mapping: Bool,
                                    _ item: (inout YAMLEmitter, Int) throws -> Void) throws {
        setContext(root: root, sequence: sequence, mapping: mapping, simpleKey: false)
        if count == 0 {
            emitEmptyFlow(open: UInt8(ascii: "["), close: UInt8(ascii: "]"))
            return
        }
        increaseIndent(flow: false, indentless: mappingContext && !indention && !isV3)
        for i in 0..<count {
            writeIndent()
            writeIndicator([UInt8(ascii: "-")], needWhitespace: true, isWhitespace: false, isIndention: true)
            try item(&self, i)
        }
        indent = indents.removeLast()
    }
}

extension YAMLEncoding {
    /// The text and requested style of a value that is not a collection, as ``node(for:readingBack:)``
    /// makes its scalar.
    static func scalar(for value: TemplateValue) throws -> ([UInt8], YAMLEmitter.Style) {
        switch value {
        case .null:
            return (Array("null".utf8), .plain)
        case .bool(let b):
            return (Array((b ? "true" : "false").utf8), .plain)
        case .int(let i):
            return (Array(String(i).utf8), .plain)
        case .int64(let i):
            return (Array(String(i).utf8), .plain)
        case .float(let f):
            guard let text = GoFloatFormat.yamlViaJSON(f) else {
                throw EncodingError(description: "error marshaling into JSON: json: unsupported value: " + GoFloatFormat.g(f, yamlSpecials: false))
            }
            return (Array(text.utf8), .plain)
        case .string(let s):
            let text = try JSONReadBack.readBack(s, isKey: false)
            let bytes = Array(text.utf8)
            return (bytes, stringStyle(text, bytes))
        case .bytes(let b):
            let text = Data(b).base64EncodedString()
            let bytes = Array(text.utf8)
            return (bytes, stringStyle(text, bytes))
        default:
            // A nil map (the only collection that reaches here).
            return (Array("null".utf8), .plain)
        }
    }
}
