/// Go template comparison rules (`eq`, `ne`, `lt`, `le`, `gt`, `ge`).

private enum BasicKind { case invalid, bool, int, float, string }

private func basicKind(_ v: TemplateValue) -> BasicKind {
    switch v {
    case .bool: return .bool
    case .int, .int64: return .int
    case .float: return .float
    case .string: return .string
    default: return .invalid
    }
}

private func intValue(_ v: TemplateValue) -> Int64 {
    switch v {
    case .int(let i): return Int64(i)
    case .int64(let i): return i
    default: return 0
    }
}

let errBadComparison = TemplateFunctionError("incompatible types for comparison")
let errBadComparisonType = TemplateFunctionError("invalid type for comparison")

/// Go 1.25's `errBadComparison` with the two types: `incompatible types for comparison: int and float64`.
private func badComparison(_ a: TemplateValue, _ b: TemplateValue) -> TemplateFunctionError {
    TemplateFunctionError("\(errBadComparison.message): \(a.goTypeName) and \(b.goTypeName)")
}
let errNoComparison = TemplateFunctionError("missing argument for comparison")

/// Go's `eq arg1 arg2...`: true when arg1 equals any of the others.
func goEqualValues(_ a1: EValue, _ rest: ArraySlice<EValue>) throws -> Bool {
    let arg1: TemplateValue? = a1.isValid && !a1.value.isNullValue ? a1.value : nil
    if rest.isEmpty { throw errNoComparison }
    let k1 = arg1.map(basicKind) ?? .invalid
    for a in rest {
        let arg: TemplateValue? = a.isValid && !a.value.isNullValue ? a.value : nil
        let k2 = arg.map(basicKind) ?? .invalid
        var truth = false
        if k1 != k2 {
            if let arg1, let arg { throw badComparison(arg1, arg) }
        } else {
            switch k1 {
            case .bool:
                if case .bool(let x) = arg1!, case .bool(let y) = arg! { truth = x == y }
            case .int:
                truth = intValue(arg1!) == intValue(arg!)
            case .float:
                if case .float(let x) = arg1!, case .float(let y) = arg! { truth = x == y }
            case .string:
                if case .string(let x) = arg1!, case .string(let y) = arg! { truth = x == y }
            case .invalid:
                truth = try compareComplex(arg1, arg)
            }
        }
        if truth { return true }
    }
    return false
}

/// `eq` for non-basic kinds: nil equals only nil; maps and slices are not comparable.
private func compareComplex(_ a: TemplateValue?, _ b: TemplateValue?) throws -> Bool {
    guard let a, let b else { return (a == nil) == (b == nil) }
    if a.goTypeName != b.goTypeName {
        throw TemplateFunctionError(goSprintf("non-comparable types %s: %v, %s: %v", [a, .string(a.goTypeName), .string(b.goTypeName), b]))
    }
    switch b {
    case .list, .strings, .bytes, .map:
        throw TemplateFunctionError(goSprintf("non-comparable type %s: %v", [b, .string(b.goTypeName)]))
    case .object(let ob):
        if case .object(let oa) = a { return oa.goDescription == ob.goDescription }
        return false
    default:
        return false
    }
}

/// Go's `lt arg1 arg2`.
func goLessValues(_ a1: EValue, _ a2: EValue) throws -> Bool {
    guard a1.isValid, !a1.value.isNullValue else { throw errBadComparisonType }
    let k1 = basicKind(a1.value)
    if k1 == .invalid { throw errBadComparisonType }
    guard a2.isValid, !a2.value.isNullValue else { throw errBadComparisonType }
    let k2 = basicKind(a2.value)
    if k2 == .invalid { throw errBadComparisonType }
    if k1 != k2 { throw badComparison(a1.value, a2.value) }
    switch (a1.value, a2.value) {
    case (.float(let x), .float(let y)): return x < y
    case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
    default:
        if k1 == .int { return intValue(a1.value) < intValue(a2.value) }
        throw errBadComparisonType
    }
}

/// Go's `le arg1 arg2`.
func goLessOrEqual(_ a1: EValue, _ a2: EValue) throws -> Bool {
    if try goLessValues(a1, a2) { return true }
    return try goEqualValues(a1, [a2][...])
}

/// Go template `eq a b` (the rules of the `eq` builtin; throws its errors as ``TemplateFunctionError``).
public func goEqual(_ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
    try goEqualValues(.plain(a), [.plain(b)][...])
}

/// Go template `lt a b` (ints with ints, floats with floats, strings bytewise; errors otherwise).
public func goLess(_ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
    try goLessValues(.plain(a), .plain(b))
}
