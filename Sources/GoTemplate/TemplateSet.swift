/// Options that change how templates execute (Go's `template.Option`) and how they are delimited.
public struct TemplateOptions: Sendable {
    /// What a missing map key evaluates to (Go's `missingkey=` option).
    public enum MissingKey: Sendable {
        /// Go's default: the value is invalid and prints `<no value>`.
        case invalid
        /// The zero value of the map's element type (`nil` for `map[string]interface{}`); Helm's choice.
        case zero
        /// Execution stops with `map has no entry for key "x"`.
        case error
    }

    public var missingKey: MissingKey = .zero
    public var leftDelimiter = "{{"
    public var rightDelimiter = "}}"

    public init(missingKey: MissingKey = .zero, leftDelimiter: String = "{{", rightDelimiter: String = "}}") {
        self.missingKey = missingKey
        self.leftDelimiter = leftDelimiter
        self.rightDelimiter = rightDelimiter
    }
}

/// A parse or execution error, with Go's exact text as `description`
/// (`template: x:1: unexpected "}" in operand`,
/// `template: x:1:3: executing "x" at <.a.b>: nil pointer evaluating interface {}.b`).
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One template function, held by reference.
///
/// A closure kept in a dictionary is stored at the dictionary's generic representation; taking it out
/// as a ``TemplateFunction`` wraps it in a freshly allocated reabstraction thunk. A box keeps the closure
/// at its own representation, so looking one up costs a retain and calling it costs no allocation.
final class FunctionBox: @unchecked Sendable {
    let call: TemplateFunction
    init(_ call: @escaping TemplateFunction) { self.call = call }
}

/// An immutable function table; parsed identifiers remember the table they were resolved in.
///
/// Functions added later form a layer over the table they extend (Helm adds its handful of
/// set-bound functions to a few hundred shared Sprig ones on every render): adding boxes only
/// the new layer, not the whole map.
final class FunctionTable: @unchecked Sendable {
    /// The layer's entries side by side. A small layer is searched in order, comparing each name's
    /// hash before the name (Helm's per-render layer of eight functions is asked for every
    /// identifier; the name is hashed once for all layers); a large one through
    /// `slots`, an open-addressing table hashed with FNV-1a on the name's bytes: the names are fixed
    /// and known, so an unseeded hash is safe, and it costs a fraction of `Hasher`'s SipHash.
    private let names: [String]
    /// ``hash(_:)`` of each name: a small layer compares these before any name.
    private let hashes: [Int]
    private let boxes: [FunctionBox]
    /// Index into `names` + 1 per slot (0: empty); a power-of-two count at least twice the names.
    private let slots: [Int32]
    private let base: FunctionTable?
    private static let linearLimit = 16

    init(_ functions: [String: TemplateFunction], over base: FunctionTable? = nil) {
        let sorted = functions.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        names = sorted.map(\.key)
        hashes = names.map(Self.hash)
        boxes = sorted.map { FunctionBox($0.value) }
        if names.count <= Self.linearLimit {
            slots = []
        } else {
            var size = 1
            while size < names.count * 2 { size <<= 1 }
            var table = [Int32](repeating: 0, count: size)
            for (i, name) in names.enumerated() {
                var slot = Self.hash(name) & (size - 1)
                while table[slot] != 0 { slot = (slot + 1) & (size - 1) }
                table[slot] = Int32(i + 1)
            }
            slots = table
        }
        self.base = base
    }

    @inline(__always) private static func hash(_ name: String) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The function called `name`, from the newest layer that has it.
    func function(named name: String) -> FunctionBox? {
        function(named: name, hash: Self.hash(name))
    }

    /// The function called `name` whose ``hash(_:)`` is `h` (hashed once for every layer).
    private func function(named name: String, hash h: Int) -> FunctionBox? {
        if slots.isEmpty {
            var i = 0
            while i < names.count {
                if hashes[i] == h && names[i] == name { return boxes[i] }
                i += 1
            }
        } else {
            let mask = slots.count - 1
            var slot = h & mask
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { break }
                if hashes[entry - 1] == h && names[entry - 1] == name { return boxes[entry - 1] }
                slot = (slot + 1) & mask
            }
        }
        return base?.function(named: name, hash: h)
    }
}

/// A function map prepared once and shared by many template sets (Go's `template.FuncMap`
/// handed to every `New`): a renderer that parses a fresh set per render builds its library once.
public final class FunctionLibrary: @unchecked Sendable {
    let table: FunctionTable

    /// A library of `functions`, by name.
    public init(_ functions: [String: TemplateFunction]) {
        table = FunctionTable(functions)
    }
}

/// A set of named templates sharing one function map, like Go's `*template.Template` tree set.
///
/// Parsing mutates the set; execution only reads it, and is re-entrant: a function may call
/// ``execute(name:data:)`` on the same set while it runs (Helm's `include`).
public final class TemplateSet: @unchecked Sendable {
    var functionTable: FunctionTable {
        didSet { functionTableIdentity = ObjectIdentifier(functionTable) }
    }
    /// The identity of ``functionTable``, compared with the table a parsed identifier was resolved in
    /// (no reference counting on the executor's path).
    private(set) var functionTableIdentity: ObjectIdentifier
    var trees: [String: Tree] = [:]
    /// The options every execution uses.
    public var options: TemplateOptions
    /// The name Go gives the set's root template (used only in "no template" errors).
    public var name = "gotpl"
    /// Executions in progress on this set (re-entrant calls from functions such as `include`).
    private var currentNesting = 0
    /// Finished execution states, reused by the next executions (one per nesting level at most).
    private var spareStates: [ExecutionState] = []
    /// The largest number of nested executions of one set.
    let maxNestedExecutions = 10000

    /// An upper bound on walked nodes per execution (for fuzzing); `nil` means unbounded.
    var stepLimit: Int?
    /// An upper bound on the bytes one execution prints (for fuzzing: `printf "%9999999d"` legitimately
    /// prints ten megabytes a call, as Go's does); `nil` means unbounded.
    var outputLimit: Int?

    public init(functions: [String: TemplateFunction] = [:], options: TemplateOptions = TemplateOptions()) {
        let table = FunctionTable(functions)
        self.functionTable = table
        self.functionTableIdentity = ObjectIdentifier(table)
        self.options = options
    }

    /// A set whose functions are `library`'s (shared, not copied).
    public init(library: FunctionLibrary, options: TemplateOptions = TemplateOptions()) {
        self.functionTable = library.table
        self.functionTableIdentity = ObjectIdentifier(library.table)
        self.options = options
    }

    /// Adds or replaces functions (must be done before parsing text that uses them; Go checks at parse time).
    public func addFunctions(_ functions: [String: TemplateFunction]) {
        functionTable = FunctionTable(functions, over: functionTable)
    }

    /// Parses `text` as the template called `name` (Go: `t.New(name).Parse(text)`); its `{{define}}`s join
    /// the set (a later non-empty definition of the same name replaces the earlier, as in Go).
    /// Throws ``TemplateError`` with Go's parse error text.
    ///
    /// Returns the tree parsed for `name` itself, which Go's `t.New(name).Parse(text)` executes even
    /// when the set keeps an earlier non-empty template of that name (Helm's `tpl` with empty text
    /// inside another `tpl` prints nothing rather than re-running the outer text).
    @discardableResult
    public func parse(name: String, text: String) throws -> Tree? {
        try parse(name: name, source: SourceText(text))
    }

    /// ``parse(name:text:)`` for text given as bytes, read as a Go string: valid UTF-8 as it is, other
    /// bytes as ``GoBytes`` carries them.
    @discardableResult
    public func parse(name: String, bytes: [UInt8]) throws -> Tree? {
        if GoBytes.isASCII(bytes) { return try parse(name: name, source: SourceText(bytes)) }
        return try parse(name: name, text: GoBytes.string(bytes))
    }

    private func parse(name: String, source: SourceText) throws -> Tree? {
        let parser = Parser(name: name, source: source, leftDelim: options.leftDelimiter,
                            rightDelim: options.rightDelimiter, functions: functionTable)
        do {
            try parser.parse()
        } catch let e as ParseError {
            throw TemplateError(e.message)
        }
        var parsed: Tree?
        for tree in parser.trees {
            if tree.name == name { parsed = tree }
            if tree.isEmpty && trees[tree.name] != nil { continue }
            trees[tree.name] = tree
        }
        return parsed
    }

    /// Executes the template `name` with `data` as dot; returns the output.
    /// Throws ``TemplateError`` with Go's execution error text.
    public func execute(name: String, data: TemplateValue) throws -> String {
        guard let tree = trees[name] else {
            throw TemplateError("template: no template \(goQuote(name)) associated with template \(goQuote(self.name))")
        }
        return try execute(tree, data: data)
    }

    /// Executes `tree` (one of this set's templates, from ``tree(named:)``) with `data` as dot.
    public func execute(_ tree: Tree, data: TemplateValue) throws -> String {
        let name = tree.name
        let nesting = currentNesting
        if nesting >= maxNestedExecutions {
            throw TemplateError("template: \(name): exceeded maximum nesting of template executions (\(maxNestedExecutions))")
        }
        currentNesting = nesting + 1
        defer { currentNesting = nesting }
        return try StackGuard.run {
            let state: ExecutionState
            if let spare = spareStates.popLast() {
                state = spare
                state.restart(tree: tree, data: data)
            } else {
                state = ExecutionState(set: self, tree: tree, data: data, outputCapacity: nesting == 0 ? 4096 : 256)
            }
            defer {
                state.finish()
                spareStates.append(state)
            }
            try state.run()
            return state.out.string
        }
    }

    /// Whether a template of that name is defined (after parse).
    public func hasTemplate(_ name: String) -> Bool { trees[name] != nil }

    /// Names of all defined templates, sorted.
    public var templateNames: [String] { trees.keys.sorted() }

    /// The parsed tree of a template (for inspection and tests).
    public func tree(named name: String) -> Tree? { trees[name] }

    /// A copy sharing parsed trees and functions, to which new text can be parsed without touching the original.
    public func clone() -> TemplateSet {
        let copy = TemplateSet(options: options)
        copy.functionTable = functionTable
        copy.trees = trees
        copy.name = name
        copy.stepLimit = stepLimit
        copy.outputLimit = outputLimit
        return copy
    }
}

