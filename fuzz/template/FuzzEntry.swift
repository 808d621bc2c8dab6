// libFuzzer entry for the template parser and executor; compiled together with Sources/GoTemplate
// by run.sh (one module, so no import).

private let fuzzData: TemplateValue = .map([
    "a": .string("x"), "n": .float(2), "l": .list([.int(1), .string("s"), .null]),
    "m": .map(["k": .bool(true)]), "z": .null,
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
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
private func hasAdjacentText(_ list: ListNode?) -> Bool {
    guard let list else { return false }
    var previousIsText = false
    for node in list.nodes {
        if node.type == .text && previousIsText { return true }
        previousIsText = node.type == .text
        if let branch = node as? BranchNode, hasAdjacentText(branch.list) || hasAdjacentText(branch.elseList) {
            return true
        }
    }
    return false
}
