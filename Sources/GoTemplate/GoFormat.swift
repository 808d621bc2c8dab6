/// Go's `fmt` printing of template values: `%v` (``goFormat(_:)``), `fmt.Sprint`, `fmt.Sprintln`
/// and `fmt.Sprintf` with Go's verbs, flags, widths, precisions and error annotations.

/// How Go's `fmt` prints `value` with `%v` (as `{{ . }}` and `print` do): `map[a:1 b:2]`, `[a b]`,
/// `<nil>`, `1e+06`.
public func goFormat(_ value: TemplateValue) -> String {
    var p = GoPrinter()
    p.printArg(value, verb: "v")
    return p.out
}

/// Go's `fmt.Sprintf(format, args...)`.
public func goSprintf(_ format: String, _ args: [TemplateValue]) -> String {
    var p = GoPrinter()
    p.doPrintf(format, args)
    return p.out
}

/// Go's `fmt.Sprint(args...)`: spaces between operands when neither is a string.
public func goSprint(_ args: [TemplateValue]) -> String {
    var p = GoPrinter()
    var previousString = false
    for (i, a) in args.enumerated() {
        let isString: Bool
        if case .string = a { isString = true } else { isString = false }
        if i > 0 && !isString && !previousString { p.out += " " }
        p.printArg(a, verb: "v")
        previousString = isString
    }
    return p.out
}

/// Go's `fmt.Sprintln(args...)`: operands separated by spaces, then a newline.
public func goSprintln(_ args: [TemplateValue]) -> String {
    var p = GoPrinter()
    for (i, a) in args.enumerated() {
        if i > 0 { p.out += " " }
        p.printArg(a, verb: "v")
    }
    p.out += "\n"
    return p.out
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`).
public func goFormatFloat(_ f: Double) -> String { formatShortestG(f) }

struct FormatFlags {
    var minus = false, plus = false, sharp = false, space = false, zero = false
    var plusV = false, sharpV = false
    var width: Int? = nil
    var precision: Int? = nil
}

struct GoPrinter {
    var out = ""
    var f = FormatFlags()

    // MARK: Padding

    mutating func pad(_ s: String) {
        guard let w = f.width else {
            out += s
            return
        }
        let n = s.unicodeScalars.count
        if n >= w {
            out += s
            return
        }
        let padding = String(repeating: f.zero && !f.minus ? "0" : " ", count: w - n)
        if f.minus {
            out += s
            out += padding
        } else {
            out += padding
            out += s
        }
    }

    /// Pads with spaces regardless of the zero flag (numbers handle zeros themselves).
    mutating func padSpaces(_ s: String) {
        let z = f.zero
        f.zero = false
        pad(s)
        f.zero = z
    }

    // MARK: Values

    mutating func printArg(_ arg: TemplateValue, verb: Character) {
        if case .null = arg {
            switch verb {
            case "T", "v": pad("<nil>")
            default: badVerb(verb, arg)
            }
            return
        }
        if verb == "T" {
            pad(arg.goTypeName)
            return
        }
        switch arg {
        case .null: break
        case .bool(let b): fmtBool(b, verb, arg)
        case .int(let i): fmtInteger(Int64(i), verb, arg)
        case .int64(let i): fmtInteger(i, verb, arg)
        case .float(let d): fmtFloat(d, verb, arg)
        case .string(let s): fmtString(s, verb, arg)
        case .bytes(let b): fmtBytes(b, verb, arg)
        case .list(let l): fmtList(l, verb)
        case .strings(let l): fmtList(l.map(TemplateValue.string), verb, typeName: "[]string")
        case .map(let m): fmtMap(m, verb)
        case .object(let nilSlice as GoNilSlice):
            // Go prints a nil slice as an empty one, except `%#v`: `[]string(nil)`.
            if f.sharpV { out += nilSlice.goTypeName + "(nil)" } else { fmtList([], verb, typeName: nilSlice.goTypeName) }
        case .object(let o): fmtObject(o, verb, arg)
        }
    }

    mutating func badVerb(_ verb: Character, _ arg: TemplateValue) {
        out += "%!"
        out.append(verb)
        out += "("
        if case .null = arg {
            out += "<nil>"
        } else {
            out += arg.goTypeName
            out += "="
            printArg(arg, verb: "v")
        }
        out += ")"
    }

    /// An element of a `[]interface{}` or `map[string]interface{}`: nil prints as `<nil>` for any verb.
    mutating func printElement(_ e: TemplateValue, verb: Character) {
        if case .null = e {
            if f.sharpV { out += "interface {}(nil)" } else { pad("<nil>") }
            return
        }
        printArg(e, verb: verb)
    }

    mutating func fmtBool(_ b: Bool, _ verb: Character, _ arg: TemplateValue) {
        switch verb {
        case "t", "v": padSpaces(b ? "true" : "false")
        default: badVerb(verb, arg)
        }
    }

    mutating func fmtInteger(_ v: Int64, _ verb: Character, _ arg: TemplateValue) {
        switch verb {
        case "v":
            if f.sharpV {
                integer(v, base: 10, verb: "d", digits: "0123456789abcdefx")
            } else {
                integer(v, base: 10, verb: "d", digits: "0123456789abcdefx")
            }
        case "d": integer(v, base: 10, verb: verb, digits: "0123456789abcdefx")
        case "b": integer(v, base: 2, verb: verb, digits: "0123456789abcdefx")
        case "o", "O": integer(v, base: 8, verb: verb, digits: "0123456789abcdefx")
        case "x": integer(v, base: 16, verb: verb, digits: "0123456789abcdefx")
        case "X": integer(v, base: 16, verb: verb, digits: "0123456789ABCDEFX")
        case "c":
            padSpaces(runeString(v))
        case "q":
            padSpaces(goQuoteRune(Int(truncatingIfNeeded: v)))
        case "U":
            var hex = String(UInt64(bitPattern: v), radix: 16, uppercase: true)
            let minDigits = max(f.precision ?? 4, 4)
            while hex.count < minDigits { hex = "0" + hex }
            var s = "U+" + hex
            if f.sharp, v >= 0, v <= 0x10FFFF, let sc = Unicode.Scalar(UInt32(v)), isGoPrintable(sc) {
                s += " '" + String(Character(sc)) + "'"
            }
            padSpaces(s)
        case "e", "E", "f", "F", "g", "G":
            badVerb(verb, arg)
        default:
            badVerb(verb, arg)
        }
    }

    private func runeString(_ v: Int64) -> String {
        if v >= 0, v <= 0x10FFFF, let s = Unicode.Scalar(UInt32(v)) { return String(Character(s)) }
        return "\u{FFFD}"
    }

    mutating func integer(_ v: Int64, base: Int, verb: Character, digits: String) {
        let negative = v < 0
        // Digits are ASCII: counts below are of bytes. `digits` is upper-case for %X only.
        var magnitude = String(v.magnitude, radix: base, uppercase: digits.utf8.dropFirst(10).first == UInt8(ascii: "A"))
        var prec = f.precision
        if let p = prec, p == 0, v == 0 {
            // %.0d of zero prints nothing but padding.
            padSpaces("")
            return
        }
        if prec == nil, f.zero, !f.minus, let w = f.width {
            var p = w
            if negative || f.plus || f.space { p -= 1 }
            prec = p
        }
        if let p = prec, magnitude.utf8.count < p {
            magnitude = String(repeating: "0", count: p - magnitude.utf8.count) + magnitude
        }
        var prefix = ""
        if f.sharp {
            switch base {
            case 2: prefix = "0b"
            case 8: if !magnitude.hasPrefix("0") { prefix = "0" }
            case 16: prefix = verb == "X" ? "0X" : "0x"
            default: break
            }
        }
        if verb == "O" { prefix = "0o" }
        var s = prefix + magnitude
        if negative { s = "-" + s } else if f.plus { s = "+" + s } else if f.space { s = " " + s }
        padSpaces(s)
    }

    mutating func fmtFloat(_ v: Double, _ verb: Character, _ arg: TemplateValue) {
        var s: String
        switch verb {
        case "v":
            s = f.precision.map { formatFloatC(v, verb: "g", precision: $0) } ?? formatShortestG(v)
        case "g", "G":
            if let p = f.precision {
                s = formatFloatC(v, verb: verb, precision: p == 0 ? 1 : p, sharp: f.sharp)
            } else {
                s = formatShortestG(v, upper: verb == "G")
            }
        case "e", "E":
            s = formatFloatC(v, verb: verb, precision: f.precision ?? 6, sharp: f.sharp)
        case "f", "F":
            s = formatFloatC(v, verb: "f", precision: f.precision ?? 6, sharp: f.sharp)
        case "x", "X":
            s = formatHexFloat(v, upper: verb == "X", precision: f.precision ?? -1)
        case "b":
            s = formatBinaryExponentFloat(v)
        default:
            badVerb(verb, arg)
            return
        }
        if v.isInfinite || v.isNaN {
            if v.isNaN { s = f.plus ? "+NaN" : (f.space ? " NaN" : "NaN") }
            else if v > 0 { s = !f.plus && f.space ? " Inf" : "+Inf" }
            else { s = "-Inf" }
            padSpaces(s)
            return
        }
        var sign = ""
        if s.hasPrefix("-") {
            sign = "-"
            s.removeFirst()
        } else if f.plus {
            sign = "+"
        } else if f.space {
            sign = " "
        }
        if f.zero, !f.minus, let w = f.width, w > s.count + sign.count {
            out += sign
            out += String(repeating: "0", count: w - s.count - sign.count)
            out += s
            return
        }
        padSpaces(sign + s)
    }

    mutating func fmtString(_ s: String, _ verb: Character, _ arg: TemplateValue) {
        switch verb {
        case "v":
            if f.sharpV { padSpaces(goQuote(s)) } else { truncatedPad(s) }
        case "s":
            truncatedPad(s)
        case "q":
            var t = s
            if let p = f.precision { t = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))) }
            if f.sharp && canBackquote(t) {
                padSpaces("`" + t + "`")
            } else {
                padSpaces(f.plus ? goQuoteASCII(t) : goQuote(t))
            }
        case "x", "X":
            hexBytes(GoBytes.bytes(s), upper: verb == "X")
        default:
            badVerb(verb, arg)
        }
    }

    private func canBackquote(_ s: String) -> Bool {
        for c in s.unicodeScalars {
            if c == "`" || c == "\u{FEFF}" { return false }
            if c.value < 0x20 && c != "\t" { return false }
            if c.value == 0x7F { return false }
        }
        return true
    }

    mutating func truncatedPad(_ s: String) {
        if let p = f.precision, s.unicodeScalars.count > p {
            pad(String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))))
        } else {
            pad(s)
        }
    }

    mutating func hexBytes(_ bytes: [UInt8], upper: Bool) {
        let digits: [Character] = upper ? Array("0123456789ABCDEF") : Array("0123456789abcdef")
        var n = bytes.count
        if let p = f.precision, p < n { n = p }
        var s = ""
        for i in 0..<n {
            if f.space && i > 0 { s += " " }
            if f.sharp && (f.space || i == 0) { s += upper ? "0X" : "0x" }
            let b = bytes[i]
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0xF)])
        }
        padSpaces(s)
    }

    mutating func fmtBytes(_ b: [UInt8], _ verb: Character, _ arg: TemplateValue) {
        switch verb {
        case "s":
            truncatedPad(GoBytes.string(b))
        case "q":
            fmtString(GoBytes.string(b), "q", arg)
        case "x", "X":
            hexBytes(b, upper: verb == "X")
        case "v", "d":
            if f.sharpV {
                out += "[]byte{"
                for (i, x) in b.enumerated() {
                    if i > 0 { out += ", " }
                    out += "0x" + String(x, radix: 16)
                }
                out += "}"
                return
            }
            out += "["
            for (i, x) in b.enumerated() {
                if i > 0 { out += " " }
                fmtInteger(Int64(x), verb, .int(Int(x)))
            }
            out += "]"
        default:
            out += "["
            for (i, x) in b.enumerated() {
                if i > 0 { out += " " }
                fmtInteger(Int64(x), verb, .int(Int(x)))
            }
            out += "]"
        }
    }

    mutating func fmtList(_ l: [TemplateValue], _ verb: Character, typeName: String = "[]interface {}") {
        if f.sharpV {
            out += typeName + "{"
            for (i, e) in l.enumerated() {
                if i > 0 { out += ", " }
                printElement(e, verb: "v")
            }
            out += "}"
            return
        }
        out += "["
        for (i, e) in l.enumerated() {
            if i > 0 { out += " " }
            printElement(e, verb: verb)
        }
        out += "]"
    }

    mutating func fmtMap(_ m: GoMap, _ verb: Character) {
        if f.sharpV {
            out += m.goTypeName + "{"
            for (i, k) in m.sortedKeys.enumerated() {
                if i > 0 { out += ", " }
                out += goQuote(k)
                out += ":"
                printElement(m[k] ?? .null, verb: "v")
            }
            out += "}"
            return
        }
        out += "map["
        for (i, k) in m.sortedKeys.enumerated() {
            if i > 0 { out += " " }
            printArg(.string(k), verb: verb)
            out += ":"
            printElement(m[k] ?? .null, verb: verb)
        }
        out += "]"
    }

    mutating func fmtObject(_ o: any TemplateObject, _ verb: Character, _ arg: TemplateValue) {
        switch verb {
        case "v", "s":
            truncatedPad(o.goDescription)
        case "q":
            padSpaces(goQuote(o.goDescription))
        default:
            badVerb(verb, arg)
        }
    }

    // MARK: Printf

    mutating func doPrintf(_ format: String, _ args: [TemplateValue]) {
        // An ASCII format (nearly all) is read byte for byte and its text copied as substrings.
        let utf8 = format.utf8
        let isASCII = utf8.allSatisfy { $0 < 0x80 }
        let fmt: [Unicode.Scalar] = isASCII ? utf8.map { Unicode.Scalar($0) } : Array(format.unicodeScalars)
        let end = fmt.count
        var argNum = 0
        var afterIndex = false
        var reordered = false
        var goodArgNum = true
        var i = 0
        outer: while i < end {
            goodArgNum = true
            let lasti = i
            while i < end && fmt[i] != "%" { i += 1 }
            if i > lasti {
                if isASCII {
                    out += format[utf8.index(utf8.startIndex, offsetBy: lasti)..<utf8.index(utf8.startIndex, offsetBy: i)]
                } else {
                    out.unicodeScalars.append(contentsOf: fmt[lasti..<i])
                }
            }
            if i >= end { break }
            i += 1  // skip %
            f = FormatFlags()
            // Flags.
            flags: while i < end {
                switch fmt[i] {
                case "#": f.sharp = true
                case "0": f.zero = true
                case "+": f.plus = true
                case "-": f.minus = true
                case " ": f.space = true
                default:
                    // Fast path for a plain verb.
                    if fmt[i].value >= 0x61 && fmt[i].value <= 0x7A && argNum < args.count {
                        let verb = Character(fmt[i])
                        if verb == "v" {
                            f.sharpV = f.sharp; f.sharp = false
                            f.plusV = f.plus; f.plus = false
                        }
                        printArg(args[argNum], verb: verb)
                        argNum += 1
                        i += 1
                        continue outer
                    }
                    break flags
                }
                i += 1
            }
            // Argument index.
            (argNum, i, afterIndex) = argNumber(argNum, fmt, i, args.count, &reordered, &goodArgNum)
            // Width.
            if i < end && fmt[i] == "*" {
                i += 1
                let (w, present, next) = intFromArg(args, argNum)
                argNum = next
                f.width = present ? w : nil
                if !present { out += "%!(BADWIDTH)" }
                if w < 0 {
                    // A negative width pads on the right, never with zeros.
                    f.width = -w
                    f.minus = true
                    f.zero = false
                }
                afterIndex = false
            } else {
                let (w, present, next) = parseNumber(fmt, i, end)
                i = next
                if present { f.width = w }
                if afterIndex && present { goodArgNum = false }  // "%[3]2d"
            }
            // Precision.
            if i + 1 < end && fmt[i] == "." {
                i += 1
                if afterIndex { goodArgNum = false }  // "%[3].2d"
                (argNum, i, afterIndex) = argNumber(argNum, fmt, i, args.count, &reordered, &goodArgNum)
                if i < end && fmt[i] == "*" {
                    i += 1
                    let (p, present, next) = intFromArg(args, argNum)
                    argNum = next
                    // Negative precision makes no sense: it counts as absent.
                    f.precision = present && p >= 0 ? p : nil
                    if !present || p < 0 { out += "%!(BADPREC)" }
                    afterIndex = false
                } else {
                    let (p, present, next) = parseNumber(fmt, i, end)
                    i = next
                    f.precision = present ? p : 0
                }
            }
            if !afterIndex {
                (argNum, i, afterIndex) = argNumber(argNum, fmt, i, args.count, &reordered, &goodArgNum)
            }
            if i >= end {
                out += "%!(NOVERB)"
                break
            }
            let verb = Character(fmt[i])
            i += 1
            if verb == "%" {
                out += "%"
                continue
            }
            if !goodArgNum {
                out += "%!"
                out.append(verb)
                out += "(BADINDEX)"
                continue
            }
            if argNum >= args.count {
                out += "%!"
                out.append(verb)
                out += "(MISSING)"
                continue
            }
            if verb == "w" {
                badVerb(verb, args[argNum])
                argNum += 1
                continue
            }
            if verb == "v" {
                f.sharpV = f.sharp; f.sharp = false
                f.plusV = f.plus; f.plus = false
            }
            printArg(args[argNum], verb: verb)
            argNum += 1
        }
        if !reordered && argNum < args.count {
            f = FormatFlags()
            out += "%!(EXTRA "
            for (k, a) in args[argNum...].enumerated() {
                if k > 0 { out += ", " }
                if case .null = a {
                    out += "<nil>"
                } else {
                    out += a.goTypeName
                    out += "="
                    printArg(a, verb: "v")
                }
            }
            out += ")"
        }
    }

    private func digit(_ c: Unicode.Scalar) -> Int? {
        c.value >= 48 && c.value <= 57 ? Int(c.value - 48) : nil
    }

    private func intArg(_ v: TemplateValue) -> Int? {
        switch v {
        case .int(let i): return i
        case .int64(let i): return Int(i)
        default: return nil
        }
    }

    /// Go's `tooLarge`: widths, precisions and indexes beyond a million are refused.
    private func tooLarge(_ x: Int) -> Bool { x > 1_000_000 || x < -1_000_000 }

    /// Go's `parsenum`: the decimal number at `start` (not present when no digit is there); a number
    /// too large makes it consume the rest of the format, as Go does.
    private func parseNumber(_ fmt: [Unicode.Scalar], _ start: Int, _ end: Int) -> (Int, Bool, Int) {
        var num = 0
        var present = false
        var i = start
        while i < end, let d = digit(fmt[i]) {
            if tooLarge(num) { return (0, false, end) }
            num = num * 10 + d
            present = true
            i += 1
        }
        return (num, present, i)
    }

    /// Go's `intFromArg`: the `*` width or precision taken from argument `argNum`.
    private func intFromArg(_ args: [TemplateValue], _ argNum: Int) -> (Int, Bool, Int) {
        guard argNum < args.count else { return (0, false, argNum) }
        var num = 0
        var isInt = false
        if let n = intArg(args[argNum]) {
            num = n
            isInt = true
        }
        if tooLarge(num) { return (0, false, argNum + 1) }
        return (num, isInt, argNum + 1)
    }

    /// Go's `argNumber`: an explicit argument index `[n]` at `i` (one-based in the format).
    private func argNumber(_ argNum: Int, _ fmt: [Unicode.Scalar], _ i: Int, _ numArgs: Int,
                           _ reordered: inout Bool, _ goodArgNum: inout Bool) -> (Int, Int, Bool) {
        guard i < fmt.count, fmt[i] == "[" else { return (argNum, i, false) }
        reordered = true
        let (index, width, ok) = parseArgNumber(fmt, i)
        if ok && index >= 0 && index < numArgs { return (index, i + width, true) }
        goodArgNum = false
        return (argNum, i + width, ok)
    }

    /// Go's `parseArgNumber` on the format from `start` (at `[`): the zero-based index, the length
    /// of `[n]`, and whether it was well formed.
    private func parseArgNumber(_ fmt: [Unicode.Scalar], _ start: Int) -> (Int, Int, Bool) {
        if fmt.count - start < 3 { return (0, 1, false) }
        var k = start + 1
        while k < fmt.count {
            if fmt[k] == "]" {
                let (n, ok, next) = parseNumber(fmt, start + 1, k)
                if !ok || next != k { return (0, k - start + 1, false) }
                return (n - 1, k - start + 1, true)
            }
            k += 1
        }
        return (0, 1, false)
    }
}

/// The sign, mantissa (with the implicit bit) and unbiased exponent of a float64, as strconv's
/// `genericFtoa` has them before formatting.
private func floatParts(_ v: Double) -> (negative: Bool, mantissa: UInt64, exponent: Int) {
    let bits = v.bitPattern
    var exponent = Int((bits >> 52) & 0x7FF)
    var mantissa = bits & ((1 << 52) - 1)
    if exponent == 0 { exponent = 1 } else { mantissa |= 1 << 52 }
    return (bits >> 63 != 0, mantissa, exponent - 1023)
}

/// `strconv.FormatFloat(v, 'b', -1, 64)`: decimal mantissa, binary exponent (`7881299347898368p-51`).
func formatBinaryExponentFloat(_ v: Double) -> String {
    let (negative, mantissa, exponent) = floatParts(v)
    let e = exponent - 52
    return (negative ? "-" : "") + String(mantissa) + "p" + (e >= 0 ? "+" : "") + String(e)
}

/// `strconv.FormatFloat(v, 'x' or 'X', precision, 64)`: `-0x1.yyyp±dd` (shortest when precision < 0).
func formatHexFloat(_ v: Double, upper: Bool, precision: Int) -> String {
    var (negative, mantissa, exponent) = floatParts(v)
    if mantissa == 0 { exponent = 0 }
    // The leading 1 (if any) at bit 60.
    mantissa <<= 60 - 52
    while mantissa != 0 && mantissa & (1 << 60) == 0 {
        mantissa <<= 1
        exponent -= 1
    }
    if precision >= 0 && precision < 15 {
        let shift = UInt64(precision * 4)
        let extra = (mantissa << shift) & ((1 << 60) - 1)
        mantissa >>= 60 - shift
        if extra | (mantissa & 1) > 1 << 59 { mantissa += 1 }
        mantissa <<= 60 - shift
        if mantissa & (1 << 61) != 0 {
            mantissa >>= 1
            exponent += 1
        }
    }
    let digits = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
    var out = negative ? "-" : ""
    out += upper ? "0X" : "0x"
    out += (mantissa >> 60) & 1 == 1 ? "1" : "0"
    mantissa <<= 4
    if precision < 0 && mantissa != 0 {
        out += "."
        while mantissa != 0 {
            out.unicodeScalars.append(Unicode.Scalar(digits[Int((mantissa >> 60) & 15)]))
            mantissa <<= 4
        }
    } else if precision > 0 {
        out += "."
        for _ in 0..<precision {
            out.unicodeScalars.append(Unicode.Scalar(digits[Int((mantissa >> 60) & 15)]))
            mantissa <<= 4
        }
    }
    out += upper ? "P" : "p"
    out += exponent < 0 ? "-" : "+"
    let magnitude = abs(exponent)
    out += magnitude < 10 ? "0" + String(magnitude) : String(magnitude)
    return out
}
