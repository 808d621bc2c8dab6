/// Go checks each argument against its parameter's type before calling a function (`exec.go`: `evalArg`,
/// `validateType`), stops at the first that does not fit, and reports it at that argument's node with
/// reflect's wording, not as an "error calling" one. Functions here check their own arguments and throw a
/// ``TemplateFunctionError`` carrying the argument's index and the Go parameter type; this turns it into
/// the error Go gives.
extension ExecutionState {
    /// The error for `failure` (which names the argument at `failure.argumentIndex`) in a call whose
    /// argument nodes are `arguments` (the function's own node excluded), whose evaluated values are
    /// `values` (explicit arguments, then the piped `final` value if any), `invalid` marking explicit
    /// arguments that evaluated to no value. `callee` is where Go stands when there are no arguments.
    func argumentTypeError(_ failure: TemplateFunctionError, arguments: Slice<NodeList>, values: [TemplateValue],
                           invalid: UInt64, final: EValue?, callee: NodeIndex) -> TemplateError {
        guard let index = failure.argumentIndex, let expected = failure.expectedType, index < values.count else {
            return error(failure.message)
        }
        let nodes = Array(arguments)
        if index < nodes.count {
            let argument = nodes[index]
            at(positionAfterEvaluating(argument))
            switch record(argument).type {
            case .nilNode:
                return error("cannot assign nil to \(expected)")
            case .string, .number, .bool:
                // Constants are converted to the parameter's kind (evalString, evalInteger, ...).
                return error(Self.constantMismatch(nodeText(argument), expected: expected))
            default:
                let isInvalid = index < 64 && invalid & (1 << UInt64(index)) != 0
                return error(Self.valueMismatch(values[index], isInvalid: isInvalid, expected: expected))
            }
        }
        // The piped value: checked after every explicit argument was evaluated; a pipeline's nil
        // result is no value at all.
        at(nodes.last.map(positionAfterEvaluating) ?? callee)
        return error(Self.valueMismatch(final?.value ?? values[index], isInvalid: final.map { !$0.isValid } ?? false,
                                        expected: expected))
    }

    /// The integer a whole-number constant argument stands for when `failure` is that argument not
    /// fitting an integer parameter (`trunc 5.0 "abc"`: Go converts the constant); nil otherwise.
    func integerConstant(for failure: TemplateFunctionError, in arguments: NodeList, values: [TemplateValue]) -> TemplateValue? {
        guard let k = failure.argumentIndex, let expected = failure.expectedType, k + 1 < arguments.count,
              Self.integerTypes.contains(expected), case .float = values[k], record(arguments[k + 1]).type == .number
        else { return nil }
        let constant = arena.numbers[Int(record(arguments[k + 1]).a)]
        if constant.isInt { return .int(Int(constant.int64)) }
        if constant.isUint, expected.hasPrefix("u") { return .int(Int(truncatingIfNeeded: constant.uint64)) }
        return nil
    }

    static let integerTypes: Set<String> = ["int", "int8", "int16", "int32", "int64",
                                            "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"]

    /// `validateType`'s messages for an evaluated value.
    static func valueMismatch(_ value: TemplateValue, isInvalid: Bool, expected: String) -> String {
        if isInvalid { return "invalid value; expected \(expected)" }
        if case .null = value {
            // A nil read from a map or list is still a (nil) interface{} value.
            return "wrong type for value; expected \(expected); got interface {}"
        }
        return "wrong type for value; expected \(expected); got \(value.goTypeName)"
    }

    /// `evalArg`'s messages for a constant of the wrong kind (`expected integer; found "2"`).
    static func constantMismatch(_ constant: String, expected: String) -> String {
        if integerTypes.contains(expected) {
            return expected.hasPrefix("u") ? "expected unsigned integer; found \(constant)" : "expected integer; found \(constant)"
        }
        switch expected {
        case "string": return "expected string; found \(constant)"
        case "float32", "float64": return "expected float; found \(constant)"
        case "bool": return "expected bool; found \(constant)"
        default: return "can't handle \(constant) for arg of type \(expected)"
        }
    }

    /// Where Go's executor stands once it has evaluated `node` as an argument: the node itself, or for a
    /// parenthesised pipeline the last node its final command evaluated.
    func positionAfterEvaluating(_ node: NodeIndex) -> NodeIndex {
        let r = record(node)
        switch r.type {
        case .pipe:
            guard r.b > 0 else { return node }
            let last = record(list(r.a, r.b)[Int(r.b) - 1])
            let args = list(last.a, last.b)
            if args.count > 1 { return positionAfterEvaluating(args[args.count - 1]) }
            return positionAfterEvaluating(args[0])
        case .chain:
            return positionAfterEvaluating(r.a)
        default:
            return node
        }
    }
}
