/// A parsed template: its name, the name of the text it came from, and its root list.
public final class Tree: @unchecked Sendable {
    /// The template's name (`define` name, or the name given to `parse`).
    public let name: String
    /// The name of the text it was parsed from (used in error locations).
    public let parseName: String
    /// The whole text it was parsed from (shared by every tree defined in it).
    let source: SourceText
    /// The template body.
    public let root: ListNode

    init(name: String, parseName: String, source: SourceText, root: ListNode) {
        self.name = name
        self.parseName = parseName
        self.source = source
        self.root = root
    }

    /// `NAME:LINE:COL` of a node and the node's text truncated as Go's `ErrorContext` does.
    func errorContext(_ node: Node) -> (location: String, context: String) {
        let pos = min(node.pos, source.bytes.count)
        var line = 1
        var lastNewline = -1
        var i = 0
        let bytes = source.bytes
        while i < pos {
            if bytes[i] == 0x0A {
                line += 1
                lastNewline = i
            }
            i += 1
        }
        let col = lastNewline < 0 ? pos : pos - (lastNewline + 1)
        // Go 1.25 (Helm v4.2.3) no longer cuts the context to 20 characters.
        let context = node.description
        return ("\(parseName):\(line):\(col)", context)
    }
}

/// The text a parse started from.
final class SourceText: @unchecked Sendable {
    let bytes: [UInt8]
    /// A copy of `bytes` at a fixed address for the lifetime of this object: text nodes point into
    /// it, so printing them needs no reference counting.
    let stable: UnsafeMutableBufferPointer<UInt8>
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        stable = .allocate(capacity: max(1, bytes.count))
        _ = stable.initialize(from: bytes)
    }
    deinit { stable.deallocate() }
}

/// A parse failure, already formatted as Go formats it.
struct ParseError: Error {
    var message: String
}

/// Children being collected for a list or pipeline node, each retained once for the node that will
/// take them (``ListNode`` and ``PipeNode`` hold their children as retained `Unmanaged` references);
/// released again if parsing fails before the node is made.
struct RetainedNodes<N: AnyObject>: ~Copyable {
    private(set) var references: [Unmanaged<N>] = []

    init() { references.reserveCapacity(8) }

    mutating func append(_ node: N) { references.append(.passRetained(node)) }

    /// Hands the references to the node being made.
    consuming func take() -> [Unmanaged<N>] {
        let taken = references
        references = []
        return taken
    }

    deinit {
        for r in references { r.release() }
    }
}

/// A recursive-descent parser over the lexer's items, following Go's `parse.Tree` step by step
/// (same look-ahead, same error texts and line numbers).
final class Parser {
    private let lexer: Lexer
    /// Three-token look-ahead, as Go's `token [3]item` (kept as properties: no array to check on each token).
    private var token0 = Item(type: .eof, pos: 0, end: 0, line: 1)
    private var token1 = Item(type: .eof, pos: 0, end: 0, line: 1)
    private var token2 = Item(type: .eof, pos: 0, end: 0, line: 1)
    private var peekCount = 0
    private let parseName: String
    private let source: SourceText
    private let functions: FunctionTable
    /// Trees completed so far in this parse, by name.
    private(set) var trees: [Tree] = []
    /// Where each tree of ``trees`` is, by name.
    private var treeIndex: [String: Int] = [:]

    // Per-tree state (saved and restored around nested definitions).
    private var vars: [String] = ["$"]
    private var rangeDepth = 0
    private var actionLine = 0

    init(name: String, text: [UInt8], leftDelim: String, rightDelim: String, functions: FunctionTable) {
        self.parseName = name
        self.source = SourceText(text)
        self.functions = functions
        self.lexer = Lexer(input: text, leftDelim: leftDelim, rightDelim: rightDelim)
    }

    /// Parses the whole text; the top-level template is named `parseName`.
    func parse() throws {
        let rootPos = peek().pos
        var nodes = RetainedNodes<Node>()
        while peek().type != .eof {
            if peek().type == .leftDelim {
                let delim = next()
                if nextNonSpace().type == .define {
                    try parseDefinition()
                    continue
                }
                backup2(delim)
            }
            let n = try textOrAction()
            if n.type == .endNode || n.type == .elseNode {
                throw error("unexpected \(n)")
            }
            nodes.append(n)
        }
        try add(Tree(name: parseName, parseName: parseName, source: source, root: ListNode(pos: rootPos, retained: nodes.take())))
    }

    // MARK: Token handling

    private func next() -> Item {
        if peekCount > 0 {
            peekCount -= 1
        } else {
            token0 = lexer.nextItem()
        }
        return token(peekCount)
    }

    @inline(__always) private func token(_ index: Int) -> Item {
        switch index {
        case 0: return token0
        case 1: return token1
        default: return token2
        }
    }

    private func backup() { peekCount += 1 }

    private func backup2(_ t1: Item) {
        token1 = t1
        peekCount = 2
    }

    private func backup3(_ t2: Item, _ t1: Item) {
        token1 = t1
        token2 = t2
        peekCount = 3
    }

    private func peek() -> Item {
        if peekCount > 0 { return token(peekCount - 1) }
        peekCount = 1
        token0 = lexer.nextItem()
        return token0
    }

    private func nextNonSpace() -> Item {
        var t: Item
        repeat { t = next() } while t.type == .space
        return t
    }

    private func peekNonSpace() -> Item {
        let t = nextNonSpace()
        backup()
        return t
    }

    /// The text of a token.
    private func text(_ t: Item) -> String { lexer.text(of: t) }

    /// The name of a field token (`.name`, one identifier: the lexer stops at the next dot).
    private func fieldName(_ t: Item) -> String {
        String(decoding: source.bytes[(t.pos + 1)..<t.end], as: UTF8.self)
    }

    // MARK: Errors

    private func error(_ message: String) -> ParseError {
        ParseError(message: "template: \(parseName):\(token0.line): \(message)")
    }

    private func expect(_ expected: ItemType, _ context: String) throws -> Item {
        let t = nextNonSpace()
        if t.type != expected { throw unexpected(t, context) }
        return t
    }

    private func expectOneOf(_ e1: ItemType, _ e2: ItemType, _ context: String) throws -> Item {
        let t = nextNonSpace()
        if t.type != e1 && t.type != e2 { throw unexpected(t, context) }
        return t
    }

    private func unexpected(_ t: Item, _ context: String) -> ParseError {
        if t.type == .error {
            var extra = ""
            if actionLine != 0 && actionLine != t.line {
                extra = " in action started at \(parseName):\(actionLine)"
                if lexer.errorMessage.hasSuffix(" action") {
                    extra = String(extra.dropFirst(" in action".count))
                }
            }
            return error(lexer.describe(t) + extra)
        }
        return error("unexpected \(lexer.describe(t)) in \(context)")
    }

    // MARK: Trees

    private func add(_ tree: Tree) throws {
        guard let i = treeIndex[tree.name] else {
            treeIndex[tree.name] = trees.count
            trees.append(tree)
            return
        }
        if !isEmptyTree(trees[i].root) {
            if !isEmptyTree(tree.root) {
                throw error("template: multiple definition of template \(goQuote(tree.name))")
            }
            return
        }
        trees[i] = tree
    }

    private func withNestedTree<T>(_ body: () throws -> T) rethrows -> T {
        let saved = (vars, rangeDepth, actionLine)
        vars = ["$"]
        rangeDepth = 0
        actionLine = 0
        defer { (vars, rangeDepth, actionLine) = saved }
        return try body()
    }

    private func parseDefinition() throws {
        try withNestedTree {
            let context = "define clause"
            let nameToken = try expectOneOf(.string, .rawString, context)
            guard let name = goUnquote(text(nameToken)) else { throw error("invalid syntax") }
            _ = try expect(.rightDelim, context)
            let (root, end) = try itemList()
            if end.type != .endNode { throw error("unexpected \(end) in \(context)") }
            try add(Tree(name: name, parseName: parseName, source: source, root: root))
        }
    }

    private func itemList() throws -> (ListNode, Node) {
        try StackGuard.run { try itemListBody() }
    }

    private func itemListBody() throws -> (ListNode, Node) {
        let pos = peekNonSpace().pos
        var nodes = RetainedNodes<Node>()
        while peekNonSpace().type != .eof {
            let n = try textOrAction()
            if n.type == .endNode || n.type == .elseNode { return (ListNode(pos: pos, retained: nodes.take()), n) }
            nodes.append(n)
        }
        throw error("unexpected EOF")
    }

    private func textOrAction() throws -> Node {
        let t = nextNonSpace()
        switch t.type {
        case .text:
            return TextNode(pos: t.pos, source: source, range: t.pos..<t.end)
        case .leftDelim:
            actionLine = t.line
            defer { actionLine = 0 }
            return try action()
        case .comment:
            return CommentNode(pos: t.pos, text: text(t))
        default:
            throw unexpected(t, "input")
        }
    }

    private func action() throws -> Node {
        let t = nextNonSpace()
        switch t.type {
        case .block: return try blockControl()
        case .breakKeyword: return try breakOrContinue(t, .breakNode, "{{break}}")
        case .continueKeyword: return try breakOrContinue(t, .continueNode, "{{continue}}")
        case .elseKeyword: return try elseControl()
        case .end: return KeywordNode(type: .endNode, pos: try expect(.rightDelim, "end").pos, line: t.line)
        case .ifKeyword: return try branch(.ifNode, "if")
        case .range: return try branch(.range, "range")
        case .template: return try templateControl()
        case .with: return try branch(.with, "with")
        default: break
        }
        backup()
        let start = peek()
        return ActionNode(pos: start.pos, line: start.line, pipe: try pipeline("command", .rightDelim))
    }

    private func breakOrContinue(_ t: Item, _ type: NodeType, _ context: String) throws -> Node {
        let n = nextNonSpace()
        if n.type != .rightDelim { throw unexpected(n, context) }
        if rangeDepth == 0 { throw error("\(context) outside {{range}}") }
        return KeywordNode(type: type, pos: t.pos, line: t.line)
    }

    private func pipeline(_ context: String, _ end: ItemType) throws -> PipeNode {
        try StackGuard.run { try pipelineBody(context, end) }
    }

    private func pipelineBody(_ context: String, _ end: ItemType) throws -> PipeNode {
        let start = peekNonSpace()
        var isAssign = false
        var decl: [VariableNode] = []
        var cmds = RetainedNodes<CommandNode>()
        decls: while true {
            let v = peekNonSpace()
            guard v.type == .variable else { break }
            _ = next()
            let tokenAfterVariable = peek()
            let n = peekNonSpace()
            if n.type == .assign || n.type == .declare {
                isAssign = n.type == .assign
                _ = nextNonSpace()
                let name = text(v)
                decl.append(VariableNode(pos: v.pos, ident: [name]))
                vars.append(name)
            } else if n.type == .char && lexer.item(n, is: ",") {
                _ = nextNonSpace()
                let name = text(v)
                decl.append(VariableNode(pos: v.pos, ident: [name]))
                vars.append(name)
                if context == "range" && decl.count < 2 {
                    switch peekNonSpace().type {
                    case .variable, .rightDelim, .rightParen:
                        continue decls
                    default:
                        throw error("range can only initialize variables")
                    }
                }
                throw error("too many declarations in \(context)")
            } else if tokenAfterVariable.type == .space {
                backup3(v, tokenAfterVariable)
            } else {
                backup2(v)
            }
            break
        }
        while true {
            let t = nextNonSpace()
            switch t.type {
            case end:
                try checkPipeline(cmds.references, context)
                return PipeNode(pos: start.pos, line: start.line, isAssign: isAssign, decl: decl, retainedCmds: cmds.take())
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword,
                 .rawString, .string, .variable, .leftParen:
                backup()
                cmds.append(try command())
            default:
                throw unexpected(t, context)
            }
        }
    }

    private func checkPipeline(_ cmds: [Unmanaged<CommandNode>], _ context: String) throws {
        if cmds.isEmpty { throw error("missing value for \(context)") }
        if cmds.count == 1 { return }
        for (i, c) in cmds.enumerated().dropFirst() {
            switch c._withUnsafeGuaranteedRef({ $0.unownedFirst._withUnsafeGuaranteedRef { $0.type } }) {
            case .bool, .dot, .nilNode, .number, .string:
                throw error("non executable command in pipeline stage \(i + 1)")
            default: break
            }
        }
    }

    private func branch(_ type: NodeType, _ context: String) throws -> Node {
        let mark = vars.count
        defer { vars.removeLast(vars.count - mark) }
        let pipe = try pipeline(context, .rightDelim)
        if context == "range" { rangeDepth += 1 }
        var (list, nextNode) = try itemList()
        if context == "range" { rangeDepth -= 1 }
        var elseList: ListNode?
        if nextNode.type == .elseNode {
            if context == "if" && peek().type == .ifKeyword {
                _ = next()
                elseList = ListNode(pos: nextNode.pos, nodes: [try branch(.ifNode, "if")])
            } else if context == "with" && peek().type == .with {
                _ = next()
                elseList = ListNode(pos: nextNode.pos, nodes: [try branch(.with, "with")])
            } else {
                (elseList, nextNode) = try itemList()
                if nextNode.type != .endNode { throw error("expected end; found \(nextNode)") }
            }
        }
        _ = list
        return BranchNode(type: type, pos: pipe.pos, line: pipe.line, pipe: pipe, list: list, elseList: elseList)
    }

    private func elseControl() throws -> Node {
        let p = peekNonSpace()
        if p.type == .ifKeyword || p.type == .with {
            return KeywordNode(type: .elseNode, pos: p.pos, line: p.line)
        }
        let t = try expect(.rightDelim, "else")
        return KeywordNode(type: .elseNode, pos: t.pos, line: t.line)
    }

    private func blockControl() throws -> Node {
        let context = "block clause"
        let t = nextNonSpace()
        let name = try templateName(t, context)
        let pipe = try pipeline(context, .rightDelim)
        try withNestedTree {
            let (root, end) = try itemList()
            if end.type != .endNode { throw error("unexpected \(end) in \(context)") }
            try add(Tree(name: name, parseName: parseName, source: source, root: root))
        }
        return TemplateNode(pos: t.pos, line: t.line, name: name, pipe: pipe)
    }

    private func templateControl() throws -> Node {
        let context = "template clause"
        let t = nextNonSpace()
        let name = try templateName(t, context)
        var pipe: PipeNode?
        if nextNonSpace().type != .rightDelim {
            backup()
            pipe = try pipeline(context, .rightDelim)
        }
        return TemplateNode(pos: t.pos, line: t.line, name: name, pipe: pipe)
    }

    private func templateName(_ t: Item, _ context: String) throws -> String {
        switch t.type {
        case .string, .rawString:
            guard let s = goUnquote(text(t)) else { throw error("invalid syntax") }
            return s
        default:
            throw unexpected(t, context)
        }
    }

    private func command() throws -> CommandNode {
        let pos = peekNonSpace().pos
        var args: [Node] = []
        args.reserveCapacity(4)
        while true {
            _ = peekNonSpace()
            if let operand = try operand() { args.append(operand) }
            let t = next()
            switch t.type {
            case .space:
                continue
            case .rightDelim, .rightParen:
                backup()
            case .pipe:
                break
            default:
                throw unexpected(t, "operand")
            }
            break
        }
        if args.isEmpty { throw error("empty command") }
        return CommandNode(pos: pos, args: args)
    }

    private func operand() throws -> Node? {
        guard let node = try term() else { return nil }
        guard peek().type == .field else { return node }
        // Fields after a field or variable term were taken by `term` (Go's chain folded into the node);
        // after any other term they make a chain.
        let pos = peek().pos
        var fields: [String] = []
        while peek().type == .field { fields.append(fieldName(next())) }
        switch node.type {
        case .bool, .string, .number, .nilNode, .dot:
            throw error("unexpected . after term \(goQuote(node.description))")
        default:
            return ChainNode(pos: pos, node: node, field: fields)
        }
    }

    private func term() throws -> Node? {
        let t = nextNonSpace()
        switch t.type {
        case .identifier:
            let name = text(t)
            let fn = functions.function(named: name)
            let builtin = fn == nil ? Builtin(rawValue: name) : nil
            if builtin == nil && fn == nil { throw error("function \(goQuote(name)) not defined") }
            return IdentifierNode(pos: t.pos, ident: name, builtin: builtin, function: fn, table: ObjectIdentifier(functions))
        case .dot:
            return DotNode(pos: t.pos)
        case .nilKeyword:
            return NilNode(pos: t.pos)
        case .variable:
            let name = text(t)
            if !vars.contains(name) { throw error("undefined variable \(goQuote(name))") }
            var ident = [name]
            let pos = appendFields(to: &ident) ?? t.pos
            return VariableNode(pos: pos, ident: ident)
        case .field:
            var ident = [fieldName(t)]
            let pos = appendFields(to: &ident) ?? t.pos
            return FieldNode(pos: pos, ident: ident)
        case .bool:
            return BoolNode(pos: t.pos, value: lexer.item(t, is: "true"))
        case .charConstant, .complex, .number:
            return try number(t)
        case .leftParen:
            return try pipeline("parenthesized pipeline", .rightParen)
        case .string, .rawString:
            if t.type == .string, let plain = plainStringBody(t) {
                return StringNode(pos: t.pos, quoted: nil, text: plain)
            }
            let quoted = text(t)
            guard let s = goUnquote(quoted) else { throw error("invalid syntax") }
            return StringNode(pos: t.pos, quoted: quoted, text: s)
        default:
            backup()
            return nil
        }
    }

    /// The body of a double-quoted string token without escapes (the usual literal), read straight
    /// from the source; nil when it has a backslash and needs unquoting.
    private func plainStringBody(_ t: Item) -> String? {
        let bytes = source.stable
        var i = t.pos + 1
        let end = t.end - 1
        while i < end {
            if bytes[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[(t.pos + 1)..<end]), as: UTF8.self)
    }

    /// Takes the fields that follow a variable or field term (`$x.a.b`, `.a.b`) into `ident`; returns
    /// the position of the first one, which Go gives the folded node (it parses them as a chain), or
    /// `nil` when none follows.
    private func appendFields(to ident: inout [String]) -> Int? {
        guard peek().type == .field else { return nil }
        let pos = peek().pos
        while peek().type == .field { ident.append(fieldName(next())) }
        return pos
    }

    /// The value of digits `start..<end` when they are 1 to 18 decimal digits without a leading zero
    /// (or `0` alone); nil for anything else.
    private static func shortDecimal(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        let count = end - start
        guard count >= 1, count <= 18 else { return nil }
        if count > 1 && bytes[start] == UInt8(ascii: "0") { return nil }
        var value: Int64 = 0
        var i = start
        while i < end {
            let d = bytes[i] &- UInt8(ascii: "0")
            if d > 9 { return nil }
            value = value * 10 + Int64(d)
            i += 1
        }
        return value
    }

    private func number(_ t: Item) throws -> NumberNode {
        let text = text(t)
        let n = NumberNode(pos: t.pos, text: text)
        if t.type == .charConstant {
            let scalars = Array(text.unicodeScalars)
            guard scalars.count >= 3, let (r, rest) = goUnquoteChar(Array(scalars.dropFirst()), quote: "'") else {
                throw error("invalid syntax")
            }
            if rest.count != 1 || rest[0] != "'" { throw error("malformed character constant: \(text)") }
            n.int64 = Int64(r)
            n.uint64 = UInt64(r)
            n.float64 = Double(r)
            n.isInt = true
            n.isUint = true
            n.isFloat = true
            n.resolveIdealConstant()
            return n
        }
        if t.type == .complex { throw error("illegal number syntax: \(goQuote(text))") }
        // The usual constant, a short decimal integer without a leading zero (`63`, `4`): every
        // interpretation at once, as the general path below would find them.
        if let value = Self.shortDecimal(source.stable, t.pos, t.end) {
            n.isInt = true
            n.isUint = true
            n.isFloat = true
            n.int64 = value
            n.uint64 = UInt64(value)
            n.float64 = Double(value)
            n.resolveIdealConstant()
            return n
        }
        let u = goParseUint(text)
        if let u {
            n.isUint = true
            n.uint64 = u
        }
        if let i = goParseInt(text) {
            n.isInt = true
            n.int64 = i
            if i == 0 {
                n.isUint = true
                n.uint64 = u ?? 0
            }
        }
        if n.isInt {
            n.isFloat = true
            n.float64 = Double(n.int64)
        } else if n.isUint {
            n.isFloat = true
            n.float64 = Double(n.uint64)
        } else if let f = goParseFloat(text) {
            if !text.contains(where: { ".eEpP".contains($0) }) {
                throw error("integer overflow: \(goQuote(text))")
            }
            n.isFloat = true
            n.float64 = f
            if f.isFinite && f == f.rounded() && abs(f) < 9.3e18, Double(Int64(f)) == f {
                n.isInt = true
                n.int64 = Int64(f)
            }
            if f.isFinite && f >= 0 && f == f.rounded() && f < 1.8e19, Double(UInt64(f)) == f {
                n.isUint = true
                n.uint64 = UInt64(f)
            }
        }
        if !n.isInt && !n.isUint && !n.isFloat { throw error("illegal number syntax: \(goQuote(text))") }
        n.resolveIdealConstant()
        return n
    }
}
