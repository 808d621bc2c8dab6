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
    do {
        try set.parse(name: "x", text: text)
    } catch {
        return 0
    }
    // Go's property: a parsed tree re-prints to text that parses to the same tree.
    if let tree = set.tree(named: "x") {
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
