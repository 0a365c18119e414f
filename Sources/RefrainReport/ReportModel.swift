import Foundation

/// What the report models (``DedupeReport``, ``FindReport``, ``QuotesReport``) share: a schema id,
/// one JSON encoding, and rounding.
///
/// The models are plain declarations with synthesized `Codable`: member names are Swift-style
/// (`minScore`) and the encoders of ``ReportEncoding`` write them in snake case (`min_score`) with
/// sorted keys. An absent optional is left out unless the member is marked ``NullEncoded``, which
/// writes it as `null`.
public protocol ReportModel: Codable, Sendable, Hashable {
    /// The value of the report's `"schema"` member, e.g. `"refrain.find/2"`.
    static var schemaID: String { get }
}

extension ReportModel {
    /// The report as JSON (``ReportEncoding``: snake-case keys, sorted, slashes unescaped),
    /// pretty-printed unless `pretty` is false, with a final newline. Equal reports give equal bytes.
    public func jsonData(pretty: Bool = true) throws -> Data {
        var data = Data(try (pretty ? ReportEncoding.fastPretty : ReportEncoding.fastCompact).encode(self))
        data.append(0x0A)
        return data
    }

    /// Reads a report written by ``jsonData(pretty:)`` (or any format's JSON document).
    public init(jsonData data: Data) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(Self.self, from: data)
    }

    /// Rounds to 6 decimals, so reports read well and compare byte for byte across runs.
    public static func round(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
}

/// An optional report member that is written as `null` when absent instead of being left out
/// (e.g. `"speaker": null` for an unattributed quote), so consumers see every member. Decodes
/// from `null` or from a missing member.
@propertyWrapper
public struct NullEncoded<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    /// The value, `nil` when absent.
    public var wrappedValue: Value?

    /// Wraps `wrappedValue`.
    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    /// Decodes the value, or `nil` from `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    /// Encodes the value, or `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a ``NullEncoded`` member that may be missing altogether (then `nil`).
    public func decode<Value>(_ type: NullEncoded<Value>.Type, forKey key: Key) throws -> NullEncoded<Value> {
        try decodeIfPresent(type, forKey: key) ?? NullEncoded(wrappedValue: nil)
    }
}
