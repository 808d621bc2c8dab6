import GoYAML

/// Helm's data-format functions (pkg/engine/funcs.go) and Sprig's JSON encoders, on top of GoYAML:
/// `toYaml`, `mustToYaml`, `toYamlPretty`, `fromYaml`, `fromYamlArray`, `toJson`, `mustToJson`,
/// `fromJson`, `fromJsonArray`, `mustFromJson` (Sprig's), `toPrettyJson`, `mustToPrettyJson`, `toRawJson`,
/// `mustToRawJson`, and `toToml`, `mustToToml`, `fromToml` (GoYAML's, checked against Helm-captured fixtures).
public enum HelmDataFunctions {
    /// All functions by template name.
    public static var all: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        f["toYaml"] = { args in .string(YAMLEncoding.toYaml(try one(args, "toYaml"))) }
        f["mustToYaml"] = { args in
            var text = try YAMLEncoding.encode(try one(args, "mustToYaml"))
            if text.hasSuffix("\n") { text.removeLast() }
            return .string(text)
        }
        f["toYamlPretty"] = { args in .string(prettyYAML(YAMLEncoding.toYaml(try one(args, "toYamlPretty")))) }
        f["fromYaml"] = { args in
            let text = try string(try one(args, "fromYaml"))
            do { return .map(try YAMLDecoding.decodeMap(text)) } catch {
                return .map(["Error": .string(helmErrorMessage(error))])
            }
        }
        f["fromYamlArray"] = { args in
            let text = try string(try one(args, "fromYamlArray"))
            do { return .list(try YAMLDecoding.decodeArray(text)) } catch {
                return .list([.string(helmErrorMessage(error))])
            }
        }
        f["toJson"] = { args in .string((try? JSONEncoding.encode(try one(args, "toJson"))) ?? "") }
        f["mustToJson"] = { args in .string(try JSONEncoding.encode(try one(args, "mustToJson"))) }
        f["toPrettyJson"] = { args in .string((try? JSONEncoding.encode(try one(args, "toPrettyJson"), indent: "  ")) ?? "") }
        f["mustToPrettyJson"] = { args in .string(try JSONEncoding.encode(try one(args, "mustToPrettyJson"), indent: "  ")) }
        f["toRawJson"] = { args in .string((try? JSONEncoding.encode(try one(args, "toRawJson"), escapeHTML: false)) ?? "") }
        f["mustToRawJson"] = { args in .string(try JSONEncoding.encode(try one(args, "mustToRawJson"), escapeHTML: false)) }
        // encoding/json's decoder and error texts: GoYAML's (a second scanner here took trailing
        // garbage and worded errors differently).
        for name in ["fromJson", "fromJsonArray", "mustFromJson", "toToml", "mustToToml", "fromToml"] {
            f[name] = YAMLFunctions.all[name]
        }
        return f
    }

    static func one(_ args: [TemplateValue], _ name: String) throws -> TemplateValue {
        guard args.count == 1 else { throw TemplateFunctionError("wrong number of args for \(name): want 1 got \(args.count)") }
        return args[0]
    }

    static func string(_ v: TemplateValue) throws -> String {
        guard case .string(let s) = v else { throw TemplateFunctionError.wrongType(v, expected: "string", argument: 0) }
        return s
    }

    /// go-yaml v3 layout (Helm's `toYamlPretty`, indent 2) from go-yaml v2 text: block sequences
    /// nested under a mapping key are indented by two more spaces.
    static func prettyYAML(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        // Stack of (original indent of a sequence under a key, extra shift applied).
        var shifts: [(indent: Int, extra: Int)] = []
        var previousWasKeyOnly = false
        var previousIndent = 0
        var inBlockScalar: Int? = nil
        for line in lines {
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            if let blockIndent = inBlockScalar {
                if content.isEmpty || indent > blockIndent {
                    let extra = shifts.last?.extra ?? 0
                    out.append(content.isEmpty ? line : String(repeating: " ", count: extra) + line)
                    continue
                }
                inBlockScalar = nil
            }
            while let top = shifts.last, indent < top.indent || (indent == top.indent && !content.hasPrefix("- ") && content != "-") {
                shifts.removeLast()
            }
            if content.hasPrefix("- ") || content == "-", previousWasKeyOnly, indent == previousIndent,
               shifts.last?.indent != indent {
                shifts.append((indent, (shifts.last?.extra ?? 0) + 2))
            }
            let extra = shifts.last?.extra ?? 0
            out.append(String(repeating: " ", count: extra) + line)
            previousWasKeyOnly = content.hasSuffix(":") && !content.hasPrefix("#")
            previousIndent = indent + (content.hasPrefix("- ") ? 2 : 0)
            if content.hasSuffix("|") || content.hasSuffix("|-") || content.hasSuffix("|+") || content.hasSuffix(">") || content.hasSuffix(">-") {
                inBlockScalar = indent
            }
        }
        return out.joined(separator: "\n")
    }
}
