/// Go's predefined template functions.
enum Builtin: String, CaseIterable {
    case and, or, not, len, index, slice, print, printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery, call

    /// The builtin's number, as a parsed identifier stores it.
    var code: Int { Builtin.numbered.firstIndex(of: self)! }

    /// The builtin numbered `code`.
    @inline(__always) init?(code: Int32) {
        guard code >= 0 && Int(code) < Builtin.numbered.count else { return nil }
        self = Builtin.numbered[Int(code)]
    }

    private static let numbered = allCases
}

extension ExecutionState {
    private func wrongArgs(_ name: String, want: Int, got: Int, atLeast: Bool) -> TemplateError {
        error("wrong number of args for \(name): want \(atLeast ? "at least " : "")\(want) got \(got)")
    }

    func callBuiltin(_ b: Builtin, _ dot: EValue, _ node: NodeIndex, _ cmd: NodeIndex, _ args: NodeList,
                     _ final: EValue?) throws -> EValue {
        let name = b.rawValue
        let argNodes = args.dropFirst()
        let numIn = argNodes.count + (final == nil ? 0 : 1)
        // Arity, as reflect checks it for the Go signatures.
        switch b {
        case .and, .or, .index, .slice, .eq, .call:
            if numIn < 1 { throw wrongArgs(name, want: 1, got: argNodes.count, atLeast: true) }
        case .printf:
            if numIn < 1 { throw wrongArgs(name, want: 1, got: argNodes.count, atLeast: true) }
        case .not, .len:
            if numIn != 1 { throw wrongArgs(name, want: 1, got: numIn, atLeast: false) }
        case .ne, .lt, .le, .gt, .ge:
            if numIn != 2 { throw wrongArgs(name, want: 2, got: numIn, atLeast: false) }
        case .print, .println, .html, .js, .urlquery:
            break
        }
        if b == .and || b == .or {
            var v = EValue.invalid
            for a in argNodes {
                v = try evalArgValue(dot, a)
                let truth = v.isValid && v.value.isTruthy
                if truth == (b == .or) { return v }
            }
            if let final { v = final }
            return v
        }
        if b == .printf {
            // The format is a Go string parameter.
            var formatValue: TemplateValue
            var rest: [TemplateValue] = []
            if let first = argNodes.first {
                let type = record(first).type
                if type == .number || type == .bool || type == .nilNode {
                    at(first)
                    throw error(type == .nilNode ? "cannot assign nil to string" : "expected string; found \(nodeText(first))")
                }
                let fv = try evalArgValue(dot, first)
                if !fv.isValid { throw error("invalid value; expected string") }
                formatValue = fv.value
                for a in argNodes.dropFirst() { rest.append(try evalArg(dot, a)) }
                if let final { rest.append(final.argument) }
            } else {
                formatValue = final!.value
                if !final!.isValid { throw error("invalid value; expected string") }
            }
            guard case .string(let format) = formatValue else {
                throw error("wrong type for value; expected string; got \(formatValue.goTypeName)")
            }
            return .plain(.string(goSprintf(format, rest)))
        }
        var argv: [EValue] = []
        argv.reserveCapacity(numIn)
        for a in argNodes { argv.append(try evalArgValue(dot, a)) }
        if let final { argv.append(final) }
        do {
            return try applyBuiltin(b, argv, argNodes.first.map(nodeText))
        } catch let e as TemplateFunctionError {
            at(cmd)
            throw error("error calling \(name): \(e.message)")
        }
    }

    private func applyBuiltin(_ b: Builtin, _ argv: [EValue], _ firstNode: String?) throws -> EValue {
        switch b {
        case .not:
            return .plain(.bool(!(argv[0].isValid && argv[0].value.isTruthy)))
        case .len:
            return .plain(.int(try builtinLength(argv[0])))
        case .index:
            return try builtinIndex(argv[0], argv.dropFirst())
        case .slice:
            return .plain(try builtinSlice(argv[0], argv.dropFirst()))
        case .print:
            return .plain(.string(goSprint(argv.map(\.argument))))
        case .println:
            return .plain(.string(goSprintln(argv.map(\.argument))))
        case .eq:
            return .plain(.bool(try goEqualValues(argv[0], argv.dropFirst())))
        case .ne:
            return .plain(.bool(!(try goEqualValues(argv[0], argv[1...]))))
        case .lt:
            return .plain(.bool(try goLessValues(argv[0], argv[1])))
        case .le:
            return .plain(.bool(try goLessOrEqual(argv[0], argv[1])))
        case .gt:
            return .plain(.bool(!(try goLessOrEqual(argv[0], argv[1]))))
        case .ge:
            return .plain(.bool(!(try goLessValues(argv[0], argv[1]))))
        case .html:
            return .plain(.string(htmlEscape(evalArgsString(argv))))
        case .js:
            return .plain(.string(jsEscape(evalArgsString(argv))))
        case .urlquery:
            return .plain(.string(queryEscape(evalArgsString(argv))))
        case .call:
            let fn = argv[0]
            if !fn.isValid || fn.value.isNullValue { throw TemplateFunctionError("call of nil") }
            throw TemplateFunctionError("non-function \(firstNode ?? "") of type \(fn.value.goTypeName)")
        case .and, .or, .printf:
            return .invalid
        }
    }
}

extension TemplateValue {
    var isNullValue: Bool {
        if case .null = self { return true }
        return false
    }
}

// MARK: len, index, slice

private func builtinLength(_ v: EValue) throws -> Int {
    guard v.isValid else { throw TemplateFunctionError("len of nil pointer") }
    switch v.value {
    case .null: throw TemplateFunctionError("len of nil pointer")
    case .string(let s): return GoBytes.count(s)
    case .list(let l): return l.count
    case .strings(let l): return l.count
    case .bytes(let l): return l.count
    case .map(let m): return m.count
    case .object(let o) where o.sliceElements != nil: return o.sliceElements!.count
    default: throw TemplateFunctionError("len of type \(v.value.goTypeName)")
    }
}

private func indexValue(_ index: EValue, cap: Int) throws -> Int {
    guard index.isValid else { throw TemplateFunctionError("cannot index slice/array with nil") }
    let x: Int
    switch index.value {
    case .int(let i): x = i
    case .int64(let i): x = Int(i)
    case .null: throw TemplateFunctionError("cannot index slice/array with nil")
    default: throw TemplateFunctionError("cannot index slice/array with type \(index.value.goTypeName)")
    }
    if x < 0 || x > cap { throw TemplateFunctionError("index out of range: \(x)") }
    return x
}

private func builtinIndex(_ item: EValue, _ indexes: ArraySlice<EValue>) throws -> EValue {
    guard item.isValid, !item.value.isNullValue else { throw TemplateFunctionError("index of untyped nil") }
    var current = item
    for index in indexes {
        if current.value.isNullValue { throw TemplateFunctionError("index of nil pointer") }
        switch current.value {
        case .list(let l):
            let x = try indexValue(index, cap: l.count)
            if x == l.count { throw TemplateFunctionError("reflect: slice index out of range") }
            current = .boxed(l[x])
        case .strings(let l):
            let x = try indexValue(index, cap: l.count)
            if x == l.count { throw TemplateFunctionError("reflect: slice index out of range") }
            current = .plain(.string(l[x]))
        case .bytes(let l):
            let x = try indexValue(index, cap: l.count)
            if x == l.count { throw TemplateFunctionError("reflect: slice index out of range") }
            current = .plain(.int(Int(l[x])))
        case .string(let s):
            let bytes = GoBytes.bytes(s)
            let x = try indexValue(index, cap: bytes.count)
            if x == bytes.count { throw TemplateFunctionError("reflect: string index out of range") }
            current = .plain(.int(Int(bytes[x])))
        case .map(let m):
            guard index.isValid, !index.value.isNullValue else {
                throw TemplateFunctionError("value is nil; should be of type string")
            }
            guard case .string(let key) = index.value else {
                throw TemplateFunctionError("value has type \(index.value.goTypeName); should be string")
            }
            if let value = m[key] {
                current = m.holdsStrings ? .plain(value) : .boxed(value)
            } else {
                current = m.holdsStrings ? .plain(m.zeroElement) : .boxed(.null)
            }
        case .object(let o) where o.sliceElements != nil:
            let l = o.sliceElements!
            let x = try indexValue(index, cap: l.count)
            if x == l.count { throw TemplateFunctionError("reflect: slice index out of range") }
            current = .plain(l[x])
        default:
            throw TemplateFunctionError("can't index item of type \(current.value.goTypeName)")
        }
    }
    return current
}

private func builtinSlice(_ item: EValue, _ indexes: ArraySlice<EValue>) throws -> TemplateValue {
    guard item.isValid, !item.value.isNullValue else { throw TemplateFunctionError("slice of untyped nil") }
    if indexes.count > 3 { throw TemplateFunctionError("too many slice indexes: \(indexes.count)") }
    let length: Int
    switch item.value {
    case .string(let s):
        if indexes.count == 3 { throw TemplateFunctionError("cannot 3-index slice a string") }
        length = GoBytes.count(s)
    case .list(let l): length = l.count
    case .strings(let l): length = l.count
    case .bytes(let l): length = l.count
    default: throw TemplateFunctionError("can't slice item of type \(item.value.goTypeName)")
    }
    var idx = [0, length, length]
    for (i, index) in indexes.enumerated() {
        idx[i] = try indexValue(index, cap: length)
    }
    if idx[0] > idx[1] { throw TemplateFunctionError("invalid slice index: \(idx[0]) > \(idx[1])") }
    if indexes.count == 3 && idx[1] > idx[2] {
        throw TemplateFunctionError("invalid slice index: \(idx[1]) > \(idx[2])")
    }
    let r = idx[0]..<idx[1]
    switch item.value {
    case .string(let s): return .string(GoBytes.string(GoBytes.bytes(s)[r]))
    case .list(let l): return .list(Array(l[r]))
    case .strings(let l): return .strings(Array(l[r]))
    case .bytes(let l): return .bytes(Array(l[r]))
    default: return .null
    }
}

// MARK: Escapers

/// Go's `evalArgs`: one string argument as is, otherwise `fmt.Sprint` with nil printed as `<no value>`.
private func evalArgsString(_ argv: [EValue]) -> String {
    if argv.count == 1, case .string(let s) = argv[0].value { return s }
    var p = GoPrinter()
    var previousString = false
    for (i, a) in argv.enumerated() {
        let noValue = !a.isValid || a.value.isNullValue
        let isString: Bool
        if noValue { isString = true } else if case .string = a.value { isString = true } else { isString = false }
        if i > 0 && !isString && !previousString { p.out += " " }
        if noValue { p.out += "<no value>" } else { p.printArg(a.value, verb: "v") }
        previousString = isString
    }
    return p.out
}

/// Go's `template.HTMLEscapeString`.
public func htmlEscape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "&#34;"
        case "'": out += "&#39;"
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\u{0}": out += "\u{FFFD}"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}

/// Go's `template.JSEscapeString`.
public func jsEscape(_ s: String) -> String {
    let hex: [Character] = Array("0123456789ABCDEF")
    var out = ""
    for c in s.unicodeScalars {
        switch c {
        case "\\": out += "\\\\"
        case "'": out += "\\'"
        case "\"": out += "\\\""
        case "<": out += "\\u003C"
        case ">": out += "\\u003E"
        case "&": out += "\\u0026"
        case "=": out += "\\u003D"
        default:
            if c.value < 0x20 {
                out += "\\u00"
                out.append(hex[Int(c.value >> 4)])
                out.append(hex[Int(c.value & 0xF)])
            } else if c.value >= 0x80 && !isGoPrintable(c) {
                var h = String(c.value, radix: 16, uppercase: true)
                while h.count < 4 { h = "0" + h }
                out += "\\u" + h
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }
    return out
}

/// Go's `url.QueryEscape`.
public func queryEscape(_ s: String) -> String {
    let hex: [Character] = Array("0123456789ABCDEF")
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        case UInt8(ascii: " "):
            out += "+"
        default:
            out += "%"
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
    }
    return out
}
