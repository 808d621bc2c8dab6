/// The text a parse started from, at a fixed address for the lifetime of this object: the lexer
/// reads it and text nodes point into it without bounds checks or reference counting.
final class SourceText: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// The text's bytes.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(storage) }

    /// A copy of `bytes`.
    init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        let copied = buffer.initialize(fromContentsOf: bytes)
        storage = UnsafeMutableBufferPointer(rebasing: buffer[..<copied])
    }

    /// A copy of the UTF-8 of `text`.
    convenience init(_ text: String) {
        self.init(text.utf8)
    }

    deinit { storage.baseAddress.map { $0.deallocate() } }
}

/// A growable array at one address once it stops growing: the executor reads it through
/// ``base`` with no bounds check, and without retaining the storage as an `Array` read does.
/// Its owner calls ``deallocate()`` (which also ends the elements' lifetimes).
struct ArenaBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(4, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// Appends `element`; returns its index.
    @inline(__always) @discardableResult
    mutating func append(_ element: Element) -> Int32 {
        if count == capacity { grow(toHold: count + 1) }
        (base + count).initialize(to: element)
        count += 1
        return Int32(truncatingIfNeeded: count - 1)
    }

    /// Appends `elements`.
    mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        if count + elements.count > capacity { grow(toHold: count + elements.count) }
        if let source = elements.baseAddress { (base + count).initialize(from: source, count: elements.count) }
        count += elements.count
    }

    /// Drops the elements from `newCount` on.
    @inline(__always) mutating func truncate(to newCount: Int) {
        (base + newCount).deinitialize(count: count - newCount)
        count = newCount
    }

    /// The elements `start..<start + length`.
    @inline(__always) func slice(_ start: Int, _ length: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + start, count: length)
    }

    /// The elements from `start` on.
    @inline(__always) func suffix(from start: Int) -> UnsafeBufferPointer<Element> {
        slice(start, count - start)
    }

    private mutating func grow(toHold needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let storage = UnsafeMutablePointer<Element>.allocate(capacity: bigger)
        storage.moveInitialize(from: base, count: count)
        base.deallocate()
        base = storage
        capacity = bigger
    }

    @inline(__always) subscript(i: Int) -> Element { base[i] }

    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// Every node parsed from one text (the top-level template and its `define`s), stored by value:
/// records, the index lists of lists, pipelines and commands, and side tables of names, numbers
/// and resolved functions. Parsing appends; afterwards it is only read.
final class NodeArena: @unchecked Sendable {
    /// The name of the text (error locations).
    let parseName: String
    let source: SourceText
    /// The identity of the function table identifiers were resolved in (compared, never dereferenced).
    let table: ObjectIdentifier
    private(set) var records: ArenaBuffer<NodeRecord>
    private(set) var links: ArenaBuffer<NodeIndex>
    private(set) var words: ArenaBuffer<String>
    private(set) var numbers: ArenaBuffer<NumberConstant>
    /// Resolved functions, each retained once by the arena (released in `deinit`).
    private(set) var functions: ArenaBuffer<Unmanaged<FunctionBox>>

    init(parseName: String, source: SourceText, table: ObjectIdentifier) {
        self.parseName = parseName
        self.source = source
        self.table = table
        // About one node per 8 bytes of template text, and fewer links.
        records = ArenaBuffer(capacity: source.bytes.count / 8)
        links = ArenaBuffer(capacity: source.bytes.count / 10)
        words = ArenaBuffer(capacity: source.bytes.count / 24)
        numbers = ArenaBuffer(capacity: 4)
        functions = ArenaBuffer(capacity: source.bytes.count / 64)
    }

    deinit {
        records.deallocate()
        links.deallocate()
        words.deallocate()
        numbers.deallocate()
        for i in 0..<functions.count { functions[i].release() }
        functions.deallocate()
    }

    // MARK: Building

    @inline(__always) func add(_ record: NodeRecord) -> NodeIndex { records.append(record) }

    /// Appends `indices` to the link lists; returns where they start.
    func addLinks(_ indices: UnsafeBufferPointer<NodeIndex>) -> Int32 {
        let start = Int32(truncatingIfNeeded: links.count)
        links.append(contentsOf: indices)
        return start
    }

    @inline(__always) func addWord(_ word: String) -> Int32 { words.append(word) }

    func addNumber(_ number: NumberConstant) -> Int32 { numbers.append(number) }

    func addFunction(_ function: FunctionBox) -> Int32 { functions.append(.passRetained(function)) }

    // MARK: Reading

    @inline(__always) func record(_ n: NodeIndex) -> NodeRecord { records[Int(n)] }
    @inline(__always) func link(_ i: Int) -> NodeIndex { links[i] }

    /// The children, commands or arguments `count` from `start` in the link lists.
    @inline(__always) func linkList(_ start: Int32, _ count: Int32) -> UnsafeBufferPointer<NodeIndex> {
        links.slice(Int(start), Int(count))
    }

    /// `count` names from `start` in `words`.
    @inline(__always) func wordList(_ start: Int32, _ count: Int32) -> UnsafeBufferPointer<String> {
        words.slice(Int(start), Int(count))
    }

    /// The bytes of a text or comment node.
    func bytes(_ r: NodeRecord) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: source.bytes[Int(r.a)..<Int(r.b)])
    }

    // MARK: Printing

    /// The node as Go's `String()` prints it.
    func describe(_ n: NodeIndex) -> String {
        var s = ""
        write(n, to: &s)
        return s
    }

    /// Appends the node's source form to `out`.
    func write(_ n: NodeIndex, to out: inout String) {
        let r = record(n)
        switch r.type {
        case .list:
            for child in linkList(r.a, r.b) { write(child, to: &out) }
        case .text:
            out += String(decoding: bytes(r), as: UTF8.self)
        case .comment:
            out += "{{" + String(decoding: bytes(r), as: UTF8.self) + "}}"
        case .pipe:
            if r.d > 0 {
                for (i, v) in linkList(r.c, r.d).enumerated() {
                    if i > 0 { out += ", " }
                    write(v, to: &out)
                }
                out += r.flag ? " = " : " := "
            }
            for (i, c) in linkList(r.a, r.b).enumerated() {
                if i > 0 { out += " | " }
                write(c, to: &out)
            }
        case .action:
            out += "{{"
            write(r.a, to: &out)
            out += "}}"
        case .command:
            for (i, a) in linkList(r.a, r.b).enumerated() {
                if i > 0 { out += " " }
                writeOperand(a, to: &out)
            }
        case .identifier:
            out += words[Int(r.a)]
        case .variable:
            out += wordList(r.a, r.b).joined(separator: ".")
        case .dot:
            out += "."
        case .nilNode:
            out += "nil"
        case .field:
            for name in wordList(r.a, r.b) { out += "." + name }
        case .chain:
            writeOperand(r.a, to: &out)
            for name in wordList(r.b, r.c) { out += "." + name }
        case .bool:
            out += r.flag ? "true" : "false"
        case .number:
            out += numbers[Int(r.a)].text
        case .string:
            out += quotedString(r)
        case .ifNode, .range, .with:
            out += r.type == .ifNode ? "{{if " : r.type == .range ? "{{range " : "{{with "
            write(r.a, to: &out)
            out += "}}"
            write(r.b, to: &out)
            if r.c >= 0 {
                out += "{{else}}"
                write(r.c, to: &out)
            }
            out += "{{end}}"
        case .template:
            out += "{{template " + goQuote(words[Int(r.a)])
            if r.b >= 0 {
                out += " "
                write(r.b, to: &out)
            }
            out += "}}"
        case .breakNode: out += "{{break}}"
        case .continueNode: out += "{{continue}}"
        case .elseNode: out += "{{else}}"
        case .endNode: out += "{{end}}"
        }
    }

    /// An operand as a command prints it: a pipeline in parentheses.
    private func writeOperand(_ n: NodeIndex, to out: inout String) {
        if record(n).type == .pipe {
            out += "("
            write(n, to: &out)
            out += ")"
        } else {
            write(n, to: &out)
        }
    }

    /// A string constant's source form.
    func quotedString(_ r: NodeRecord) -> String {
        r.b >= 0 ? words[Int(r.b)] : "\"" + words[Int(r.a)] + "\""
    }

    /// `NAME:LINE:COL` of a node and the node's text as Go's `ErrorContext` gives them.
    func errorContext(_ n: NodeIndex) -> (location: String, context: String) {
        let bytes = source.bytes
        let pos = min(Int(record(n).pos), bytes.count)
        var line = 1
        var lastNewline = -1
        var i = 0
        while i < pos {
            if bytes[i] == 0x0A {
                line += 1
                lastNewline = i
            }
            i += 1
        }
        let col = lastNewline < 0 ? pos : pos - (lastNewline + 1)
        // Go 1.25 (Helm v4.2.3) no longer cuts the context to 20 characters.
        return ("\(parseName):\(line):\(col)", describe(n))
    }
}
