/// Decides where a missing key goes so that the document stays valid TOML and keeps its layout:
/// into the section or inline table that already defines the key's table, next to dotted keys
/// that define it, or into a new `[table]` section placed beside its relatives.
struct KeyInsertionPlanner {
    let document: TOMLDocument
    let file: String

    private var newline: String { document.usesCRLF ? "\r\n" : "\n" }
    private var style: TOMLStyle { TOMLStyle(document) }

    /// An edit that adds `path = literal` to a document where `path` is not set.
    func insertion(of path: [String], literal: String) throws -> TextEdit {
        let tablePath = Array(path.dropLast())
        let leaf = path[path.count - 1]
        var table = document.root
        var depth = 0
        for segment in tablePath {
            guard let item = table[segment] else { break }
            let written = TOMLKeyFormatter.path(Array(tablePath[0...depth]))
            switch item {
            case .table(let child):
                table = child
                depth += 1
            case .arrayOfTables(let tables):
                throw ContainerdPrepError(
                    file: file, line: document.line(of: tables[0].offset),
                    message: "`\(written)` is an array of tables; containerd expects a table there")
            case .value(let value, let pair):
                throw ContainerdPrepError(
                    file: file, line: document.line(of: pair.keyRange.lowerBound),
                    message: "`\(written)` is \(value.typeNameWithArticle); containerd expects a table there")
            }
        }
        let existing = Array(tablePath[0..<depth])
        let missing = Array(tablePath[depth...])
        switch table.origin {
        case .root:
            return newSection(tablePath, key: leaf, literal: literal, at: document.bytes.count)
        case .header(let index):
            if missing.isEmpty { return pairLine(in: index, key: [leaf], literal: literal) }
            return newSection(tablePath, key: leaf, literal: literal, at: endOfRun(under: existing, from: index))
        case .implicit:
            if missing.isEmpty {
                return newSection(tablePath, key: leaf, literal: literal, before: firstSection(under: tablePath)!)
            }
            let first = firstSection(under: existing)!
            return newSection(tablePath, key: leaf, literal: literal, at: endOfRun(under: existing, from: first))
        case .dotted(let index):
            let sectionPath = index.map { document.sections[$0].path } ?? []
            let relative = Array(tablePath.dropFirst(sectionPath.count)) + [leaf]
            if let index { return pairLine(in: index, key: relative, literal: literal) }
            return rootPairLine(key: relative, literal: literal)
        case .inline(let literalTable, let prefix):
            let key = style.path(prefix + missing + [leaf]) + " = " + literal
            if let last = literalTable.entries.last {
                let end = last.valueRange.upperBound
                return TextEdit(range: end..<end, text: ", " + key, kind: .value)
            }
            return TextEdit(range: (literalTable.openBrace + 1)..<literalTable.closeBrace, text: " \(key) ", kind: .value)
        case .arrayElement(let index):
            throw ContainerdPrepError(
                file: file, line: document.line(of: document.sections[index].lineStart),
                message: "`\(TOMLKeyFormatter.path(existing))` is an array of tables; containerd expects a table there")
        }
    }

    // MARK: Pairs in existing sections

    private func pairLine(in index: Int, key: [String], literal: String) -> TextEdit {
        let section = document.sections[index]
        let indentation = section.entries.last?.indentation ?? (section.indentation + indentUnit)
        return line(indentation + style.path(key) + " = " + literal, after: section.contentEnd)
    }

    private func rootPairLine(key: [String], literal: String) -> TextEdit {
        let last = document.rootEntries[document.rootEntries.count - 1]
        return line(last.indentation + style.path(key) + " = " + literal, after: last.statementEnd)
    }

    private func line(_ text: String, after offset: Int) -> TextEdit {
        let needsBreak = offset > 0 && document.bytes[offset - 1] != 0x0A
        return TextEdit(range: offset..<offset, text: (needsBreak ? newline : "") + text + newline, kind: .value)
    }

    // MARK: New sections

    private func sectionText(_ tablePath: [String], key: String, literal: String) -> (header: String, pair: String) {
        let ancestor = document.sections
            .filter { !$0.isArrayElement && $0.path.count < tablePath.count && tablePath.starts(with: $0.path) }
            .max { $0.path.count < $1.path.count }
        let headersAreIndented = document.sections.contains { !$0.indentation.isEmpty }
        let headerIndentation = headersAreIndented ? ancestor.map { $0.indentation + indentUnit } ?? "" : ""
        let header = headerIndentation + "[" + style.path(tablePath) + "]"
        let pair = headerIndentation + indentUnit + style.segment(key) + " = " + literal
        return (header, pair)
    }

    private func newSection(_ tablePath: [String], key: String, literal: String, at offset: Int) -> TextEdit {
        let (header, pair) = sectionText(tablePath, key: key, literal: literal)
        var text = ""
        if offset > 0 {
            if document.bytes[offset - 1] != 0x0A { text += newline }
            text += newline
        }
        text += header + newline + pair + newline
        return TextEdit(range: offset..<offset, text: text, kind: .newSection)
    }

    private func newSection(_ tablePath: [String], key: String, literal: String, before index: Int) -> TextEdit {
        let (header, pair) = sectionText(tablePath, key: key, literal: literal)
        let offset = startOfCommentsAbove(document.sections[index].lineStart)
        return TextEdit(
            range: offset..<offset, text: header + newline + pair + newline + newline, kind: .newSection)
    }

    /// The first section whose path starts with `path`.
    private func firstSection(under path: [String]) -> Int? {
        document.sections.firstIndex { $0.path.starts(with: path) }
    }

    /// The end of the run of consecutive sections under `path` that starts at `index`.
    private func endOfRun(under path: [String], from index: Int) -> Int {
        var last = index
        while last + 1 < document.sections.count, document.sections[last + 1].path.starts(with: path) {
            last += 1
        }
        return document.sections[last].contentEnd
    }

    /// Moves an offset at the start of a line up over the comment lines directly above it.
    private func startOfCommentsAbove(_ lineStart: Int) -> Int {
        var start = lineStart
        while start > 0 {
            var previous = start - 1
            while previous > 0 && document.bytes[previous - 1] != 0x0A { previous -= 1 }
            let line = document.bytes[previous..<start]
            let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 }
            guard trimmed.first == UInt8(ascii: "#") else { break }
            start = previous
        }
        return start
    }

    /// The indentation the file uses for pairs relative to their header (two spaces when unknown).
    private var indentUnit: String {
        var sawEntries = false
        for section in document.sections where !section.entries.isEmpty {
            sawEntries = true
            let indentation = section.entries[0].indentation
            if indentation.count > section.indentation.count, indentation.hasPrefix(section.indentation) {
                return String(indentation.dropFirst(section.indentation.count))
            }
        }
        return sawEntries ? "" : "  "
    }
}
