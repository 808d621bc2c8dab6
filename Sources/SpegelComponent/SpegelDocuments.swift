import GoTemplate
import OCI

/// The documents the component writes itself: the Namespace, the `Spegel` CR and its CRD.
public enum SpegelDocuments {
    /// API group of the `Spegel` custom resource.
    public static let group = "charts.saturncloud.io"
    /// API version of the `Spegel` custom resource.
    public static let version = "v1alpha1"

    /// The `spegel` Namespace with `labels`, framed as a document of a rendered stream.
    public static func namespace(labels: [String: String]) -> String {
        var metadata: [(String, PlainYAML.Node)] = [("name", .string(ComponentValues.namespace))]
        if !labels.isEmpty {
            metadata.append(("labels", PlainYAML.Node(.map(labels.mapValues { TemplateValue.string($0) }))))
        }
        return "---\n# Source: spegelctl/namespace.yaml\n" + PlainYAML.write(.map([
            ("apiVersion", .string("v1")), ("kind", .string("Namespace")), ("metadata", .map(metadata)),
        ]))
    }

    /// The `Spegel` custom resource whose spec is `spec`.
    public static func customResource(spec: TemplateValue) -> String {
        "---\n# Source: spegelctl/spegel.yaml\n" + PlainYAML.write(.map([
            ("apiVersion", .string("\(group)/\(version)")),
            ("kind", .string("Spegel")),
            ("metadata", .map([("name", .string(ComponentValues.releaseName)), ("namespace", .string(ComponentValues.namespace))])),
            ("spec", PlainYAML.Node(spec)),
        ]))
    }

    /// The CustomResourceDefinition of `spegels.charts.saturncloud.io`, its spec schema derived from
    /// ``SpegelSchemas/chartValues``.
    public static func customResourceDefinition() -> String {
        let root: PlainYAML.Node = .map([
            ("type", .string("object")),
            ("description", .string("Spegel deploys the spegel registry mirror; its spec holds the values of the bundled chart.")),
            ("properties", .map([
                ("apiVersion", .map([("type", .string("string"))])),
                ("kind", .map([("type", .string("string"))])),
                ("metadata", .map([("type", .string("object"))])),
                ("spec", openAPI(SpegelSchemas.chartValues)),
                ("status", .map([("type", .string("object")), ("x-kubernetes-preserve-unknown-fields", .scalar("true"))])),
            ])),
        ])
        return PlainYAML.write(.map([
            ("apiVersion", .string("apiextensions.k8s.io/v1")),
            ("kind", .string("CustomResourceDefinition")),
            ("metadata", .map([("name", .string("spegels.\(group)"))])),
            ("spec", .map([
                ("group", .string(group)),
                ("names", .map([
                    ("kind", .string("Spegel")), ("listKind", .string("SpegelList")),
                    ("plural", .string("spegels")), ("singular", .string("spegel")),
                ])),
                ("scope", .string("Namespaced")),
                ("versions", .list([.map([
                    ("name", .string(version)), ("served", .scalar("true")), ("storage", .scalar("true")),
                    ("subresources", .map([("status", .map([]))])),
                    ("schema", .map([("openAPIV3Schema", root)])),
                ])])),
            ])),
        ]))
    }

    /// The OpenAPI v3 schema of a ``ValueSchema``.
    static func openAPI(_ schema: ValueSchema) -> PlainYAML.Node {
        var node: [(String, PlainYAML.Node)] = []
        switch schema {
        case .string: node.append(("type", .string("string")))
        case .integer: node.append(("type", .string("integer")))
        case .boolean: node.append(("type", .string("boolean")))
        case .freeForm:
            node += [("type", .string("object")), ("x-kubernetes-preserve-unknown-fields", .scalar("true"))]
        case .stringMap:
            node += [("type", .string("object")), ("additionalProperties", .map([("type", .string("string"))]))]
        case .array(_, let items):
            node += [("type", .string("array")), ("items", openAPI(items))]
        case .object(_, let properties):
            node.append(("type", .string("object")))
            node.append(("properties", .map(properties.keys.sorted().map { ($0, openAPI(properties[$0]!)) })))
        }
        if !schema.summary.isEmpty { node.insert(("description", .string(schema.summary)), at: 0) }
        return .map(node)
    }
}
