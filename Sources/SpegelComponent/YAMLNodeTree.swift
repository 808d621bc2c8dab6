import CLibYAML

/// A YAML node with the source position of each scalar, read with libyaml. Used to find values
/// (e.g. `image:` scalars) in rendered manifests and edit exactly their bytes, leaving the rest of
/// the text as Helm printed it.
indirect enum PositionedNode {
    /// A scalar: its value, its byte range in the text (quotes included) and its style.
    case scalar(String, range: Range<Int>, style: ScalarStyle)
    /// A sequence of nodes.
    case sequence([PositionedNode])
    /// A mapping, in document order.
    case mapping([(key: PositionedNode, value: PositionedNode)])
    /// An alias (`*name`); never followed.
    case alias

    /// How a scalar is written.
    enum ScalarStyle { case plain, singleQuoted, doubleQuoted, block }

    /// The scalar's value.
    var scalarValue: String? {
        if case .scalar(let value, _, _) = self { return value }
        return nil
    }

    /// The value of `key` in a mapping.
    subscript(key: String) -> PositionedNode? {
        guard case .mapping(let pairs) = self else { return nil }
        return pairs.first { $0.key.scalarValue == key }?.value
    }

    /// The node at a dotted path of mapping keys.
    func node(at path: [String]) -> PositionedNode? {
        var node: PositionedNode? = self
        for key in path { node = node?[key] }
        return node
    }

    /// The elements of a sequence (empty for other nodes).
    var elements: [PositionedNode] {
        if case .sequence(let items) = self { return items }
        return []
    }
}

/// A YAML syntax error at a position of the text.
struct PositionedYAMLError: Error, CustomStringConvertible {
    var line: Int
    var column: Int
    var problem: String
    var description: String { "line \(line):\(column): \(problem)" }
}

/// Parses every document of `text` into ``PositionedNode``s (an empty document gives `nil`).
func parsePositionedDocuments(_ text: String) throws -> [PositionedNode?] {
    let bytes = Array(text.utf8)
    let lineStarts = lineStartOffsets(bytes)
    return try bytes.withUnsafeBufferPointer { buffer -> [PositionedNode?] in
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw PositionedYAMLError(line: 0, column: 0, problem: "cannot initialise the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)

        func offset(_ mark: yaml_mark_t) -> Int {
            let line = Int(mark.line)
            guard line < lineStarts.count else { return bytes.count }
            var position = lineStarts[line]
            var characters = Int(mark.column)
            while characters > 0 && position < bytes.count {
                position += 1
                while position < bytes.count && bytes[position] & 0xC0 == 0x80 { position += 1 }
                characters -= 1
            }
            return position
        }

        enum Frame {
            case sequence([PositionedNode])
            case mapping([(key: PositionedNode, value: PositionedNode)], pendingKey: PositionedNode?)
        }
        var documents: [PositionedNode?] = []
        var stack: [Frame] = []
        var root: PositionedNode?

        func attach(_ node: PositionedNode) {
            guard let top = stack.popLast() else { root = node; return }
            switch top {
            case .sequence(var items):
                items.append(node)
                stack.append(.sequence(items))
            case .mapping(var pairs, let pendingKey):
                if let key = pendingKey {
                    pairs.append((key, node))
                    stack.append(.mapping(pairs, pendingKey: nil))
                } else {
                    stack.append(.mapping(pairs, pendingKey: node))
                }
            }
        }

        var done = false
        while !done {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
                throw PositionedYAMLError(
                    line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1, problem: problem)
            }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                done = true
            case YAML_DOCUMENT_START_EVENT:
                root = nil
            case YAML_DOCUMENT_END_EVENT:
                documents.append(root)
            case YAML_SEQUENCE_START_EVENT:
                stack.append(.sequence([]))
            case YAML_MAPPING_START_EVENT:
                stack.append(.mapping([], pendingKey: nil))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                switch frame {
                case .sequence(let items): attach(.sequence(items))
                case .mapping(let pairs, _): attach(.mapping(pairs))
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
                let style: PositionedNode.ScalarStyle
                switch scalar.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
                default: style = .plain
                }
                attach(.scalar(value, range: offset(event.start_mark)..<offset(event.end_mark), style: style))
            case YAML_ALIAS_EVENT:
                attach(.alias)
            default:
                break
            }
        }
        return documents
    }
}

/// Byte offsets at which each line of `bytes` starts (libyaml counts `\n`, `\r\n` and `\r` breaks).
private func lineStartOffsets(_ bytes: [UInt8]) -> [Int] {
    var starts = [0]
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "\n") {
            starts.append(index + 1)
        } else if bytes[index] == UInt8(ascii: "\r") {
            if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
            starts.append(index + 1)
        }
        index += 1
    }
    return starts
}
