import GoTemplate

/// Helm's YAML/JSON/TOML template functions (Helm v4 `pkg/engine/funcs.go` plus Sprig's JSON
/// family), to merge into the engine's function map.
///
/// Error behaviour follows Helm: `toYaml`, `toJson`, `toPrettyJson` return "" when the value
/// cannot be encoded; `fromYaml`, `fromJson`, `fromToml` return a map holding the error text under
/// `"Error"`; `fromYamlArray`, `fromJsonArray` return a one-element list holding it; the `must…`
/// forms (`mustToYaml`, `mustToJson`, `mustToToml`, Sprig's `mustFromJson`) and `toRawJson` fail
/// the template instead.
public enum YAMLFunctions {
    /// Every function, by the name templates call it.
    public static var all: [String: TemplateFunction] {
        [
            "toYaml": { args in
                let value = try argument(args, "toYaml")
                return .string(YAMLEncoding.toYaml(value))
            },
            "mustToYaml": { args in
                let value = try argument(args, "mustToYaml")
                do {
                    return .string(trimmingNewline(try YAMLEncoding.encode(value)))
                } catch {
                    throw TemplateFunctionError("\(error)")
                }
            },
            "toYamlPretty": { args in
                let value = try argument(args, "toYamlPretty")
                return .string(YAMLEncoding.toYamlPretty(value))
            },
            "fromYaml": { args in
                let text = try stringArgument(args, "fromYaml")
                do {
                    return .map(try YAMLDecoding.decodeMap(text))
                } catch let error as YAMLError {
                    return .map(["Error": .string(error.helmDescription)])
                }
            },
            "fromYamlArray": { args in
                let text = try stringArgument(args, "fromYamlArray")
                do {
                    return .list(try YAMLDecoding.decodeArray(text))
                } catch let error as YAMLError {
                    return .list([.string(error.helmDescription)])
                }
            },
            "toJson": { args in
                let value = try argument(args, "toJson")
                return .string((try? JSONEncoding.encode(value)) ?? "")
            },
            "mustToJson": { args in
                let value = try argument(args, "mustToJson")
                return .string(try rethrowing { try JSONEncoding.encode(value) })
            },
            "toPrettyJson": { args in
                let value = try argument(args, "toPrettyJson")
                return .string((try? JSONEncoding.encode(value, indent: "  ")) ?? "")
            },
            "mustToPrettyJson": { args in
                let value = try argument(args, "mustToPrettyJson")
                return .string(try rethrowing { try JSONEncoding.encode(value, indent: "  ") })
            },
            "toRawJson": { args in
                let value = try argument(args, "toRawJson")
                return .string(try rethrowing { try JSONEncoding.encode(value, escapeHTML: false) })
            },
            "mustToRawJson": { args in
                let value = try argument(args, "mustToRawJson")
                return .string(try rethrowing { try JSONEncoding.encode(value, escapeHTML: false) })
            },
            "fromJson": { args in
                let text = try stringArgument(args, "fromJson")
                do {
                    // JSON null leaves Go's map nil, which prints and encodes as null; a type error
                    // keeps what was decoded, with "Error" added (Helm: `m["Error"] = err.Error()`).
                    let (map, error) = try JSONDecoding.decodeMapKeepingPartial(text)
                    if let error {
                        let partial = map ?? GoMap()
                        partial.set("Error", .string(error.helmDescription))
                        return .map(partial)
                    }
                    return .map(map ?? GoMap.nilMap())
                } catch let error as YAMLError {
                    return .map(["Error": .string(error.helmDescription)])
                }
            },
            "fromJsonArray": { args in
                let text = try stringArgument(args, "fromJsonArray")
                do {
                    return try JSONDecoding.decodeArray(text).map { .list($0) } ?? .null
                } catch let error as YAMLError {
                    return .list([.string(error.helmDescription)])
                }
            },
            "toToml": { args in
                let value = try argument(args, "toToml")
                // BurntSushi/toml panics on a nil interface; the template fails with the panic text.
                if case .null = value { throw TemplateFunctionError("reflect: call of reflect.Value.Type on zero Value") }
                return .string(TOMLEncoding.toToml(value))
            },
            "mustToToml": { args in
                let value = try argument(args, "mustToToml")
                // Helm panics with the encoder's error; text/template reports the panic as the call's error.
                if case .null = value { throw TemplateFunctionError("reflect: call of reflect.Value.Type on zero Value") }
                return .string(try rethrowing { try TOMLEncoding.encode(value) })
            },
            "mustFromJson": { args in
                // Sprig's: any JSON value (`json.Unmarshal` into `interface{}`); bad JSON fails the template.
                let text = try stringArgument(args, "mustFromJson")
                do {
                    return try JSONDecoding.decode(text)
                } catch let error as YAMLError {
                    throw TemplateFunctionError(error.helmDescription)
                }
            },
            "fromToml": { args in
                let text = try stringArgument(args, "fromToml")
                do {
                    return .map(try TOMLDecoding.decodeMap(text))
                } catch {
                    return .map(["Error": .string("\(error)")])
                }
            },
        ]
    }

    private static func trimmingNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    private static func rethrowing(_ body: () throws -> String) throws -> String {
        do {
            return try body()
        } catch {
            throw TemplateFunctionError("\(error)")
        }
    }

    private static func argument(_ args: [TemplateValue], _ name: String) throws -> TemplateValue {
        guard args.count == 1 else {
            throw TemplateFunctionError("wrong number of args for \(name): want 1 got \(args.count)")
        }
        return args[0]
    }

    /// A Go `string` parameter: other types are rejected as text/template does.
    private static func stringArgument(_ args: [TemplateValue], _ name: String) throws -> String {
        let value = try argument(args, name)
        switch value {
        case .string(let s): return s
        default: throw TemplateFunctionError.wrongType(value, expected: "string", argument: 0)
        }
    }
}
