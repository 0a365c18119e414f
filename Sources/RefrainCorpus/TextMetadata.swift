import Foundation

/// Metadata a plain-text article carries in its own words: a leading header block
/// (`source:`, `date:`, `url:`, `title:` lines) and a dateline or byline date.
///
/// - **Header block**: the file's first lines, each `key: value` with a key of `source`, `date`,
///   `url` or `title` (any case), ended by a blank line (which belongs to the header) or by the
///   first other line. At most ``maxHeaderLines`` lines of at most ``maxLineBytes`` bytes; the
///   first value of a repeated key wins. The header is not part of the text to match (see
///   ``Document/bodyOffset``), but byte offsets keep counting from the file's first byte.
/// - **Dateline**: when no header gives a date, the first of the body's first ``datelineLines``
///   lines that opens with a date (`2024-10-10`, `October 10, 2024`, `Oct. 10, 2024`,
///   `10 October 2024`, `10 Oct, 2024`), optionally after a label (`date`, `published`,
///   `updated`, `posted`, `dated`) or a weekday; a byline (`By … October 10, 2024 5:01 PM`);
///   or an agency dateline (`MOSCOW, Oct. 10, 2024 (Reuters) —`). A date inside running text
///   ("In this Saturday, Oct. 10, 2015, file photo") is not a dateline. Dates without a year are
///   not read.
///
/// Dates read from the header or a dateline are written `YYYY-MM-DD` when they parse as one of
/// the forms above, and kept as written otherwise.
public enum TextMetadata {
    /// Header lines read at most.
    public static let maxHeaderLines = 8
    /// Longest header line, in bytes.
    public static let maxLineBytes = 2048
    /// Body lines searched for a dateline.
    public static let datelineLines = 25

    /// What a text's header block and dateline say.
    public struct Fields: Sendable, Hashable {
        /// `source:` value.
        public var source: String?
        /// `date:` value (ISO when it parses), or the dateline's date.
        public var date: String?
        /// `url:` value.
        public var url: String?
        /// `title:` value.
        public var title: String?
        /// Byte offset where the body starts (0 without a header block).
        public var bodyOffset: Int = 0

        /// No metadata.
        public init() {}
    }

    /// The metadata of `text` (see ``TextMetadata``).
    public static func read(_ text: String) -> Fields {
        var fields = Fields()
        // Only the first few KB can hold a header or a dateline.
        let limit = (maxHeaderLines + datelineLines + 2) * maxLineBytes
        let bytes = Array(text.utf8.prefix(limit))
        var lines: [(range: Range<Int>, next: Int)] = []
        var start = 0
        while start < bytes.count && lines.count < maxHeaderLines + datelineLines + 1 {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var contentEnd = end
            if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            lines.append((start..<contentEnd, min(bytes.count, end + 1)))
            start = end + 1
        }
        func string(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

        // Header block.
        var bodyLine = 0
        var found = false
        for (k, line) in lines.prefix(maxHeaderLines).enumerated() {
            let s = string(line.range)
            if s.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if found { bodyLine = k + 1; fields.bodyOffset = line.next }
                break
            }
            guard line.range.count <= maxLineBytes, let colon = s.firstIndex(of: ":") else { break }
            let key = s[..<colon].lowercased()
            let value = s[s.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard ["source", "date", "url", "title"].contains(key), !value.isEmpty else { break }
            found = true
            bodyLine = k + 1
            fields.bodyOffset = line.next
            switch key {
            case "source": if fields.source == nil { fields.source = value }
            case "date": if fields.date == nil { fields.date = isoDate(value) ?? value }
            case "url": if fields.url == nil { fields.url = value }
            default: if fields.title == nil { fields.title = value }
            }
        }
        if !found { fields.bodyOffset = 0; bodyLine = 0 }
        if fields.date == nil {
            for line in lines.dropFirst(bodyLine).prefix(datelineLines) {
                if let date = dateline(string(line.range)) { fields.date = date; break }
            }
        }
        return fields
    }

    /// The date a dateline or byline `line` opens with, `YYYY-MM-DD`, or nil.
    public static func dateline(_ line: String) -> String? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).map(String.init)
        guard !words.isEmpty else { return nil }
        var i = 0
        let first = words[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":|"))
        if ["date", "dated", "published", "updated", "posted"].contains(first) {
            i = 1
            if i < words.count && ["on", "at", ":"].contains(words[i].lowercased()) { i += 1 }
        }
        if i < words.count && weekday(words[i]) { i += 1 }
        if let date = date(words, at: i) { return date }
        if first == "by" {
            // A byline: names, then the date.
            for j in 1..<words.count { if let date = date(words, at: j) { return date } }
            return nil
        }
        // An agency dateline: a place in capitals, a comma, the date.
        var j = 0
        while j < words.count && j < 4 {
            let w = words[j]
            guard w.contains(where: \.isLetter), w.allSatisfy({ !$0.isLowercase }) else { break }
            if w.hasSuffix(",") { return date(words, at: j + 1) }
            j += 1
        }
        return nil
    }

    /// `value` as `YYYY-MM-DD` when it is a date in one of the forms ``TextMetadata`` reads (an
    /// ISO date may carry a time after it), else nil.
    public static func isoDate(_ value: String) -> String? {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var i = 0
        if i < words.count && weekday(words[i]) { i += 1 }
        return date(words, at: i)
    }

    private static let months: [String: Int] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"]
        var out: [String: Int] = [:]
        for (k, name) in names.enumerated() {
            out[name] = k + 1
            out[String(name.prefix(3))] = k + 1
        }
        out["sept"] = 9
        return out
    }()

    private static func weekday(_ word: String) -> Bool {
        let w = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",."))
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return days.contains(w) || days.contains { $0.prefix(3) == w && w.count == 3 }
    }

    private static func month(_ word: String) -> Int? {
        months[word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",."))]
    }

    private static func number(_ word: String, digits: ClosedRange<Int>) -> Int? {
        let w = word.trimmingCharacters(in: CharacterSet(charactersIn: ",.")).lowercased()
        var core = Substring(w)
        for suffix in ["st", "nd", "rd", "th"] where core.hasSuffix(suffix) { core = core.dropLast(2) }
        guard digits.contains(core.count), core.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(core)
    }

    private static func iso(_ y: Int, _ m: Int, _ d: Int) -> String? {
        guard (1800...2200).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let mm = m < 10 ? "0\(m)" : "\(m)", dd = d < 10 ? "0\(d)" : "\(d)"
        return "\(y)-\(mm)-\(dd)"
    }

    /// A date starting at `words[i]`: ISO, `Month D, YYYY` or `D Month YYYY`.
    private static func date(_ words: [String], at i: Int) -> String? {
        guard i < words.count else { return nil }
        let w = words[i]
        // ISO, possibly with a time: 2024-10-10, 2024-10-10T17:01:00Z.
        let isoPart = w.prefix(10)
        if isoPart.count == 10 {
            let parts = isoPart.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
               let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
               w.count == 10 || w.dropFirst(10).first == "T" || w.dropFirst(10).first == "," {
                return iso(y, m, d)
            }
        }
        guard i + 2 < words.count else { return nil }
        if let m = month(w), let d = number(words[i + 1], digits: 1...2), let y = number(words[i + 2], digits: 4...4) {
            return iso(y, m, d)
        }
        if let d = number(w, digits: 1...2), let m = month(words[i + 1]), let y = number(words[i + 2], digits: 4...4) {
            return iso(y, m, d)
        }
        return nil
    }
}
