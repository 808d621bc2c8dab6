// Helm's own template functions that need neither the renderer nor a cluster (pkg/engine/funcs.go).
import Foundation
import GoTemplate


enum HelmCoreFunctions {
    static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["required"] = function("required") { a in
            try a.expect(2)
            let message = try a.string(0)
            switch a[1] {
            case .null: throw TemplateFunctionError(message)
            case .string(let s) where s.isEmpty: throw TemplateFunctionError(message)
            default: return a[1]
            }
        }
        f["fail"] = function("fail") { a in
            try a.expect(1)
            throw TemplateFunctionError(try a.string(0))
        }
        f["lookup"] = function("lookup") { a in
            try a.expect(4)
            for i in 0..<4 { _ = try a.string(i) }
            return .map([:])
        }
        return f
    }
}
