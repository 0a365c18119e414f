import Foundation

/// A JSON Schema validator for the subset of JSON Schema (draft 2020-12) that Refrain's report
/// schemas use.
///
/// You get one from schema text (``init(json:)``) or a file (``init(contentsOfFile:)``), then call
/// ``validate(_:definition:)`` with a parsed instance: the result lists every violation, empty when
/// the instance is valid.
///
/// Supported keywords:
/// - structure: `type` (a name or a list of names), `properties`, `required`,
///   `additionalProperties` (boolean or schema), `items` (one schema for every element),
///   `minItems`, `maxItems`;
/// - values: `enum`, `const`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
///   `minLength`, `maxLength` (counted in Unicode scalars);
/// - composition: `$ref` to `#` or `#/$defs/<name>`, `$defs`, `allOf`, `anyOf`, `oneOf`;
/// - boolean schemas `true` and `false`.
///
/// Annotations (`$schema`, `$id`, `$comment`, `title`, `description`, `examples`, `default`,
/// `format`, `deprecated`, `readOnly`, `writeOnly`) are accepted and ignored. Any other keyword
/// makes loading fail with ``JSONSchemaError/unsupportedKeyword(_:schemaPath:)``, so a schema
/// never silently relies on a rule this validator does not check. Every `$ref` is resolved
/// when the schema is loaded.
///
/// Validation costs time linear in the size of the instance times the depth of `anyOf`/`oneOf`
/// nesting. The validator is a value type and `Sendable`.
public struct JSONSchema: Sendable {
    /// The compiled root schema.
    let root: Node
    /// The compiled `$defs` of the root, by name.
    let definitions: [String: Node]

    /// Loads a schema from its JSON text.
    /// - Throws: ``JSONSchemaError`` when the text is not JSON, uses an unsupported keyword, has a
    ///   keyword of the wrong shape, or has a `$ref` that does not resolve.
    public init(json: some Sequence<UInt8>) throws(JSONSchemaError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(json)
        } catch {
            throw JSONSchemaError.invalidJSON(error.reason)
        }
        try self.init(value: value)
    }

    /// Loads a schema from a file.
    /// - Throws: ``JSONSchemaError/unreadable(path:reason:)`` and everything ``init(json:)`` throws.
    public init(contentsOfFile path: String) throws(JSONSchemaError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JSONSchemaError.unreadable(path: path, reason: "no such file or not readable")
        }
        try self.init(json: data)
    }

    /// Compiles an already parsed schema.
    public init(value: JSONValue) throws(JSONSchemaError) {
        var definitions: [String: Node] = [:]
        if let defs = value["$defs"] {
            guard let members = defs.objectValue else {
                throw JSONSchemaError.malformedKeyword("$defs", schemaPath: "#", expected: "an object")
            }
            for name in members.keys.sorted() {
                definitions[name] = try Node.compile(members[name]!, path: "#/$defs/\(name)")
            }
        }
        let root = try Node.compile(value, path: "#")
        var references: [(ref: String, path: String)] = []
        root.collectReferences(into: &references)
        for name in definitions.keys.sorted() { definitions[name]!.collectReferences(into: &references) }
        for (ref, path) in references where ref != "#" {
            guard let name = Self.definitionName(ref) else {
                throw JSONSchemaError.unresolvableReference(ref, schemaPath: path)
            }
            if definitions[name] == nil { throw JSONSchemaError.unresolvableReference(ref, schemaPath: path) }
        }
        self.root = root
        self.definitions = definitions
    }

    /// The names under `$defs`, sorted.
    public var definitionNames: [String] { definitions.keys.sorted() }

    /// Checks `instance` against the root schema, or against `$defs/<definition>` when given.
    /// - Returns: every violation found, in document order; empty when `instance` is valid.
    /// - Precondition: `definition`, when given, is one of ``definitionNames``.
    public func validate(_ instance: JSONValue, definition: String? = nil) -> [SchemaViolation] {
        let node: Node
        if let definition {
            guard let found = definitions[definition] else {
                preconditionFailure("no $defs/\(definition) in this schema")
            }
            node = found
        } else {
            node = root
        }
        var violations: [SchemaViolation] = []
        check(instance, against: node, at: "", into: &violations)
        return violations
    }

    /// Parses `json` and checks it (see ``validate(_:definition:)``).
    /// - Throws: ``JSONValueError`` when `json` is not JSON.
    public func validate(json: some Sequence<UInt8>, definition: String? = nil) throws(JSONValueError) -> [SchemaViolation] {
        validate(try JSONValue.parse(json), definition: definition)
    }

    static func definitionName(_ ref: String) -> String? {
        let prefix = "#/$defs/"
        guard ref.hasPrefix(prefix), ref.count > prefix.count else { return nil }
        let name = String(ref.dropFirst(prefix.count))
        return name.contains("/") ? nil : name
    }

    private func resolve(_ ref: String) -> Node {
        if ref == "#" { return root }
        return definitions[Self.definitionName(ref)!]!
    }

    private func check(_ value: JSONValue, against node: Node, at path: String, into violations: inout [SchemaViolation]) {
        if let always = node.always {
            if !always { violations.append(SchemaViolation(instancePath: path, keyword: "false", message: "no value is allowed here")) }
            return
        }
        if let ref = node.ref { check(value, against: resolve(ref), at: path, into: &violations) }
        if let types = node.types, !types.contains(where: { Self.value(value, hasType: $0) }) {
            let expected = types.count == 1 ? types[0] : "one of " + types.joined(separator: ", ")
            violations.append(SchemaViolation(
                instancePath: path, keyword: "type", message: "expected \(expected), found \(value.typeName)"))
            return
        }
        if let constant = node.constant, !value.jsonEquals(constant) {
            violations.append(SchemaViolation(
                instancePath: path, keyword: "const", message: "expected \(Self.render(constant)), found \(Self.render(value))"))
        }
        if let choices = node.choices, !choices.contains(where: { value.jsonEquals($0) }) {
            violations.append(SchemaViolation(
                instancePath: path, keyword: "enum",
                message: "expected one of \(choices.map(Self.render).joined(separator: ", ")), found \(Self.render(value))"))
        }
        if let number = value.doubleValue {
            checkBounds(number, node, at: path, into: &violations)
        }
        if case .string(let string) = value {
            let length = string.unicodeScalars.count
            if let minLength = node.minLength, length < minLength {
                violations.append(SchemaViolation(instancePath: path, keyword: "minLength", message: "shorter than \(minLength) characters"))
            }
            if let maxLength = node.maxLength, length > maxLength {
                violations.append(SchemaViolation(instancePath: path, keyword: "maxLength", message: "longer than \(maxLength) characters"))
            }
        }
        if case .array(let elements) = value {
            if let minItems = node.minItems, elements.count < minItems {
                violations.append(SchemaViolation(instancePath: path, keyword: "minItems", message: "has \(elements.count) items, fewer than \(minItems)"))
            }
            if let maxItems = node.maxItems, elements.count > maxItems {
                violations.append(SchemaViolation(instancePath: path, keyword: "maxItems", message: "has \(elements.count) items, more than \(maxItems)"))
            }
            if let items = node.items {
                for (index, element) in elements.enumerated() {
                    check(element, against: items, at: path + "/\(index)", into: &violations)
                }
            }
        }
        if case .object(let members) = value {
            for name in node.required where members[name] == nil {
                violations.append(SchemaViolation(instancePath: path, keyword: "required", message: "missing required property \"\(name)\""))
            }
            for name in members.keys.sorted() {
                let member = members[name]!
                let memberPath = path + "/" + Self.escapePointer(name)
                if let property = node.properties[name] {
                    check(member, against: property, at: memberPath, into: &violations)
                } else {
                    switch node.additional {
                    case .allowed:
                        break
                    case .forbidden:
                        violations.append(SchemaViolation(
                            instancePath: path, keyword: "additionalProperties", message: "unexpected property \"\(name)\""))
                    case .schema(let schema):
                        check(member, against: schema, at: memberPath, into: &violations)
                    }
                }
            }
        }
        for part in node.allOf { check(value, against: part, at: path, into: &violations) }
        if !node.anyOf.isEmpty {
            checkAlternatives(value, node.anyOf, keyword: "anyOf", at: path, into: &violations)
        }
        if !node.oneOf.isEmpty {
            checkAlternatives(value, node.oneOf, keyword: "oneOf", at: path, into: &violations)
        }
    }

    private func checkBounds(_ number: Double, _ node: Node, at path: String, into violations: inout [SchemaViolation]) {
        if let minimum = node.minimum, number < minimum {
            violations.append(SchemaViolation(instancePath: path, keyword: "minimum", message: "\(Self.render(number)) is less than \(Self.render(minimum))"))
        }
        if let maximum = node.maximum, number > maximum {
            violations.append(SchemaViolation(instancePath: path, keyword: "maximum", message: "\(Self.render(number)) is greater than \(Self.render(maximum))"))
        }
        if let bound = node.exclusiveMinimum, number <= bound {
            violations.append(SchemaViolation(instancePath: path, keyword: "exclusiveMinimum", message: "\(Self.render(number)) is not greater than \(Self.render(bound))"))
        }
        if let bound = node.exclusiveMaximum, number >= bound {
            violations.append(SchemaViolation(instancePath: path, keyword: "exclusiveMaximum", message: "\(Self.render(number)) is not less than \(Self.render(bound))"))
        }
    }

    /// `anyOf` passes when at least one alternative does, `oneOf` when exactly one does. A failure
    /// names the alternative that came closest (fewest violations) and its first problem.
    private func checkAlternatives(
        _ value: JSONValue, _ alternatives: [Node], keyword: String, at path: String,
        into violations: inout [SchemaViolation]
    ) {
        var passing = 0
        var closest: [SchemaViolation]? = nil
        for alternative in alternatives {
            var found: [SchemaViolation] = []
            check(value, against: alternative, at: path, into: &found)
            if found.isEmpty {
                passing += 1
            } else if closest == nil || found.count < closest!.count {
                closest = found
            }
        }
        if passing == 0 {
            let hint = closest?.first.map { " (closest: \($0))" } ?? ""
            violations.append(SchemaViolation(
                instancePath: path, keyword: keyword, message: "matches none of the \(alternatives.count) alternatives\(hint)"))
        } else if keyword == "oneOf" && passing > 1 {
            violations.append(SchemaViolation(
                instancePath: path, keyword: keyword, message: "matches \(passing) alternatives, expected exactly one"))
        }
    }

    private static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch type {
        case "number": return value.doubleValue != nil
        case "integer": return value.isInteger
        default: return value.typeName == type
        }
    }

    private static func render(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    private static func render(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// JSON Pointer escaping (RFC 6901): `~` as `~0`, `/` as `~1`.
    static func escapePointer(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

/// One way an instance breaks its schema.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance, as a JSON Pointer (`""` is the whole instance, `/clusters/0/start`).
    public var instancePath: String
    /// The schema keyword that failed (`type`, `required`, ...).
    public var keyword: String
    /// What is wrong, in words.
    public var message: String

    /// Creates a violation.
    public init(instancePath: String, keyword: String, message: String) {
        self.instancePath = instancePath
        self.keyword = keyword
        self.message = message
    }

    /// `<pointer>: <message>`, with `(root)` for the whole instance.
    public var description: String {
        "\(instancePath.isEmpty ? "(root)" : instancePath): \(message)"
    }
}

/// A schema that cannot be loaded.
public enum JSONSchemaError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The schema file could not be read.
    case unreadable(path: String, reason: String)
    /// The schema text is not JSON.
    case invalidJSON(String)
    /// The schema uses a keyword this validator does not implement; `schemaPath` says where.
    case unsupportedKeyword(String, schemaPath: String)
    /// A keyword's value has the wrong shape (e.g. `required` not a list of strings).
    case malformedKeyword(String, schemaPath: String, expected: String)
    /// A `$ref` that is not `#` or `#/$defs/<name>` of an existing definition.
    case unresolvableReference(String, schemaPath: String)

    /// A one-line message naming the schema location.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read schema: \(reason)"
        case .invalidJSON(let reason):
            return "schema is not JSON: \(reason)"
        case .unsupportedKeyword(let keyword, let path):
            return "\(path): unsupported schema keyword \"\(keyword)\""
        case .malformedKeyword(let keyword, let path, let expected):
            return "\(path): \"\(keyword)\" must be \(expected)"
        case .unresolvableReference(let ref, let path):
            return "\(path): cannot resolve $ref \"\(ref)\""
        }
    }
}

extension JSONSchema {
    /// What `additionalProperties` allows.
    enum Additional: Sendable {
        case allowed
        case forbidden
        case schema(Node)
    }

    /// One compiled schema object. Immutable, so sharing it across threads is safe.
    final class Node: Sendable {
        let always: Bool?
        let ref: String?
        let types: [String]?
        let constant: JSONValue?
        let choices: [JSONValue]?
        let minimum: Double?
        let maximum: Double?
        let exclusiveMinimum: Double?
        let exclusiveMaximum: Double?
        let minLength: Int?
        let maxLength: Int?
        let minItems: Int?
        let maxItems: Int?
        let items: Node?
        let properties: [String: Node]
        let required: [String]
        let additional: Additional
        let allOf: [Node]
        let anyOf: [Node]
        let oneOf: [Node]
        let path: String

        static let annotations: Set<String> = [
            "$schema", "$id", "$comment", "title", "description", "examples", "default", "format",
            "deprecated", "readOnly", "writeOnly",
        ]
        static let typeNames: Set<String> = ["null", "boolean", "integer", "number", "string", "array", "object"]

        private init(always: Bool, path: String) {
            self.always = always
            self.path = path
            ref = nil; types = nil; constant = nil; choices = nil
            minimum = nil; maximum = nil; exclusiveMinimum = nil; exclusiveMaximum = nil
            minLength = nil; maxLength = nil; minItems = nil; maxItems = nil; items = nil
            properties = [:]; required = []; additional = .allowed; allOf = []; anyOf = []; oneOf = []
        }

        private init(_ members: [String: JSONValue], path: String) throws(JSONSchemaError) {
            self.path = path
            always = nil
            for key in members.keys.sorted() {
                let known: Set<String> = [
                    "$ref", "$defs", "type", "const", "enum", "minimum", "maximum", "exclusiveMinimum",
                    "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "items",
                    "properties", "required", "additionalProperties", "allOf", "anyOf", "oneOf",
                ]
                if !known.contains(key) && !Self.annotations.contains(key) {
                    throw JSONSchemaError.unsupportedKeyword(key, schemaPath: path)
                }
            }
            if path != "#", members["$defs"] != nil {
                throw JSONSchemaError.unsupportedKeyword("$defs", schemaPath: path + " (only at the root)")
            }
            if let ref = members["$ref"] {
                guard let text = ref.stringValue else { throw Self.malformed("$ref", path, "a string") }
                self.ref = text
            } else {
                self.ref = nil
            }
            switch members["type"] {
            case nil:
                types = nil
            case .string(let name)?:
                guard Self.typeNames.contains(name) else { throw Self.malformed("type", path, "a JSON type name") }
                types = [name]
            case .array(let names)?:
                let strings = names.compactMap(\.stringValue)
                guard strings.count == names.count, !strings.isEmpty, strings.allSatisfy(Self.typeNames.contains) else {
                    throw Self.malformed("type", path, "a JSON type name or a non-empty list of them")
                }
                types = strings
            default:
                throw Self.malformed("type", path, "a JSON type name or a list of them")
            }
            constant = members["const"]
            if let list = members["enum"] {
                guard let values = list.arrayValue, !values.isEmpty else { throw Self.malformed("enum", path, "a non-empty array") }
                choices = values
            } else {
                choices = nil
            }
            minimum = try Self.number(members, "minimum", path)
            maximum = try Self.number(members, "maximum", path)
            exclusiveMinimum = try Self.number(members, "exclusiveMinimum", path)
            exclusiveMaximum = try Self.number(members, "exclusiveMaximum", path)
            minLength = try Self.count(members, "minLength", path)
            maxLength = try Self.count(members, "maxLength", path)
            minItems = try Self.count(members, "minItems", path)
            maxItems = try Self.count(members, "maxItems", path)
            if let schema = members["items"] {
                guard schema.objectValue != nil || schema.typeName == "boolean" else {
                    throw Self.malformed("items", path, "a schema (tuple forms are not supported)")
                }
                items = try Node.compile(schema, path: path + "/items")
            } else {
                items = nil
            }
            var properties: [String: Node] = [:]
            if let declared = members["properties"] {
                guard let map = declared.objectValue else { throw Self.malformed("properties", path, "an object") }
                for name in map.keys.sorted() {
                    properties[name] = try Node.compile(map[name]!, path: path + "/properties/" + JSONSchema.escapePointer(name))
                }
            }
            self.properties = properties
            if let list = members["required"] {
                guard let names = list.arrayValue?.compactMap(\.stringValue), names.count == list.arrayValue?.count else {
                    throw Self.malformed("required", path, "an array of strings")
                }
                required = names
            } else {
                required = []
            }
            switch members["additionalProperties"] {
            case nil, .bool(true)?: additional = .allowed
            case .bool(false)?: additional = .forbidden
            case .object(let object)?: additional = .schema(try Node.compile(.object(object), path: path + "/additionalProperties"))
            default: throw Self.malformed("additionalProperties", path, "a boolean or a schema")
            }
            allOf = try Self.list(members, "allOf", path)
            anyOf = try Self.list(members, "anyOf", path)
            oneOf = try Self.list(members, "oneOf", path)
        }

        static func compile(_ value: JSONValue, path: String) throws(JSONSchemaError) -> Node {
            switch value {
            case .bool(let always): return Node(always: always, path: path)
            case .object(let members): return try Node(members, path: path)
            default: throw JSONSchemaError.malformedKeyword("schema", schemaPath: path, expected: "an object or a boolean")
            }
        }

        func collectReferences(into references: inout [(ref: String, path: String)]) {
            if let ref { references.append((ref, path)) }
            items?.collectReferences(into: &references)
            for name in properties.keys.sorted() { properties[name]!.collectReferences(into: &references) }
            if case .schema(let schema) = additional { schema.collectReferences(into: &references) }
            for node in allOf + anyOf + oneOf { node.collectReferences(into: &references) }
        }

        private static func malformed(_ keyword: String, _ path: String, _ expected: String) -> JSONSchemaError {
            JSONSchemaError.malformedKeyword(keyword, schemaPath: path, expected: expected)
        }

        private static func number(_ members: [String: JSONValue], _ key: String, _ path: String) throws(JSONSchemaError) -> Double? {
            guard let value = members[key] else { return nil }
            guard let number = value.doubleValue else { throw malformed(key, path, "a number") }
            return number
        }

        private static func count(_ members: [String: JSONValue], _ key: String, _ path: String) throws(JSONSchemaError) -> Int? {
            guard let value = members[key] else { return nil }
            guard value.isInteger, let number = value.doubleValue, number >= 0 else {
                throw malformed(key, path, "a non-negative integer")
            }
            return Int(number)
        }

        private static func list(_ members: [String: JSONValue], _ key: String, _ path: String) throws(JSONSchemaError) -> [Node] {
            guard let value = members[key] else { return [] }
            guard let schemas = value.arrayValue, !schemas.isEmpty else { throw malformed(key, path, "a non-empty array of schemas") }
            var nodes: [Node] = []
            for (index, schema) in schemas.enumerated() {
                nodes.append(try Node.compile(schema, path: path + "/\(key)/\(index)"))
            }
            return nodes
        }
    }
}
