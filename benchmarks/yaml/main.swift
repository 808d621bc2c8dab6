// Throughput of the YAML layer on a synthetic chart-sized values file: decode, toYaml, toJson.
import Foundation

func makeValues(services: Int) -> String {
    var text = "global:\n  imageRegistry: registry.example.com\n  labels:\n    team: platform\n"
    for i in 0..<services {
        text += """
        service\(i):
          enabled: \(i % 2 == 0 ? "true" : "no")
          replicaCount: \(i % 5 + 1)
          image:
            repository: example/service-\(i)
            tag: "1.\(i).0"
            pullPolicy: IfNotPresent
          resources:
            limits: {cpu: 500m, memory: 512Mi}
            requests: {cpu: 100m, memory: 128Mi}
          env:
            - name: LOG_LEVEL
              value: info
            - name: TIMEOUT
              value: "30"
          podAnnotations:
            prometheus.io/scrape: "true"
            description: This is a fairly long description of service number \(i) which goes past the eighty column limit.
          config: |
            server.port=8080
            server.name=service-\(i)

        """
    }
    return text
}

func measure(_ name: String, bytes: Int, repeats: Int, _ body: () throws -> Void) rethrows {
    let start = Date()
    for _ in 0..<repeats { try body() }
    let seconds = Date().timeIntervalSince(start) / Double(repeats)
    print(String(format: "%-10@ %8.2f ms  %7.1f MB/s", name as NSString, seconds * 1000, Double(bytes) / seconds / 1e6))
}

let text = makeValues(services: 2000)
print("values: \(text.utf8.count) bytes")
var value = TemplateValue.null
try measure("decode", bytes: text.utf8.count, repeats: 5) { value = .map(try YAMLDecoding.decodeMap(text)) }
let yaml = YAMLEncoding.toYaml(value)
measure("toYaml", bytes: yaml.utf8.count, repeats: 5) { _ = YAMLEncoding.toYaml(value) }
let json = try JSONEncoding.encode(value)
try measure("toJson", bytes: json.utf8.count, repeats: 5) { _ = try JSONEncoding.encode(value) }
try measure("fromJson", bytes: json.utf8.count, repeats: 5) { _ = try JSONDecoding.decode(json) }
