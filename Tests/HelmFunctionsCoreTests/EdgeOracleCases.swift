// Generated from Helm v4 (`helm template`) output for each call; see OracleCase.
@testable import HelmFunctions
import GoTemplate

extension OracleCase {
    static let edge: [OracleCase] = [
        OracleCase("indent", [.int(-1), .string("a")], error: "strings: negative Repeat count"),  // indent -1 "a"
        OracleCase("nindent", [.int(-2), .string("a")], error: "strings: negative Repeat count"),  // nindent -2 "a"
        OracleCase("repeat", [.int(2), .string("")], type: "string", printed: ""),
        OracleCase("merge", [.null, .map(["a": .int(1)])], type: "map[string]interface {}", printed: "map[a:1]"),
        OracleCase("mergeOverwrite", [.null, .map(["a": .int(1)])], type: "map[string]interface {}", printed: "map[a:1]"),
        OracleCase("merge", [.map(["a": .int(1)])], type: "map[string]interface {}", printed: "map[a:1]"),
        OracleCase("merge", [.map(["a": .int(1)]), .null], type: "map[string]interface {}", printed: "map[a:1]"),
        OracleCase("default", [.null, .null], type: "<nil>", printed: "<nil>"),
        OracleCase("default", [.null], type: "<nil>", printed: "<nil>"),
        OracleCase("default", [.list([.int(1)]), .list([])], type: "[]interface {}", printed: "[1]"),
        OracleCase("mustRegexMatch", [.string("("), .string("a")], error: "error parsing regexp: missing closing ): `(`"),  // mustRegexMatch "(" "a"
        OracleCase("mustRegexMatch", [.string(")"), .string("a")], error: "error parsing regexp: unexpected ): `)`"),  // mustRegexMatch ")" "a"
        OracleCase("mustRegexMatch", [.string("a)"), .string("a")], error: "error parsing regexp: unexpected ): `a)`"),  // mustRegexMatch "a)" "a"
        OracleCase("mustRegexMatch", [.string("[a"), .string("a")], error: "error parsing regexp: missing closing ]: `[a`"),  // mustRegexMatch "[a" "a"
        OracleCase("mustRegexMatch", [.string("[z-a]"), .string("a")], error: "error parsing regexp: invalid character class range: `z-a`"),  // mustRegexMatch "[z-a]" "a"
        OracleCase("mustRegexMatch", [.string("a**"), .string("a")], error: "error parsing regexp: invalid nested repetition operator: `**`"),  // mustRegexMatch "a**" "a"
        OracleCase("mustRegexMatch", [.string("a++"), .string("a")], error: "error parsing regexp: invalid nested repetition operator: `++`"),  // mustRegexMatch "a++" "a"
        OracleCase("mustRegexMatch", [.string("*a"), .string("a")], error: "error parsing regexp: missing argument to repetition operator: `*`"),  // mustRegexMatch "*a" "a"
        OracleCase("mustRegexMatch", [.string("+"), .string("a")], error: "error parsing regexp: missing argument to repetition operator: `+`"),  // mustRegexMatch "+" "a"
        OracleCase("mustRegexMatch", [.string("?"), .string("a")], error: "error parsing regexp: missing argument to repetition operator: `?`"),  // mustRegexMatch "?" "a"
        OracleCase("mustRegexMatch", [.string("\\q"), .string("a")], error: "error parsing regexp: invalid escape sequence: `\\q`"),  // mustRegexMatch "\\q" "a"
        OracleCase("mustRegexMatch", [.string("\\"), .string("a")], error: "error parsing regexp: trailing backslash at end of expression: ``"),  // mustRegexMatch "\\" "a"
        OracleCase("mustRegexMatch", [.string("(?P<n"), .string("a")], error: "error parsing regexp: invalid named capture: `(?P<n`"),  // mustRegexMatch "(?P<n" "a"
        OracleCase("mustRegexMatch", [.string("(?P<>a)"), .string("a")], error: "error parsing regexp: invalid named capture: `(?P<>`"),  // mustRegexMatch "(?P<>a)" "a"
        OracleCase("mustRegexMatch", [.string("(?P<1a>x)"), .string("a")], type: "bool", printed: "false"),
        OracleCase("mustRegexMatch", [.string("x{2,1}"), .string("a")], error: "error parsing regexp: invalid repeat count: `{2,1}`"),  // mustRegexMatch "x{2,1}" "a"
        OracleCase("mustRegexMatch", [.string("x{1001}"), .string("a")], error: "error parsing regexp: invalid repeat count: `{1001}`"),  // mustRegexMatch "x{1001}" "a"
        OracleCase("mustRegexMatch", [.string("[[:foo:]]"), .string("a")], error: "error parsing regexp: invalid character class range: `[:foo:]`"),  // mustRegexMatch "[[:foo:]]" "a"
        OracleCase("mustRegexMatch", [.string("(?z)"), .string("a")], error: "error parsing regexp: invalid or unsupported Perl syntax: `(?z`"),  // mustRegexMatch "(?z)" "a"
        OracleCase("mustRegexMatch", [.string("a{,3}"), .string("a")], type: "bool", printed: "false"),
        OracleCase("mustRegexMatch", [.string("\\8"), .string("a")], error: "error parsing regexp: invalid escape sequence: `\\8`"),  // mustRegexMatch "\\8" "a"
        OracleCase("mustRegexMatch", [.string("(?<name>a)"), .string("a")], type: "bool", printed: "true"),
        OracleCase("mustRegexMatch", [.string("\\Z"), .string("a")], error: "error parsing regexp: invalid escape sequence: `\\Z`"),  // mustRegexMatch "\\Z" "a"
        OracleCase("mustRegexMatch", [.string("a|*"), .string("a")], error: "error parsing regexp: missing argument to repetition operator: `*`"),  // mustRegexMatch "a|*" "a"
        OracleCase("mustRegexMatch", [.string("()"), .string("a")], type: "bool", printed: "true"),
        OracleCase("mustRegexMatch", [.string("(|a)"), .string("a")], type: "bool", printed: "true"),
        OracleCase("mustRegexMatch", [.string("[^]"), .string("a")], error: "error parsing regexp: missing closing ]: `[^]`"),  // mustRegexMatch "[^]" "a"
        OracleCase("mustRegexMatch", [.string("[]"), .string("a")], error: "error parsing regexp: missing closing ]: `[]`"),  // mustRegexMatch "[]" "a"
        OracleCase("mustRegexMatch", [.string("x{2}{3}"), .string("a")], error: "error parsing regexp: invalid nested repetition operator: `{2}{3}`"),  // mustRegexMatch "x{2}{3}" "a"
        OracleCase("mustRegexMatch", [.string("\\C"), .string("a")], error: "error parsing regexp: invalid escape sequence: `\\C`"),  // mustRegexMatch "\\C" "a"
        OracleCase("regexReplaceAll", [.string("(?<name>a)"), .string("xay"), .string("[${name}]")], type: "string", printed: "x[a]y"),
        OracleCase("regexReplaceAll", [.string("(a)(b)?"), .string("ab a"), .string("<$2|$1>")], type: "string", printed: "<b|a> <|a>"),
        OracleCase("regexReplaceAll", [.string("(?s)a.b"), .string("a\nb"), .string("X")], type: "string", printed: "X"),
        OracleCase("regexReplaceAll", [.string("a.b"), .string("a\nb"), .string("X")], type: "string", printed: "a\nb"),
        OracleCase("regexReplaceAll", [.string("a.b"), .string("a\rb"), .string("X")], type: "string", printed: "X"),
        OracleCase("regexFindAll", [.string("(?U)a+"), .string("aaa"), .int(-1)], type: "[]string", printed: "[a a a]"),
        OracleCase("regexFindAll", [.string("a+?"), .string("aaa"), .int(-1)], type: "[]string", printed: "[a a a]"),
        OracleCase("regexFindAll", [.string("\\d"), .string("١2"), .int(-1)], type: "[]string", printed: "[2]"),
        OracleCase("regexFindAll", [.string("^"), .string("a\nb"), .int(-1)], type: "[]string", printed: "[]"),
        OracleCase("regexFindAll", [.string("(?m)^."), .string("ab\ncd"), .int(-1)], type: "[]string", printed: "[a c]"),
        OracleCase("regexFindAll", [.string("(?m)$"), .string("a\nb"), .int(-1)], type: "[]string", printed: "[ ]"),
        OracleCase("regexFindAll", [.string(".$"), .string("ab\n"), .int(-1)], type: "[]string", printed: "[]"),
        OracleCase("regexFindAll", [.string("é|."), .string("héllo"), .int(-1)], type: "[]string", printed: "[h é l l o]"),
        OracleCase("regexSplit", [.string(""), .string("héllo"), .int(-1)], type: "[]string", printed: "[h é l l o]"),
        OracleCase("regexFindAll", [.string("\\x41\\x{42}"), .string("AB"), .int(-1)], type: "[]string", printed: "[AB]"),
        OracleCase("regexFindAll", [.string("[\\x{41}-\\x{43}]+"), .string("ABCD"), .int(-1)], type: "[]string", printed: "[ABC]"),
        OracleCase("regexFindAll", [.string("\\S+"), .string(" a b  c "), .int(-1)], type: "[]string", printed: "[a b c]"),
        OracleCase("regexFindAll", [.string("\\W"), .string("a-é"), .int(-1)], type: "[]string", printed: "[- é]"),
        OracleCase("regexFindAll", [.string("\\b\\w"), .string("héllo wörld"), .int(-1)], type: "[]string", printed: "[h l w r]"),
        OracleCase("regexFindAll", [.string("[[:upper:][:digit:]]+"), .string("aBC12d"), .int(-1)], type: "[]string", printed: "[BC12]"),
        OracleCase("regexFindAll", [.string("[^[:space:]]+"), .string("a b"), .int(-1)], type: "[]string", printed: "[a b]"),
        OracleCase("regexFindAll", [.string("\\p{Greek}+"), .string("abγδ"), .int(-1)], type: "[]string", printed: "[γδ]"),
        OracleCase("regexFindAll", [.string("\\PL+"), .string("ab12"), .int(-1)], type: "[]string", printed: "[12]"),
        OracleCase("regexFindAll", [.string("a{2,}"), .string("aaaaa a aa"), .int(-1)], type: "[]string", printed: "[aaaaa aa]"),
        OracleCase("regexFindAll", [.string("(?i)straße"), .string("STRASSE straße"), .int(-1)], type: "[]string", printed: "[straße]"),
        OracleCase("regexFindAll", [.string("[a-c-e]"), .string("b-d"), .int(-1)], type: "[]string", printed: "[b -]"),
        OracleCase("regexReplaceAll", [.string(""), .string("abc"), .string("-")], type: "string", printed: "-a-b-c-"),
        OracleCase("regexReplaceAll", [.string("b*"), .string("abc"), .string("-")], type: "string", printed: "-a-c-"),
        OracleCase("regexReplaceAllLiteral", [.string("b"), .string("abc"), .string("$1")], type: "string", printed: "a$1c"),
        OracleCase("title", [.string("hello world")], type: "string", printed: "Hello World"),
        OracleCase("title", [.string("ǆemal")], type: "string", printed: "ǅemal"),
        OracleCase("upper", [.string("straße ǆ")], type: "string", printed: "STRAßE Ǆ"),
        OracleCase("lower", [.string("İSTANBUL ǅ")], type: "string", printed: "istanbul ǆ"),
        OracleCase("swapcase", [.string("ǅa Hello")], type: "string", printed: "ǆA hELLO"),
        OracleCase("quote", [.string("ÿ﻿😀")], type: "string", printed: "\"ÿ\\ufeff😀\""),
        OracleCase("quote", [.string("\u{7f}")], type: "string", printed: "\"\\x7f\""),
        OracleCase("toString", [.float(100000.0)], type: "string", printed: "100000"),
        OracleCase("toString", [.float(1.0)], type: "string", printed: "1"),
        OracleCase("toString", [.float(-0.0)], type: "string", printed: "-0"),
        OracleCase("toString", [.float(123456789.0)], type: "string", printed: "1.23456789e+08"),
        OracleCase("toString", [.float(1.5e+300)], type: "string", printed: "1.5e+300"),
        OracleCase("toString", [.float(5e-324)], type: "string", printed: "5e-324"),
        OracleCase("toString", [.list([.float(1.5), .float(1000000.0), .null, .strings(["a"])])], type: "string", printed: "[1.5 1e+06 <nil> [a]]"),
        OracleCase("toString", [.map(["z": .list([]), "a": .map([:])])], type: "string", printed: "map[a:map[] z:[]]"),
        OracleCase("float64", [.string("1e400")], type: "float64", printed: "0"),
        OracleCase("float64", [.string("-0")], type: "float64", printed: "-0"),
        OracleCase("int", [.string("-9223372036854775808")], type: "int", printed: "-9223372036854775808"),
        OracleCase("int64", [.float(-1e+19)], type: "int64", printed: "-9223372036854775808"),
        OracleCase("int64", [.float(9.3e+18)], type: "int64", printed: "-9223372036854775808"),
        OracleCase("float64", [.string("0x10")], type: "float64", printed: "0"),
        OracleCase("int", [.string("0X1F")], type: "int", printed: "31"),
        OracleCase("int", [.string("1__0")], type: "int", printed: "0"),
        OracleCase("int", [.string("_10")], type: "int", printed: "0"),
        OracleCase("int", [.string("0_10")], type: "int", printed: "8"),
        OracleCase("atoi", [.string("99999999999999999999")], type: "int", printed: "9223372036854775807"),
        OracleCase("add", [.string("1.5"), .string("2")], type: "int64", printed: "2"),
        OracleCase("add", [.float(1e+19)], type: "int64", printed: "-9223372036854775808"),
        OracleCase("mul", [.int(1), .string("x")], type: "int64", printed: "0"),
        OracleCase("round", [.float(1.005), .int(2)], type: "float64", printed: "1"),
        OracleCase("round", [.float(-1.5), .int(0)], type: "float64", printed: "-2"),
        OracleCase("round", [.int(5), .int(-1)], type: "float64", printed: "10"),
        OracleCase("floor", [.null], type: "float64", printed: "0"),
        OracleCase("ceil", [.bool(true)], type: "float64", printed: "1"),
        OracleCase("divf", [.int(1), .int(3)], type: "float64", printed: "0.3333333333333333"),
        OracleCase("divf", [.int(2), .int(3)], type: "float64", printed: "0.6666666666666667"),
        OracleCase("divf", [.int(-2), .int(3)], type: "float64", printed: "-0.6666666666666667"),
        OracleCase("mulf", [.float(1e+20), .float(1e+20)], type: "float64", printed: "1e+40"),
        OracleCase("addf", [.float(1e+300), .float(1e+300)], type: "float64", printed: "2e+300"),
        OracleCase("subf", [.int(0), .float(0.1), .float(0.2)], type: "float64", printed: "-0.3"),
        OracleCase("maxf", [.float(-0.0), .float(0.0)], type: "float64", printed: "0"),
        OracleCase("minf", [.string("nan"), .int(1)], type: "float64", printed: "NaN"),
        OracleCase("seq", [.int(1), .int(1)], type: "string", printed: "1"),
        OracleCase("seq", [.int(3), .int(0), .int(1)], type: "string", printed: ""),
        OracleCase("seq", [.int(1), .int(0), .int(3)], type: "string", printed: ""),
        OracleCase("untilStep", [.int(0), .int(5), .int(0)], type: "[]int", printed: "[]"),
        OracleCase("has", [.int(1), .list([.int(1), .int(2)])], type: "bool", printed: "true"),
        OracleCase("has", [.float(1.0), .list([.int(1)])], type: "bool", printed: "false"),
        OracleCase("has", [.null, .list([.null])], type: "bool", printed: "true"),
        OracleCase("has", [.string("a"), .string("abc")], error: "Cannot find has on type string"),  // has "a" "abc"
        OracleCase("without", [.strings(["a", "b"]), .string("a")], type: "[]interface {}", printed: "[b]"),
        OracleCase("uniq", [.strings(["a", "a"])], type: "[]interface {}", printed: "[a]"),
        OracleCase("first", [.strings([])], type: "<nil>", printed: "<nil>"),
        OracleCase("compact", [.strings(["a", "", "b"])], type: "[]interface {}", printed: "[a b]"),
        OracleCase("slice", [.strings(["a", "b", "c"])], type: "[]string", printed: "[a b c]"),
        OracleCase("slice", [.list([.int(1), .int(2), .int(3)]), .int(3)], type: "[]interface {}", printed: "[]"),
        OracleCase("slice", [.list([.int(1), .int(2), .int(3)]), .int(2), .int(1)], error: "reflect.Value.Slice: slice index out of bounds"),  // slice (list 1 2 3) 2 1
        OracleCase("slice", [.list([.int(1), .int(2), .int(3)]), .int(-1)], error: "reflect.Value.Slice: slice index out of bounds"),  // slice (list 1 2 3) -1
        OracleCase("sortAlpha", [.list([.string("b"), .null, .string("a")])], type: "[]string", printed: "[a b]"),
        OracleCase("sortAlpha", [.null], type: "[]string", printed: "[<nil>]"),
        OracleCase("sortAlpha", [.map(["a": .int(1)])], type: "[]string", printed: "[map[a:1]]"),
        OracleCase("join", [.string(", "), .null], type: "string", printed: ""),
        OracleCase("join", [.string("-"), .list([.list([.int(1), .int(2)]), .map(["a": .int(1)])])], type: "string", printed: "[1 2]-map[a:1]"),
        OracleCase("toStrings", [.list([.float(1000000.0), .bool(true)])], type: "[]string", printed: "[1e+06 true]"),
        OracleCase("dict", [.string("a")], type: "map[string]interface {}", printed: "map[a:]"),
        OracleCase("dict", [.null, .int(1)], type: "map[string]interface {}", printed: "map[<nil>:1]"),
        OracleCase("get", [.map(["a": .null]), .string("a")], type: "<nil>", printed: "<nil>"),
        OracleCase("hasKey", [.null, .string("a")], type: "bool", printed: "false"),
        OracleCase("pick", [.map(["a": .int(1)])], type: "map[string]interface {}", printed: "map[]"),
        OracleCase("omit", [.map(["a": .int(1)])], type: "map[string]interface {}", printed: "map[a:1]"),
        OracleCase("pluck", [.string("a"), .null, .map(["a": .int(1)])], type: "[]interface {}", printed: "[1]"),
        OracleCase("dig", [.string("a"), .string("b"), .string("c"), .string("def"), .map(["a": .map(["b": .map(["c": .int(0)])])])], type: "int", printed: "0"),
        OracleCase("dig", [.int(1), .string("def"), .map([:])], error: "interface conversion: interface {} is int, not string"),  // dig 1 "def" (dict )
        OracleCase("coalesce", [.list([]), .map([:]), .string("x")], type: "string", printed: "x"),
        OracleCase("splitList", [.string("ab"), .string("xabyabz")], type: "[]string", printed: "[x y z]"),
        OracleCase("split", [.string(""), .string("ab")], type: "map[string]string", printed: "map[_0:a _1:b]"),
        OracleCase("splitn", [.string(""), .int(2), .string("abc")], type: "map[string]string", printed: "map[_0:a _1:bc]"),
        OracleCase("base", [.string("a/b//")], type: "string", printed: "b"),
        OracleCase("ext", [.string("a.b/c")], type: "string", printed: ""),
        OracleCase("dir", [.string("a")], type: "string", printed: "."),
        OracleCase("clean", [.string("/../a/./b/../../c")], type: "string", printed: "/c"),
        OracleCase("b64enc", [.string("")], type: "string", printed: ""),
        OracleCase("b64dec", [.string("")], type: "string", printed: ""),
        OracleCase("b64dec", [.string("YQ==")], type: "string", printed: "a"),
        OracleCase("b64dec", [.string("YQ")], type: "string", printed: "illegal base64 data at input byte 0"),
        OracleCase("b64dec", [.string("YQ=")], type: "string", printed: "illegal base64 data at input byte 3"),
        OracleCase("b64dec", [.string("Y")], type: "string", printed: "illegal base64 data at input byte 0"),
        OracleCase("b64dec", [.string("YWJj\nZGVm")], type: "string", printed: "abcdef"),
        OracleCase("b64dec", [.string("====")], type: "string", printed: "illegal base64 data at input byte 0"),
        OracleCase("b32enc", [.string("a")], type: "string", printed: "ME======"),
        OracleCase("b32dec", [.string("ME======")], type: "string", printed: "a"),
        OracleCase("b32dec", [.string("ME")], type: "string", printed: "illegal base32 data at input byte 0"),
        OracleCase("b32dec", [.string("me======")], type: "string", printed: "illegal base32 data at input byte 0"),
        OracleCase("b32dec", [.string("MFRGG===")], type: "string", printed: "abc"),
        OracleCase("urlParse", [.string("https://example.com/a?b#")], type: "map[string]interface {}", printed: "map[fragment: host:example.com hostname:example.com opaque: path:/a query:b scheme:https userinfo:]"),
        OracleCase("urlParse", [.string("http://host:port/")], error: "unable to parse url: parse \"http://host:port/\": invalid port \":port\" after host"),  // urlParse "http://host:port/"
        OracleCase("urlParse", [.string("http://a b.com/")], error: "unable to parse url: parse \"http://a b.com/\": invalid character \" \" in host name"),  // urlParse "http://a b.com/"
        OracleCase("urlParse", [.string("//host/p")], type: "map[string]interface {}", printed: "map[fragment: host:host hostname:host opaque: path:/p query: scheme: userinfo:]"),
        OracleCase("urlParse", [.string("rel/a:b")], type: "map[string]interface {}", printed: "map[fragment: host: hostname: opaque: path:rel/a:b query: scheme: userinfo:]"),
        OracleCase("urlParse", [.string("?q=1")], type: "map[string]interface {}", printed: "map[fragment: host: hostname: opaque: path: query:q=1 scheme: userinfo:]"),
        OracleCase("urlParse", [.string("http://h/a%2Fb")], type: "map[string]interface {}", printed: "map[fragment: host:h hostname:h opaque: path:/a/b query: scheme:http userinfo:]"),
        OracleCase("urlJoin", [.map(["scheme": .string("http"), "host": .string("h"), "path": .string("/a?b#c%")])], type: "string", printed: "http://h/a%3Fb%23c%25"),
        OracleCase("urlJoin", [.map(["host": .string("h")])], type: "string", printed: "//h"),
        OracleCase("urlJoin", [.map(["scheme": .string("file"), "path": .string("/x")])], type: "string", printed: "file:///x"),
        OracleCase("urlJoin", [.map(["fragment": .string("a b!()*")])], type: "string", printed: "#a%20b!()*"),
        OracleCase("semverCompare", [.string(">= 1.2.3 < 2"), .string("1.5.0")], type: "bool", printed: "true"),
        OracleCase("semverCompare", [.string("^1.2.3-alpha"), .string("1.2.3-beta")], type: "bool", printed: "true"),
        OracleCase("semverCompare", [.string("~0"), .string("0.9.0")], type: "bool", printed: "true"),
        OracleCase("semverCompare", [.string("<1.2.3"), .string("1.2.3-alpha")], type: "bool", printed: "false"),
        OracleCase("semverCompare", [.string("<1.2.3-0"), .string("1.2.3-alpha")], type: "bool", printed: "false"),
        OracleCase("semverCompare", [.string(">=v1.2"), .string("v1.3")], type: "bool", printed: "true"),
        OracleCase("semverCompare", [.string("1.2.*"), .string("1.2.99")], type: "bool", printed: "true"),
        OracleCase("semverCompare", [.string(">=1.2.3 || <1"), .string("0.5.0")], type: "bool", printed: "true"),
        OracleCase("semverCompare", [.string("1.2.3 - 2"), .string("2.9.0")], type: "bool", printed: "true"),
        OracleCase("semverCompare", [.string(" >=1 "), .string("1.0.0")], type: "bool", printed: "true"),
        OracleCase("semver", [.string("v1.2.3-beta.01")], error: "version segment starts with 0"),  // semver "v1.2.3-beta.01"
        OracleCase("semver", [.string("1.2.3-be_ta")], error: "invalid semantic version"),  // semver "1.2.3-be_ta"
        OracleCase("semver", [.string("1.2.3+")], error: "invalid semantic version"),  // semver "1.2.3+"
        OracleCase("semver", [.string(" 1.2.3")], error: "invalid semantic version"),  // semver " 1.2.3"
    ]
}
