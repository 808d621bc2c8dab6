/// Helm's `--set` syntax (pkg/strvals): `a.b=c,d[0].e=f`, lists `a={x,y}`, `\` escapes, typed scalars.
public struct StrvalsParser {
    /// How the right-hand side of `=` becomes a value.
    public enum Mode {
        /// `--set`: `true`/`false`/`null`, int64 integers (no leading zero), else a string.
        case typed
        /// `--set-string`: always a string.
        case string
        /// `--set-json`: a JSON value.
        case json
        /// `--set-file`: the contents of the named file, read by the closure.
        case file((String) throws -> TemplateValue)
    }

    var scalars: [Unicode.Scalar]
    var position = 0
    let mode: Mode

    /// Parses `text` into `destination` (mutated in place, as Helm's ParseInto).
    public static func parse(_ text: String, into destination: GoMap, mode: Mode) throws {
        var p = StrvalsParser(scalars: Array(text.unicodeScalars), mode: mode)
        while true {
            // Helm stops quietly at io.EOF, also when it comes wrapped (`errors.Is`): an unterminated
            // index (`--set 'x[0'`) ends the parse without an error.
            do { try p.key(destination, nestedLevel: 0) } catch StrvalsEnd.eof { return } catch StrvalsEnd.indexEOF { return }
        }
    }

    enum StrvalsEnd: Error {
        case eof, notList
        /// `error parsing index: EOF`: Go wraps io.EOF, and the top level still treats it as the end.
        case indexEOF
    }

    private mutating func readScalar() -> Unicode.Scalar? {
        guard position < scalars.count else { return nil }
        defer { position += 1 }
        return scalars[position]
    }

    /// Reads until one of `stop`; returns the runes read, the stop rune (nil at end).
    private mutating func runesUntil(_ stop: Set<Unicode.Scalar>) -> (String, Unicode.Scalar?) {
        var out = String.UnicodeScalarView()
        while let r = readScalar() {
            if stop.contains(r) { return (String(out), r) }
            if r == "\\" {
                guard let next = readScalar() else { return (String(out), nil) }
                out.append(next)
                continue
            }
            out.append(r)
        }
        return (String(out), nil)
    }

    private func typed(_ s: String) throws -> TemplateValue {
        switch mode {
        case .string: return .string(s)
        case .file(let reader): return try reader(s)
        case .json: return .string(s)
        case .typed:
            let lower = s.lowercased()
            if lower == "true" { return .bool(true) }
            if lower == "false" { return .bool(false) }
            if lower == "null" { return .null }
            if s == "0" { return .int64(0) }
            if let first = s.first, first != "0", let i = Int64(s), !s.hasPrefix("+") || true {
                return .int64(i)
            }
            return .string(s)
        }
    }

    private mutating func key(_ data: GoMap, nestedLevel: Int) throws {
        var level = nestedLevel
        let stop: Set<Unicode.Scalar> = ["=", "[", ",", "."]
        let (k, last) = runesUntil(stop)
        guard let last else {
            if k.isEmpty { throw StrvalsEnd.eof }
            throw ChartError("key \(goQuote(k)) has no value")
        }
        switch last {
        case "[":
            let i = try keyIndex()
            var list: [TemplateValue] = []
            if let existing = data[k] {
                guard case .list(let l) = existing else { throw ChartError("unable to parse key: interface conversion: interface {} is \(existing.goTypeName), not []interface {}") }
                list = l
            }
            do {
                list = try listItem(list, i, nestedLevel: level)
                if !k.isEmpty { data.set(k, .list(list)) }
            } catch let e as ListError {
                if !k.isEmpty { data.set(k, .list(e.list)) }
                throw e.error
            }
        case "=":
            if case .json = mode {
                if try emptyValue() { if !k.isEmpty { data.set(k, .null) }; return }
                let v = try jsonValue()
                if !k.isEmpty { data.set(k, v) }
                _ = try emptyValue()
                return
            }
            do {
                let vl = try valueList()
                if !k.isEmpty { data.set(k, .list(vl)) }
            } catch StrvalsEnd.eof {
                if !k.isEmpty { data.set(k, .string("")) }
                throw StrvalsEnd.eof
            } catch StrvalsEnd.notList {
                let (rs, _) = runesUntil([","])
                let v = try typed(rs)
                if !k.isEmpty { data.set(k, v) }
            }
        case ",":
            if !k.isEmpty { data.set(k, .string("")) }
            throw ChartError("key \(goQuote(k)) has no value (cannot end with ,)")
        default:  // "."
            level += 1
            if level > 30 { throw ChartError("value name nested level is greater than maximum supported nested level of 30") }
            var inner = GoMap()
            if let existing = data[k] {
                guard case .map(let m) = existing else { throw ChartError("unable to parse key: interface conversion: interface {} is \(existing.goTypeName), not map[string]interface {}") }
                inner = m
            }
            var caught: Error? = nil
            do { try key(inner, nestedLevel: level) } catch { caught = error }
            if caught == nil && inner.isEmpty { throw ChartError("key map \(goQuote(k)) has no value") }
            if !inner.isEmpty && !k.isEmpty { data.set(k, .map(inner)) }
            if let caught { throw caught }
        }
    }

    private mutating func keyIndex() throws -> Int {
        let (v, last) = runesUntil(["]"])
        guard last != nil else { throw StrvalsEnd.indexEOF }
        guard let i = Int(v) else { throw ChartError("error parsing index: strconv.Atoi: parsing \(goQuote(v)): invalid syntax") }
        return i
    }

    struct ListError: Error { var list: [TemplateValue]; var error: Error }

    private func setIndex(_ list: [TemplateValue], _ index: Int, _ value: TemplateValue) throws -> [TemplateValue] {
        if index < 0 { throw ListError(list: list, error: ChartError("negative \(index) index not allowed")) }
        if index > 65536 { throw ListError(list: list, error: ChartError("index of \(index) is greater than maximum supported index of 65536")) }
        var l = list
        while l.count <= index { l.append(.null) }
        l[index] = value
        return l
    }

    private mutating func listItem(_ list: [TemplateValue], _ i: Int, nestedLevel: Int) throws -> [TemplateValue] {
        if i < 0 { throw ListError(list: list, error: ChartError("negative \(i) index not allowed")) }
        let (k, last) = runesUntil(["[", ".", "="])
        if !k.isEmpty { throw ListError(list: list, error: ChartError("unexpected data at end of array index: \(goQuote(k))")) }
        guard let last else { throw ListError(list: list, error: StrvalsEnd.eof) }
        switch last {
        case "=":
            if case .json = mode {
                if try emptyValue() { return try setIndex(list, i, .null) }
                let v = try jsonValue()
                let l = try setIndex(list, i, v)
                _ = try emptyValue()
                return l
            }
            do {
                let vl = try valueList()
                return try setIndex(list, i, .list(vl))
            } catch StrvalsEnd.eof {
                return try setIndex(list, i, .string(""))
            } catch StrvalsEnd.notList {
                let (rs, _) = runesUntil([","])
                let v = try typed(rs)
                return try setIndex(list, i, v)
            }
        case "[":
            let next = try keyIndex()
            var current: [TemplateValue] = []
            if list.count > i, case .list(let l) = list[i] { current = l }
            let inner = try listItem(current, next, nestedLevel: nestedLevel)
            return try setIndex(list, i, .list(inner))
        default:  // "."
            var inner = GoMap()
            if list.count > i, case .map(let m) = list[i] { inner = m }
            do { try key(inner, nestedLevel: nestedLevel) } catch { throw ListError(list: list, error: error) }
            return try setIndex(list, i, .map(inner))
        }
    }

    private mutating func emptyValue() throws -> Bool {
        while let r = readScalar() {
            if r == "," { return true }
            if !r.properties.isWhitespace { position -= 1; return false }
        }
        return true
    }

    private mutating func valueList() throws -> [TemplateValue] {
        guard let r = readScalar() else { throw StrvalsEnd.eof }
        if r != "{" { position -= 1; throw StrvalsEnd.notList }
        var list: [TemplateValue] = []
        while true {
            let (rs, last) = runesUntil([",", "}"])
            guard let last else { throw ChartError("list must terminate with '}'") }
            if last == "}" {
                if let next = readScalar(), next != "," { position -= 1 }
                list.append(try typed(rs))
                return list
            }
            list.append(try typed(rs))
        }
    }

    /// Decodes one JSON value from the current position (Go's json.Decoder.Decode) and skips past it.
    private mutating func jsonValue() throws -> TemplateValue {
        let rest = String(String.UnicodeScalarView(scalars[position...]))
        var scanner = JSONValueScanner(Array(rest.utf8))
        let value = try scanner.parseValue()
        // Advance by the scalars consumed.
        let consumed = String(decoding: Array(rest.utf8)[..<scanner.index], as: UTF8.self).unicodeScalars.count
        position += consumed
        return value
    }
}

/// A small JSON reader producing Helm's value types (numbers as float64).
public struct JSONValueScanner {
    var bytes: [UInt8]
    var index = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipSpace() { while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 } }

    public mutating func parseValue() throws -> TemplateValue {
        skipSpace()
        guard index < bytes.count else { throw ChartError("unexpected end of JSON input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            let m = GoMap()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .map(m) }
            while true {
                skipSpace()
                guard case .string(let k) = try parseValue() else { throw ChartError("invalid character in object key") }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw ChartError("invalid character after object key") }
                index += 1
                m.set(k, try parseValue())
                skipSpace()
                guard index < bytes.count else { throw ChartError("unexpected end of JSON input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .map(m) }
                throw ChartError("invalid character after object key:value pair")
            }
        case UInt8(ascii: "["):
            index += 1
            var l: [TemplateValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .list(l) }
            while true {
                l.append(try parseValue())
                skipSpace()
                guard index < bytes.count else { throw ChartError("unexpected end of JSON input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .list(l) }
                throw ChartError("invalid character after array element")
            }
        case UInt8(ascii: "\""):
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let c = bytes[index]; index += 1
                if c == UInt8(ascii: "\"") { return .string(String(decoding: out, as: UTF8.self)) }
                if c == UInt8(ascii: "\\") {
                    guard index < bytes.count else { break }
                    let e = bytes[index]; index += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard index + 4 <= bytes.count, var code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else { throw ChartError("invalid escape") }
                        index += 4
                        if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                           let low = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00); index += 6
                        }
                        out.append(contentsOf: Array(String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8))
                    default: out.append(e)
                    }
                    continue
                }
                out.append(c)
            }
            throw ChartError("unexpected end of JSON input")
        case UInt8(ascii: "t"):
            guard bytes[index...].starts(with: Array("true".utf8)) else { throw ChartError("invalid character in literal true") }
            index += 4; return .bool(true)
        case UInt8(ascii: "f"):
            guard bytes[index...].starts(with: Array("false".utf8)) else { throw ChartError("invalid character in literal false") }
            index += 5; return .bool(false)
        case UInt8(ascii: "n"):
            guard bytes[index...].starts(with: Array("null".utf8)) else { throw ChartError("invalid character in literal null") }
            index += 4; return .null
        default:
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            guard index > start, let d = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                throw ChartError("invalid character \(goQuote(String(UnicodeScalar(bytes[start])))) looking for beginning of value")
            }
            return .float(d)
        }
    }
}
