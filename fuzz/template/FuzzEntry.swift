// libFuzzer entry for the template parser and executor; compiled together with Sources/GoTemplate
// by run.sh (one module, so no import).

private let fuzzData: TemplateValue = .map([
    "a": .string("x"), "n": .float(2), "l": .list([.int(1), .string("s"), .null]),
    "m": .map(["k": .bool(true)]), "z": .null,
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // The lexer's shortcut for common items must give exactly what Go's state functions give.
    let bytes = Array(text.utf8)
    if lexedItems(bytes, directly: true) != lexedItems(bytes, directly: false) {
        fatalError("lexer shortcut differs from the state functions for \(text.debugDescription)")
    }
    let set = TemplateSet(functions: ["f": { args in .list(args) }], options: TemplateOptions(missingKey: .invalid))
    set.stepLimit = 20_000
    set.outputLimit = 1 << 20
    do {
        try set.parse(name: "x", text: text)
    } catch {
        return 0
    }
    // Go's property: a parsed tree re-prints to text that parses to the same tree. Not when a dropped
    // comment left two text nodes side by side: joined, "{" and "{x" make a delimiter (Go alike).
    if let tree = set.tree(named: "x"), !hasAdjacentText(tree.root) {
        let printed = tree.root.description
        let again = TemplateSet(functions: ["f": { args in .list(args) }])
        if (try? again.parse(name: "x", text: printed)) != nil, let t2 = again.tree(named: "x") {
            if t2.root.description != printed {
                fatalError("re-printed tree differs:\n\(printed)\n---\n\(t2.root.description)")
            }
        }
    }
    for name in set.templateNames {
        _ = try? set.execute(name: name, data: fuzzData)
    }
    return 0
}

/// Whether a list (at any depth) holds two text nodes in a row.
private func hasAdjacentText(_ list: Node) -> Bool {
    hasAdjacentText(list.arena, list.index)
}

private func hasAdjacentText(_ arena: NodeArena, _ list: NodeIndex) -> Bool {
    guard list >= 0 else { return false }
    let r = arena.record(list)
    var previousIsText = false
    for node in arena.linkList(r.a, r.b) {
        let child = arena.record(node)
        if child.type == .text && previousIsText { return true }
        previousIsText = child.type == .text
        if child.type == .ifNode || child.type == .range || child.type == .with,
           hasAdjacentText(arena, child.b) || hasAdjacentText(arena, child.c) {
            return true
        }
    }
    return false
}

/// The lexer's items for `bytes`, read with or without its shortcut for common items.
private func lexedItems(_ bytes: [UInt8], directly: Bool) -> [String] {
    let lexer = Lexer(input: bytes, leftDelim: "{{", rightDelim: "}}")
    lexer.readsCommonItemsDirectly = directly
    var items: [String] = []
    while items.count < 100_000 {
        let item = lexer.nextItem()
        items.append("\(item.type)@\(item.pos)..<\(item.end):\(item.line):\(lexer.text(of: item))")
        if item.type == .eof || item.type == .error { break }
    }
    return items
}
