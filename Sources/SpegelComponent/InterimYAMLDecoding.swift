import GoTemplate

/// A YAML 1.1 values decoder built on libyaml, used until GoYAML's decoder is wired in: maps,
/// lists, strings, booleans (`true`, `yes`, `on`, …), `null`/`~`/empty, and numbers as float64.
enum InterimYAMLDecoding {
    /// A YAML syntax error in a named file.
    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    static func decode(_ text: String, fileName: String) throws -> TemplateValue {
        let documents: [PositionedNode?]
        do {
            documents = try parsePositionedDocuments(text)
        } catch let error as PositionedYAMLError {
            throw SyntaxError(description: "\(fileName):\(error.line):\(error.column): \(error.problem)")
        }
        var merged = TemplateValue.null
        for case let document? in documents {
            let value = convert(document)
            merged = mergeValues(merged, value)
        }
        return merged
    }

    static func convert(_ node: PositionedNode) -> TemplateValue {
        switch node {
        case .alias: return .null
        case .sequence(let items): return .list(items.map(convert))
        case .mapping(let pairs):
            var entries: [String: TemplateValue] = [:]
            for pair in pairs { entries[pair.key.scalarValue ?? ""] = convert(pair.value) }
            return .map(entries)
        case .scalar(let text, _, let style):
            guard style == .plain else { return .string(text) }
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return .bool(true)
            case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return .bool(false)
            default:
                if text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true,
                   let number = Double(text.replacingOccurrences(of: "_", with: "")), !text.contains("x") {
                    return .float(number)
                }
                return .string(text)
            }
        }
    }
}
