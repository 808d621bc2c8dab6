/// A line-based unified diff (`diff -u` layout, three lines of context).
public enum UnifiedDiff {
    /// The diff from `old` to `new`, empty when they are equal.
    public static func make(from old: String, to new: String, oldName: String, newName: String, context: Int = 3) -> String {
        if old == new { return "" }
        let a = lines(old)
        let b = lines(new)
        let operations = diff(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group operations into hunks with `context` unchanged lines around changes.
        let changeIndices = operations.indices.filter { operations[$0].kind != .same }
        var hunkStart = 0
        var index = 0
        while index < changeIndices.count {
            var first = changeIndices[index]
            var last = first
            while index + 1 < changeIndices.count && changeIndices[index + 1] - last <= 2 * context + 1 {
                index += 1
                last = changeIndices[index]
            }
            index += 1
            first = max(hunkStart, first - context)
            last = min(operations.count - 1, last + context)
            hunkStart = last + 1
            let slice = operations[first...last]
            let oldStart = slice.first!.oldIndex
            let newStart = slice.first!.newIndex
            let oldCount = slice.filter { $0.kind != .insert }.count
            let newCount = slice.filter { $0.kind != .delete }.count
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for operation in slice {
                let (prefix, line) = switch operation.kind {
                case .same: (" ", a[operation.oldIndex])
                case .delete: ("-", a[operation.oldIndex])
                case .insert: ("+", b[operation.newIndex])
                }
                out += prefix + line
                if line.utf8.last != 0x0A { out += "\n\\ No newline at end of file\n" }
            }
        }
        return out
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        let first = count == 0 ? start : start + 1
        return count == 1 ? "\(first)" : "\(first),\(count)"
    }

    /// Lines with their line breaks.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    struct Operation {
        enum Kind { case same, delete, insert }
        var kind: Kind
        /// Index into the old lines (for inserts: the old position before which it goes).
        var oldIndex: Int
        /// Index into the new lines (for deletes: the new position).
        var newIndex: Int
    }

    /// Longest-common-subsequence diff after trimming the common prefix and suffix.
    static func diff(_ a: [String], _ b: [String]) -> [Operation] {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var operations: [Operation] = (0..<prefix).map { Operation(kind: .same, oldIndex: $0, newIndex: $0) }
        let n = middleA.count
        let m = middleB.count
        if n * m <= 4_000_000 {
            var table = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i][j] = middleA[i] == middleB[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
            var i = 0
            var j = 0
            while i < n || j < m {
                if i < n && j < m && middleA[i] == middleB[j] {
                    operations.append(Operation(kind: .same, oldIndex: prefix + i, newIndex: prefix + j))
                    i += 1
                    j += 1
                } else if i < n && (j == m || table[i + 1][j] >= table[i][j + 1]) {
                    operations.append(Operation(kind: .delete, oldIndex: prefix + i, newIndex: prefix + j))
                    i += 1
                } else {
                    operations.append(Operation(kind: .insert, oldIndex: prefix + i, newIndex: prefix + j))
                    j += 1
                }
            }
        } else {
            for i in 0..<n { operations.append(Operation(kind: .delete, oldIndex: prefix + i, newIndex: prefix)) }
            for j in 0..<m { operations.append(Operation(kind: .insert, oldIndex: prefix + n, newIndex: prefix + j)) }
        }
        for k in 0..<suffix {
            operations.append(Operation(kind: .same, oldIndex: a.count - suffix + k, newIndex: b.count - suffix + k))
        }
        return operations
    }
}
