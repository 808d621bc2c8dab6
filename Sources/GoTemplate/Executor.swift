/// A value during evaluation, with Go's reflect distinctions that change behaviour and messages:
/// an invalid value (no value at all: a missing key under `missingkey=invalid`, a nil pipeline
/// result), a plain value, or a value still boxed in an `interface{}` (read from a map or a
/// `[]interface{}`; a boxed nil is Go's nil interface).
struct EValue {
    enum Kind: UInt8 { case invalid, plain, boxed }
    var value: TemplateValue
    var kind: Kind

    static let invalid = EValue(value: .null, kind: .invalid)
    @inline(__always) static func plain(_ v: TemplateValue) -> EValue { EValue(value: v, kind: .plain) }
    @inline(__always) static func boxed(_ v: TemplateValue) -> EValue { EValue(value: v, kind: .boxed) }

    var isValid: Bool { kind != .invalid }

    /// What `evalPipeline` does after each command: dig into an `interface{}`; nil becomes invalid.
    var unwrapped: EValue {
        var copy = self
        copy.unwrap()
        return copy
    }

    /// ``unwrapped`` in place (no copy of the value).
    @inline(__always) mutating func unwrap() {
        guard kind == .boxed else { return }
        if case .null = value { kind = .invalid } else { kind = .plain }
    }

    /// The value as a function receives it through an `interface{}` parameter.
    var argument: TemplateValue {
        if case .object(let o) = value, let copy = o.argumentCopy { return .object(copy) }
        return value
    }

    /// Go's reflect type name of the value as evaluated (`interface {}` when boxed).
    var typeName: String { kind == .boxed ? "interface {}" : value.goTypeName }
}

/// Outcome of walking a node: normal, or a `{{break}}`/`{{continue}}` unwinding to the range.
enum WalkControl { case normal, breakLoop, continueLoop }

/// Go's maximum `{{template}}` nesting.
let maxExecDepth = 100000

/// The children, commands or arguments of a node, as indices into its arena.
typealias NodeList = UnsafeBufferPointer<NodeIndex>

/// The state of one execution: output buffer, variable stack, current template and node.
final class ExecutionState {
    /// The set executing (it outlives its executions, and keeps finished states for reuse).
    unowned(unsafe) let set: TemplateSet
    let missingKey: TemplateOptions.MissingKey
    /// The template executing, and the nodes of the text it came from (trees outlive executions).
    unowned(unsafe) var tree: Tree
    unowned(unsafe) var arena: NodeArena
    /// The arena's tables, read without bounds checks or reference counting (a call into the
    /// arena would retain it around each read).
    var nodes: UnsafeMutablePointer<NodeRecord>
    var links: UnsafeMutablePointer<NodeIndex>
    var words: UnsafeMutablePointer<String>
    var functions: UnsafeMutablePointer<Unmanaged<FunctionBox>>
    var sourceBytes: UnsafePointer<UInt8>
    var out: OutputBuffer
    /// The variable stack, innermost last: names and values side by side (a lookup compares names only).
    var varNames: [String] = []
    var varValues: [EValue] = []
    var depth = 0
    /// The node being evaluated, for error positions.
    var node: NodeIndex = noNode
    var data: EValue
    var stepsLeft: Int
    let outputLimit: Int
    /// Whether the arena's identifiers were resolved in the set's current function table.
    var functionsResolved: Bool

    /// `outputCapacity`: bytes to reserve for the output (a whole file needs more than an `include`).
    init(set: TemplateSet, tree: Tree, data: TemplateValue, outputCapacity: Int = 4096) {
        self.set = set
        self.stepsLeft = set.stepLimit ?? Int.max
        self.outputLimit = set.outputLimit ?? Int.max
        self.missingKey = set.options.missingKey
        self.tree = tree
        let arena = tree.arena
        self.arena = arena
        self.nodes = arena.records.base
        self.links = arena.links.base
        self.words = arena.words.base
        self.functions = arena.functions.base
        self.sourceBytes = arena.source.bytes.baseAddress!
        self.functionsResolved = arena.table == set.functionTableIdentity
        if case .null = data { self.data = .invalid } else { self.data = .plain(data) }
        out = OutputBuffer(capacity: outputCapacity)
    }

    deinit { out.deallocate() }

    /// Makes `tree` the executing template.
    @inline(__always) func enter(_ tree: Tree) {
        self.tree = tree
        if arena !== tree.arena {
            let arena = tree.arena
            self.arena = arena
            nodes = arena.records.base
            links = arena.links.base
            words = arena.words.base
            functions = arena.functions.base
            sourceBytes = arena.source.bytes.baseAddress!
            functionsResolved = arena.table == set.functionTableIdentity
        }
    }

    /// Makes a finished state ready for another execution of the same set, keeping its buffers'
    /// capacity (an `include` then allocates only its result).
    func restart(tree: Tree, data: TemplateValue) {
        enter(tree)
        functionsResolved = arena.table == set.functionTableIdentity
        if case .null = data { self.data = .invalid } else { self.data = .plain(data) }
        stepsLeft = set.stepLimit ?? Int.max
        node = noNode
        depth = 0
        out.removeAll()
        while !varNames.isEmpty { varNames.removeLast() }
    }

    /// Drops what the finished execution referenced (its output stays until the next restart).
    func finish() {
        data = .invalid
        while !varValues.isEmpty { varValues.removeLast() }
    }

    func run() throws {
        varNames.reserveCapacity(8)
        varValues.reserveCapacity(8)
        push("$", data)
        _ = try walk(data, tree.rootIndex)
    }

    // MARK: Nodes

    @inline(__always) func record(_ n: NodeIndex) -> NodeRecord { nodes[Int(n)] }

    /// The children, commands or arguments `count` from `start`.
    @inline(__always) func list(_ start: Int32, _ count: Int32) -> NodeList {
        NodeList(start: links + Int(start), count: Int(count))
    }

    /// The name or string constant at `i` in the arena's words.
    @inline(__always) func word(_ i: Int32) -> String { words[Int(i)] }

    /// `count` names from `start` in the arena's words.
    @inline(__always) func wordList(_ start: Int32, _ count: Int32) -> UnsafeBufferPointer<String> {
        UnsafeBufferPointer(start: words + Int(start), count: Int(count))
    }

    /// The node as Go prints it.
    func nodeText(_ n: NodeIndex) -> String { arena.describe(n) }

    // MARK: Errors

    func error(_ message: String) -> TemplateError {
        let name = tree.name
        guard node >= 0 else { return TemplateError("template: \(name): \(message)") }
        let (location, context) = arena.errorContext(node)
        return TemplateError("template: \(location): executing \(goQuote(name)) at <\(context)>: \(message)")
    }

    @inline(__always) func at(_ n: NodeIndex) { node = n }

    // MARK: Variables

    func push(_ name: String, _ value: EValue) {
        varNames.append(name)
        varValues.append(value)
    }

    func setVar(_ name: String, _ value: EValue) throws {
        guard let i = varIndex(name) else { throw error("undefined variable: \(name)") }
        varValues[i] = value
    }

    func varValue(_ name: String) throws -> EValue {
        guard let i = varIndex(name) else { throw error("undefined variable: \(name)") }
        return varValues[i]
    }

    /// The innermost variable called `name` (compares names in place, copying no values).
    private func varIndex(_ name: String) -> Int? {
        varNames.withUnsafeBufferPointer { buffer in
            var i = buffer.count - 1
            while i >= 0 {
                if buffer[i] == name { return i }
                i -= 1
            }
            return nil
        }
    }

    @inline(__always) func pop(_ mark: Int) {
        // Scopes end with one or two variables to drop: removeLast each (removeSubrange is generic).
        while varNames.count > mark {
            varNames.removeLast()
            varValues.removeLast()
        }
    }

    /// The name a pipeline's `i`th declared variable has.
    private func declaredName(_ pipe: NodeRecord, _ i: Int) -> String {
        word(record(list(pipe.c, pipe.d)[i]).a)
    }

    // MARK: Argument arrays

    /// Emptied argument arrays kept for the next function call: a call fills one, the function reads
    /// it, and it comes back here with its capacity (an allocation and a free less per call). A
    /// function that keeps its arguments (`list`) shares the buffer, and emptying it then leaves the
    /// kept copy intact (copy on write).
    var spareArguments: [[TemplateValue]] = []

    @inline(__always) func takeArgumentArray() -> [TemplateValue] {
        if let spare = spareArguments.popLast() { return spare }
        var fresh: [TemplateValue] = []
        fresh.reserveCapacity(4)
        return fresh
    }

    @inline(__always) func recycle(_ arguments: inout [TemplateValue]) {
        // One removeLast per argument: cheaper than removeAll(keepingCapacity:)'s generic
        // replaceSubrange for the one to three arguments of a call.
        while !arguments.isEmpty { arguments.removeLast() }
        spareArguments.append(arguments)
        arguments = []
    }

    // MARK: Walking

    func walk(_ dot: EValue, _ n: NodeIndex) throws -> WalkControl {
        stepsLeft &-= 1
        if stepsLeft < 0 { throw error("execution step limit exceeded") }
        let r = record(n)
        switch r.type {
        case .text:
            out.append(UnsafeBufferPointer(start: sourceBytes + Int(r.a), count: Int(r.b - r.a)))
        case .list:
            let children = list(r.a, r.b)
            var i = 0
            while i < children.count {
                let c = try walk(dot, children[i])
                if c != .normal { return c }
                i += 1
            }
        case .action:
            let val = try evalPipeline(dot, r.a)
            if record(r.a).d == 0 {
                try printValue(n, val)
                if out.count > outputLimit { throw error("output limit exceeded") }
            }
        case .ifNode, .with:
            return try walkIfOrWith(dot, r)
        case .range:
            try walkRange(dot, n, r)
        case .template:
            try walkTemplate(dot, n, r)
        case .breakNode:
            return .breakLoop
        case .continueNode:
            return .continueLoop
        case .comment:
            break
        default:
            throw error("unknown node: \(nodeText(n))")
        }
        return .normal
    }

    func printValue(_ n: NodeIndex, _ v: EValue) throws {
        at(n)
        guard v.isValid else {
            out.append("<no value>" as StaticString)
            return
        }
        switch v.value {
        case .string(let s):
            out.append(s)
        case .null:
            out.append("<nil>" as StaticString)
        case .int(let i):
            out.append(String(i))
        default:
            out.append(goFormat(v.value))
        }
    }

    func walkIfOrWith(_ dot: EValue, _ r: NodeRecord) throws -> WalkControl {
        let mark = varNames.count
        defer { pop(mark) }
        let val = try evalPipeline(dot, r.a)
        let truth = val.isValid && val.value.isTruthy
        if truth {
            return try walk(r.type == .with ? val : dot, r.b)
        } else if r.c >= 0 {
            return try walk(dot, r.c)
        }
        return .normal
    }

    func walkRange(_ dot: EValue, _ n: NodeIndex, _ r: NodeRecord) throws {
        at(n)
        let outerMark = varNames.count
        defer { pop(outerMark) }
        let val = try evalPipeline(dot, r.a).unwrapped
        let mark = varNames.count
        let pipe = record(r.a)
        let declCount = Int(pipe.d)
        let isAssign = pipe.flag
        let body = r.b
        // Returns false when the loop must stop ({{break}}).
        func iteration(_ index: EValue, _ elem: EValue) throws -> Bool {
            if declCount > 0 {
                if isAssign {
                    if declCount > 1 {
                        try setVar(declaredName(pipe, 0), index)
                    } else {
                        try setVar(declaredName(pipe, 0), elem)
                    }
                } else {
                    varValues[mark - 1] = elem
                }
            }
            if declCount > 1 {
                if isAssign {
                    try setVar(declaredName(pipe, 1), elem)
                } else {
                    varValues[mark - 2] = index
                }
            }
            defer { pop(mark) }
            return try walk(elem, body) != .breakLoop
        }
        var ran = false
        let subject: TemplateValue = val.isValid ? val.value : .null
        switch subject {
        case .list(let l):
            if !l.isEmpty {
                ran = true
                for (i, e) in l.enumerated() where try !iteration(.plain(.int(i)), .boxed(e)) { break }
            }
        case .strings(let l):
            if !l.isEmpty {
                ran = true
                for (i, e) in l.enumerated() where try !iteration(.plain(.int(i)), .plain(.string(e))) { break }
            }
        case .bytes(let l):
            if !l.isEmpty {
                ran = true
                for (i, e) in l.enumerated() where try !iteration(.plain(.int(i)), .plain(.int(Int(e)))) { break }
            }
        case .map(let m):
            if !m.isEmpty {
                ran = true
                // Go ranges over a sorted snapshot of keys and values (`fmtsort.Sort`): a body that
                // changes the map sees the values the range started with.
                for (k, v) in m.sortedEntries where try !iteration(.plain(.string(k)), .boxed(v)) { break }
            }
        case .int(let count):
            if declCount > 1 {
                throw error("can't use \(count) to iterate over more than one variable")
            }
            if count > 0 {
                ran = true
                for i in 0..<count where try !iteration(.plain(.int(i)), .plain(.int(i))) { break }
            }
        case .int64(let count):
            if declCount > 1 {
                throw error("can't use \(count) to iterate over more than one variable")
            }
            if count > 0 {
                ran = true
                for i in 0..<count where try !iteration(.plain(.int64(i)), .plain(.int64(i))) { break }
            }
        case .null:
            break
        case .object(let o) where o.sliceElements != nil:
            let elements = o.sliceElements ?? []
            if !elements.isEmpty {
                ran = true
                for (i, v) in elements.enumerated() where try !iteration(.plain(.int(i)), .plain(v)) { break }
            }
        case .object(let o) where o.rangeEntries != nil:
            let entries = o.rangeEntries ?? []
            if !entries.isEmpty {
                ran = true
                for (k, v) in entries where try !iteration(.plain(.string(k)), .plain(v)) { break }
            }
        default:
            throw error("range can't iterate over \(goFormat(val.value))")
        }
        if !ran, r.c >= 0 {
            _ = try walk(dot, r.c)
        }
    }

    func walkTemplate(_ dot: EValue, _ n: NodeIndex, _ r: NodeRecord) throws {
        at(n)
        let name = word(r.a)
        guard let target = set.trees[name] else {
            throw error("template \(goQuote(name)) not defined")
        }
        if depth >= maxExecDepth {
            throw error("exceeded maximum template depth (\(maxExecDepth))")
        }
        let newDot = try evalPipeline(dot, r.b)
        let savedTree = tree
        let savedNames = varNames, savedValues = varValues
        let savedNode = node
        enter(target)
        varNames = ["$"]
        varValues = [newDot]
        depth += 1
        defer {
            depth -= 1
            enter(savedTree)
            varNames = savedNames
            varValues = savedValues
            node = savedNode
        }
        _ = try StackGuard.run { try walk(newDot, target.rootIndex) }
    }

    // MARK: Evaluation

    func evalPipeline(_ dot: EValue, _ p: NodeIndex) throws -> EValue {
        guard p >= 0 else { return .invalid }
        at(p)
        let pipe = record(p)
        guard pipe.b > 0 else { return .invalid }
        let cmds = list(pipe.a, pipe.b)
        var value = try evalCommand(dot, cmds[0], nil)
        value.unwrap()
        var i = 1
        while i < cmds.count {
            value = try evalCommand(dot, cmds[i], value)
            value.unwrap()
            i += 1
        }
        if pipe.d > 0 {
            for v in list(pipe.c, pipe.d) {
                let name = word(record(v).a)
                if pipe.flag {
                    try setVar(name, value)
                } else {
                    push(name, value)
                }
            }
        }
        return value
    }

    func notAFunction(_ args: NodeList, _ final: EValue?) throws {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(nodeText(args[0]))")
        }
    }

    func evalCommand(_ dot: EValue, _ c: NodeIndex, _ final: EValue?) throws -> EValue {
        let cmd = record(c)
        let args = list(cmd.a, cmd.b)
        let first = args[0]
        let r = record(first)
        switch r.type {
        case .field:
            at(first)
            return try evalFieldChain(dot, dot, first, wordList(r.a, r.b), args, final)
        case .chain:
            return try evalChainNode(dot, first, r, args, final)
        case .identifier:
            return try evalFunction(dot, first, r, c, args, final)
        case .pipe:
            try notAFunction(args, final)
            // Parenthesised pipelines nest without bound (Go's stacks grow): guard the recursion.
            return try StackGuard.run { try evalPipeline(dot, first) }
        case .variable:
            return try evalVariableNode(dot, first, r, args, final)
        default:
            break
        }
        at(first)
        try notAFunction(args, final)
        switch r.type {
        case .bool:
            return .plain(.bool(r.flag))
        case .dot:
            return dot
        case .nilNode:
            throw error("nil is not a command")
        case .number:
            return .plain(try idealConstant(first, r))
        case .string:
            return .plain(.string(word(r.a)))
        default:
            throw error("can't evaluate command \(goQuote(nodeText(first)))")
        }
    }

    func idealConstant(_ n: NodeIndex, _ r: NodeRecord) throws -> TemplateValue {
        at(n)
        let constant = arena.numbers[Int(r.a)]
        guard let value = constant.ideal else { throw error("\(constant.text) overflows int") }
        return value
    }

    func evalChainNode(_ dot: EValue, _ n: NodeIndex, _ chain: NodeRecord, _ args: NodeList, _ final: EValue?) throws -> EValue {
        at(n)
        if chain.c == 0 { throw error("internal error: no fields in evalChainNode") }
        if record(chain.a).type == .nilNode { throw error("indirection through explicit nil in \(nodeText(n))") }
        let pipe = try evalArgValue(dot, chain.a)
        return try evalFieldChain(dot, pipe, n, wordList(chain.b, chain.c), args, final)
    }

    func evalVariableNode(_ dot: EValue, _ n: NodeIndex, _ variable: NodeRecord, _ args: NodeList, _ final: EValue?) throws -> EValue {
        at(n)
        let value = try varValue(word(variable.a))
        if variable.b == 1 {
            try notAFunction(args, final)
            return value
        }
        return try evalFieldChain(dot, value, n, wordList(variable.a + 1, variable.b - 1), args, final)
    }

    func evalFieldChain(_ dot: EValue, _ receiver: EValue, _ n: NodeIndex, _ ident: UnsafeBufferPointer<String>,
                        _ args: NodeList, _ final: EValue?) throws -> EValue {
        var receiver = receiver
        let last = ident.endIndex - 1
        var i = ident.startIndex
        while i < last {
            receiver = try evalField(dot, ident[i], n, NodeList(start: nil, count: 0), nil, receiver)
            i += 1
        }
        return try evalField(dot, ident[last], n, args, final, receiver)
    }

    func evalField(_ dot: EValue, _ fieldName: String, _ n: NodeIndex, _ args: NodeList, _ final: EValue?,
                   _ receiver: EValue) throws -> EValue {
        if !receiver.isValid {
            if missingKey == .error { throw error("nil data; no entry for key \(goQuote(fieldName))") }
            return .invalid
        }
        if case .null = receiver.value {
            throw error("nil pointer evaluating \(receiver.typeName).\(fieldName)")
        }
        let hasArgs = args.count > 1 || final != nil
        switch receiver.value {
        case .map(let m):
            // A named map type's methods come before its keys (Go looks a method up first).
            if m.isNamed, let type = m.namedType, type.hasMethod(fieldName) {
                return try callMethod(dot, NamedMapMethods(map: m, type: type), fieldName, n, args, final)
            }
            if hasArgs { throw error("\(fieldName) is not a method but has arguments") }
            if let v = m[fieldName] { return .boxed(v) }
            switch missingKey {
            case .invalid: return .invalid
            case .zero: return m.holdsStrings ? .plain(m.zeroElement) : .boxed(.null)
            case .error: throw error("map has no entry for key \(goQuote(fieldName))")
            }
        case .object(let o):
            if o.hasMethod(fieldName) {
                return try callMethod(dot, o, fieldName, n, args, final)
            }
            if let v = o.field(fieldName) {
                if hasArgs { throw error("\(fieldName) has arguments but cannot be invoked as function") }
                if case .null = v { return .boxed(v) }
                return .plain(v)
            }
            throw error("can't evaluate field \(fieldName) in type \(receiver.typeName)")
        default:
            throw error("can't evaluate field \(fieldName) in type \(receiver.typeName)")
        }
    }

    func callMethod(_ dot: EValue, _ o: any TemplateObject, _ name: String, _ n: NodeIndex, _ args: NodeList,
                    _ final: EValue?) throws -> EValue {
        var argv: [TemplateValue] = []
        argv.reserveCapacity(args.count)
        var invalid: UInt64 = 0
        for a in args.dropFirst() {
            let v = try evalArgValue(dot, a)
            if !v.isValid && argv.count < 64 { invalid |= 1 << UInt64(argv.count) }
            argv.append(v.argument)
        }
        if let final { argv.append(final.argument) }
        let result: TemplateValue?
        do {
            result = try o.callMethod(name, arguments: argv)
        } catch let failure as TemplateFunctionError where failure.argumentIndex != nil {
            throw argumentTypeError(failure, arguments: args.dropFirst(), values: argv, invalid: invalid,
                                    final: final, callee: n)
        } catch {
            at(n)
            let message = describe(error)
            // Go checks the method's arity itself before calling it (not an "error calling" one).
            if message.hasPrefix("wrong number of args for \(name): ") { throw self.error(message) }
            throw self.error("error calling \(name): \(message)")
        }
        guard let result else {
            at(n)
            throw error("can't evaluate field \(name) in type \(o.goTypeName)")
        }
        if case .null = result { return .boxed(result) }
        return .plain(result)
    }

    /// Evaluates an argument the way Go does for an `interface{}` parameter.
    func evalArg(_ dot: EValue, _ n: NodeIndex) throws -> TemplateValue {
        try evalArgValue(dot, n).argument
    }

    /// Evaluates an argument, keeping Go's reflect distinctions (for chains and comparisons).
    func evalArgValue(_ dot: EValue, _ n: NodeIndex) throws -> EValue {
        at(n)
        let r = record(n)
        switch r.type {
        case .dot:
            return dot
        case .nilNode:
            return .boxed(.null)
        case .field:
            // No arguments (Go passes the node itself; only the count matters here).
            return try evalFieldChain(dot, dot, n, wordList(r.a, r.b), NodeList(start: nil, count: 0), nil)
        case .variable:
            return try evalVariableNode(dot, n, r, NodeList(start: nil, count: 0), nil)
        case .pipe:
            return try StackGuard.run { try evalPipeline(dot, n) }
        case .identifier:
            return try evalFunction(dot, n, r, n, NodeList(start: nil, count: 0), nil)
        case .chain:
            return try evalChainNode(dot, n, r, NodeList(start: nil, count: 0), nil)
        case .bool:
            return .plain(.bool(r.flag))
        case .number:
            return .plain(try idealConstant(n, r))
        case .string:
            return .plain(.string(word(r.a)))
        default:
            throw error("can't handle \(nodeText(n)) for arg of type interface {}")
        }
    }

    /// Calls the function named by identifier `n` (record `id`) of command `cmd`; `args` are the
    /// command's nodes, the identifier first (empty for an identifier evaluated as an argument).
    func evalFunction(_ dot: EValue, _ n: NodeIndex, _ id: NodeRecord, _ cmd: NodeIndex, _ args: NodeList,
                      _ final: EValue?) throws -> EValue {
        at(n)
        // The function table (or the arena) keeps the box alive for the call: no reference counting.
        let function: Unmanaged<FunctionBox>?
        if functionsResolved {
            function = id.b >= 0 ? functions[Int(id.b)] : nil
        } else {
            function = set.functionTable.function(named: word(id.a)).map { Unmanaged.passUnretained($0) }
        }
        if let function {
            var argv = takeArgumentArray()
            defer { recycle(&argv) }
            var invalid: UInt64 = 0
            var i = 1
            while i < args.count {
                let v = try evalArgValue(dot, args[i])
                if !v.isValid && i <= 64 { invalid |= 1 << UInt64(i - 1) }
                argv.append(v.argument)
                i += 1
            }
            if let final { argv.append(final.argument) }
            while true {
                do {
                    let v = try function._withUnsafeGuaranteedRef { try $0.call(argv) }
                    if case .null = v { return .boxed(v) }
                    return .plain(v)
                } catch let failure as TemplateFunctionError where failure.argumentIndex != nil {
                    // A whole-number constant such as `5.0` fits an integer parameter (Go's evalInteger):
                    // call again with it as an integer. Each retry turns one float into an int.
                    if let k = failure.argumentIndex, let integer = integerConstant(for: failure, in: args, values: argv) {
                        argv[k] = integer
                        continue
                    }
                    throw argumentTypeError(failure, arguments: args.dropFirst(), values: argv, invalid: invalid,
                                            final: final, callee: n)
                } catch {
                    let name = word(id.a)
                    let message = describe(error)
                    // Go checks a function's arity itself before calling it: the error names the
                    // function's identifier and is not an "error calling" one.
                    if message.hasPrefix("wrong number of args for \(name): ") {
                        at(n)
                        throw self.error(message)
                    }
                    at(cmd)
                    throw self.error("error calling \(name): \(message)")
                }
            }
        }
        let name = word(id.a)
        if let builtin = Builtin(code: id.c) ?? Builtin(rawValue: name) {
            return try callBuiltin(builtin, dot, n, cmd, args, final)
        }
        throw error("\(goQuote(name)) is not a defined function")
    }
}

/// The message of an error a function threw.
func describe(_ error: Error) -> String {
    if let e = error as? TemplateFunctionError { return e.message }
    if let e = error as? CustomStringConvertible { return e.description }
    return String(describing: error)
}

/// The methods of a named map type, called through the executor's method path.
private struct NamedMapMethods: TemplateObject {
    let map: GoMap
    let type: any GoNamedMapType
    var goTypeName: String { type.name }
    var goDescription: String { goFormat(.map(map)) }
    func field(_ name: String) -> TemplateValue? { nil }
    func hasMethod(_ name: String) -> Bool { type.hasMethod(name) }
    func callMethod(_ name: String, arguments: [TemplateValue]) throws -> TemplateValue? {
        try type.callMethod(name, on: map, arguments: arguments)
    }
}
