/// A parsed template: its name, and its root list among the nodes of the text it came from.
public final class Tree: @unchecked Sendable {
    /// The template's name (`define` name, or the name given to `parse`).
    public let name: String
    /// The nodes of the text it was parsed from (shared by every tree defined in it).
    let arena: NodeArena
    /// The template body's list node.
    let rootIndex: NodeIndex

    init(name: String, arena: NodeArena, root: NodeIndex) {
        self.name = name
        self.arena = arena
        self.rootIndex = root
    }

    /// The name of the text it was parsed from (used in error locations).
    public var parseName: String { arena.parseName }

    /// The template body.
    public var root: Node { Node(arena: arena, index: rootIndex) }

    /// Whether the body is only whitespace and comments (Go's `parse.IsEmptyTree`).
    var isEmpty: Bool { isEmptyTree(arena, rootIndex) }
}

/// A parse failure, already formatted as Go formats it.
struct ParseError: Error {
    var message: String
}

/// A recursive-descent parser over the lexer's items, following Go's `parse.Tree` step by step
/// (same look-ahead, same error texts and line numbers). Nodes go into one ``NodeArena`` per text.
final class Parser {
    private let lexer: Lexer
    /// Three-token look-ahead, as Go's `token [3]item` (kept as properties: no array to check on each token).
    /// `tokens[0...2]`, in storage of the parser's own (indexed, not switched on).
    private let tokens: UnsafeMutablePointer<Item> = {
        let p = UnsafeMutablePointer<Item>.allocate(capacity: 3)
        p.initialize(repeating: Item(type: .eof, pos: 0, end: 0, line: 1), count: 3)
        return p
    }()
    private var peekCount = 0
    private let parseName: String
    private let source: SourceText
    private let functions: FunctionTable
    /// The nodes parsed so far.
    let arena: NodeArena
    /// Children of the lists, pipelines and commands being parsed, innermost last; each takes its own
    /// off the top into the arena's link lists when it is complete.
    private var pending = ArenaBuffer<NodeIndex>(capacity: 64)
    /// Trees completed so far in this parse, by name.
    private(set) var trees: [Tree] = []
    /// Where each tree of ``trees`` is, by name.
    private var treeIndex: [String: Int] = [:]

    // Per-tree state (saved and restored around nested definitions).
    private var vars: [String] = ["$"]
    private var rangeDepth = 0
    private var actionLine = 0

    init(name: String, source: SourceText, leftDelim: String, rightDelim: String, functions: FunctionTable) {
        self.parseName = name
        self.source = source
        self.functions = functions
        self.arena = NodeArena(parseName: name, source: source, table: ObjectIdentifier(functions))
        self.lexer = Lexer(source: source, leftDelim: leftDelim, rightDelim: rightDelim)
    }

    deinit {
        pending.deallocate()
        tokens.deallocate()
    }

    /// Parses the whole text; the top-level template is named `parseName`.
    func parse() throws {
        if source.bytes.count >= Int(Int32.max) {
            throw ParseError(message: "template: \(parseName): text of \(source.bytes.count) bytes is too large to parse")
        }
        let rootPos = peek().pos
        let mark = pending.count
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
            let type = arena.record(n).type
            if type == .endNode || type == .elseNode {
                throw error("unexpected \(arena.describe(n))")
            }
            pending.append(n)
        }
        try add(Tree(name: parseName, arena: arena, root: list(at: rootPos, from: mark)))
    }

    // MARK: Nodes

    /// A new node of `type` at `pos`.
    @inline(__always) private func node(_ type: NodeType, _ pos: Int, line: Int = 0, a: Int32 = 0, b: Int32 = 0,
                                        c: Int32 = 0, d: Int32 = 0, flag: Bool = false) -> NodeIndex {
        arena.add(NodeRecord(type: type, flag: flag, pos: Int32(truncatingIfNeeded: pos), line: Int32(truncatingIfNeeded: line),
                             a: a, b: b, c: c, d: d))
    }

    /// Moves the pending children from `mark` up into the arena's links; returns where they start and how many.
    private func takePending(from mark: Int) -> (start: Int32, count: Int32) {
        let count = pending.count - mark
        let start = arena.addLinks(pending.suffix(from: mark))
        pending.truncate(to: mark)
        return (start, Int32(count))
    }

    /// A list node of the pending children from `mark`.
    private func list(at pos: Int, from mark: Int) -> NodeIndex {
        let (start, count) = takePending(from: mark)
        return node(.list, pos, a: start, b: count)
    }

    // MARK: Token handling

    private func next() -> Item {
        if peekCount > 0 {
            peekCount -= 1
        } else {
            tokens[0] = lexer.nextItem()
        }
        return tokens[peekCount]
    }

    private func backup() { peekCount += 1 }

    private func backup2(_ t1: Item) {
        tokens[1] = t1
        peekCount = 2
    }

    private func backup3(_ t2: Item, _ t1: Item) {
        tokens[1] = t1
        tokens[2] = t2
        peekCount = 3
    }

    private func peek() -> Item {
        if peekCount > 0 { return tokens[peekCount - 1] }
        peekCount = 1
        tokens[0] = lexer.nextItem()
        return tokens[0]
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
        String(decoding: UnsafeBufferPointer(rebasing: source.bytes[(t.pos + 1)..<t.end]), as: UTF8.self)
    }

    // MARK: Errors

    private func error(_ message: String) -> ParseError {
        ParseError(message: "template: \(parseName):\(tokens[0].line): \(message)")
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
        guard let i = index(ofTree: tree.name) else {
            if trees.count >= Self.linearTreeLimit { treeIndex[tree.name] = trees.count }
            trees.append(tree)
            if trees.count == Self.linearTreeLimit {
                for (i, t) in trees.enumerated() { treeIndex[t.name] = i }
            }
            return
        }
        if !trees[i].isEmpty {
            if !tree.isEmpty {
                throw error("template: multiple definition of template \(goQuote(tree.name))")
            }
            return
        }
        trees[i] = tree
    }

    /// A text defining fewer templates than this finds them by comparing names (no hashing).
    private static let linearTreeLimit = 16

    private func index(ofTree name: String) -> Int? {
        if trees.count < Self.linearTreeLimit { return trees.firstIndex { $0.name == name } }
        return treeIndex[name]
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
            if arena.record(end).type != .endNode { throw error("unexpected \(arena.describe(end)) in \(context)") }
            try add(Tree(name: name, arena: arena, root: root))
        }
    }

    /// A list up to `{{end}}` or `{{else}}`, and that keyword's node.
    private func itemList() throws -> (list: NodeIndex, end: NodeIndex) {
        try StackGuard.run { try itemListBody() }
    }

    private func itemListBody() throws -> (list: NodeIndex, end: NodeIndex) {
        let pos = peekNonSpace().pos
        let mark = pending.count
        while peekNonSpace().type != .eof {
            let n = try textOrAction()
            let type = arena.record(n).type
            if type == .endNode || type == .elseNode { return (list(at: pos, from: mark), n) }
            pending.append(n)
        }
        throw error("unexpected EOF")
    }

    private func textOrAction() throws -> NodeIndex {
        let t = nextNonSpace()
        switch t.type {
        case .text:
            return node(.text, t.pos, a: Int32(t.pos), b: Int32(t.end))
        case .leftDelim:
            actionLine = t.line
            defer { actionLine = 0 }
            return try action()
        case .comment:
            return node(.comment, t.pos, a: Int32(t.pos), b: Int32(t.end))
        default:
            throw unexpected(t, "input")
        }
    }

    private func action() throws -> NodeIndex {
        let t = nextNonSpace()
        switch t.type {
        case .block: return try blockControl()
        case .breakKeyword: return try breakOrContinue(t, .breakNode, "{{break}}")
        case .continueKeyword: return try breakOrContinue(t, .continueNode, "{{continue}}")
        case .elseKeyword: return try elseControl()
        case .end: return node(.endNode, try expect(.rightDelim, "end").pos, line: t.line)
        case .ifKeyword: return try branch(.ifNode, "if")
        case .range: return try branch(.range, "range")
        case .template: return try templateControl()
        case .with: return try branch(.with, "with")
        default: break
        }
        backup()
        let start = peek()
        let pipe = try pipeline("command", .rightDelim)
        return node(.action, start.pos, line: start.line, a: pipe)
    }

    private func breakOrContinue(_ t: Item, _ type: NodeType, _ context: String) throws -> NodeIndex {
        let n = nextNonSpace()
        if n.type != .rightDelim { throw unexpected(n, context) }
        if rangeDepth == 0 { throw error("\(context) outside {{range}}") }
        return node(type, t.pos, line: t.line)
    }

    private func pipeline(_ context: String, _ end: ItemType) throws -> NodeIndex {
        try StackGuard.run { try pipelineBody(context, end) }
    }

    private func pipelineBody(_ context: String, _ end: ItemType) throws -> NodeIndex {
        let start = peekNonSpace()
        var isAssign = false
        let declMark = pending.count
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
                pending.append(node(.variable, v.pos, a: arena.addWord(name), b: 1))
                vars.append(name)
            } else if n.type == .char && lexer.item(n, is: ",") {
                _ = nextNonSpace()
                let name = text(v)
                pending.append(node(.variable, v.pos, a: arena.addWord(name), b: 1))
                vars.append(name)
                if context == "range" && pending.count - declMark < 2 {
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
        let (declStart, declCount) = takePending(from: declMark)
        let mark = pending.count
        while true {
            let t = nextNonSpace()
            switch t.type {
            case end:
                try checkPipeline(from: mark, context)
                let (cmdStart, cmdCount) = takePending(from: mark)
                return node(.pipe, start.pos, line: start.line, a: cmdStart, b: cmdCount, c: declStart, d: declCount, flag: isAssign)
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword,
                 .rawString, .string, .variable, .leftParen:
                backup()
                pending.append(try command())
            default:
                throw unexpected(t, context)
            }
        }
    }

    /// Go's check that a pipeline has a command and that no stage after the first is a constant.
    private func checkPipeline(from mark: Int, _ context: String) throws {
        let count = pending.count - mark
        if count == 0 { throw error("missing value for \(context)") }
        if count == 1 { return }
        for i in 1..<count {
            let command = arena.record(pending[mark + i])
            switch arena.record(arena.link(Int(command.a))).type {
            case .bool, .dot, .nilNode, .number, .string:
                throw error("non executable command in pipeline stage \(i + 1)")
            default: break
            }
        }
    }

    private func branch(_ type: NodeType, _ context: String) throws -> NodeIndex {
        let mark = vars.count
        defer { vars.removeLast(vars.count - mark) }
        let pipe = try pipeline(context, .rightDelim)
        if context == "range" { rangeDepth += 1 }
        var (list, nextNode) = try itemList()
        if context == "range" { rangeDepth -= 1 }
        var elseList = noNode
        if arena.record(nextNode).type == .elseNode {
            let elsePos = Int(arena.record(nextNode).pos)
            if context == "if" && peek().type == .ifKeyword {
                _ = next()
                elseList = try singleNodeList(at: elsePos, try branch(.ifNode, "if"))
            } else if context == "with" && peek().type == .with {
                _ = next()
                elseList = try singleNodeList(at: elsePos, try branch(.with, "with"))
            } else {
                (elseList, nextNode) = try itemList()
                if arena.record(nextNode).type != .endNode { throw error("expected end; found \(arena.describe(nextNode))") }
            }
        }
        let p = arena.record(pipe)
        return node(type, Int(p.pos), line: Int(p.line), a: pipe, b: list, c: elseList)
    }

    private func singleNodeList(at pos: Int, _ n: NodeIndex) throws -> NodeIndex {
        let mark = pending.count
        pending.append(n)
        return list(at: pos, from: mark)
    }

    private func elseControl() throws -> NodeIndex {
        let p = peekNonSpace()
        if p.type == .ifKeyword || p.type == .with {
            return node(.elseNode, p.pos, line: p.line)
        }
        let t = try expect(.rightDelim, "else")
        return node(.elseNode, t.pos, line: t.line)
    }

    private func blockControl() throws -> NodeIndex {
        let context = "block clause"
        let t = nextNonSpace()
        let name = try templateName(t, context)
        let pipe = try pipeline(context, .rightDelim)
        try withNestedTree {
            let (root, end) = try itemList()
            if arena.record(end).type != .endNode { throw error("unexpected \(arena.describe(end)) in \(context)") }
            try add(Tree(name: name, arena: arena, root: root))
        }
        return node(.template, t.pos, line: t.line, a: arena.addWord(name), b: pipe)
    }

    private func templateControl() throws -> NodeIndex {
        let context = "template clause"
        let t = nextNonSpace()
        let name = try templateName(t, context)
        var pipe = noNode
        if nextNonSpace().type != .rightDelim {
            backup()
            pipe = try pipeline(context, .rightDelim)
        }
        return node(.template, t.pos, line: t.line, a: arena.addWord(name), b: pipe)
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

    private func command() throws -> NodeIndex {
        let pos = peekNonSpace().pos
        let mark = pending.count
        while true {
            _ = peekNonSpace()
            let operand = try operand()
            if operand >= 0 { pending.append(operand) }
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
        if pending.count == mark { throw error("empty command") }
        let (start, count) = takePending(from: mark)
        return node(.command, pos, a: start, b: count)
    }

    private func operand() throws -> NodeIndex {
        let term = try term()
        guard term >= 0, peek().type == .field else { return term }
        // Fields after a field or variable term were taken by `term` (Go's chain folded into the node);
        // after any other term they make a chain.
        let pos = peek().pos
        let (start, count) = appendFields()
        switch arena.record(term).type {
        case .bool, .string, .number, .nilNode, .dot:
            throw error("unexpected . after term \(goQuote(arena.describe(term)))")
        default:
            return node(.chain, pos, a: term, b: start, c: count)
        }
    }

    private func term() throws -> NodeIndex {
        let t = nextNonSpace()
        switch t.type {
        case .identifier:
            let name = text(t)
            let fn = functions.function(named: name)
            let builtin = fn == nil ? Builtin(rawValue: name) : nil
            if builtin == nil && fn == nil { throw error("function \(goQuote(name)) not defined") }
            return node(.identifier, t.pos, a: arena.addWord(name), b: fn.map(arena.addFunction) ?? -1,
                        c: builtin.map { Int32($0.code) } ?? -1)
        case .dot:
            return node(.dot, t.pos)
        case .nilKeyword:
            return node(.nilNode, t.pos)
        case .variable:
            let name = text(t)
            if !vars.contains(name) { throw error("undefined variable \(goQuote(name))") }
            let start = arena.addWord(name)
            guard peek().type == .field else { return node(.variable, t.pos, a: start, b: 1) }
            let pos = peek().pos
            let (_, count) = appendFields()
            return node(.variable, pos, a: start, b: count + 1)
        case .field:
            let start = arena.addWord(fieldName(t))
            guard peek().type == .field else { return node(.field, t.pos, a: start, b: 1) }
            let pos = peek().pos
            let (_, count) = appendFields()
            return node(.field, pos, a: start, b: count + 1)
        case .bool:
            return node(.bool, t.pos, flag: lexer.item(t, is: "true"))
        case .charConstant, .complex, .number:
            return node(.number, t.pos, a: arena.addNumber(try number(t)))
        case .leftParen:
            return try pipeline("parenthesized pipeline", .rightParen)
        case .string, .rawString:
            if t.type == .string, let plain = plainStringBody(t) {
                return node(.string, t.pos, a: arena.addWord(plain), b: -1)
            }
            let quoted = text(t)
            guard let s = goUnquote(quoted) else { throw error("invalid syntax") }
            return node(.string, t.pos, a: arena.addWord(s), b: arena.addWord(quoted))
        default:
            backup()
            return noNode
        }
    }

    /// The body of a double-quoted string token without escapes (the usual literal), read straight
    /// from the source; nil when it has a backslash and needs unquoting.
    private func plainStringBody(_ t: Item) -> String? {
        let bytes = source.bytes
        var i = t.pos + 1
        let end = t.end - 1
        while i < end {
            if bytes[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[(t.pos + 1)..<end]), as: UTF8.self)
    }

    /// Takes the field tokens that follow into the arena's words (after a variable or field term Go
    /// parses them as a chain and folds it into the term: the folded node takes the first field's
    /// position); returns where they start and how many.
    private func appendFields() -> (start: Int32, count: Int32) {
        var start: Int32 = -1
        var count: Int32 = 0
        while peek().type == .field {
            let index = arena.addWord(fieldName(next()))
            if start < 0 { start = index }
            count += 1
        }
        return (start, count)
    }

    /// The value of digits `start..<end` when they are 1 to 18 decimal digits without a leading zero
    /// (or `0` alone); nil for anything else.
    private static func shortDecimal(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
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

    private func number(_ t: Item) throws -> NumberConstant {
        let text = text(t)
        var n = NumberConstant(text: text)
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
        if let value = Self.shortDecimal(source.bytes, t.pos, t.end) {
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
