import CLibYAML

/// One node of a parsed YAML document (the first document of the stream, as go-yaml's
/// `Unmarshal` reads it). Aliases point at the anchored node.
final class YAMLNode {
    enum Kind { case scalar, sequence, mapping, alias }

    let kind: Kind
    /// The resolved tag (`tag:yaml.org,2002:str` for `!!str`, `!` for the non-specific tag), or "".
    var tag: String = ""
    /// Scalar text, or the anchor name of an alias.
    var value: String = ""
    /// Whether a scalar was plain with no tag (libyaml's `plain_implicit`).
    var implicit = false
    var children: [YAMLNode] = []
    /// The anchored node an alias refers to.
    weak var target: YAMLNode?
    /// 1-based position of the node's start.
    var line = 0
    var column = 0

    init(kind: Kind) { self.kind = kind }
}

/// Builds the node tree of the first document with libyaml's event parser.
struct YAMLTreeParser {
    /// All nodes are retained here (aliases hold weak references).
    private(set) var arena: [YAMLNode] = []

    /// Parses `text`; returns nil for a stream with no document (empty or comments only).
    mutating func parseFirstDocument(_ text: String, fileName: String?) throws -> YAMLNode? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [UInt8(ascii: "\n")] }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else {
            throw YAMLError(kind: .syntax, fileName: fileName, message: "yaml: failed to initialize the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { buffer -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return try build(&parser, fileName: fileName)
        }
    }

    private mutating func build(_ parser: inout yaml_parser_t, fileName: String?) throws -> YAMLNode? {
        var anchors: [String: YAMLNode] = [:]
        var stack: [YAMLNode] = []
        var root: YAMLNode? = nil
        var event = yaml_event_t()
        var inDocument = false

        func fail() -> YAMLError {
            // go-yaml: the problem mark's 0-based line (+1 for scanner errors), else the context mark's.
            var line = 0
            if parser.problem_mark.line != 0 {
                line = Int(parser.problem_mark.line)
                if parser.error == YAML_SCANNER_ERROR { line += 1 }
            } else if parser.context_mark.line != 0 {
                line = Int(parser.context_mark.line)
            }
            let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem parsing YAML content"
            let whereText = line != 0 ? "line \(line): " : ""
            return YAMLError(kind: .syntax, fileName: fileName,
                             line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
                             message: "yaml: " + whereText + problem)
        }

        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
            guard let pointer else { return "" }
            return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        }

        while true {
            guard yaml_parser_parse(&parser, &event) != 0 else { throw fail() }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1
            var node: YAMLNode? = nil
            switch event.type {
            case YAML_STREAM_START_EVENT:
                continue
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                inDocument = true
                continue
            case YAML_DOCUMENT_END_EVENT:
                return root
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor)
                guard let target = anchors[name] else {
                    throw YAMLError(kind: .conversion, fileName: fileName, line: line, column: column,
                                    message: "yaml: unknown anchor '\(name)' referenced")
                }
                let alias = YAMLNode(kind: .alias)
                alias.value = name
                alias.target = target
                node = alias
            case YAML_SCALAR_EVENT:
                let scalar = YAMLNode(kind: .scalar)
                let data = event.data.scalar
                if let value = data.value {
                    scalar.value = String(decoding: UnsafeBufferPointer(start: value, count: data.length), as: UTF8.self)
                }
                scalar.tag = string(data.tag)
                scalar.implicit = data.plain_implicit != 0
                if data.anchor != nil { anchors[string(data.anchor)] = scalar }
                node = scalar
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isSequence = event.type == YAML_SEQUENCE_START_EVENT
                let collection = YAMLNode(kind: isSequence ? .sequence : .mapping)
                let anchor = isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                collection.tag = string(isSequence ? event.data.sequence_start.tag : event.data.mapping_start.tag)
                if anchor != nil { anchors[string(anchor)] = collection }
                collection.line = line
                collection.column = column
                arena.append(collection)
                if let parent = stack.last { parent.children.append(collection) } else { root = collection }
                stack.append(collection)
                continue
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                stack.removeLast()
                continue
            default:
                continue
            }
            guard let node, inDocument else { continue }
            node.line = line
            node.column = column
            arena.append(node)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
        }
    }
}
