import Foundation
import RefrainTestSupport
@testable import RefrainReport
import Testing

@Suite struct JSONSchemaTests {
    static let personSchema = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "a person",
      "type": "object",
      "required": ["name", "age", "tags"],
      "additionalProperties": false,
      "properties": {
        "name": {"type": "string", "minLength": 1},
        "age": {"type": "integer", "minimum": 0, "maximum": 150},
        "score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "kind": {"enum": ["staff", "guest"]},
        "schema": {"const": "people/1"},
        "nickname": {"type": ["string", "null"]},
        "tags": {"type": "array", "items": {"$ref": "#/$defs/tag"}, "maxItems": 3},
        "extra": {"type": "object", "additionalProperties": {"type": "boolean"}}
      },
      "$defs": {
        "tag": {"type": "object", "required": ["label"], "properties": {"label": {"type": "string"}}},
        "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "any": {"anyOf": [{"type": "string"}, {"type": "number", "minimum": 10}]},
        "everything": true,
        "nothing": false,
        "recursive": {"type": "array", "items": {"anyOf": [{"type": "integer"}, {"$ref": "#/$defs/recursive"}]}}
      }
    }
    """

    func schema() throws -> JSONSchema { try JSONSchema(json: Array(Self.personSchema.utf8)) }

    func violations(_ json: String, definition: String? = nil) throws -> [SchemaViolation] {
        try schema().validate(JSONValue.parse(json), definition: definition)
    }

    @Test func acceptsAValidInstance() throws {
        let found = try violations("""
            {"name": "Kim", "age": 64, "score": 0.5, "kind": "staff", "schema": "people/1", "nickname": null,
             "tags": [{"label": "a", "more": 1}], "extra": {"x": true}}
            """)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func rejectsAWrongTypeWithItsPointer() throws {
        let found = try violations(#"{"name": 3, "age": 1, "tags": []}"#)
        #expect(found == [SchemaViolation(instancePath: "/name", keyword: "type", message: "expected string, found integer")])
    }

    @Test func rejectsAMissingRequiredProperty() throws {
        let found = try violations(#"{"name": "a", "tags": []}"#)
        #expect(found.map(\.keyword) == ["required"])
        #expect(found.first?.message.contains("\"age\"") == true)
    }

    @Test func rejectsAnUndeclaredPropertyWhenAdditionalPropertiesIsFalse() throws {
        let found = try violations(#"{"name": "a", "age": 1, "tags": [], "surprise": 1}"#)
        #expect(found.map(\.keyword) == ["additionalProperties"])
    }

    @Test func checksAdditionalPropertiesAgainstASchema() throws {
        let found = try violations(#"{"name": "a", "age": 1, "tags": [], "extra": {"ok": true, "bad": "yes"}}"#)
        #expect(found.map(\.instancePath) == ["/extra/bad"])
    }

    @Test func integersAreWholeNumbersOnly() throws {
        #expect(try violations(#"{"name": "a", "age": 2.0, "tags": []}"#).isEmpty)
        #expect(try violations(#"{"name": "a", "age": 2.5, "tags": []}"#).map(\.keyword) == ["type"])
        #expect(try violations(#"{"name": "a", "age": true, "tags": []}"#).map(\.keyword) == ["type"])
    }

    @Test func enforcesBounds() throws {
        #expect(try violations(#"{"name": "a", "age": -1, "tags": []}"#).map(\.keyword) == ["minimum"])
        #expect(try violations(#"{"name": "a", "age": 151, "tags": []}"#).map(\.keyword) == ["maximum"])
        #expect(try violations(#"{"name": "a", "age": 1, "tags": [], "score": 0}"#).map(\.keyword) == ["exclusiveMinimum"])
        #expect(try violations(#"{"name": "a", "age": 1, "tags": [], "score": 1}"#).map(\.keyword) == ["exclusiveMaximum"])
        #expect(try violations(#"{"name": "", "age": 1, "tags": []}"#).map(\.keyword) == ["minLength"])
        #expect(try violations(#"{"name": "a", "age": 1, "tags": [{"label":"1"},{"label":"2"},{"label":"3"},{"label":"4"}]}"#)
            .map(\.keyword) == ["maxItems"])
    }

    @Test func enforcesEnumAndConst() throws {
        #expect(try violations(#"{"name": "a", "age": 1, "tags": [], "kind": "boss"}"#).map(\.keyword) == ["enum"])
        #expect(try violations(#"{"name": "a", "age": 1, "tags": [], "schema": "people/2"}"#).map(\.keyword) == ["const"])
    }

    @Test func acceptsAnyTypeOfATypeList() throws {
        #expect(try violations(#"{"name": "a", "age": 1, "tags": [], "nickname": "k"}"#).isEmpty)
        #expect(try violations(#"{"name": "a", "age": 1, "tags": [], "nickname": 1}"#).map(\.keyword) == ["type"])
    }

    @Test func followsReferencesIntoArrayItems() throws {
        let found = try violations(#"{"name": "a", "age": 1, "tags": [{"label": "x"}, {"label": 7}, {}]}"#)
        #expect(found.map(\.instancePath) == ["/tags/1/label", "/tags/2"])
        #expect(found.map(\.keyword) == ["type", "required"])
    }

    @Test func escapesPointerSegments() throws {
        let found = try violations(#"{"name": "a", "age": 1, "tags": [], "extra": {"a/b~c": 1}}"#)
        #expect(found.map(\.instancePath) == ["/extra/a~1b~0c"])
    }

    @Test func oneOfNeedsExactlyOneAlternative() throws {
        #expect(try violations(#""text""#, definition: "either").isEmpty)
        #expect(try violations("3", definition: "either").isEmpty)
        #expect(try violations("3.5", definition: "either").map(\.keyword) == ["oneOf"])
        let overlapping = try JSONSchema(json: Array(#"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#.utf8))
        #expect(overlapping.validate(.integer(2)).map(\.message) == ["matches 2 alternatives, expected exactly one"])
        #expect(overlapping.validate(.number(2.5)).isEmpty)
    }

    @Test func anyOfNeedsOneAlternative() throws {
        #expect(try violations("12", definition: "any").isEmpty)
        #expect(try violations(#""x""#, definition: "any").isEmpty)
        let found = try violations("3", definition: "any")
        #expect(found.map(\.keyword) == ["anyOf"])
        #expect(found.first?.message.contains("closest") == true)
    }

    @Test func booleanSchemasAcceptEverythingOrNothing() throws {
        #expect(try violations(#"{"any": [1, "x"]}"#, definition: "everything").isEmpty)
        #expect(try violations("null", definition: "nothing").map(\.keyword) == ["false"])
    }

    @Test func recursiveReferencesValidateNestedValues() throws {
        #expect(try violations("[1, [2, [3]], []]", definition: "recursive").isEmpty)
        #expect(try violations(#"[1, [2, ["x"]]]"#, definition: "recursive").count == 1)
    }

    @Test func refusesKeywordsItDoesNotImplement() {
        #expect(throws: JSONSchemaError.unsupportedKeyword("pattern", schemaPath: "#/properties/a")) {
            try JSONSchema(json: Array(#"{"properties": {"a": {"type": "string", "pattern": "^x"}}}"#.utf8))
        }
    }

    @Test func refusesUnresolvableReferences() {
        #expect(throws: JSONSchemaError.unresolvableReference("#/$defs/missing", schemaPath: "#/items")) {
            try JSONSchema(json: Array(##"{"type": "array", "items": {"$ref": "#/$defs/missing"}}"##.utf8))
        }
        #expect(throws: JSONSchemaError.self) {
            try JSONSchema(json: Array(#"{"$ref": "other.json#/x"}"#.utf8))
        }
    }

    @Test func refusesMalformedKeywords() {
        #expect(throws: JSONSchemaError.malformedKeyword("required", schemaPath: "#", expected: "an array of strings")) {
            try JSONSchema(json: Array(#"{"required": "name"}"#.utf8))
        }
        #expect(throws: JSONSchemaError.self) { try JSONSchema(json: Array(#"{"type": "text"}"#.utf8)) }
        #expect(throws: JSONSchemaError.self) { try JSONSchema(json: Array("not json".utf8)) }
    }

    @Test(arguments: ReportKind.allCases)
    func everyReportSchemaLoadsAndDescribesEveryMessage(kind: ReportKind) throws {
        let schema = try loadSchema(kind)
        for name in ["header", "summary", "message"] {
            #expect(schema.definitionNames.contains(name), "\(kind.schemaFileName) lacks $defs/\(name)")
        }
        // A message of an unknown type is rejected, so the stream's shape is really checked.
        #expect(!schema.validate(try JSONValue.parse(#"{"type": "surprise"}"#), definition: "message").isEmpty)
        #expect(!schema.validate(try JSONValue.parse("{}")).isEmpty)
    }

    @Test func parsesNumbersAsJSONSchemaSeesThem() throws {
        #expect(try JSONValue.parse("3") == .integer(3))
        #expect(try JSONValue.parse("3.25") == .number(3.25))
        #expect(try JSONValue.parse("1e2").isInteger)
        #expect(try JSONValue.parse("18446744073709551615").isInteger)
        #expect(try JSONValue.parse("1").jsonEquals(.number(1.0)))
        #expect(throws: JSONValueError.self) { try JSONValue.parse("{\"a\": }") }
    }
}
