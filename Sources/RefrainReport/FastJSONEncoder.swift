import Foundation
import RefrainParallel
import RefrainBytes

/// A JSON encoder that writes exactly the bytes `JSONEncoder` writes with ``ReportEncoding``'s
/// settings (sorted keys, slashes unescaped, keys converted to snake case, pretty-printed or
/// compact), several times faster.
///
/// Foundation's encoder converts every key to snake case anew, keeps a coding path per value and
/// boxes every scalar; this one converts each distinct key once per call, builds a compact tree
/// of scalars, arrays and objects, and then writes it into one byte buffer, sorting each object's
/// keys by their UTF-8 bytes as `JSONEncoder` does.
///
/// What it reproduces (checked byte for byte against `JSONEncoder` by the tests):
/// - keys: `convertToSnakeCase` (`minScore` → `min_score`, `URLValue` → `u_rl_value`), except
///   the keys of a `[String: Value]` dictionary, which are written as they are; a key written
///   twice keeps its last value;
/// - numbers: integers in decimal; `Double`/`Float` as their shortest round-trip `description`
///   with a trailing `.0` dropped (`1`, `0.1`, `1e-07`, `1e+21`, `-0`); non-finite values throw;
/// - strings: `"` `\` and control characters escaped (`\n`, `\t`, `\r`, `\b`, `\f`, otherwise
///   `\u00xx` in lowercase hex), `/` and everything else (DEL, U+2028, non-ASCII) written raw;
/// - pretty layout: two-space indent, `"key" : value`, and an empty array or object written as
///   an opening bracket, an empty line, and the closing bracket at the enclosing indent;
/// - an `encode(to:)` that encodes nothing gives `{}`.
///
/// `Date`, `Data`, `URL` and `Decimal`, which `JSONEncoder` special-cases, are not used by the
/// report models and are not special-cased here: encoding one throws rather than differ.
///
/// With ``threads`` above 1, a large array (at least ``parallelMinimumCount`` elements, each
/// ``FastJSONParallelEncodable``) is encoded and written in contiguous chunks on that many
/// threads, each chunk into its own bytes, and the chunks are joined in order: the bytes do not
/// depend on the thread count. Arrays inside such an array are encoded on the thread of their chunk.
public struct FastJSONEncoder: Sendable {
    /// Whether the output is pretty-printed (`JSONEncoder.OutputFormatting.prettyPrinted`).
    /// Default `true`.
    public var prettyPrinted: Bool

    /// Threads that encode large arrays (the calling thread is one). Default 1: all on the
    /// calling thread.
    public var threads: Int

    /// Fewest elements of an array encoded in parallel chunks when ``threads`` is above 1.
    public static let parallelMinimumCount = 256

    /// Creates an encoder, pretty-printing unless `prettyPrinted` is false, encoding large arrays
    /// on `threads` threads.
    public init(prettyPrinted: Bool = true, threads: Int = 1) {
        self.prettyPrinted = prettyPrinted
        self.threads = max(1, threads)
    }

    /// `value` as JSON bytes (no final newline), identical to what `JSONEncoder` with
    /// ``ReportEncoding``'s settings gives.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number, a value with no JSON
    ///   encoding (top-level encoding of nothing, `Date`, `Data`, `URL`, `Decimal`).
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var snakeCase: [String: String] = [:]
        return try encode(value, snakeCase: &snakeCase)
    }

    /// ``encode(_:)`` starting from, and adding to, the snake-case conversions in `snakeCase`,
    /// so encoding many small values converts each key once.
    func encode<T: Encodable>(_ value: T, snakeCase: inout [String: String]) throws -> [UInt8] {
        let context = FastJSONContext(pretty: prettyPrinted, threads: threads, snakeCase: snakeCase)
        defer { snakeCase = context.snakeCase }
        let root = FastJSONNodeEncoder(context: context, parent: nil, key: nil)
        try root.encodeValue(value)
        guard let node = root.node else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var writer = FastJSONWriter(pretty: prettyPrinted)
        // Room for the chunks written already, plus a margin for what joins them, so the bytes
        // are not copied while growing.
        writer.bytes.reserveCapacity((1 << 12) + context.renderedBytes + context.renderedBytes / 64)
        writer.write(node, indent: 0)
        return writer.bytes
    }
}

// MARK: - Tree

/// One encoded value. Arrays and objects are reference boxes so containers can keep filling them
/// after handing them to their parent.
enum FastJSONNode {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    /// A number already formatted (doubles and floats).
    case number(String)
    case string(String)
    case array(FastJSONArray)
    case object(FastJSONObject)
    /// A non-empty array whose elements are already written (see ``FastJSONRenderedArray``).
    case rendered(FastJSONRenderedArray)
}

/// A non-empty array encoded and written in chunks: the bytes between its brackets, each element
/// preceded by its separator (`,` but before the first) and, when pretty, a newline and
/// ``indent`` spaces.
final class FastJSONRenderedArray {
    let chunks: [[UInt8]]
    /// The indent of the elements: the array's own indent plus 2.
    let indent: Int

    init(chunks: [[UInt8]], indent: Int) {
        self.chunks = chunks
        self.indent = indent
    }
}

final class FastJSONArray {
    var items: [FastJSONNode] = []
}

final class FastJSONObject {
    var keys: [String] = []
    var values: [FastJSONNode] = []

    func set(_ key: String, _ value: FastJSONNode) {
        keys.append(key)
        values.append(value)
    }
}

/// State shared by one `encode` call (or by one parallel chunk of it): the layout, the threads
/// large arrays may use, and the snake-case conversions seen so far.
final class FastJSONContext {
    let pretty: Bool
    /// Threads for large arrays; 1 inside a parallel chunk.
    let threads: Int
    var snakeCase: [String: String]
    /// Bytes written by parallel chunks so far (to size the final buffer).
    var renderedBytes = 0

    init(pretty: Bool, threads: Int, snakeCase: [String: String] = [:]) {
        self.pretty = pretty
        self.threads = threads
        self.snakeCase = snakeCase
    }

    func convert(_ key: String) -> String {
        if let converted = snakeCase[key] { return converted }
        let converted = Self.convertToSnakeCase(key)
        snakeCase[key] = converted
        return converted
    }

    /// `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`: words start at an uppercase letter
    /// after the first character; a run of uppercase letters followed by a lowercase one is a
    /// word up to the letter before the lowercase one; words are lowercased and joined with `_`.
    static func convertToSnakeCase(_ key: String) -> String {
        let scalars = Array(key.unicodeScalars)
        guard !scalars.isEmpty else { return key }
        func isUpper(_ s: Unicode.Scalar) -> Bool {
            let c = s.properties.generalCategory
            return c == .uppercaseLetter || c == .titlecaseLetter
        }
        func isLower(_ s: Unicode.Scalar) -> Bool { s.properties.generalCategory == .lowercaseLetter }
        func firstIndex(in range: Range<Int>, where predicate: (Unicode.Scalar) -> Bool) -> Int? {
            var i = range.lowerBound
            while i < range.upperBound {
                if predicate(scalars[i]) { return i }
                i += 1
            }
            return nil
        }
        var words: [Range<Int>] = []
        var wordStart = 0
        var searchRange = 1..<scalars.count
        while let upper = firstIndex(in: searchRange, where: isUpper) {
            words.append(wordStart..<upper)
            searchRange = upper..<searchRange.upperBound
            guard let lower = firstIndex(in: searchRange, where: isLower) else {
                wordStart = searchRange.lowerBound
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                words.append(upper..<(lower - 1))
                wordStart = lower - 1
            }
            searchRange = (lower + 1)..<searchRange.upperBound
        }
        words.append(wordStart..<searchRange.upperBound)
        var result = ""
        for (n, word) in words.enumerated() {
            if n > 0 { result += "_" }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[word])
            result += String(piece).lowercased()
        }
        return result
    }
}

/// `Dictionary<String, _>`, whose keys `JSONEncoder` writes unconverted.
protocol FastJSONStringKeyedDictionary {
    func encodeEntries(into object: FastJSONObject, encoder: FastJSONNodeEncoder) throws
}

extension Dictionary: FastJSONStringKeyedDictionary where Key == String, Value: Encodable {
    func encodeEntries(into object: FastJSONObject, encoder: FastJSONNodeEncoder) throws {
        for (key, value) in self {
            let child = FastJSONNodeEncoder(context: encoder.context, parent: encoder, key: FastJSONKey(stringValue: key))
            object.set(key, try child.encodeChild(value))
        }
    }
}

/// A value that ``FastJSONEncoder`` may encode on another thread: an array of such values with at
/// least ``FastJSONEncoder/parallelMinimumCount`` elements is encoded in parallel chunks when the
/// encoder has more than one thread. Conforming says encoding the value only reads it (so the
/// type is `Sendable`). The bytes are the same either way; other encoders ignore it.
public protocol FastJSONParallelEncodable: Encodable, Sendable {}

/// `Array<Element>` of ``FastJSONParallelEncodable`` elements, which the encoder may encode in
/// parallel chunks.
protocol FastJSONParallelArray {
    var count: Int { get }
    /// The array encoded and written by `encoder` (whose value it is) in chunks on
    /// `encoder.context.threads` threads.
    func renderInParallel(encoder: FastJSONNodeEncoder) throws -> FastJSONRenderedArray
}

extension Array: FastJSONParallelArray where Element: FastJSONParallelEncodable {
    func renderInParallel(encoder: FastJSONNodeEncoder) throws -> FastJSONRenderedArray {
        let context = encoder.context
        let pretty = context.pretty
        let threads = context.threads
        // The encoder's value is written at indent 2 × depth, its elements 2 deeper.
        let indent = 2 * (encoder.depth + 1)
        // About 16 chunks per thread, so uneven elements balance, each of at least 32 elements.
        let chunkSize = Swift.max(32, (count + threads * 16 - 1) / (threads * 16))
        let chunkCount = (count + chunkSize - 1) / chunkSize
        let snakeCase = context.snakeCase
        let results = Parallel.map(count: chunkCount, threads: threads) { chunk, _ -> Result<[UInt8], any Error> in
            // Each chunk has its own context (the conversion cache is not shared across threads)
            // and writes its elements as soon as they are encoded, so their nodes are freed here.
            let local = FastJSONContext(pretty: pretty, threads: 1, snakeCase: snakeCase)
            var writer = FastJSONWriter(pretty: pretty)
            let range = (chunk * chunkSize)..<Swift.min(count, (chunk + 1) * chunkSize)
            writer.bytes.reserveCapacity(range.count * 64)
            do {
                for index in range {
                    // As `FastJSONUnkeyedContainer.encode(_:)` does for each element.
                    let element = self[index]
                    let node: FastJSONNode
                    if let scalar = try encoder.scalarNode(element) {
                        node = scalar
                    } else {
                        let child = FastJSONNodeEncoder(context: local, parent: encoder, key: FastJSONKey(intValue: index))
                        node = try child.encodeChild(element)
                    }
                    if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
                    if pretty { writer.newline(indent: indent) }
                    writer.write(node, indent: indent)
                }
            } catch {
                return .failure(error)
            }
            return .success(writer.bytes)
        }
        var chunks: [[UInt8]] = []
        chunks.reserveCapacity(chunkCount)
        for result in results {
            // The first failing chunk holds the first failing element: the error serial encoding throws.
            let bytes = try result.get()
            context.renderedBytes += bytes.count
            chunks.append(bytes)
        }
        return FastJSONRenderedArray(chunks: chunks, indent: indent)
    }
}

struct FastJSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

// MARK: - Encoder

final class FastJSONNodeEncoder: Encoder {
    let context: FastJSONContext
    let parent: FastJSONNodeEncoder?
    let key: (any CodingKey)?
    /// What this encoder's value encoded as, once it did.
    var node: FastJSONNode?

    init(context: FastJSONContext, parent: FastJSONNodeEncoder?, key: (any CodingKey)?) {
        self.context = context
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var current: FastJSONNodeEncoder? = self
        while let encoder = current, let key = encoder.key {
            path.append(key)
            current = encoder.parent
        }
        return path.reversed()
    }

    /// How many encoders enclose this one: its value is written at indent 2 × depth.
    var depth: Int {
        var depth = 0
        var current = parent
        while let encoder = current {
            depth += 1
            current = encoder.parent
        }
        return depth
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: FastJSONObject
        if case .object(let existing) = node {
            object = existing
        } else {
            object = FastJSONObject()
            node = .object(object)
        }
        return KeyedEncodingContainer(FastJSONKeyedContainer<Key>(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: FastJSONArray
        if case .array(let existing) = node {
            array = existing
        } else {
            array = FastJSONArray()
            node = .array(array)
        }
        return FastJSONUnkeyedContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { FastJSONSingleContainer(encoder: self) }

    /// Encodes `value` as this encoder's value.
    func encodeValue<T: Encodable>(_ value: T) throws {
        if let scalar = try scalarNode(value) {
            node = scalar
        } else if context.threads > 1, node == nil, let array = value as? any FastJSONParallelArray,
                  array.count >= FastJSONEncoder.parallelMinimumCount {
            node = .rendered(try array.renderInParallel(encoder: self))
        } else if let dictionary = value as? any FastJSONStringKeyedDictionary {
            let object = FastJSONObject()
            node = .object(object)
            try dictionary.encodeEntries(into: object, encoder: self)
        } else {
            if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
                throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "FastJSONEncoder does not encode \(T.self) the way JSONEncoder does"))
            }
            try value.encode(to: self)
        }
    }

    /// `value` encoded by this (fresh) encoder, `{}` if it encoded nothing.
    func encodeChild<T: Encodable>(_ value: T) throws -> FastJSONNode {
        try encodeValue(value)
        return node ?? .object(FastJSONObject())
    }

    /// The node of a value that is a scalar, with no encoder needed.
    func scalarNode<T: Encodable>(_ value: T) throws -> FastJSONNode? {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .int(Int64(value as! Int)) }
        if T.self == Double.self { return try number(value as! Double) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == UInt64.self { return .uint(value as! UInt64) }
        if T.self == Int64.self { return .int(value as! Int64) }
        if T.self == Int32.self { return .int(Int64(value as! Int32)) }
        if T.self == UInt.self { return .uint(UInt64(value as! UInt)) }
        if T.self == UInt32.self { return .uint(UInt64(value as! UInt32)) }
        if T.self == Float.self { return try number(value as! Float) }
        if T.self == Int8.self { return .int(Int64(value as! Int8)) }
        if T.self == Int16.self { return .int(Int64(value as! Int16)) }
        if T.self == UInt8.self { return .uint(UInt64(value as! UInt8)) }
        if T.self == UInt16.self { return .uint(UInt64(value as! UInt16)) }
        return nil
    }

    func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) throws -> FastJSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

struct FastJSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: FastJSONNodeEncoder
    let object: FastJSONObject

    var codingPath: [any CodingKey] { encoder.codingPath }

    @inline(__always) private func name(_ key: Key) -> String { encoder.context.convert(key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { object.set(name(key), .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(name(key), .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(name(key), .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(name(key), try encoder.number(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { object.set(name(key), try encoder.number(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(name(key), .int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(name(key), .int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(name(key), .int(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(name(key), .int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(name(key), .int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(name(key), .uint(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(name(key), .uint(UInt64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(name(key), .uint(UInt64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(name(key), .uint(UInt64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(name(key), .uint(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let converted = name(key)
        if let scalar = try encoder.scalarNode(value) {
            object.set(converted, scalar)
            return
        }
        let child = FastJSONNodeEncoder(context: encoder.context, parent: encoder, key: key)
        object.set(converted, try child.encodeChild(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = FastJSONObject()
        object.set(name(key), .object(nested))
        let child = FastJSONNodeEncoder(context: encoder.context, parent: encoder, key: key)
        child.node = .object(nested)
        return KeyedEncodingContainer(FastJSONKeyedContainer<NestedKey>(encoder: child, object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = FastJSONArray()
        object.set(name(key), .array(nested))
        let child = FastJSONNodeEncoder(context: encoder.context, parent: encoder, key: key)
        child.node = .array(nested)
        return FastJSONUnkeyedContainer(encoder: child, array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        FastJSONSuperEncoder(context: encoder.context, parent: encoder, key: FastJSONKey(stringValue: "super"), into: object, name: encoder.context.convert("super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        FastJSONSuperEncoder(context: encoder.context, parent: encoder, key: key, into: object, name: name(key))
    }
}

struct FastJSONUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: FastJSONNodeEncoder
    let array: FastJSONArray

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(try encoder.number(value)) }
    mutating func encode(_ value: Float) throws { array.items.append(try encoder.number(value)) }
    mutating func encode(_ value: Int) throws { array.items.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.items.append(.int(value)) }
    mutating func encode(_ value: UInt64) throws { array.items.append(.uint(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let scalar = try encoder.scalarNode(value) {
            array.items.append(scalar)
            return
        }
        let child = FastJSONNodeEncoder(context: encoder.context, parent: encoder, key: FastJSONKey(intValue: array.items.count))
        array.items.append(try child.encodeChild(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = FastJSONObject()
        let child = FastJSONNodeEncoder(context: encoder.context, parent: encoder, key: FastJSONKey(intValue: array.items.count))
        child.node = .object(nested)
        array.items.append(.object(nested))
        return KeyedEncodingContainer(FastJSONKeyedContainer<NestedKey>(encoder: child, object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = FastJSONArray()
        let child = FastJSONNodeEncoder(context: encoder.context, parent: encoder, key: FastJSONKey(intValue: array.items.count))
        child.node = .array(nested)
        array.items.append(.array(nested))
        return FastJSONUnkeyedContainer(encoder: child, array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let index = array.items.count
        array.items.append(.object(FastJSONObject()))
        return FastJSONSuperEncoder(context: encoder.context, parent: encoder, key: FastJSONKey(intValue: index), into: array, index: index)
    }
}

struct FastJSONSingleContainer: SingleValueEncodingContainer {
    let encoder: FastJSONNodeEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = try encoder.number(value) }
    mutating func encode(_ value: Float) throws { encoder.node = try encoder.number(value) }
    mutating func encode(_ value: Int) throws { encoder.node = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .int(value) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .uint(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value) }
}

/// The encoder `superEncoder()` returns: its value goes into the parent's object or array when
/// it is released, as with `JSONEncoder`.
final class FastJSONSuperEncoder: Encoder {
    private let inner: FastJSONNodeEncoder
    private let object: FastJSONObject?
    private let name: String
    private let array: FastJSONArray?
    private let index: Int

    init(context: FastJSONContext, parent: FastJSONNodeEncoder, key: any CodingKey, into object: FastJSONObject, name: String) {
        inner = FastJSONNodeEncoder(context: context, parent: parent, key: key)
        self.object = object
        self.name = name
        array = nil
        index = 0
    }

    init(context: FastJSONContext, parent: FastJSONNodeEncoder, key: any CodingKey, into array: FastJSONArray, index: Int) {
        inner = FastJSONNodeEncoder(context: context, parent: parent, key: key)
        object = nil
        name = ""
        self.array = array
        self.index = index
    }

    deinit {
        let value = inner.node ?? .object(FastJSONObject())
        if let object { object.set(name, value) }
        if let array { array.items[index] = value }
    }

    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}

// MARK: - Writer

struct FastJSONWriter {
    var bytes: [UInt8] = []
    let pretty: Bool

    init(pretty: Bool) { self.pretty = pretty }

    /// A newline followed by 64 spaces: indents up to 32 levels in one append.
    private static let newlineAndSpaces: [UInt8] = [0x0A] + [UInt8](repeating: 0x20, count: 64)

    mutating func newline(indent: Int) {
        if indent < Self.newlineAndSpaces.count {
            bytes.append(contentsOf: Self.newlineAndSpaces[0...indent])
        } else {
            bytes.append(0x0A)
            for _ in 0..<indent { bytes.append(0x20) }
        }
    }

    mutating func write(_ node: FastJSONNode, indent: Int) {
        switch node {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let value): bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .int(let value): writeInteger(value)
        case .uint(let value): writeUnsigned(value)
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .string(let text): writeString(text)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            if pretty {
                if array.items.isEmpty {
                    bytes.append(0x0A)
                    newline(indent: indent)
                } else {
                    for (n, item) in array.items.enumerated() {
                        if n > 0 { bytes.append(UInt8(ascii: ",")) }
                        newline(indent: indent + 2)
                        write(item, indent: indent + 2)
                    }
                    newline(indent: indent)
                }
            } else {
                for (n, item) in array.items.enumerated() {
                    if n > 0 { bytes.append(UInt8(ascii: ",")) }
                    write(item, indent: indent)
                }
            }
            bytes.append(UInt8(ascii: "]"))
        case .rendered(let array):
            assert(!pretty || array.indent == indent + 2, "a rendered array is written at the depth it was encoded at")
            bytes.append(UInt8(ascii: "["))
            for chunk in array.chunks { bytes.append(contentsOf: chunk) }
            if pretty { newline(indent: indent) }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            let order = Self.sortedOrder(object.keys)
            if pretty && order.isEmpty {
                bytes.append(0x0A)
                newline(indent: indent)
            } else {
                for (n, index) in order.enumerated() {
                    if n > 0 { bytes.append(UInt8(ascii: ",")) }
                    if pretty { newline(indent: indent + 2) }
                    writeString(object.keys[index])
                    if pretty {
                        bytes.append(contentsOf: " : ".utf8)
                    } else {
                        bytes.append(UInt8(ascii: ":"))
                    }
                    write(object.values[index], indent: indent + 2)
                }
                if pretty { newline(indent: indent) }
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Indices of `keys` in byte order of the keys, one per distinct key (its last occurrence).
    static func sortedOrder(_ keys: [String]) -> [Int] {
        var order = Array(keys.indices)
        order.sort { a, b in
            let ka = keys[a], kb = keys[b]
            if ka == kb { return a < b }
            return ka.utf8.lexicographicallyPrecedes(kb.utf8)
        }
        var result: [Int] = []
        result.reserveCapacity(order.count)
        for index in order {
            if let last = result.last, keys[last] == keys[index] {
                result[result.count - 1] = index
            } else {
                result.append(index)
            }
        }
        return result
    }

    mutating func writeUnsigned(_ value: UInt64) {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch
        withUnsafeMutableBytes(of: &digits) { buffer in
            var v = value
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
            } while v != 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
    }

    mutating func writeInteger(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            writeUnsigned(value.magnitude)
        } else {
            writeUnsigned(UInt64(value))
        }
    }

    mutating func writeString(_ text: String) {
        JSONString.appendQuoted(text, to: &bytes)
    }
}
