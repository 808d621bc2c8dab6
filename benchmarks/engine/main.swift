import Foundation
// A Helm-like DaemonSet template rendered repeatedly; compiled with the GoTemplate sources by run.sh.
let tpl = """
{{- define "chart.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | trunc 63 }}
{{- end -}}
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ .Release.Name }}
  labels:
    {{- include "chart.labels" . | nindent 4 }}
spec:
  template:
    spec:
      containers:
      {{- range $i, $c := .Values.containers }}
        - name: {{ $c.name | quote }}
          image: "{{ $c.image }}:{{ $c.tag | default "latest" }}"
          {{- if $c.ports }}
          ports:
            {{- range $c.ports }}
            - containerPort: {{ . }}
            {{- end }}
          {{- end }}
          {{- with $c.env }}
          env:
            {{- range $k, $v := . }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          {{- end }}
      {{- end }}
"""
let set = TemplateSet(options: TemplateOptions(missingKey: .zero))
set.addFunctions([
  "include": { [unowned set] a in .string(try set.execute(name: a[0].stringValue!, data: a[1])) },
  "nindent": { a in
     var n = 0
     if case .int(let i) = a[0] { n = i }
     let pad = String(repeating: " ", count: n)
     let lines: [String] = a[1].stringValue!.split(separator: "\n", omittingEmptySubsequences: false).map { pad + String($0) }
     return .string("\n" + lines.joined(separator: "\n")) },
  "quote": { a in .string("\"" + goFormat(a.last!) + "\"") },
  "trunc": { a in .string(String(a[1].stringValue!.prefix(63))) },
  "default": { a in a[1].isTruthy ? a[1] : a[0] },
])
try! set.parse(name: "x", text: tpl)
var containers: [TemplateValue] = []
for i in 0..<10 {
  containers.append(.map(["name": .string("c\(i)"), "image": .string("img"), "tag": .null,
    "ports": .list([.float(80), .float(443)]), "env": .map(["A": .string("1"), "B": .string("2")])]))
}
let data: TemplateValue = .map([
  "Chart": .map(["Name": .string("spegel"), "Version": .string("0.1.0")]),
  "Release": .map(["Name": .string("rel")]),
  "Values": .map(["containers": .list(containers)]),
])
let n = 3000
let start = Date()
var total = 0
for _ in 0..<n { total += try! set.execute(name: "x", data: data).utf8.count }
let el = Date().timeIntervalSince(start)
print("per render: \(el / Double(n) * 1e6) us, bytes \(total / n)")
