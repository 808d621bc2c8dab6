import GoTemplate
@testable import HelmRendering
import Testing

/// The function map is Helm v4.2.3's: Sprig v3.3.0's `TxtFuncMap` without `env` and `expandenv`, plus the
/// functions of Helm's `pkg/engine/funcs.go`. A chart calling a name missing here fails to parse with
/// "function … not defined" where Helm renders it (opentelemetry-demo's `mustFromJson` did).
@Suite struct FunctionMapTests {
    static let helmNames: [String] = [
        "abbrev", "abbrevboth", "add", "add1", "add1f", "addf", "adler32sum", "ago", "all", "any", "append", "atoi",
        "b32dec", "b32enc", "b64dec", "b64enc", "base", "bcrypt", "biggest", "buildCustomCert", "camelcase", "cat",
        "ceil", "chunk", "clean", "coalesce", "compact", "concat", "contains", "date", "dateInZone", "dateModify",
        "decryptAES", "deepCopy", "deepEqual", "default", "derivePassword", "dict", "dig", "dir", "div", "divf",
        "duration", "durationRound", "empty", "encryptAES", "ext", "fail", "first", "float64", "floor", "fromJson",
        "fromJsonArray", "fromToml", "fromYaml", "fromYamlArray", "genCA", "genCAWithKey", "genPrivateKey",
        "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "get",
        "getHostByName", "has", "hasKey", "hasPrefix", "hasSuffix", "hello", "htmlDate", "htmlDateInZone",
        "htpasswd", "include", "indent", "initial", "initials", "int", "int64", "isAbs", "join", "kebabcase", "keys",
        "kindIs", "kindOf", "last", "list", "lookup", "lower", "max", "maxf", "merge", "mergeOverwrite", "min",
        "minf", "mod", "mul", "mulf", "mustAppend", "mustChunk", "mustCompact", "mustDateModify", "mustDeepCopy",
        "mustFirst", "mustFromJson", "mustHas", "mustInitial", "mustLast", "mustMerge", "mustMergeOverwrite",
        "mustPrepend", "mustRegexFind", "mustRegexFindAll", "mustRegexMatch", "mustRegexReplaceAll",
        "mustRegexReplaceAllLiteral", "mustRegexSplit", "mustRest", "mustReverse", "mustSlice", "mustToDate",
        "mustToJson", "mustToPrettyJson", "mustToRawJson", "mustToToml", "mustToYaml", "mustUniq", "mustWithout",
        "nindent", "nospace", "now", "omit", "osBase", "osClean", "osDir", "osExt", "osIsAbs", "pick", "pluck",
        "plural", "prepend", "quote", "randAlpha", "randAlphaNum", "randAscii", "randBytes", "randInt",
        "randNumeric", "regexFind", "regexFindAll", "regexMatch", "regexQuoteMeta", "regexReplaceAll",
        "regexReplaceAllLiteral", "regexSplit", "repeat", "replace", "required", "rest", "reverse", "round",
        "semver", "semverCompare", "seq", "set", "sha1sum", "sha256sum", "sha512sum", "shuffle", "slice",
        "snakecase", "sortAlpha", "split", "splitList", "splitn", "squote", "sub", "subf", "substr", "swapcase",
        "ternary", "title", "toDate", "toDecimal", "toJson", "toPrettyJson", "toRawJson", "toString", "toStrings",
        "toToml", "toYaml", "toYamlPretty", "tpl", "trim", "trimAll", "trimPrefix", "trimSuffix", "trimall", "trunc",
        "tuple", "typeIs", "typeIsLike", "typeOf", "uniq", "unixEpoch", "unset", "until", "untilStep", "untitle",
        "upper", "urlJoin", "urlParse", "uuidv4", "values", "without", "wrap", "wrapWith"
    ]

    @Test func everyHelmFunctionIsDefined() throws {
        let renderer = ChartRenderer()
        let set = TemplateSet(functions: renderer.baseFunctions)
        set.addFunctions(renderer.helmFunctions(for: set, counter: ChartRenderer.IncludeCounter()))
        var missing: [String] = []
        for name in Self.helmNames {
            do { try set.parse(name: name, text: "{{ if false }}{{ \(name) }}{{ end }}") } catch { missing.append(name) }
        }
        #expect(missing.isEmpty, "not defined: \(missing)")
        #expect(Self.helmNames.count == 217)
    }

    @Test func environmentFunctionsAreNotDefined() {
        let set = TemplateSet(functions: ChartRenderer().baseFunctions)
        for name in ["env", "expandenv"] {
            #expect(throws: TemplateError.self) { try set.parse(name: name, text: "{{ \(name) \"HOME\" }}") }
        }
    }
}
