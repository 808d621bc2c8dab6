/// The block-style output of go-yaml v2's emitter (a Go port of libyaml's), reproduced for the
/// shapes `sigs.k8s.io/yaml.Marshal` produces: block mappings and sequences, `{}` and `[]` for
/// empty collections, and scalars in plain, single-quoted, double-quoted or literal style with
/// go-yaml's folding of long lines at 80 columns. State names follow the Go emitter.
struct YAMLEmitter {
    enum Style { case plain, singleQuoted, doubleQuoted, literal }

    /// A node to emit.
    indirect enum Node {
        /// Scalar text with the style the encoder asks for (the emitter may pick a safer one).
        case scalar([UInt8], Style)
        case sequence([Node])
        case mapping([(key: [UInt8], keyStyle: Style, value: Node)])
    }

    var out: [UInt8] = []
    var bestIndent = 2
    var bestWidth = 80
    /// go-yaml v3 (Helm's `toYamlPretty`): sequences inside mappings are indented
    /// (`key:\n  - a`), lines are never folded, and tabs do not prevent literal blocks.
    var isV3 = false {
        didSet { if isV3 { bestWidth = Int.max } }
    }

    private var column = 0
    var indent = -1
    var indents: [Int] = []
    private var whitespace = true
    var indention = true
    private var flowLevel = 0
    private var rootContext = false
    private var sequenceContext = false
    var mappingContext = false
    private var simpleKeyContext = false

    init() { out.reserveCapacity(256) }

    /// Emits one document (implicit start and end) holding `node`.
    mutating func emitDocument(_ node: Node) {
        emitNode(node, root: true, sequence: false, mapping: false, simpleKey: false)
        writeIndent()
    }

    // MARK: Structure

    private mutating func emitNode(_ node: Node, root: Bool, sequence: Bool, mapping: Bool, simpleKey: Bool) {
        rootContext = root
        sequenceContext = sequence
        mappingContext = mapping
        simpleKeyContext = simpleKey
        switch node {
        case .scalar(let value, let style):
            emitScalar(value, style, analysis: ScalarAnalysis(value, tabsAllowInBlocks: isV3))
        case .sequence(let items):
            if items.isEmpty {
                emitEmptyFlow(open: UInt8(ascii: "["), close: UInt8(ascii: "]"))
                return
            }
            let indentless = mappingContext && !indention && !isV3
            increaseIndent(flow: false, indentless: indentless)
            for item in items {
                writeIndent()
                writeIndicator([UInt8(ascii: "-")], needWhitespace: true, isWhitespace: false, isIndention: true)
                emitNode(item, root: false, sequence: true, mapping: false, simpleKey: false)
            }
            indent = indents.removeLast()
        case .mapping(let entries):
            if entries.isEmpty {
                emitEmptyFlow(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
                return
            }
            increaseIndent(flow: false, indentless: false)
            for entry in entries {
                writeIndent()
                emitKey(entry.key, entry.keyStyle)
                emitNode(entry.value, root: false, sequence: false, mapping: true, simpleKey: false)
            }
            indent = indents.removeLast()
        }
    }

    /// A mapping key and its `:` (a simple key when it fits on a line of 128 bytes, else `? key`).
    mutating func emitKey(_ key: [UInt8], _ style: Style) {
        let analysis = ScalarAnalysis(key, tabsAllowInBlocks: isV3)
        if !analysis.multiline && key.count <= 128 {
            setContext(root: false, sequence: false, mapping: true, simpleKey: true)
            emitScalar(key, style, analysis: analysis)
            writeIndicator([UInt8(ascii: ":")], needWhitespace: false, isWhitespace: false, isIndention: false)
        } else {
            writeIndicator([UInt8(ascii: "?")], needWhitespace: true, isWhitespace: false, isIndention: true)
            setContext(root: false, sequence: false, mapping: true, simpleKey: false)
            emitScalar(key, style, analysis: analysis)
            writeIndent()
            writeIndicator([UInt8(ascii: ":")], needWhitespace: true, isWhitespace: false, isIndention: true)
        }
    }

    @inline(__always) mutating func setContext(root: Bool, sequence: Bool, mapping: Bool, simpleKey: Bool) {
        rootContext = root
        sequenceContext = sequence
        mappingContext = mapping
        simpleKeyContext = simpleKey
    }

    mutating func emitEmptyFlow(open: UInt8, close: UInt8) {
        writeIndicator([open], needWhitespace: true, isWhitespace: true, isIndention: false)
        increaseIndent(flow: true, indentless: false)
        flowLevel += 1
        flowLevel -= 1
        indent = indents.removeLast()
        writeIndicator([close], needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? bestIndent : 0
        } else if !indentless {
            indent += bestIndent
        }
    }

    // MARK: Scalars

    mutating func emitScalar(_ value: [UInt8], _ requested: Style, analysis: ScalarAnalysis) {
        var style = requested
        if simpleKeyContext && analysis.multiline { style = .doubleQuoted }
        if style == .plain {
            if (flowLevel > 0 && !analysis.flowPlainAllowed) || (flowLevel == 0 && !analysis.blockPlainAllowed) {
                style = .singleQuoted
            }
            if value.isEmpty && (flowLevel > 0 || simpleKeyContext) { style = .singleQuoted }
        }
        if style == .singleQuoted && !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!analysis.blockAllowed || flowLevel > 0 || simpleKeyContext) { style = .doubleQuoted }

        increaseIndent(flow: true, indentless: false)
        switch style {
        case .plain: writePlain(value, allowBreaks: !simpleKeyContext)
        case .singleQuoted: writeSingleQuoted(value, allowBreaks: !simpleKeyContext)
        case .doubleQuoted: writeDoubleQuoted(value, allowBreaks: !simpleKeyContext)
        case .literal: writeLiteral(value)
        }
        indent = indents.removeLast()
    }

    // MARK: Low-level writing (put, write, write_break, write_indent, write_indicator)

    @inline(__always) private mutating func put(_ byte: UInt8) {
        out.append(byte)
        column += 1
    }

    @inline(__always) private mutating func putBreak() {
        out.append(UInt8(ascii: "\n"))
        column = 0
    }

    /// Copies one UTF-8 character of `value` at `i`.
    @inline(__always) private mutating func write(_ value: [UInt8], _ i: inout Int) {
        let w = utf8Width(value[i])
        if w == 1 {
            out.append(value[i])  // ASCII: no slice
        } else {
            out.append(contentsOf: value[i..<min(i + w, value.count)])
        }
        column += 1
        i += w
    }

    private mutating func writeBreak(_ value: [UInt8], _ i: inout Int) {
        if value[i] == UInt8(ascii: "\n") {
            putBreak()
            i += 1
        } else {
            write(value, &i)
            column = 0
        }
    }

    mutating func writeIndent() {
        let indent = max(self.indent, 0)
        if !indention || column > indent || (column == indent && !whitespace) {
            putBreak()
        }
        while column < indent { put(UInt8(ascii: " ")) }
        whitespace = true
        indention = true
    }

    mutating func writeIndicator(_ indicator: [UInt8], needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(UInt8(ascii: " ")) }
        var i = 0
        while i < indicator.count { write(indicator, &i) }
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    private mutating func writePlain(_ value: [UInt8], allowBreaks: Bool) {
        if !whitespace { put(UInt8(ascii: " ")) }
        var spaces = false
        var breaks = false
        var i = 0
        while i < value.count {
            if value[i] == UInt8(ascii: " ") {
                if allowBreaks && !spaces && column > bestWidth && !isSpace(value, i + 1) {
                    writeIndent()
                    i += 1
                } else {
                    write(value, &i)
                }
                spaces = true
            } else if isBreak(value, i) {
                if !breaks && value[i] == UInt8(ascii: "\n") { putBreak() }
                writeBreak(value, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                write(value, &i)
                indention = false
                spaces = false
                breaks = false
            }
        }
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ value: [UInt8], allowBreaks: Bool) {
        writeIndicator([UInt8(ascii: "'")], needWhitespace: true, isWhitespace: false, isIndention: false)
        var spaces = false
        var breaks = false
        var i = 0
        while i < value.count {
            if value[i] == UInt8(ascii: " ") {
                if allowBreaks && !spaces && column > bestWidth && i > 0 && i < value.count - 1 && !isSpace(value, i + 1) {
                    writeIndent()
                    i += 1
                } else {
                    write(value, &i)
                }
                spaces = true
            } else if isBreak(value, i) {
                if !breaks && value[i] == UInt8(ascii: "\n") { putBreak() }
                writeBreak(value, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if value[i] == UInt8(ascii: "'") { put(UInt8(ascii: "'")) }
                write(value, &i)
                indention = false
                spaces = false
                breaks = false
            }
        }
        writeIndicator([UInt8(ascii: "'")], needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private mutating func writeDoubleQuoted(_ value: [UInt8], allowBreaks: Bool) {
        var spaces = false
        writeIndicator([UInt8(ascii: "\"")], needWhitespace: true, isWhitespace: false, isIndention: false)
        let startsWithBOM = value.count >= 3 && value[0] == 0xEF && value[1] == 0xBB && value[2] == 0xBF
        var i = 0
        while i < value.count {
            if !isPrintable(value, i) || startsWithBOM || isBreak(value, i)
                || value[i] == UInt8(ascii: "\"") || value[i] == UInt8(ascii: "\\") {
                let w = utf8Width(value[i])
                var v = UInt32(value[i]) & (w == 1 ? 0x7F : w == 2 ? 0x1F : w == 3 ? 0x0F : 0x07)
                for k in 1..<max(w, 1) where i + k < value.count {
                    v = (v << 6) + (UInt32(value[i + k]) & 0x3F)
                }
                i += w
                put(UInt8(ascii: "\\"))
                switch v {
                case 0x00: put(UInt8(ascii: "0"))
                case 0x07: put(UInt8(ascii: "a"))
                case 0x08: put(UInt8(ascii: "b"))
                case 0x09: put(UInt8(ascii: "t"))
                case 0x0A: put(UInt8(ascii: "n"))
                case 0x0B: put(UInt8(ascii: "v"))
                case 0x0C: put(UInt8(ascii: "f"))
                case 0x0D: put(UInt8(ascii: "r"))
                case 0x1B: put(UInt8(ascii: "e"))
                case 0x22: put(UInt8(ascii: "\""))
                case 0x5C: put(UInt8(ascii: "\\"))
                case 0x85: put(UInt8(ascii: "N"))
                case 0xA0: put(UInt8(ascii: "_"))
                case 0x2028: put(UInt8(ascii: "L"))
                case 0x2029: put(UInt8(ascii: "P"))
                default:
                    let digits: Int
                    if v <= 0xFF { put(UInt8(ascii: "x")); digits = 2 }
                    else if v <= 0xFFFF { put(UInt8(ascii: "u")); digits = 4 }
                    else { put(UInt8(ascii: "U")); digits = 8 }
                    for k in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                        put(Self.hexDigits[Int((v >> UInt32(k)) & 0x0F)])
                    }
                }
                spaces = false
            } else if value[i] == UInt8(ascii: " ") {
                if allowBreaks && !spaces && column > bestWidth && i > 0 && i < value.count - 1 {
                    writeIndent()
                    if isSpace(value, i + 1) { put(UInt8(ascii: "\\")) }
                    i += 1
                } else {
                    write(value, &i)
                }
                spaces = true
            } else {
                write(value, &i)
                spaces = false
            }
        }
        writeIndicator([UInt8(ascii: "\"")], needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeBlockScalarHints(_ value: [UInt8]) {
        if isSpace(value, 0) || isBreak(value, 0) {
            writeIndicator([UInt8(ascii: "0") + UInt8(bestIndent)], needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        var chomp: UInt8 = 0
        if value.isEmpty {
            chomp = UInt8(ascii: "-")
        } else {
            var i = value.count - 1
            while i > 0 && value[i] & 0xC0 == 0x80 { i -= 1 }
            if !isBreak(value, i) {
                chomp = UInt8(ascii: "-")
            } else if i == 0 {
                chomp = UInt8(ascii: "+")
            } else {
                i -= 1
                while i > 0 && value[i] & 0xC0 == 0x80 { i -= 1 }
                if isBreak(value, i) { chomp = UInt8(ascii: "+") }
            }
        }
        if chomp != 0 {
            writeIndicator([chomp], needWhitespace: false, isWhitespace: false, isIndention: false)
        }
    }

    private mutating func writeLiteral(_ value: [UInt8]) {
        writeIndicator([UInt8(ascii: "|")], needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(value)
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var i = 0
        while i < value.count {
            if isBreak(value, i) {
                writeBreak(value, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                write(value, &i)
                indention = false
                breaks = false
            }
        }
    }
}

// MARK: Character classes (go-yaml's yamlprivateh.go)

@inline(__always) func utf8Width(_ b: UInt8) -> Int {
    if b & 0x80 == 0 { return 1 }
    if b & 0xE0 == 0xC0 { return 2 }
    if b & 0xF0 == 0xE0 { return 3 }
    if b & 0xF8 == 0xF0 { return 4 }
    return 1
}

@inline(__always) private func at(_ b: [UInt8], _ i: Int) -> UInt8 { i < b.count ? b[i] : 0 }

@inline(__always) func isSpace(_ b: [UInt8], _ i: Int) -> Bool { at(b, i) == UInt8(ascii: " ") }

@inline(__always) func isBlank(_ b: [UInt8], _ i: Int) -> Bool {
    let c = at(b, i)
    return c == UInt8(ascii: " ") || c == UInt8(ascii: "\t")
}

@inline(__always) func isBreak(_ b: [UInt8], _ i: Int) -> Bool {
    let c = at(b, i)
    return c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n")
        || (c == 0xC2 && at(b, i + 1) == 0x85)
        || (c == 0xE2 && at(b, i + 1) == 0x80 && (at(b, i + 2) == 0xA8 || at(b, i + 2) == 0xA9))
}

@inline(__always) func isBlankOrBreakOrEnd(_ b: [UInt8], _ i: Int) -> Bool {
    i >= b.count || isBlank(b, i) || isBreak(b, i) || b[i] == 0
}

@inline(__always) func isPrintable(_ b: [UInt8], _ i: Int) -> Bool {
    let c = at(b, i)
    let c1 = at(b, i + 1)
    let c2 = at(b, i + 2)
    return c == 0x0A || (c >= 0x20 && c <= 0x7E)
        || (c == 0xC2 && c1 >= 0xA0) || (c > 0xC2 && c < 0xED)
        || (c == 0xED && c1 < 0xA0) || c == 0xEE
        || (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)))
}

/// go-yaml's `yaml_emitter_analyze_scalar`: which styles can represent a value.
struct ScalarAnalysis {
    var multiline = false
    var flowPlainAllowed = false
    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = false

    init(_ value: [UInt8], tabsAllowInBlocks: Bool = false) {
        if value.isEmpty { return }
        var tabCharacters = false
        var blockIndicators = false
        var flowIndicators = false
        var lineBreaks = false
        var specialCharacters = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        var previousSpace = false, previousBreak = false

        if value.count >= 3 && ((value[0] == UInt8(ascii: "-") && value[1] == UInt8(ascii: "-") && value[2] == UInt8(ascii: "-"))
            || (value[0] == UInt8(ascii: ".") && value[1] == UInt8(ascii: ".") && value[2] == UInt8(ascii: "."))) {
            blockIndicators = true
            flowIndicators = true
        }
        var precededByWhitespace = true
        var i = 0
        while i < value.count {
            let w = utf8Width(value[i])
            let followedByWhitespace = i + w >= value.count || isBlank(value, i + w)
            let c = value[i]
            if i == 0 {
                switch c {
                case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                     UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
                     UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
                     UInt8(ascii: "`"):
                    flowIndicators = true
                    blockIndicators = true
                case UInt8(ascii: "?"), UInt8(ascii: ":"):
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                case UInt8(ascii: "-"):
                    if followedByWhitespace {
                        flowIndicators = true
                        blockIndicators = true
                    }
                default: break
                }
            } else {
                switch c {
                case UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                    flowIndicators = true
                case UInt8(ascii: ":"):
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                case UInt8(ascii: "#"):
                    if precededByWhitespace {
                        flowIndicators = true
                        blockIndicators = true
                    }
                default: break
                }
            }
            if tabsAllowInBlocks && c == UInt8(ascii: "\t") {
                tabCharacters = true
            } else if !isPrintable(value, i) {
                specialCharacters = true
            }
            if c == UInt8(ascii: " ") {
                if i == 0 { leadingSpace = true }
                if i + w == value.count { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if isBreak(value, i) {
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i + w == value.count { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = isBlankOrBreakOrEnd(value, i)
            i += w
        }
        multiline = lineBreaks
        flowPlainAllowed = true
        blockPlainAllowed = true
        singleQuotedAllowed = true
        blockAllowed = true
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
            flowPlainAllowed = false
            blockPlainAllowed = false
        }
        if trailingSpace { blockAllowed = false }
        if breakSpace {
            flowPlainAllowed = false
            blockPlainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || tabCharacters || specialCharacters {
            flowPlainAllowed = false
            blockPlainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || specialCharacters { blockAllowed = false }
        if lineBreaks {
            flowPlainAllowed = false
            blockPlainAllowed = false
        }
        if flowIndicators { flowPlainAllowed = false }
        if blockIndicators { blockPlainAllowed = false }
    }
}
