import GoTemplate

/// Checks and converts the arguments of one template function call the way Go's `text/template`
/// converts them to the parameters of a Go function (`string`, `int`, `interface{}`, …).
struct FunctionArguments {
    /// The function's template name, for error messages.
    let name: String
    /// The arguments as the template passed them (piped value last).
    let values: [TemplateValue]

    /// Arguments of `name`, requiring exactly `count` of them as Go does for fixed-arity functions.
    init(_ name: String, _ values: [TemplateValue], count: Int) throws {
        guard values.count == count else {
            throw TemplateFunctionError("wrong number of args for \(name): want \(count) got \(values.count)")
        }
        self.name = name
        self.values = values
    }

    /// Arguments of `name`, requiring at least `minimum` of them (Go variadic functions).
    init(_ name: String, _ values: [TemplateValue], atLeast minimum: Int) throws {
        guard values.count >= minimum else {
            throw TemplateFunctionError(
                "wrong number of args for \(name): want at least \(minimum) got \(values.count)")
        }
        self.name = name
        self.values = values
    }

    /// Argument `index` as a Go `string` parameter.
    func string(_ index: Int) throws -> String {
        switch values[index] {
        case .string(let s): return s
        case .null: throw TemplateFunctionError.invalidValue(expected: "string", argument: index)
        case let other:
            throw TemplateFunctionError.wrongType(other, expected: "string", argument: index)
        }
    }

    /// Argument `index` as a Go `int` parameter (Go converts untyped integer constants; other types fail).
    func int(_ index: Int) throws -> Int {
        switch values[index] {
        case .int(let i): return i
        case .null: throw TemplateFunctionError.invalidValue(expected: "int", argument: index)
        case let other:
            throw TemplateFunctionError.wrongType(other, expected: "int", argument: index)
        }
    }

    /// Argument `index` as a Go `uint32` parameter.
    func uint32(_ index: Int) throws -> UInt32 {
        switch values[index] {
        case .int(let i) where i >= 0 && i <= Int(UInt32.max): return UInt32(i)
        case .int: throw TemplateFunctionError.wrongType(values[index], expected: "uint32", argument: index)
        case .null: throw TemplateFunctionError.invalidValue(expected: "uint32", argument: index)
        case let other:
            throw TemplateFunctionError.wrongType(other, expected: "uint32", argument: index)
        }
    }

    /// Argument `index` as a Go `[]interface{}` parameter (nil when the template passed nil).
    func interfaceList(_ index: Int) throws -> [TemplateValue]? {
        switch values[index] {
        case .null: return nil
        case .list(let l): return l
        case let other:
            throw TemplateFunctionError.wrongType(other, expected: "[]interface {}", argument: index)
        }
    }

    /// Argument `index` as a Go `time.Time` parameter.
    func time(_ index: Int) throws -> GoTime {
        switch values[index] {
        case .object(let o as GoTime): return o
        case .null: throw TemplateFunctionError.invalidValue(expected: "time.Time", argument: index)
        case let other:
            throw TemplateFunctionError.wrongType(other, expected: "time.Time", argument: index)
        }
    }
}
