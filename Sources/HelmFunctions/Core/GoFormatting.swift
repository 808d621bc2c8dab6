// Go `fmt` formatting of template values, as Sprig's functions need it (`%v`, `%q`, strconv floats).
import Foundation
import GoTemplate

// Internal stand-in until GoTemplate publishes `goFormat`; the lead may replace it.

/// Go's `fmt` rules for the values Sprig prints.
enum GoFormat {
    /// `fmt.Sprintf("%v", value)`.
    static func value(_ value: TemplateValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: TemplateValue, into out: inout String) {
        switch value {
        case .null: out += "<nil>"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .int64(let i): out += String(i)
        case .float(let f): out += float(f)
        case .string(let s): out += s
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += " " }
                write(item, into: &out)
            }
            out += "]"
        case .strings(let items): out += "[" + items.joined(separator: " ") + "]"
        case .bytes(let bytes): out += "[" + bytes.map { String($0) }.joined(separator: " ") + "]"
        case .map(let m):
            out += "map["
            for (i, key) in m.sortedKeys.enumerated() {
                if i > 0 { out += " " }
                out += key + ":"
                write(m[key] ?? .null, into: &out)
            }
            out += "]"
        case .object(let o): out += o.goDescription
        }
    }

    /// Sprig's `strval`: strings and byte slices as text, everything else as `%v`.
    static func string(_ value: TemplateValue) -> String {
        switch value {
        case .string(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        default: return Self.value(value)
        }
    }

    /// `strconv.FormatFloat(f, 'g', -1, 64)`, which is also `%v` of a float64.
    static func float(_ f: Double) -> String {
        if f.isNaN { return "NaN" }
        if f.isInfinite { return f < 0 ? "-Inf" : "+Inf" }
        let (digits, point, negative) = shortestDigits(f)
        let exponent = point - 1
        var out = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            out += String(digits.first!)
            if digits.count > 1 { out += "." + digits.dropFirst() }
            out += exponent < 0 ? "e-" : "e+"
            let e = abs(exponent)
            out += e < 10 ? "0\(e)" : "\(e)"
            return out
        }
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            out += digits + String(repeating: "0", count: point - digits.count)
        } else {
            let idx = digits.index(digits.startIndex, offsetBy: point)
            out += digits[..<idx] + "." + digits[idx...]
        }
        return out
    }

    /// `strconv.FormatFloat(f, 'f', -1, 64)`: shortest digits, never an exponent.
    static func floatFixed(_ f: Double) -> String {
        if f.isNaN { return "NaN" }
        if f.isInfinite { return f < 0 ? "-Inf" : "+Inf" }
        let (digits, point, negative) = shortestDigits(f)
        var out = negative ? "-" : ""
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            out += digits + String(repeating: "0", count: point - digits.count)
        } else {
            let idx = digits.index(digits.startIndex, offsetBy: point)
            out += digits[..<idx] + "." + digits[idx...]
        }
        if digits == "0" { return negative ? "-0" : "0" }
        return out
    }

    /// The shortest decimal digits that round-trip `f`, and the decimal point position:
    /// `f == 0.digits × 10^point`.
    static func shortestDigits(_ f: Double) -> (digits: String, point: Int, negative: Bool) {
        let negative = f.sign == .minus
        if f == 0 { return ("0", 1, negative) }
        var text = "\(abs(f))"  // Swift prints the shortest round-trip digits
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        var intPart = text
        var fracPart = ""
        if let dot = text.firstIndex(of: ".") {
            intPart = String(text[..<dot])
            fracPart = String(text[text.index(after: dot)...])
        }
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, point, negative)
    }

    /// `strconv.Quote(s)` (also `%q` of a string).
    static func quote(_ s: String) -> String {
        // Most values are printable ASCII without quotes or backslashes: nothing to escape.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            var out = ""
            out.reserveCapacity(s.utf8.count + 2)
            out += "\""
            out += s
            out += "\""
            return out
        }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if let raw = GoBytes.rawByte(scalar) {
                    out += "\\x" + hex(UInt32(raw), width: 2)
                } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value == 0xFFFD {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
