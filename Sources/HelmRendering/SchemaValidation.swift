/// values.schema.json validation as Helm v4 does it (santhosh-tekuri/jsonschema v6 messages):
/// type, required, properties, patternProperties, additionalProperties, enum, const, items,
/// min/maxItems, uniqueItems, minimum/maximum (and exclusive), multipleOf, pattern,
/// min/maxLength, min/maxProperties, anyOf/oneOf/allOf/not, if/then/else, `$ref` (within the schema, or to
/// documents loaded as Helm loads them: see ``SchemaDocuments``).
public enum SchemaValidation {
    /// Validates `values` against the schemas of `chart` and its subcharts; returns Helm's error text or nil.
    public static func validate(chart: Chart, values: GoMap) throws -> String? {
        var sb = ""
        if let schemaBytes = chart.schema {
            var scanner = JSONValueScanner(schemaBytes)
            let schema: TemplateValue
            do { schema = try scanner.parseValue() } catch {
                throw RenderError("\(chart.name):\n\(error)")
            }
            // A document that cannot be loaded is this chart's error (Helm: no newline after it);
            // subcharts are still checked.
            switch Result(catching: { try SchemaDocuments(root: schema) }) {
            case .success(let documents):
                let validator = SchemaValidator(documents: documents, base: SchemaDocuments.rootURL)
                let errors: [SchemaError]
                var found: [SchemaError]
                if case .map(let rootSchema) = schema {
                    found = validator.validate(.map(values), rootSchema, "", grouped: false)
                } else {
                    found = validator.validate(.map(values), schema: schema, pointer: "")
                }
                // jsonschema v6 lists a group's causes at the top when the group is the only error
                // (one location failing several keywords), as it lists the root's own errors.
                if found.count == 1 && found[0].isGroup { found = found[0].causes }
                errors = found
                if !errors.isEmpty {
                    sb += "\(chart.name):\n"
                    for e in errors { sb += e.render(indent: 0) }
                }
            case .failure(let error):
                sb += "\(chart.name):\n\((error as? SchemaDocuments.LoadError)?.message ?? "\(error)")"
            }
        }
        for sub in chart.dependencies {
            guard let raw = values[sub.name] else { continue }
            if case .null = raw { continue }
            guard case .map(let m) = raw else {
                sb += "\(sub.name):\ninvalid type for values: expected object (map), got \(raw.goTypeName)\n"
                continue
            }
            if let e = try validate(chart: sub, values: m) { sb += e }
        }
        return sb.isEmpty ? nil : sb
    }
}

struct SchemaError {
    var pointer: String
    var message: String
    var causes: [SchemaError] = []
    /// Whether this is jsonschema's `kind.Group` (several errors at one location: "validation failed").
    var isGroup = false

    func render(indent: Int) -> String {
        var s = String(repeating: "  ", count: indent) + "- at '\(pointer)': \(message)\n"
        for c in causes { s += c.render(indent: indent + 1) }
        return s
    }
}

struct SchemaValidator {
    /// Every document the schema refers to (loaded before validation, as Helm compiles the schema).
    var documents: SchemaDocuments
    /// The URL of the document whose schemas this validator applies; `$ref`s are relative to it.
    var base: String

    /// The schema `ref` names and a validator for the document it is in.
    func resolve(_ ref: String) -> (validator: SchemaValidator, schema: TemplateValue)? {
        guard let (schema, document) = documents.resolve(ref, base: base) else { return nil }
        if document == base { return (self, schema) }
        var other = self
        other.base = document
        return (other, schema)
    }

    static func typeName(_ v: TemplateValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .int64, .float: return "number"
        case .string: return "string"
        case .list, .strings, .bytes: return "array"
        case .map, .object: return "object"
        }
    }

    static func number(_ v: TemplateValue) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .int64(let i): return Double(i)
        case .float(let f): return f
        default: return nil
        }
    }

    static func matchesType(_ v: TemplateValue, _ t: String) -> Bool {
        switch t {
        case "integer": if let n = number(v) { return n == n.rounded() } else { return false }
        case "number": return number(v) != nil
        default: return typeName(v) == t
        }
    }

    /// Numbers as jsonschema v6 prints them (golang.org/x/text: thousands separated by commas).
    static func formatNumber(_ d: Double) -> String {
        var text = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        var intPart = String(parts[0])
        if intPart.allSatisfy(\.isNumber) && intPart.count > 3 {
            var grouped = ""
            for (i, c) in intPart.enumerated() {
                if i > 0 && (intPart.count - i) % 3 == 0 { grouped += "," }
                grouped.append(c)
            }
            intPart = grouped
        }
        return (negative ? "-" : "") + intPart + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func formatValue(_ v: TemplateValue) -> String {
        switch v {
        case .string(let s): return "'\(s)'"
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        default:
            if let n = number(v) { return formatNumber(n) }
            return jsonText(v)
        }
    }

    static func jsonText(_ v: TemplateValue) -> String {
        switch v {
        case .map(let m): return "{" + m.sortedKeys.map { "\"\($0)\":" + jsonText(m[$0]!) }.joined(separator: ",") + "}"
        case .list(let l): return "[" + l.map(jsonText).joined(separator: ",") + "]"
        case .string(let s): return "\"\(s)\""
        default: return formatValue(v)
        }
    }

    static func jsonEqual(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { jsonEqual($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && x.entries.allSatisfy { k, v in y[k].map { jsonEqual(v, $0) } ?? false }
        default: return false
        }
    }

    func validate(_ v: TemplateValue, schema: TemplateValue, pointer: String) -> [SchemaError] {
        switch schema {
        case .bool(let b): return b ? [] : [SchemaError(pointer: pointer, message: "false schema")]
        case .map(let s): return validate(v, s, pointer)
        default: return []
        }
    }

    private func group(_ errors: [SchemaError], _ pointer: String) -> [SchemaError] {
        errors.count <= 1 ? errors : [SchemaError(pointer: pointer, message: "validation failed", causes: errors, isGroup: true)]
    }

    func validate(_ v: TemplateValue, _ s: GoMap, _ ptr: String, grouped: Bool = true) -> [SchemaError] {
        // A schema with an `$id` is a resource of its own: references inside it are relative to it.
        if let id = documents.identifiers[ObjectIdentifier(s)], id != base {
            var inner = self
            inner.base = id
            return inner.validateResource(v, s, ptr, grouped: grouped)
        }
        return validateResource(v, s, ptr, grouped: grouped)
    }

    private func validateResource(_ v: TemplateValue, _ s: GoMap, _ ptr: String, grouped: Bool) -> [SchemaError] {
        var errs: [SchemaError] = []
        if case .string(let ref)? = s["$ref"], let (validator, target) = resolve(ref) {
            // A reference's errors are jsonschema's `kind.Reference`, printed as a group but never
            // lifted to the top as a lone group is.
            errs += validator.validate(v, schema: target, pointer: ptr).map { error in
                var reference = error
                reference.isGroup = false
                return reference
            }
        }
        // type
        if let t = s["type"] {
            var types: [String] = []
            if case .string(let one) = t { types = [one] }
            if case .list(let many) = t { types = many.compactMap(\.stringValue) }
            if !types.isEmpty && !types.contains(where: { Self.matchesType(v, $0) }) {
                return (grouped ? group : { e, _ in e })(errs + [SchemaError(pointer: ptr, message: "got \(Self.typeName(v)), want \(types.sorted().joined(separator: " or "))")], ptr)
            }
        }
        if case .list(let options)? = s["enum"], !options.contains(where: { Self.jsonEqual($0, v) }) {
            errs.append(SchemaError(pointer: ptr, message: "value must be one of " + options.map(Self.formatValue).joined(separator: ", ")))
        }
        if let c = s["const"], !Self.jsonEqual(c, v) {
            errs.append(SchemaError(pointer: ptr, message: "value must be \(Self.formatValue(c))"))
        }
        if let n = Self.number(v) {
            if let m = s["minimum"].flatMap(Self.number), n < m { errs.append(SchemaError(pointer: ptr, message: "minimum: got \(Self.formatNumber(n)), want \(Self.formatNumber(m))")) }
            if let m = s["maximum"].flatMap(Self.number), n > m { errs.append(SchemaError(pointer: ptr, message: "maximum: got \(Self.formatNumber(n)), want \(Self.formatNumber(m))")) }
            if let m = s["exclusiveMinimum"].flatMap(Self.number), n <= m { errs.append(SchemaError(pointer: ptr, message: "exclusiveMinimum: got \(Self.formatNumber(n)), want \(Self.formatNumber(m))")) }
            if let m = s["exclusiveMaximum"].flatMap(Self.number), n >= m { errs.append(SchemaError(pointer: ptr, message: "exclusiveMaximum: got \(Self.formatNumber(n)), want \(Self.formatNumber(m))")) }
            if let m = s["multipleOf"].flatMap(Self.number), m != 0, (n / m) != (n / m).rounded() { errs.append(SchemaError(pointer: ptr, message: "multipleOf: got \(Self.formatNumber(n)), want \(Self.formatNumber(m))")) }
        }
        if case .string(let str) = v {
            let length = str.unicodeScalars.count
            if let m = s["minLength"].flatMap(Self.number), Double(length) < m { errs.append(SchemaError(pointer: ptr, message: "minLength: got \(length), want \(Self.formatNumber(m))")) }
            if let m = s["maxLength"].flatMap(Self.number), Double(length) > m { errs.append(SchemaError(pointer: ptr, message: "maxLength: got \(length), want \(Self.formatNumber(m))")) }
            if case .string(let pattern)? = s["pattern"], let re = try? NSRegularExpression(pattern: pattern),
               re.firstMatch(in: str, range: NSRange(str.startIndex..., in: str)) == nil {
                errs.append(SchemaError(pointer: ptr, message: "'\(str)' does not match pattern '\(pattern)'"))
            }
        }
        if case .list(let items) = v {
            if let m = s["minItems"].flatMap(Self.number), Double(items.count) < m { errs.append(SchemaError(pointer: ptr, message: "minItems: got \(items.count), want \(Self.formatNumber(m))")) }
            if let m = s["maxItems"].flatMap(Self.number), Double(items.count) > m { errs.append(SchemaError(pointer: ptr, message: "maxItems: got \(items.count), want \(Self.formatNumber(m))")) }
            if case .bool(true)? = s["uniqueItems"] {
                outer: for i in items.indices { for j in items.indices where j > i && Self.jsonEqual(items[i], items[j]) {
                    errs.append(SchemaError(pointer: ptr, message: "items at \(i) and \(j) are equal")); break outer
                } }
            }
            if let itemSchema = s["items"] {
                if case .list(let tuple) = itemSchema {
                    for (i, item) in items.enumerated() where i < tuple.count {
                        errs += validate(item, schema: tuple[i], pointer: ptr + "/\(i)")
                    }
                } else {
                    for (i, item) in items.enumerated() { errs += validate(item, schema: itemSchema, pointer: ptr + "/\(i)") }
                }
            }
        }
        if case .map(let obj) = v {
            if case .list(let req)? = s["required"] {
                let missing = req.compactMap(\.stringValue).filter { obj[$0] == nil }
                if missing.count == 1 { errs.append(SchemaError(pointer: ptr, message: "missing property '\(missing[0])'")) }
                else if missing.count > 1 { errs.append(SchemaError(pointer: ptr, message: "missing properties " + missing.map { "'\($0)'" }.joined(separator: ", "))) }
            }
            if let m = s["minProperties"].flatMap(Self.number), Double(obj.count) < m { errs.append(SchemaError(pointer: ptr, message: "minProperties: got \(obj.count), want \(Self.formatNumber(m))")) }
            if let m = s["maxProperties"].flatMap(Self.number), Double(obj.count) > m { errs.append(SchemaError(pointer: ptr, message: "maxProperties: got \(obj.count), want \(Self.formatNumber(m))")) }
            var props: GoMap? = nil
            if case .map(let p)? = s["properties"] { props = p }
            var patternProps: [(NSRegularExpression, TemplateValue)] = []
            if case .map(let pp)? = s["patternProperties"] {
                for (k, sub) in pp.entries { if let re = try? NSRegularExpression(pattern: k) { patternProps.append((re, sub)) } }
            }
            var additional: [String] = []
            for key in obj.sortedKeys {
                let value = obj[key]!
                let childPtr = ptr + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                var matched = false
                if let sub = props?[key] { matched = true; errs += validate(value, schema: sub, pointer: childPtr) }
                for (re, sub) in patternProps where re.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil {
                    matched = true; errs += validate(value, schema: sub, pointer: childPtr)
                }
                if !matched, let ap = s["additionalProperties"] {
                    if case .bool(false) = ap { additional.append(key) }
                    else if case .map = ap { errs += validate(value, schema: ap, pointer: childPtr) }
                }
            }
            if !additional.isEmpty {
                errs.append(SchemaError(pointer: ptr, message: "additional properties " + additional.map { "'\($0)'" }.joined(separator: ", ") + " not allowed"))
            }
        }
        if case .list(let subs)? = s["allOf"] {
            let failed = subs.flatMap { validate(v, schema: $0, pointer: ptr) }
            if !failed.isEmpty { errs.append(SchemaError(pointer: ptr, message: "'allOf' failed", causes: failed)) }
        }
        if case .list(let subs)? = s["anyOf"] {
            var causes: [SchemaError] = []
            var ok = false
            for sub in subs { let e = validate(v, schema: sub, pointer: ptr); if e.isEmpty { ok = true; break }; causes += e }
            if !ok { errs.append(SchemaError(pointer: ptr, message: "'anyOf' failed", causes: causes)) }
        }
        if case .list(let subs)? = s["oneOf"] {
            var matched: [Int] = []
            var causes: [SchemaError] = []
            for (i, sub) in subs.enumerated() { let e = validate(v, schema: sub, pointer: ptr); if e.isEmpty { matched.append(i) } else { causes += e } }
            if matched.isEmpty { errs.append(SchemaError(pointer: ptr, message: "'oneOf' failed, none matched", causes: causes)) }
            else if matched.count > 1 { errs.append(SchemaError(pointer: ptr, message: "'oneOf' failed, subschemas \(matched.map(String.init).joined(separator: ", ")) matched")) }
        }
        if let not = s["not"], validate(v, schema: not, pointer: ptr).isEmpty {
            errs.append(SchemaError(pointer: ptr, message: "'not' failed"))
        }
        if let cond = s["if"] {
            if validate(v, schema: cond, pointer: ptr).isEmpty {
                if let then = s["then"] { errs += validate(v, schema: then, pointer: ptr) }
            } else if let els = s["else"] {
                errs += validate(v, schema: els, pointer: ptr)
            }
        }
        return grouped ? group(errs, ptr) : errs
    }
}
