import Foundation

/// Any JSON value, for checking reports against their schema and for reading them back.
///
/// You get one by decoding JSON text (``JSONValue/parse(_:)`` or any `Decoder`). Numbers without a
/// fraction or exponent that fit in 64 bits decode as ``integer(_:)``, every other number as
/// ``number(_:)``; ``isInteger`` treats `2.0` as an integer too, as JSON Schema does.
/// Object members are kept in a dictionary: member order is not preserved, and code that lists
/// members sorts their names.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int64`.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// Parses one JSON text (UTF-8).
    /// - Throws: ``JSONValueError`` naming what is wrong.
    public static func parse(_ data: some Sequence<UInt8>) throws(JSONValueError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(data))
        } catch let error as DecodingError {
            throw JSONValueError(reason: Self.describe(error))
        } catch {
            throw JSONValueError(reason: "\(error)")
        }
    }

    /// Parses one JSON text.
    public static func parse(_ text: String) throws(JSONValueError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// The JSON Schema type name of this value: `"null"`, `"boolean"`, `"integer"`, `"number"`,
    /// `"string"`, `"array"` or `"object"` (a whole-valued double is `"integer"`).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number(let value): return value.rounded() == value && value.isFinite ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Whether this is a number with no fractional part.
    public var isInteger: Bool { typeName == "integer" }

    /// The numeric value, for ``integer(_:)`` and ``number(_:)``.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    /// The string, for ``string(_:)``.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, for ``array(_:)``.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, for ``object(_:)``.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The member `key` of an object; `nil` for other values or a missing member.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// JSON equality as JSON Schema's `enum` and `const` use it: numbers compare by value
    /// (`1` equals `1.0`), objects by members, arrays element by element.
    public func jsonEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.jsonEquals($1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { value.jsonEquals($0) } ?? false }
        default:
            if let x = doubleValue, let y = other.doubleValue { return x == y }
            return self == other
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context):
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            return context.debugDescription + underlying
        @unknown default:
            return "\(error)"
        }
    }
}

/// JSON text that could not be parsed.
public struct JSONValueError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What the parser reported.
    public var reason: String
    /// `invalid JSON: <reason>`.
    public var description: String { "invalid JSON: \(reason)" }
}

extension JSONValue: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            var members: [String: JSONValue] = [:]
            for key in keyed.allKeys {
                members[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key)
            }
            self = .object(members)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            if let count = unkeyed.count { elements.reserveCapacity(count) }
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .integer(value)
        } else {
            self = .number(try single.decode(Double.self))
        }
    }

    /// Encodes the value as the JSON it stands for.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .integer(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .number(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let elements):
            var unkeyed = encoder.unkeyedContainer()
            for element in elements { try unkeyed.encode(element) }
        case .object(let members):
            var keyed = encoder.container(keyedBy: Key.self)
            for key in members.keys.sorted() { try keyed.encode(members[key]!, forKey: Key(stringValue: key)) }
        }
    }
}
