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

/// The state of one execution: output buffer, variable stack, current template and node.
final class ExecutionState {
    /// The set executing (it outlives its executions, and keeps finished states for reuse).
    unowned(unsafe) let set: TemplateSet
    let missingKey: TemplateOptions.MissingKey
    unowned(unsafe) var tree: Tree
    var out: [UInt8] = []
    /// The variable stack, innermost last: names and values side by side (a lookup compares names only).
    var varNames: [String] = []
    var varValues: [EValue] = []
    var depth = 0
    /// The node being evaluated, for error positions (trees outlive executions).
    unowned(unsafe) var node: Node?
    var data: EValue
    var stepsLeft: Int
    let outputLimit: Int

    /// `outputCapacity`: bytes to reserve for the output (a whole file needs more than an `include`).
    init(set: TemplateSet, tree: Tree, data: TemplateValue, outputCapacity: Int = 4096) {
        self.set = set
        self.stepsLeft = set.stepLimit ?? Int.max
        self.outputLimit = set.outputLimit ?? Int.max
        self.missingKey = set.options.missingKey
        self.tree = tree
        if case .null = data { self.data = .invalid } else { self.data = .plain(data) }
        out.reserveCapacity(outputCapacity)
    }

    /// Makes a finished state ready for another execution of the same set, keeping its buffers'
    /// capacity (an `include` then allocates only its result).
    func restart(tree: Tree, data: TemplateValue) {
        self.tree = tree
        if case .null = data { self.data = .invalid } else { self.data = .plain(data) }
        stepsLeft = set.stepLimit ?? Int.max
        node = nil
        depth = 0
        out.removeAll(keepingCapacity: true)
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
        _ = try walk(data, tree.root)
    }

    // MARK: Errors

    func error(_ message: String) -> TemplateError {
        let name = tree.name
        guard let node else { return TemplateError("template: \(name): \(message)") }
        let (location, context) = tree.errorContext(node)
        return TemplateError("template: \(location): executing \(goQuote(name)) at <\(context)>: \(message)")
    }

    @inline(__always) func at(_ n: Node) { node = n }

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

    func walk(_ dot: EValue, _ node: Node) throws -> WalkControl {
        stepsLeft &-= 1
        if stepsLeft < 0 { throw error("execution step limit exceeded") }
        switch node.type {
        case .text:
            out.append(contentsOf: unsafeDowncast(node, to: TextNode.self).bytes)
        case .list:
            let nodes = unsafeDowncast(node, to: ListNode.self).unownedNodes
            var i = 0
            while i < nodes.count {
                let c = try nodes[i]._withUnsafeGuaranteedRef { try walk(dot, $0) }
                if c != .normal { return c }
                i += 1
            }
        case .action:
            let action = unsafeDowncast(node, to: ActionNode.self)
            let val = try evalPipeline(dot, action.pipe)
            if !action.pipe.hasDeclarations {
                try printValue(action, val)
                if out.count > outputLimit { throw error("output limit exceeded") }
            }
        case .ifNode, .with:
            return try walkIfOrWith(dot, unsafeDowncast(node, to: BranchNode.self))
        case .range:
            try walkRange(dot, unsafeDowncast(node, to: BranchNode.self))
        case .template:
            try walkTemplate(dot, unsafeDowncast(node, to: TemplateNode.self))
        case .breakNode:
            return .breakLoop
        case .continueNode:
            return .continueLoop
        case .comment:
            break
        default:
            throw error("unknown node: \(node)")
        }
        return .normal
    }

    func printValue(_ n: Node, _ v: EValue) throws {
        at(n)
        guard v.isValid else {
            out.append(contentsOf: "<no value>".utf8)
            return
        }
        switch v.value {
        case .string(let s):
            out.append(contentsOf: s.utf8)
        case .null:
            out.append(contentsOf: "<nil>".utf8)
        case .int(let i):
            out.append(contentsOf: String(i).utf8)
        default:
            out.append(contentsOf: goFormat(v.value).utf8)
        }
    }

    func walkIfOrWith(_ dot: EValue, _ node: BranchNode) throws -> WalkControl {
        let mark = varNames.count
        defer { pop(mark) }
        let val = try evalPipeline(dot, node.pipe)
        let truth = val.isValid && val.value.isTruthy
        if truth {
            return try walk(node.type == .with ? val : dot, node.list)
        } else if let e = node.elseList {
            return try walk(dot, e)
        }
        return .normal
    }

    func walkRange(_ dot: EValue, _ r: BranchNode) throws {
        at(r)
        let outerMark = varNames.count
        defer { pop(outerMark) }
        let val = try evalPipeline(dot, r.pipe).unwrapped
        let mark = varNames.count
        let declCount = r.pipe.decl.count
        // Returns false when the loop must stop ({{break}}).
        func iteration(_ index: EValue, _ elem: EValue) throws -> Bool {
            if declCount > 0 {
                if r.pipe.isAssign {
                    if declCount > 1 {
                        try setVar(r.pipe.decl[0].ident[0], index)
                    } else {
                        try setVar(r.pipe.decl[0].ident[0], elem)
                    }
                } else {
                    varValues[mark - 1] = elem
                }
            }
            if declCount > 1 {
                if r.pipe.isAssign {
                    try setVar(r.pipe.decl[1].ident[0], elem)
                } else {
                    varValues[mark - 2] = index
                }
            }
            defer { pop(mark) }
            return try walk(elem, r.list) != .breakLoop
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
        case .int(let n):
            if declCount > 1 {
                throw error("can't use \(n) to iterate over more than one variable")
            }
            if n > 0 {
                ran = true
                for i in 0..<n where try !iteration(.plain(.int(i)), .plain(.int(i))) { break }
            }
        case .int64(let n):
            if declCount > 1 {
                throw error("can't use \(n) to iterate over more than one variable")
            }
            if n > 0 {
                ran = true
                for i in 0..<n where try !iteration(.plain(.int64(i)), .plain(.int64(i))) { break }
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
        if !ran, let e = r.elseList {
            _ = try walk(dot, e)
        }
    }

    func walkTemplate(_ dot: EValue, _ t: TemplateNode) throws {
        at(t)
        guard let target = set.trees[t.name] else {
            throw error("template \(goQuote(t.name)) not defined")
        }
        if depth >= maxExecDepth {
            throw error("exceeded maximum template depth (\(maxExecDepth))")
        }
        let newDot = try evalPipeline(dot, t.pipe)
        let savedTree = tree
        let savedNames = varNames, savedValues = varValues
        let savedNode = node
        tree = target
        varNames = ["$"]
        varValues = [newDot]
        depth += 1
        defer {
            depth -= 1
            tree = savedTree
            varNames = savedNames
            varValues = savedValues
            node = savedNode
        }
        _ = try StackGuard.run { try walk(newDot, target.root) }
    }

    // MARK: Evaluation

    func evalPipeline(_ dot: EValue, _ pipe: PipeNode?) throws -> EValue {
        guard let pipe else { return .invalid }
        at(pipe)
        guard let first = pipe.firstCommand else { return .invalid }
        var value = try first._withUnsafeGuaranteedRef { try evalCommand(dot, $0, nil) }
        value.unwrap()
        if pipe.unownedCmds.count > 1 {
            let cmds = pipe.unownedCmds
            var i = 1
            while i < cmds.count {
                value = try cmds[i]._withUnsafeGuaranteedRef { [value] in try evalCommand(dot, $0, value) }
                value.unwrap()
                i += 1
            }
        }
        if pipe.hasDeclarations {
            for v in pipe.decl {
                if pipe.isAssign {
                    try setVar(v.ident[0], value)
                } else {
                    push(v.ident[0], value)
                }
            }
        }
        return value
    }

    func notAFunction(_ args: [Node], _ final: EValue?) throws {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(args[0])")
        }
    }

    func evalCommand(_ dot: EValue, _ cmd: CommandNode, _ final: EValue?) throws -> EValue {
        try cmd.unownedFirst._withUnsafeGuaranteedRef { try evalCommand(dot, cmd, first: $0, final) }
    }

    private func evalCommand(_ dot: EValue, _ cmd: CommandNode, first: Node, _ final: EValue?) throws -> EValue {
        switch first.type {
        case .field:
            let field = unsafeDowncast(first, to: FieldNode.self)
            at(field)
            return try evalFieldChain(dot, dot, field, field.ident[...], cmd.args, final)
        case .chain:
            return try evalChainNode(dot, unsafeDowncast(first, to: ChainNode.self), cmd.args, final)
        case .identifier:
            return try evalFunction(dot, unsafeDowncast(first, to: IdentifierNode.self), cmd, cmd.args, final)
        case .pipe:
            try notAFunction(cmd.args, final)
            // Parenthesised pipelines nest without bound (Go's stacks grow): guard the recursion.
            return try StackGuard.run { try evalPipeline(dot, unsafeDowncast(first, to: PipeNode.self)) }
        case .variable:
            return try evalVariableNode(dot, unsafeDowncast(first, to: VariableNode.self), cmd.args, final)
        default:
            break
        }
        at(first)
        try notAFunction(cmd.args, final)
        switch first.type {
        case .bool:
            return .plain(.bool(unsafeDowncast(first, to: BoolNode.self).value))
        case .dot:
            return dot
        case .nilNode:
            throw error("nil is not a command")
        case .number:
            return .plain(try idealConstant(unsafeDowncast(first, to: NumberNode.self)))
        case .string:
            return .plain(.string(unsafeDowncast(first, to: StringNode.self).text))
        default:
            throw error("can't evaluate command \(goQuote(first.description))")
        }
    }

    func idealConstant(_ c: NumberNode) throws -> TemplateValue {
        at(c)
        guard let value = c.ideal else { throw error("\(c.text) overflows int") }
        return value
    }

    func evalChainNode(_ dot: EValue, _ chain: ChainNode, _ args: [Node], _ final: EValue?) throws -> EValue {
        at(chain)
        if chain.field.isEmpty { throw error("internal error: no fields in evalChainNode") }
        if chain.node.type == .nilNode { throw error("indirection through explicit nil in \(chain)") }
        let pipe = try evalArgValue(dot, chain.node)
        return try evalFieldChain(dot, pipe, chain, chain.field[...], args, final)
    }

    func evalVariableNode(_ dot: EValue, _ variable: VariableNode, _ args: [Node], _ final: EValue?) throws -> EValue {
        at(variable)
        let value = try varValue(variable.ident[0])
        if variable.ident.count == 1 {
            try notAFunction(args, final)
            return value
        }
        return try evalFieldChain(dot, value, variable, variable.ident[1...], args, final)
    }

    func evalFieldChain(_ dot: EValue, _ receiver: EValue, _ node: Node, _ ident: ArraySlice<String>,
                        _ args: [Node], _ final: EValue?) throws -> EValue {
        var receiver = receiver
        let last = ident.endIndex - 1
        var i = ident.startIndex
        while i < last {
            receiver = try evalField(dot, ident[i], node, [], nil, receiver)
            i += 1
        }
        return try evalField(dot, ident[last], node, args, final, receiver)
    }

    func evalField(_ dot: EValue, _ fieldName: String, _ node: Node, _ args: [Node], _ final: EValue?,
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
                return try callMethod(dot, NamedMapMethods(map: m, type: type), fieldName, node, args, final)
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
                return try callMethod(dot, o, fieldName, node, args, final)
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

    func callMethod(_ dot: EValue, _ o: any TemplateObject, _ name: String, _ node: Node, _ args: [Node],
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
                                    final: final, callee: node)
        } catch {
            at(node)
            let message = describe(error)
            // Go checks the method's arity itself before calling it (not an "error calling" one).
            if message.hasPrefix("wrong number of args for \(name): ") { throw self.error(message) }
            throw self.error("error calling \(name): \(message)")
        }
        guard let result else {
            at(node)
            throw error("can't evaluate field \(name) in type \(o.goTypeName)")
        }
        if case .null = result { return .boxed(result) }
        return .plain(result)
    }

    /// Evaluates an argument the way Go does for an `interface{}` parameter.
    func evalArg(_ dot: EValue, _ n: Node) throws -> TemplateValue {
        try evalArgValue(dot, n).argument
    }

    /// Evaluates an argument, keeping Go's reflect distinctions (for chains and comparisons).
    func evalArgValue(_ dot: EValue, _ n: Node) throws -> EValue {
        at(n)
        switch n.type {
        case .dot:
            return dot
        case .nilNode:
            return .boxed(.null)
        case .field:
            let field = unsafeDowncast(n, to: FieldNode.self)
            at(field)
            // No arguments: an empty list (Go passes the node itself; only the count matters here).
            return try evalFieldChain(dot, dot, field, field.ident[...], [], nil)
        case .variable:
            return try evalVariableNode(dot, unsafeDowncast(n, to: VariableNode.self), [], nil)
        case .pipe:
            return try StackGuard.run { try evalPipeline(dot, unsafeDowncast(n, to: PipeNode.self)) }
        case .identifier:
            let id = unsafeDowncast(n, to: IdentifierNode.self)
            return try evalFunction(dot, id, id, [id], nil)
        case .chain:
            return try evalChainNode(dot, unsafeDowncast(n, to: ChainNode.self), [], nil)
        case .bool:
            return .plain(.bool(unsafeDowncast(n, to: BoolNode.self).value))
        case .number:
            return .plain(try idealConstant(unsafeDowncast(n, to: NumberNode.self)))
        case .string:
            return .plain(.string(unsafeDowncast(n, to: StringNode.self).text))
        default:
            throw error("can't handle \(n) for arg of type interface {}")
        }
    }

    func evalFunction(_ dot: EValue, _ node: IdentifierNode, _ cmd: Node, _ args: [Node], _ final: EValue?) throws -> EValue {
        at(node)
        let function: FunctionBox?
        if node.table == set.functionTableIdentity {
            function = node.function
        } else {
            function = set.functionTable.function(named: node.ident)
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
                    let v = try function.call(argv)
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
                                            final: final, callee: node)
                } catch {
                    let name = node.ident
                    let message = describe(error)
                    // Go checks a function's arity itself before calling it: the error names the
                    // function's identifier and is not an "error calling" one.
                    if message.hasPrefix("wrong number of args for \(name): ") {
                        at(node)
                        throw self.error(message)
                    }
                    at(cmd)
                    throw self.error("error calling \(name): \(message)")
                }
            }
        }
        if let builtin = node.builtin ?? Builtin(rawValue: node.ident) {
            return try callBuiltin(builtin, dot, node, cmd, args, final)
        }
        throw error("\(goQuote(node.ident)) is not a defined function")
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
