/// The kind of a parse-tree node (Go's `parse.NodeType`).
public enum NodeType: UInt8, Sendable, BitwiseCopyable {
    case text, action, bool, chain, command, dot, field, identifier, ifNode, list, nilNode, number, pipe
    case range, string, template, variable, with, comment, breakNode, continueNode, elseNode, endNode

    /// Compares raw values (the synthesized `==` went through the generic `Equatable` witness).
    @inline(__always) public static func == (a: NodeType, b: NodeType) -> Bool { a.rawValue == b.rawValue }
}

/// Where a node is: its index in its text's ``NodeArena``.
typealias NodeIndex = Int32

/// No node (an absent `else` list or pipeline).
let noNode: NodeIndex = -1

/// One node of a parsed text, stored by value in its ``NodeArena`` (no object per node: parsing a
/// file appends to a few arrays, and dropping it frees those arrays).
///
/// The operands `a`…`d` mean, by ``type``:
/// - text, comment: the node's bytes `a..<b` in the source;
/// - list: `b` children from `links[a]`;
/// - action: `a` the pipeline;
/// - pipe: `b` commands from `links[a]`, `d` declared variables from `links[c]`; `flag`: `=` rather than `:=`;
/// - command: `b` arguments from `links[a]` (the first is the function, field or operand);
/// - identifier: `a` the name in `words`, `b` the function in `functions` (-1: none), `c` the builtin's
///   ``Builtin/code`` (-1: none);
/// - variable, field: `b` names from `words[a]` (a variable's first is `$name`);
/// - chain: `a` the term, `c` field names from `words[b]`;
/// - bool: `flag` the value; number: `a` the constant in `numbers`;
/// - string: `a` the value in `words`, `b` the quoted text in `words` (-1: the value in double quotes);
/// - if, range, with: `a` the pipeline, `b` the list, `c` the else list (-1: none);
/// - template: `a` the name in `words`, `b` the pipeline (-1: none).
struct NodeRecord: BitwiseCopyable {
    var type: NodeType
    var flag = false
    var pos: Int32
    var line: Int32 = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
    var d: Int32 = 0
}

/// A numeric constant with every interpretation Go derives from its text.
struct NumberConstant {
    var text: String
    var isInt = false, isUint = false, isFloat = false
    var int64: Int64 = 0
    var uint64: UInt64 = 0
    var float64: Double = 0
    /// The value the constant has as an `interface{}` argument (Go's `idealConstant`), worked out once
    /// when parsing ends: `nil` for an integer constant that overflows `int`.
    private(set) var ideal: TemplateValue? = .null

    init(text: String) { self.text = text }

    /// Fixes ``ideal`` from the parsed interpretations: a float when the text looks like one, else an
    /// `int`; an unsigned value beyond `int` has none.
    mutating func resolveIdealConstant() {
        // A plain decimal integer (the parser's short path sets all three) is an `int`.
        if isInt && isUint && isFloat && int64 >= 0 && text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            ideal = .int(Int(int64))
            return
        }
        let bytes = Array(text.utf8)
        let hasExponentOrPoint = bytes.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
            || $0 == UInt8(ascii: "p") || $0 == UInt8(ascii: "P") }
        let isHexInt = bytes.count > 2 && bytes[0] == UInt8(ascii: "0") && (bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "X"))
            && !bytes.contains(UInt8(ascii: "p")) && !bytes.contains(UInt8(ascii: "P"))
        let isRune = bytes.first == UInt8(ascii: "'")
        if isFloat && !isHexInt && !isRune && hasExponentOrPoint {
            ideal = .float(float64)
        } else if isInt {
            ideal = .int(Int(int64))
        } else if isUint {
            ideal = nil
        } else {
            ideal = .null
        }
    }
}

/// A node of a parsed template as the public API shows it: it prints itself back as template source
/// (`description`), exactly as Go's `parse.Node.String()` does; error messages quote nodes this way.
public struct Node: CustomStringConvertible, @unchecked Sendable {
    let arena: NodeArena
    let index: NodeIndex

    /// The node's kind.
    public var type: NodeType { arena.record(index).type }
    /// Byte offset of the node in the text it was parsed from.
    public var pos: Int { Int(arena.record(index).pos) }

    public var description: String { arena.describe(index) }
}

/// Whether a tree holds only whitespace text and comments (Go's `parse.IsEmptyTree`).
func isEmptyTree(_ arena: NodeArena, _ n: NodeIndex) -> Bool {
    guard n >= 0 else { return true }
    let r = arena.record(n)
    switch r.type {
    case .comment: return true
    case .list:
        for i in 0..<Int(r.b) where !isEmptyTree(arena, arena.link(Int(r.a) + i)) { return false }
        return true
    case .text:
        var i = Int(r.a)
        while i < Int(r.b) {
            if !isUnicodeSpaceByte(arena.source.bytes[i]) { return false }
            i += 1
        }
        return true
    default:
        return false
    }
}

@inline(__always) private func isUnicodeSpaceByte(_ b: UInt8) -> Bool {
    b == 0x20 || (b >= 0x09 && b <= 0x0D)
}
