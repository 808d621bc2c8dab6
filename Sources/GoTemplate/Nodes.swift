/// The kind of a parse-tree node (Go's `parse.NodeType`).
public enum NodeType: UInt8, Sendable {
    case text, action, bool, chain, command, dot, field, identifier, ifNode, list, nilNode, number, pipe
    case range, string, template, variable, with, comment, breakNode, continueNode, elseNode, endNode

    /// Compares raw values (the synthesized `==` went through the generic `Equatable` witness).
    @inline(__always) public static func == (a: NodeType, b: NodeType) -> Bool { a.rawValue == b.rawValue }
}

/// A node of a parsed template. Every node prints itself back as template source (`description`),
/// exactly as Go's `parse.Node.String()` does; error messages quote nodes this way.
public class Node: CustomStringConvertible, @unchecked Sendable {
    /// The node's kind.
    public let type: NodeType
    /// Byte offset of the node in the text it was parsed from.
    public let pos: Int

    init(type: NodeType, pos: Int) {
        self.type = type
        self.pos = pos
    }

    /// Appends the node's source form to `out`.
    func write(to out: inout String) {}

    public var description: String {
        var s = ""
        write(to: &s)
        return s
    }
}

/// A sequence of nodes.
public final class ListNode: Node, @unchecked Sendable {
    /// The nodes in order.
    public var nodes: [Node] { unownedNodes.map { $0.takeUnretainedValue() } }
    /// The nodes, each retained once by this list and released in `deinit`: the executor walks them
    /// without reference counting per visit.
    let unownedNodes: [Unmanaged<Node>]
    init(pos: Int, nodes: [Node]) {
        self.unownedNodes = nodes.map { Unmanaged.passRetained($0) }
        super.init(type: .list, pos: pos)
    }
    /// A list taking over `retained` (each reference already retained once for the list).
    init(pos: Int, retained: [Unmanaged<Node>]) {
        self.unownedNodes = retained
        super.init(type: .list, pos: pos)
    }
    deinit {
        for node in unownedNodes { node.release() }
    }
    override func write(to out: inout String) {
        for n in unownedNodes { n.takeUnretainedValue().write(to: &out) }
    }
}

/// Plain text outside actions.
public final class TextNode: Node, @unchecked Sendable {
    /// The text as written.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The text's bytes inside `source` (kept alive by the node).
    let bytes: UnsafeBufferPointer<UInt8>
    private let source: SourceText
    init(pos: Int, source: SourceText, range: Range<Int>) {
        self.source = source
        self.bytes = UnsafeBufferPointer(rebasing: source.stable[range])
        super.init(type: .text, pos: pos)
    }
    override func write(to out: inout String) { out += text }
}

/// A `{{/* comment */}}`.
public final class CommentNode: Node, @unchecked Sendable {
    public let text: String
    init(pos: Int, text: String) {
        self.text = text
        super.init(type: .comment, pos: pos)
    }
    override func write(to out: inout String) { out += "{{" + text + "}}" }
}

/// A pipeline with optional variable declarations: `$x := a | b`.
public final class PipeNode: Node, @unchecked Sendable {
    public let line: Int
    public let isAssign: Bool
    public let decl: [VariableNode]
    /// The commands in order.
    public var cmds: [CommandNode] { unownedCmds.map { $0.takeUnretainedValue() } }
    /// The commands, each retained once by this pipeline and released in `deinit` (see ``ListNode``).
    let unownedCmds: [Unmanaged<CommandNode>]
    /// The first command (nearly every pipeline has one), read without touching the array.
    let firstCommand: Unmanaged<CommandNode>?
    /// Whether the pipeline declares or assigns variables.
    let hasDeclarations: Bool
    /// A pipeline taking over `retainedCmds` (each reference already retained once for the pipeline).
    init(pos: Int, line: Int, isAssign: Bool, decl: [VariableNode], retainedCmds: [Unmanaged<CommandNode>]) {
        self.line = line
        self.isAssign = isAssign
        self.decl = decl
        self.unownedCmds = retainedCmds
        self.firstCommand = retainedCmds.first
        self.hasDeclarations = !decl.isEmpty
        super.init(type: .pipe, pos: pos)
    }
    deinit {
        for cmd in unownedCmds { cmd.release() }
    }
    override func write(to out: inout String) {
        if !decl.isEmpty {
            for (i, v) in decl.enumerated() {
                if i > 0 { out += ", " }
                v.write(to: &out)
            }
            out += isAssign ? " = " : " := "
        }
        for (i, c) in cmds.enumerated() {
            if i > 0 { out += " | " }
            c.write(to: &out)
        }
    }
}

/// An action that prints its pipeline's value (unless it declares variables).
public final class ActionNode: Node, @unchecked Sendable {
    public let line: Int
    public let pipe: PipeNode
    init(pos: Int, line: Int, pipe: PipeNode) {
        self.line = line
        self.pipe = pipe
        super.init(type: .action, pos: pos)
    }
    override func write(to out: inout String) {
        out += "{{"
        pipe.write(to: &out)
        out += "}}"
    }
}

/// A command: a function, method, field or operand followed by arguments.
public final class CommandNode: Node, @unchecked Sendable {
    public let args: [Node]
    /// The first argument (the function, field or operand) without ownership, for the executor.
    let unownedFirst: Unmanaged<Node>
    init(pos: Int, args: [Node]) {
        self.args = args
        self.unownedFirst = Unmanaged.passUnretained(args[0])
        super.init(type: .command, pos: pos)
    }
    override func write(to out: inout String) {
        for (i, a) in args.enumerated() {
            if i > 0 { out += " " }
            if let p = a as? PipeNode {
                out += "("
                p.write(to: &out)
                out += ")"
            } else {
                a.write(to: &out)
            }
        }
    }
}

/// A function name.
public final class IdentifierNode: Node, @unchecked Sendable {
    public let ident: String
    /// The builtin this name denotes when no user function shadows it.
    let builtin: Builtin?
    /// The user function found at parse time, with the table it came from.
    let function: FunctionBox?
    /// The identity of the table `function` came from (compared, never dereferenced: no reference counting).
    let table: ObjectIdentifier?
    init(pos: Int, ident: String, builtin: Builtin?, function: FunctionBox?, table: ObjectIdentifier?) {
        self.ident = ident
        self.builtin = builtin
        self.function = function
        self.table = table
        super.init(type: .identifier, pos: pos)
    }
    override func write(to out: inout String) { out += ident }
}

/// A variable, possibly followed by fields: `$x.a.b`.
public final class VariableNode: Node, @unchecked Sendable {
    public let ident: [String]
    init(pos: Int, ident: [String]) {
        self.ident = ident
        super.init(type: .variable, pos: pos)
    }
    override func write(to out: inout String) {
        for (i, id) in ident.enumerated() {
            if i > 0 { out += "." }
            out += id
        }
    }
}

/// The cursor, `.`.
public final class DotNode: Node, @unchecked Sendable {
    init(pos: Int) { super.init(type: .dot, pos: pos) }
    override func write(to out: inout String) { out += "." }
}

/// The untyped `nil`.
public final class NilNode: Node, @unchecked Sendable {
    init(pos: Int) { super.init(type: .nilNode, pos: pos) }
    override func write(to out: inout String) { out += "nil" }
}

/// A field chain on dot: `.a.b`.
public final class FieldNode: Node, @unchecked Sendable {
    public let ident: [String]
    init(pos: Int, ident: [String]) {
        self.ident = ident
        super.init(type: .field, pos: pos)
    }
    override func write(to out: inout String) {
        for id in ident {
            out += "."
            out += id
        }
    }
}

/// Fields applied to a term: `(pipe).a.b`.
public final class ChainNode: Node, @unchecked Sendable {
    public let node: Node
    public let field: [String]
    init(pos: Int, node: Node, field: [String]) {
        self.node = node
        self.field = field
        super.init(type: .chain, pos: pos)
    }
    override func write(to out: inout String) {
        if let p = node as? PipeNode {
            out += "("
            p.write(to: &out)
            out += ")"
        } else {
            node.write(to: &out)
        }
        for f in field {
            out += "."
            out += f
        }
    }
}

/// `true` or `false`.
public final class BoolNode: Node, @unchecked Sendable {
    public let value: Bool
    init(pos: Int, value: Bool) {
        self.value = value
        super.init(type: .bool, pos: pos)
    }
    override func write(to out: inout String) { out += value ? "true" : "false" }
}

/// A numeric constant with every interpretation Go derives from its text.
public final class NumberNode: Node, @unchecked Sendable {
    public let text: String
    public internal(set) var isInt = false, isUint = false, isFloat = false
    public internal(set) var int64: Int64 = 0
    public internal(set) var uint64: UInt64 = 0
    public internal(set) var float64: Double = 0
    /// The value the constant has as an `interface{}` argument (Go's `idealConstant`), worked out once
    /// when parsing ends: `nil` for an integer constant that overflows `int`.
    private(set) var ideal: TemplateValue? = .null
    init(pos: Int, text: String) {
        self.text = text
        super.init(type: .number, pos: pos)
    }
    override func write(to out: inout String) { out += text }

    /// Fixes ``ideal`` from the parsed interpretations: a float when the text looks like one, else an
    /// `int`; an unsigned value beyond `int` has none.
    func resolveIdealConstant() {
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

/// A quoted string constant.
public final class StringNode: Node, @unchecked Sendable {
    /// The original quoted text.
    public var quoted: String { escapedQuoted ?? "\"" + text + "\"" }
    /// The unquoted value.
    public let text: String
    /// The quoted text when it is not simply `text` in double quotes (escapes, raw strings).
    private let escapedQuoted: String?
    init(pos: Int, quoted: String?, text: String) {
        self.escapedQuoted = quoted
        self.text = text
        super.init(type: .string, pos: pos)
    }
    override func write(to out: inout String) { out += quoted }
}

/// `{{if}}`, `{{range}}` and `{{with}}`.
public final class BranchNode: Node, @unchecked Sendable {
    public let line: Int
    public let pipe: PipeNode
    public let list: ListNode
    public let elseList: ListNode?
    init(type: NodeType, pos: Int, line: Int, pipe: PipeNode, list: ListNode, elseList: ListNode?) {
        self.line = line
        self.pipe = pipe
        self.list = list
        self.elseList = elseList
        super.init(type: type, pos: pos)
    }
    override func write(to out: inout String) {
        let name: String
        switch type {
        case .ifNode: name = "if"
        case .range: name = "range"
        default: name = "with"
        }
        out += "{{" + name + " "
        pipe.write(to: &out)
        out += "}}"
        list.write(to: &out)
        if let e = elseList {
            out += "{{else}}"
            e.write(to: &out)
        }
        out += "{{end}}"
    }
}

/// `{{break}}`, `{{continue}}`, and the parser-internal `{{else}}` / `{{end}}`.
public final class KeywordNode: Node, @unchecked Sendable {
    public let line: Int
    init(type: NodeType, pos: Int, line: Int) {
        self.line = line
        super.init(type: type, pos: pos)
    }
    override func write(to out: inout String) {
        switch type {
        case .breakNode: out += "{{break}}"
        case .continueNode: out += "{{continue}}"
        case .elseNode: out += "{{else}}"
        default: out += "{{end}}"
        }
    }
}

/// `{{template "name" pipeline}}`.
public final class TemplateNode: Node, @unchecked Sendable {
    public let line: Int
    public let name: String
    public let pipe: PipeNode?
    init(pos: Int, line: Int, name: String, pipe: PipeNode?) {
        self.line = line
        self.name = name
        self.pipe = pipe
        super.init(type: .template, pos: pos)
    }
    override func write(to out: inout String) {
        out += "{{template " + goQuote(name)
        if let p = pipe {
            out += " "
            p.write(to: &out)
        }
        out += "}}"
    }
}

/// Whether a tree holds only whitespace text and comments (Go's `parse.IsEmptyTree`).
func isEmptyTree(_ n: Node?) -> Bool {
    guard let n else { return true }
    switch n.type {
    case .comment: return true
    case .list:
        for c in (n as! ListNode).unownedNodes where !isEmptyTree(c.takeUnretainedValue()) { return false }
        return true
    case .text:
        return (n as! TextNode).bytes.allSatisfy(isUnicodeSpaceByte)
    default:
        return false
    }
}

@inline(__always) private func isUnicodeSpaceByte(_ b: UInt8) -> Bool {
    b == 0x20 || (b >= 0x09 && b <= 0x0D)
}
