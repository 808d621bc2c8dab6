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
        f["toYamlPretty"] = { args in .string(YAMLEncoding.toYamlPretty(try one(args, "toYamlPretty"))) }
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
}
