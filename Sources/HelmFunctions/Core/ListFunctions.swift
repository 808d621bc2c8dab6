// Sprig's list functions (list.go). Plain and `must` variants report the same errors,
import Foundation
import GoTemplate

// because Go's template engine turns the plain variants' panics into errors.

enum ListFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        let list = function("list") { a in .list(a.values) }
        f["list"] = list
        f["tuple"] = list
        for name in ["append", "push", "mustAppend", "mustPush"] {
            f[name] = function(name) { a in
                try a.expect(2)
                return .list(try elements(a[0], "Cannot push on type") + [a[1]])
            }
        }
        for name in ["prepend", "mustPrepend"] {
            f[name] = function(name) { a in
                try a.expect(2)
                return .list([a[1]] + (try elements(a[0], "Cannot prepend on type")))
            }
        }
        for name in ["first", "mustFirst"] {
            f[name] = function(name) { a in
                try a.expect(1)
                return try elements(a[0], "Cannot find first on type").first ?? .null
            }
        }
        for name in ["last", "mustLast"] {
            f[name] = function(name) { a in
                try a.expect(1)
                return try elements(a[0], "Cannot find last on type").last ?? .null
            }
        }
        for name in ["rest", "mustRest"] {
            f[name] = function(name) { a in
                try a.expect(1)
                let items = try elements(a[0], "Cannot find rest on type")
                return .list(Array(items.dropFirst()), nilWhenEmpty: items.isEmpty)
            }
        }
        for name in ["initial", "mustInitial"] {
            f[name] = function(name) { a in
                try a.expect(1)
                let items = try elements(a[0], "Cannot find initial on type")
                return .list(Array(items.dropLast()), nilWhenEmpty: items.isEmpty)
            }
        }
        for name in ["reverse", "mustReverse"] {
            f[name] = function(name) { a in
                try a.expect(1)
                return .list(try elements(a[0], "Cannot find reverse on type").reversed())
            }
        }
        for name in ["compact", "mustCompact"] {
            f[name] = function(name) { a in
                try a.expect(1)
                return .list(try elements(a[0], "Cannot compact on type").filter { !ConversionFunctions.isEmpty($0) })
            }
        }
        for name in ["uniq", "mustUniq"] {
            f[name] = function(name) { a in
                try a.expect(1)
                var result: [TemplateValue] = []
                for item in try elements(a[0], "Cannot find uniq on type")
                where !result.contains(where: { deepEqual($0, item) }) {
                    result.append(item)
                }
                return .list(result)
            }
        }
        for name in ["without", "mustWithout"] {
            f[name] = function(name) { a in
                try a.expectAtLeast(1)
                let omit = a.values.dropFirst()
                return .list(try elements(a[0], "Cannot find without on type").filter { item in
                    !omit.contains { deepEqual($0, item) }
                })
            }
        }
        for name in ["has", "mustHas"] {
            f[name] = function(name) { a in
                try a.expect(2)
                if a[1].isNil { return .bool(false) }
                return .bool(try elements(a[1], "Cannot find has on type").contains { deepEqual(a[0], $0) })
            }
        }
        for name in ["slice", "mustSlice"] {
            f[name] = function(name) { a in
                try a.expectAtLeast(1)
                return try slice(a[0], Array(a.values.dropFirst()))
            }
        }
        f["concat"] = function("concat") { a in
            var result: [TemplateValue] = []
            for list in a.values {
                guard let items = list.listElements else {
                    throw TemplateFunctionError("Cannot concat type \(list.goKindForErrors) as list")
                }
                result += items
            }
            // Sprig appends to a nil slice: nothing appended leaves it nil.
            return .list(result, nilWhenEmpty: true)
        }
        for name in ["chunk", "mustChunk"] {
            f[name] = function(name) { a in
                try a.expect(2)
                let size = try a.int(0)
                let items = try elements(a[1], "Cannot chunk type")
                return .list(try chunk(items, size: size))
            }
        }
        return f
    }

    /// The elements of a Go slice argument, or Sprig's error `MESSAGE KIND`.
    static func elements(_ value: TemplateValue, _ message: String) throws -> [TemplateValue] {
        if let items = value.listElements { return items }
        if value.isNil {
            throw TemplateFunctionError("runtime error: invalid memory address or nil pointer dereference")
        }
        throw TemplateFunctionError("\(message) \(value.goKindForErrors)")
    }

    /// Sprig's `slice`: `list[start:end]` keeping the slice's type; nil for an empty list.
    static func slice(_ list: TemplateValue, _ indices: [TemplateValue]) throws -> TemplateValue {
        guard let items = list.listElements else {
            if list.isNil {
                throw TemplateFunctionError("runtime error: invalid memory address or nil pointer dereference")
            }
            throw TemplateFunctionError("list should be type of slice or array but \(list.goKindForErrors)")
        }
        let n = items.count
        if n == 0 { return .null }
        let start = indices.count > 0 ? GoCast.toInt(indices[0]) : 0
        let end = indices.count > 1 ? GoCast.toInt(indices[1]) : n
        guard start >= 0, end <= n, start <= end else {
            if end > n || end < 0 {
                throw TemplateFunctionError("reflect.Value.Slice: slice index out of bounds")
            }
            throw TemplateFunctionError("reflect.Value.Slice: slice index out of bounds")
        }
        switch list {
        case .strings(let s): return .strings(Array(s[start..<end]))
        case .bytes(let b): return .bytes(Array(b[start..<end]))
        default: return .list(Array(items[start..<end]))
        }
    }

    /// Sprig's `chunk`: lists of `size` elements, the last one shorter.
    static func chunk(_ items: [TemplateValue], size: Int) throws -> [TemplateValue] {
        let l = items.count
        if size <= 0 {
            throw TemplateFunctionError("runtime error: makeslice: len out of range")
        }
        let count = Int((Double(l - 1) / Double(size)).rounded(.down)) + 1
        if count <= 0 { return [] }
        var result: [TemplateValue] = []
        for i in 0..<count {
            var length = size
            if i == count - 1 {
                length = l % size
                if length == 0 { length = size }
            }
            let from = i * size
            guard from + length <= l else {
                throw TemplateFunctionError("reflect: slice index out of range")
            }
            result.append(.list(Array(items[from..<(from + length)])))
        }
        return result
    }
}

extension TemplateValue {
    /// The `reflect.Kind` name Sprig prints in its list errors (`ptr` for objects).
    var goKindForErrors: String {
        switch self {
        case .float: return "float64"
        default: return goKind
        }
    }
}
