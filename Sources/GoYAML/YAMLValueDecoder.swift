import Foundation
import GoTemplate

/// Turns a node tree into Go values as `sigs.k8s.io/yaml.Unmarshal` does: go-yaml v2 decodes into
/// `interface{}` (YAML 1.1 typing, merge keys, aliases), then the result is converted to JSON
/// (non-string keys become strings) and decoded again, so every number becomes a float64.
struct YAMLValueDecoder {
    let fileName: String?
    /// The first JSON-conversion error of a value (NaN, infinities); Go reports it only when the YAML
    /// decoded without error and no key failed to convert.
    private var conversionError: YAMLError?
    /// A key sigs.k8s.io/yaml cannot convert: found before any value is encoded, so it wins over
    /// ``conversionError``. go-yaml keeps one entry per null key (the last value), which the message shows.
    private var keyError: YAMLError?
    private var keyErrorIsNullKey = false
    /// go-yaml's guard against alias expansion bombs.
    private var decodeCount = 0
    private var aliasCount = 0
    private var aliasDepth = 0
    private var activeAliases: Set<ObjectIdentifier> = []

    init(fileName: String?) { self.fileName = fileName }

    static let strTag = "tag:yaml.org,2002:str"
    static let intTag = "tag:yaml.org,2002:int"
    static let floatTag = "tag:yaml.org,2002:float"
    static let boolTag = "tag:yaml.org,2002:bool"
    static let nullTag = "tag:yaml.org,2002:null"
    static let timestampTag = "tag:yaml.org,2002:timestamp"
    static let binaryTag = "tag:yaml.org,2002:binary"
    static let mergeTag = "tag:yaml.org,2002:merge"

    /// A decoded Go value before JSON conversion, as far as map keys need it.
    enum GoScalar {
        case null, bool(Bool), int(Int64), uint(UInt64), float(Double), string(String)
    }

    mutating func decodeRoot(_ node: YAMLNode, as target: YAMLProjection = .all) throws -> TemplateValue {
        let value = try decode(node, as: target)
        if let keyError { throw keyError }
        if let conversionError { throw conversionError }
        return value
    }

    private func error(_ message: String, _ node: YAMLNode?, kind: YAMLError.Kind = .conversion) -> YAMLError {
        YAMLError(kind: kind, fileName: fileName, line: node?.line, column: node?.column, message: message)
    }

    private mutating func count(_ node: YAMLNode) throws {
        decodeCount += 1
        if aliasDepth > 0 { aliasCount += 1 }
        if aliasCount > 100 && decodeCount > 1000 && Double(aliasCount) / Double(decodeCount) > allowedAliasRatio(decodeCount) {
            throw error("yaml: document contains excessive aliasing", node)
        }
    }

    private func allowedAliasRatio(_ decodeCount: Int) -> Double {
        if decodeCount <= 400_000 { return 0.99 }
        if decodeCount >= 4_000_000 { return 0.10 }
        return 0.99 - 0.89 * (Double(decodeCount - 400_000) / 3_600_000)
    }

    /// The value of `node` decoded for `type` (see ``YAMLProjection``; parts not kept are still
    /// decoded and checked, then dropped).
    mutating func decode(_ node: YAMLNode, as type: YAMLProjection = .all) throws -> TemplateValue {
        try count(node)
        switch node.kind {
        case .scalar:
            let goScalar = try scalar(node)
            if case .string = type { return YAMLProjection.stringValue(of: goScalar) }
            return try templateValue(of: goScalar, node)
        case .sequence:
            var items: [TemplateValue] = []
            items.reserveCapacity(node.children.count)
            let element = type.element
            for child in node.children {
                let item = try decode(child, as: element ?? .all)
                if element != nil { items.append(item) }
            }
            return .list(items)
        case .mapping:
            var entries: [String: TemplateValue] = [:]
            try decodeMapping(node, into: &entries, as: type)
            return .map(entries)
        case .alias:
            return try withAlias(node) { decoder, target in try decoder.decode(target, as: type) }
        }
    }

    private mutating func withAlias<T>(_ node: YAMLNode, _ body: (inout YAMLValueDecoder, YAMLNode) throws -> T) throws -> T {
        let id = ObjectIdentifier(node)
        guard let target = node.target, !activeAliases.contains(id) else {
            throw error("yaml: anchor '\(node.value)' value contains itself", node)
        }
        activeAliases.insert(id)
        aliasDepth += 1
        defer {
            aliasDepth -= 1
            activeAliases.remove(id)
        }
        return try body(&self, target)
    }

    private mutating func templateValue(of scalar: GoScalar, _ node: YAMLNode) throws -> TemplateValue {
        switch scalar {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .float(Double(i))
        case .uint(let u): return .float(Double(u))
        case .float(let f):
            if !f.isFinite { noteUnsupported(f, node) }
            return .float(f)
        case .string(let s): return .string(s)
        }
    }

    private mutating func noteUnsupported(_ f: Double, _ node: YAMLNode) {
        if conversionError == nil {
            conversionError = error("json: unsupported value: " + GoFloatFormat.g(f, yamlSpecials: false), node)
        }
    }

    /// go-yaml v2's `d.scalar` for an `interface{}` target.
    private func scalar(_ node: YAMLNode) throws -> GoScalar {
        if node.tag.isEmpty && !node.implicit { return .string(node.value) }
        let tag = node.tag == "!" ? "!" : node.tag
        switch tag {
        case "":
            return Self.goScalar(ScalarResolver.resolvePlain(node.value, checkTimestamps: false), node.value)
        case Self.strTag:
            return .string(node.value)
        case Self.binaryTag:
            let cleaned = node.value.filter { $0 != "\n" && $0 != "\r" }
            guard let data = Data(base64Encoded: cleaned) else {
                throw error("yaml: !!binary value contains invalid base64 data", node)
            }
            return .string(String(decoding: data, as: UTF8.self))
        case Self.intTag, Self.floatTag, Self.boolTag, Self.nullTag, Self.timestampTag:
            let resolved = ScalarResolver.resolvePlain(node.value, checkTimestamps: tag == Self.timestampTag)
            let rtag: String
            switch resolved {
            case .null: rtag = Self.nullTag
            case .bool: rtag = Self.boolTag
            case .int, .uint: rtag = Self.intTag
            case .float: rtag = Self.floatTag
            case .timestamp: rtag = Self.timestampTag
            case .string, .merge: rtag = Self.strTag
            }
            if rtag == tag { return Self.goScalar(resolved, node.value) }
            if tag == Self.floatTag, case .int(let i) = resolved { return .float(Double(i)) }
            throw error("yaml: cannot decode \(shortTag(rtag)) `\(node.value)` as a \(shortTag(tag))", node)
        default:
            return .string(node.value)
        }
    }

    private func shortTag(_ tag: String) -> String {
        tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
    }

    /// go-yaml's Go value for a resolved plain scalar (timestamps and merge keys stay text).
    static func goScalar(_ resolved: ResolvedScalar, _ text: String) -> GoScalar {
        switch resolved {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .float(let f): return .float(f)
        case .string, .timestamp, .merge: return .string(text)
        }
    }

    private func isMergeKey(_ node: YAMLNode) -> Bool {
        node.kind == .scalar && node.value == "<<" && (node.implicit || node.tag == Self.mergeTag)
    }

    private mutating func decodeMapping(_ node: YAMLNode, into entries: inout [String: TemplateValue], as type: YAMLProjection = .all) throws {
        var i = 0
        let children = node.children
        while i + 1 < children.count {
            let keyNode = children[i]
            let valueNode = children[i + 1]
            i += 2
            if isMergeKey(keyNode) {
                try merge(valueNode, into: &entries, as: type)
                continue
            }
            let key = try decodeKey(keyNode)
            let keyText = Self.keyText(key)
            let valueType = keyText.flatMap { type.child(forKey: $0) }
            let value = try decode(valueNode, as: valueType ?? .all)
            if let keyText = keyString(key, value: value, keyNode), valueType != nil {
                entries[keyText] = value
            }
        }
    }

    private mutating func merge(_ node: YAMLNode, into entries: inout [String: TemplateValue], as type: YAMLProjection) throws {
        let wantMap = "yaml: map merge requires map or sequence of maps as the value"
        switch node.kind {
        case .mapping:
            try count(node)
            try decodeMapping(node, into: &entries, as: type)
        case .alias:
            guard let target = node.target, target.kind == .mapping else { throw error(wantMap, node) }
            try withAlias(node) { decoder, target in
                try decoder.count(target)
                try decoder.decodeMapping(target, into: &entries, as: type)
            }
        case .sequence:
            for child in node.children.reversed() {
                if child.kind == .alias {
                    guard let target = child.target, target.kind == .mapping else { throw error(wantMap, child) }
                    try withAlias(child) { decoder, target in
                        try decoder.count(target)
                        try decoder.decodeMapping(target, into: &entries, as: type)
                    }
                } else if child.kind == .mapping {
                    try count(child)
                    try decodeMapping(child, into: &entries, as: type)
                } else {
                    throw error(wantMap, child)
                }
            }
        case .scalar:
            throw error(wantMap, node)
        }
    }

    private mutating func decodeKey(_ node: YAMLNode) throws -> GoScalar {
        try count(node)
        switch node.kind {
        case .scalar:
            return try scalar(node)
        case .alias:
            return try withAlias(node) { decoder, target in try decoder.decodeKey(target) }
        case .sequence, .mapping:
            decodeCount -= 1
            let value = try decode(node)
            throw error("yaml: invalid map key: " + GoSyntax.describe(value), node)
        }
    }

    /// A key's JSON text when it has one (the conversion of ``keyString(_:value:_:)`` without its errors).
    static func keyText(_ key: GoScalar) -> String? {
        switch key {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .float(let f): return GoFloatFormat.g32(f)
        case .bool(let b): return b ? "true" : "false"
        case .null, .uint: return nil
        }
    }

    /// sigs.k8s.io/yaml's key conversion; records an error (and returns nil) for unsupported keys.
    private mutating func keyString(_ key: GoScalar, value: TemplateValue, _ node: YAMLNode) -> String? {
        switch key {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .float(let f): return GoFloatFormat.g32(f)
        case .bool(let b): return b ? "true" : "false"
        case .null:
            if keyError == nil || keyErrorIsNullKey {
                keyError = error("unsupported map key of type: %!s(<nil>), key: <nil>, value: " + GoSyntax.describe(value), node)
                keyErrorIsNullKey = true
            }
            return nil
        case .uint(let u):
            if keyError == nil {
                keyError = error("unsupported map key of type: uint64, key: 0x" + String(u, radix: 16) + ", value: " + GoSyntax.describe(value), node)
            }
            return nil
        }
    }
}

/// Go's `%#v` for decoded YAML values, enough for error messages.
enum GoSyntax {
    static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .int64(let i): return String(i)
        case .float(let f): return GoFloatFormat.g(f, yamlSpecials: false)
        case .string(let s): return JSONEncoding.quote(s, escapeHTML: false)
        case .list(let items): return "[]interface {}{" + items.map(describe).joined(separator: ", ") + "}"
        case .strings(let items): return "[]string{" + items.map { JSONEncoding.quote($0, escapeHTML: false) }.joined(separator: ", ") + "}"
        case .bytes(let b): return "[]byte{" + b.map { "0x" + String($0, radix: 16) }.joined(separator: ", ") + "}"
        case .map(let m):
            return "map[interface {}]interface {}{" + m.sortedKeys.map { JSONEncoding.quote($0, escapeHTML: false) + ":" + describe(m[$0]!) }.joined(separator: ", ") + "}"
        case .object(let o): return o.goDescription
        }
    }
}
