import Foundation

/// Why a JSON line was rejected, with the 0-based byte offset in the line where it went wrong.
struct JSONLineError: Error, Sendable, Hashable {
    var offset: Int
    var message: String

    
    init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}

/// What a wanted top-level key held.
struct JSONField: Sendable, Hashable {

    enum Kind: UInt8, Sendable {
        case missing, string, number, null, bool, object, array

        var name: String {
            switch self {
            case .missing: return "missing"
            case .string: return "a string"
            case .number: return "a number"
            case .null: return "null"
            case .bool: return "a boolean"
            case .object: return "an object"
            case .array: return "an array"
            }
        }
    }

    var kind: Kind = .missing
    /// For strings, the first byte after the opening quote; otherwise the value's first byte.
    var start: Int = 0
    /// For strings, the index of the closing quote; otherwise one past the value's last byte.
    var end: Int = 0
    /// Whether a string value contains backslash escapes.
    var hasEscapes: Bool = false

    init() {}
}

/// A strict, allocation-free JSON parser for one JSON Lines record, working on UTF-8 bytes.
///
/// It validates the whole line against RFC 8259 (objects, arrays, strings with every escape
/// including `\uXXXX`, numbers, `true`/`false`/`null`, any nesting depth without recursion) and
/// requires the line to hold exactly one object. Along the way it records where the values of a
/// few wanted top-level keys are, so callers decode only those. A key that appears twice keeps
/// its last value, as most JSON parsers do. Bytes ≥ 0x80 inside strings are passed through:
/// UTF-8 validity is checked separately (see ``UTF8Repair``) so that bad bytes are repaired and
/// reported rather than rejected.
///
/// Cost: one pass over the line; string contents are scanned eight bytes at a time.
struct JSONLineParser {
    /// The wanted keys, as UTF-8.
    let keys: [[UInt8]]
    /// After ``parse(_:)``: the value of each wanted key, in the order of ``keys``.
    var fields: [JSONField]
    /// Container stack for nested values: `true` for an object, `false` for an array.
    var stack: [Bool] = []
    /// Scratch space for decoding escaped strings and keys.
    var scratch: [UInt8] = []
    /// Lone surrogate escapes replaced by the last ``decodeString(_:_:)``.
    var lastLoneSurrogates = 0

    init(keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
        self.fields = Array(repeating: JSONField(), count: keys.count)
    }

    // MARK: Parsing

    /// Validates `line` and fills ``fields``. Throws at the first violation.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws(JSONLineError) {
        for k in fields.indices { fields[k] = JSONField() }
        guard let p = line.baseAddress, line.count > 0 else {
            throw JSONLineError(offset: 0, message: "expected a JSON object, found an empty line")
        }
        let n = line.count
        var i = Self.skipWhitespace(p, 0, n)
        guard i < n, p[i] == UInt8(ascii: "{") else {
            throw JSONLineError(offset: i, message: "expected a JSON object ('{'), found \(Self.describe(p, i, n))")
        }
        i = Self.skipWhitespace(p, i + 1, n)
        if i < n, p[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard i < n, p[i] == UInt8(ascii: "\"") else {
                    throw JSONLineError(offset: i, message: "expected a string key, found \(Self.describe(p, i, n))")
                }
                let (keyEnd, keyEscaped) = try Self.scanString(p, i, n)
                let matches = matchKey(p, i + 1, keyEnd, keyEscaped)
                i = Self.skipWhitespace(p, keyEnd + 1, n)
                guard i < n, p[i] == UInt8(ascii: ":") else {
                    throw JSONLineError(offset: i, message: "expected ':' after key, found \(Self.describe(p, i, n))")
                }
                i = Self.skipWhitespace(p, i + 1, n)
                guard i < n else {
                    throw JSONLineError(offset: i, message: "expected a value, found end of line")
                }
                var field = JSONField()
                field.start = i
                switch p[i] {
                case UInt8(ascii: "\""):
                    let (end, escaped) = try Self.scanString(p, i, n)
                    field.kind = .string
                    field.start = i + 1
                    field.end = end
                    field.hasEscapes = escaped
                    i = end + 1
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    field.kind = p[i] == UInt8(ascii: "{") ? .object : .array
                    i = try skipValue(p, i, n)
                    field.end = i
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    field.kind = .number
                    i = try Self.scanNumber(p, i, n)
                    field.end = i
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    field.kind = p[i] == UInt8(ascii: "n") ? .null : .bool
                    i = try Self.scanLiteral(p, i, n)
                    field.end = i
                default:
                    throw JSONLineError(offset: i, message: "expected a value, found \(Self.describe(p, i, n))")
                }
                if matches != 0 {
                    var m = matches
                    while m != 0 {
                        fields[m.trailingZeroBitCount] = field
                        m &= m &- 1
                    }
                }
                i = Self.skipWhitespace(p, i, n)
                guard i < n else {
                    throw JSONLineError(offset: i, message: "expected ',' or '}' in object, found end of line")
                }
                if p[i] == UInt8(ascii: ",") {
                    i = Self.skipWhitespace(p, i + 1, n)
                    continue
                }
                if p[i] == UInt8(ascii: "}") {
                    i += 1
                    break
                }
                throw JSONLineError(offset: i, message: "expected ',' or '}' in object, found \(Self.describe(p, i, n))")
            }
        }
        i = Self.skipWhitespace(p, i, n)
        if i != n {
            throw JSONLineError(offset: i, message: "unexpected \(Self.describe(p, i, n)) after the JSON object")
        }
    }

    /// A bit mask of the wanted keys equal to the key whose contents are `p[start..<end]`.
    mutating func matchKey(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ escaped: Bool) -> UInt64 {
        var mask: UInt64 = 0
        if !escaped {
            let length = end - start
            for k in keys.indices where keys[k].count == length {
                let equal = keys[k].withUnsafeBufferPointer { key in
                    length == 0 || memcmp(key.baseAddress!, p + start, length) == 0
                }
                if equal { mask |= 1 << UInt64(k) }
            }
        } else {
            _ = decodeEscaped(p, start, end)
            for k in keys.indices where keys[k] == scratch { mask |= 1 << UInt64(k) }
        }
        return mask
    }

    /// Skips one complete value starting at `i` (any type, any depth) and returns the index after it.
    mutating func skipValue(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) throws(JSONLineError) -> Int {
        stack.removeAll(keepingCapacity: true)
        var i = start
        value: while true {
            guard i < n else {
                throw JSONLineError(offset: i, message: "expected a value, found end of line")
            }
            switch p[i] {
            case UInt8(ascii: "\""):
                i = try Self.scanString(p, i, n).end + 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                i = try Self.scanNumber(p, i, n)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                i = try Self.scanLiteral(p, i, n)
            case UInt8(ascii: "{"):
                i = Self.skipWhitespace(p, i + 1, n)
                if i < n, p[i] == UInt8(ascii: "}") {
                    i += 1
                } else {
                    stack.append(true)
                    i = try Self.scanMemberKey(p, i, n)
                    continue value
                }
            case UInt8(ascii: "["):
                i = Self.skipWhitespace(p, i + 1, n)
                if i < n, p[i] == UInt8(ascii: "]") {
                    i += 1
                } else {
                    stack.append(false)
                    continue value
                }
            default:
                throw JSONLineError(offset: i, message: "expected a value, found \(Self.describe(p, i, n))")
            }
            // A value just ended: close containers or move to the next element.
            while let isObject = stack.last {
                i = Self.skipWhitespace(p, i, n)
                guard i < n else {
                    let expected = isObject ? "',' or '}' in object" : "',' or ']' in array"
                    throw JSONLineError(offset: i, message: "expected \(expected), found end of line")
                }
                let c = p[i]
                if c == UInt8(ascii: ",") {
                    i = Self.skipWhitespace(p, i + 1, n)
                    if isObject { i = try Self.scanMemberKey(p, i, n) }
                    continue value
                }
                if isObject ? c == UInt8(ascii: "}") : c == UInt8(ascii: "]") {
                    stack.removeLast()
                    i += 1
                    continue
                }
                let expected = isObject ? "',' or '}' in object" : "',' or ']' in array"
                throw JSONLineError(offset: i, message: "expected \(expected), found \(Self.describe(p, i, n))")
            }
            return i
        }
    }

    /// Scans `"key" :` at `i` and returns the index of the value after it.
    static func scanMemberKey(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) throws(JSONLineError) -> Int {
        guard start < n, p[start] == UInt8(ascii: "\"") else {
            throw JSONLineError(offset: start, message: "expected a string key, found \(describe(p, start, n))")
        }
        var i = skipWhitespace(p, try scanString(p, start, n).end + 1, n)
        guard i < n, p[i] == UInt8(ascii: ":") else {
            throw JSONLineError(offset: i, message: "expected ':' after key, found \(describe(p, i, n))")
        }
        i = skipWhitespace(p, i + 1, n)
        return i
    }

    @inline(__always)
    static func skipWhitespace(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> Int {
        var i = start
        while i < n {
            let c = p[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            i += 1
        }
        return i
    }

    /// Scans the string whose opening quote is at `start`; returns the closing quote's index and
    /// whether the string has escapes. Validates escapes and rejects raw control characters.
    static func scanString(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int
    ) throws(JSONLineError) -> (end: Int, escaped: Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var j = start + 1
        var escaped = false
        while true {
            // Eight bytes at a time until one is '"', '\\' or < 0x20. The lowest flagged byte is
            // exact (borrows only propagate towards higher bytes).
            while j &+ 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
                let q = w ^ (ones &* 0x22)
                let b = w ^ (ones &* 0x5C)
                let m = (((q &- ones) & ~q) | ((b &- ones) & ~b) | ((w &- ones &* 0x20) & ~w)) & highs
                if m != 0 {
                    j &+= m.trailingZeroBitCount >> 3
                    break
                }
                j &+= 8
            }
            guard j < n else {
                throw JSONLineError(offset: start, message: "unterminated string")
            }
            let c = p[j]
            if c == UInt8(ascii: "\"") { return (j, escaped) }
            if c == UInt8(ascii: "\\") {
                escaped = true
                guard j + 1 < n else {
                    throw JSONLineError(offset: j, message: "unterminated escape sequence")
                }
                switch p[j + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    j += 2
                case UInt8(ascii: "u"):
                    guard j + 6 <= n, hexValue(p, j + 2) != nil else {
                        throw JSONLineError(offset: j, message: "invalid \\u escape: expected four hex digits")
                    }
                    j += 6
                default:
                    throw JSONLineError(offset: j, message: "invalid escape '\\\(describeRaw(p[j + 1]))'")
                }
            } else if c < 0x20 {
                throw JSONLineError(
                    offset: j, message: "unescaped control character \(hexByte(c)) in string")
            } else {
                j += 1
            }
        }
    }

    /// The value of the four hex digits at `i`, or nil.
    @inline(__always)
    static func hexValue(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt32? {
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = p[i + k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Scans a number per RFC 8259 and returns the index after it.
    static func scanNumber(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) throws(JSONLineError) -> Int {
        @inline(__always) func isDigit(_ i: Int) -> Bool {
            i < n && p[i] &- UInt8(ascii: "0") < 10
        }
        var i = start
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else {
            throw JSONLineError(offset: i, message: "invalid number: expected a digit, found \(describe(p, i, n))")
        }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) {
                throw JSONLineError(offset: i, message: "invalid number: leading zeros are not allowed")
            }
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else {
                throw JSONLineError(offset: i, message: "invalid number: expected a digit after '.', found \(describe(p, i, n))")
            }
            while isDigit(i) { i += 1 }
        }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else {
                throw JSONLineError(offset: i, message: "invalid number: expected a digit in the exponent, found \(describe(p, i, n))")
            }
            while isDigit(i) { i += 1 }
        }
        return i
    }

    /// Scans `true`, `false` or `null` and returns the index after it.
    static func scanLiteral(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) throws(JSONLineError) -> Int {
        let word: StaticString
        switch p[start] {
        case UInt8(ascii: "t"): word = "true"
        case UInt8(ascii: "f"): word = "false"
        default: word = "null"
        }
        let length = word.utf8CodeUnitCount
        guard start + length <= n, memcmp(p + start, word.utf8Start, length) == 0 else {
            throw JSONLineError(offset: start, message: "invalid literal: expected '\(word)'")
        }
        return start + length
    }

    // MARK: Decoding

    /// Decodes the string field at `field` (which must be of kind `.string`) into a `String`.
    /// Invalid UTF-8 and lone surrogate escapes become U+FFFD; `repaired` tells whether any did.
    mutating func decodeString(_ line: UnsafeBufferPointer<UInt8>, _ field: JSONField) -> (String, repaired: Bool) {
        let p = line.baseAddress!
        lastLoneSurrogates = 0
        if !field.hasEscapes {
            return UTF8Repair.decode(UnsafeBufferPointer(start: p + field.start, count: field.end - field.start))
        }
        let lone = decodeEscaped(p, field.start, field.end)
        lastLoneSurrogates = lone
        let (string, repaired) = scratch.withUnsafeBufferPointer { UTF8Repair.decode($0) }
        return (string, repaired || lone > 0)
    }

    /// The raw bytes `p[start..<end]` as a `String` (for numbers kept as literal text).
    func rawString(_ line: UnsafeBufferPointer<UInt8>, _ field: JSONField) -> String {
        String(decoding: UnsafeBufferPointer(start: line.baseAddress! + field.start, count: field.end - field.start), as: UTF8.self)
    }

    /// Decodes the (already validated) escaped string contents `p[start..<end]` into ``scratch``.
    /// Returns the number of lone surrogates replaced with U+FFFD.
    mutating func decodeEscaped(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(end - start)
        var lone = 0
        var i = start
        while i < end {
            // Copy the run up to the next backslash in one go.
            let next: Int
            if let hit = memchr(p + i, Int32(UInt8(ascii: "\\")), end - i) {
                next = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            } else {
                next = end
            }
            if next > i { scratch.append(contentsOf: UnsafeBufferPointer(start: p + i, count: next - i)) }
            i = next
            guard i < end else { break }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = Self.hexValue(p, i)!
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    if i + 6 <= end, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u"),
                        let low = Self.hexValue(p, i + 2), (0xDC00...0xDFFF).contains(low)
                    {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else {
                        scalar = 0xFFFD
                        lone += 1
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                    lone += 1
                }
                Self.appendUTF8(scalar, to: &scratch)
            default:  // '"', '\\', '/'
                scratch.append(e)
            }
        }
        return lone
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: Messages

    static func describe(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> String {
        guard i < n else { return "end of line" }
        let c = p[i]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return hexByte(c)
    }

    static func describeRaw(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return String(Character(Unicode.Scalar(c))) }
        return hexByte(c)
    }

    static func hexByte(_ c: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "byte 0x" + String(digits[Int(c >> 4)]) + String(digits[Int(c & 0xF)])
    }
}
