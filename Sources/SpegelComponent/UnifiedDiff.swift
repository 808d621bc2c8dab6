/// A unified diff (`diff -u` style, 3 lines of context) between two texts, or `nil` when they are equal.
public func unifiedDiff(from old: String, to new: String, oldName: String, newName: String) -> String? {
    guard old != new else { return nil }
    let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Longest common subsequence table, from the end.
    let n = a.count, m = b.count
    var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
    if n > 0 && m > 0 {
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
    }
    enum Line { case same(String), removed(String), added(String) }
    var script: [(line: Line, oldIndex: Int, newIndex: Int)] = []
    var i = 0, j = 0
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            script.append((.same(a[i]), i, j)); i += 1; j += 1
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            script.append((.removed(a[i]), i, j)); i += 1
        } else {
            script.append((.added(b[j]), i, j)); j += 1
        }
    }
    let context = 3
    var out = "--- \(oldName)\n+++ \(newName)\n"
    var index = 0
    while index < script.count {
        guard case .same = script[index].line else {
            // A hunk: from `context` lines before this change to `context` lines after the last
            // change that is less than 2*context lines away.
            let start = max(0, index - context)
            var end = index
            var lastChange = index
            while end < script.count {
                if case .same = script[end].line {
                    if end - lastChange > 2 * context { break }
                } else {
                    lastChange = end
                }
                end += 1
            }
            end = min(script.count, lastChange + context + 1)
            let hunk = script[start..<end]
            let oldCount = hunk.filter { if case .added = $0.line { return false }; return true }.count
            let newCount = hunk.filter { if case .removed = $0.line { return false }; return true }.count
            let oldStart = hunk.first!.oldIndex + (oldCount == 0 ? 0 : 1)
            let newStart = hunk.first!.newIndex + (newCount == 0 ? 0 : 1)
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for entry in hunk {
                switch entry.line {
                case .same(let text): out += " " + text + "\n"
                case .removed(let text): out += "-" + text + "\n"
                case .added(let text): out += "+" + text + "\n"
                }
            }
            index = end
            continue
        }
        index += 1
    }
    return out
}
