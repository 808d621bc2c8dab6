import Foundation
// Parses every template of two test charts repeatedly (a new set each time, as Helm does per render);
// compiled with the GoTemplate sources by run.sh and count.sh. Usage: parse ROOT [N]
let root = CommandLine.arguments[1]
let n = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 500 : 500
var texts: [(String, String)] = []
for chart in ["basic-app", "big-chart"] {
    let dir = root + "/Tests/charts/" + chart + "/templates"
    for file in try! FileManager.default.contentsOfDirectory(atPath: dir).sorted() where !file.hasSuffix(".txt") {
        texts.append((chart + "/" + file, try! String(contentsOfFile: dir + "/" + file, encoding: .utf8)))
    }
}
var functions: [String: TemplateFunction] = [:]
for name in "add contains default dict env include int mod nindent printf quote replace sha256sum toYaml trimSuffix trunc until upper list tpl required b64enc lower indent semverCompare hasKey get set merge kindIs empty fail".split(separator: " ") {
    functions[String(name)] = { _ in .null }
}
// Prepared once, as ChartRenderer prepares the Sprig library; each render's set shares it.
let library = FunctionLibrary(functions)
let start = Date()
for _ in 0..<n {
    let set = TemplateSet(library: library)
    for (name, text) in texts { try! set.parse(name: name, text: text) }
}
print("per parse of \(texts.count) templates: \(Date().timeIntervalSince(start) / Double(n) * 1e6) us")
