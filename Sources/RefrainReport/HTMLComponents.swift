import RefrainText

/// What a report's HTML renderer needs besides the report: the documents passages are shown
/// within, the layout options, and a tokenizer for word alignment.
///
/// Not thread-safe (it caches paragraph boundaries and owns a tokenizer): one per page.
public final class HTMLContext {
    /// The documents the report refers to (may be empty: passages then show without context).
    public let documents: ReportDocuments
    /// Layout limits.
    public let options: HTMLOptions
    let tokenizer = Tokenizer()
    private var paragraphCache: [String: [Range<Int>]] = [:]

    /// A context over `documents` with `options`.
    public init(documents: ReportDocuments, options: HTMLOptions = HTMLOptions()) {
        self.documents = documents
        self.options = options
    }

    /// The `source` metadata of document `id`, if the document is known and has one.
    public func source(of id: String) -> String? { documents[id]?.document.source }

    /// The `date` metadata of document `id`, if known.
    public func date(of id: String) -> String? { documents[id]?.document.date }

    /// The paragraphs (blank-line separated, or lines when there is no blank line) of document `id` that overlap `range`, joined into
    /// one range; `nil` when the document is unknown or the range is not inside it.
    func paragraphRange(of id: String, around range: Range<Int>) -> Range<Int>? {
        guard let entry = documents[id], range.upperBound <= entry.bytes.count, range.lowerBound >= 0 else { return nil }
        let paragraphs: [Range<Int>]
        if let cached = paragraphCache[id] {
            paragraphs = cached
        } else {
            // As the quote reader's "auto" mode: blank-line paragraphs, or every line when the
            // text has no blank line.
            let blankLines = entry.bytes.withUnsafeBufferPointer { Paragraphs.ranges(in: $0) }
            paragraphs = blankLines.count > 1
                ? blankLines : entry.bytes.withUnsafeBufferPointer { Paragraphs.ranges(in: $0, mode: .lineBreaks) }
            paragraphCache[id] = paragraphs
        }
        var lower = range.lowerBound
        var upper = range.upperBound
        for paragraph in paragraphs where paragraph.overlaps(range) || paragraph.contains(range.lowerBound) {
            lower = min(lower, paragraph.lowerBound)
            upper = max(upper, paragraph.upperBound)
        }
        return lower..<upper
    }
}

/// One side of a comparison: a passage of a document (or a free text such as a query).
public struct HTMLPassage: Sendable {
    /// Bold label in the side's head (usually the document id).
    public var title: String
    /// Further facts in the head (outlet, date, speaker, score), plain text.
    public var details: [String]
    /// Id of the document the passage is in; `nil` for a text that is not in the corpus.
    public var document: String?
    /// UTF-8 byte range of the passage in its document.
    public var range: Range<Int>?
    /// The passage's exact text as the report gives it: shown when the document is not available.
    public var text: String
    /// The context shown around the passage; `nil` means the paragraph(s) containing it.
    /// Pass `range` itself to show no context (whole documents).
    public var context: Range<Int>?
    /// The parts of `range` that are compared, in document offsets (a split quote's segments);
    /// words outside them are shown muted. `nil` compares the whole passage.
    public var segments: [Range<Int>]?

    /// Creates a passage.
    public init(title: String, details: [String] = [], document: String? = nil, range: Range<Int>? = nil,
                text: String, context: Range<Int>? = nil, segments: [Range<Int>]? = nil) {
        self.segments = segments
        self.title = title
        self.details = details
        self.document = document
        self.range = range
        self.text = text
        self.context = context
    }
}

/// One entry on a timeline.
public struct HTMLTimelineEntry: Sendable {
    /// Short label (outlet or document).
    public var label: String
    /// The document date as written, if known.
    public var date: String?
    /// A second, muted line under the label (e.g. the wording), plain text; may be empty.
    public var detail: String
    /// Anchor of the entry's detail on the page (`#...`), if any.
    public var anchor: String?

    /// Creates an entry.
    public init(label: String, date: String?, detail: String = "", anchor: String? = nil) {
        self.label = label
        self.date = date
        self.detail = detail
        self.anchor = anchor
    }
}

extension HTMLPage {
    /// A page-unique id with `prefix`.
    public mutating func uniqueID(_ prefix: String) -> String {
        idCounter += 1
        return "\(prefix)-\(idCounter)"
    }

    /// The legend explaining the word highlighting.
    public mutating func alignmentLegend() {
        raw("<div class=\"legend\"><span><span class=\"run\">same words</span> in both versions</span>")
        raw("<span><span class=\"df\">differing words</span> only in this version</span>")
        raw("<span>grey: the rest of the paragraph</span><span>hover a word to find its partner</span></div>")
    }

    /// Two passages side by side, their aligned words highlighted, differing words marked, each
    /// inside its paragraph (muted) when the document is available.
    public mutating func comparison(_ left: HTMLPassage, _ right: HTMLPassage, context: HTMLContext) {
        let a = Self.resolve(left, context: context)
        let b = Self.resolve(right, context: context)
        let alignment = TokenAlignment.align(
            a.span, b.span, tokenizer: context.tokenizer, maxTokens: context.options.maxAlignedTokens,
            leftSegments: a.segments, rightSegments: b.segments)
        raw("<div class=\"cmp\">")
        side(left, a, tokens: alignment.leftTokens, partners: alignment.leftPartner, included: alignment.leftIncluded, numberByPartner: false)
        side(right, b, tokens: alignment.rightTokens, partners: alignment.rightPartner, included: alignment.rightIncluded, numberByPartner: true)
        raw("</div>")
    }

    /// Comparisons of `reference` against each of `others`, with tabs to switch between them
    /// (all shown without JavaScript).
    public mutating func comparisons(reference: HTMLPassage, others: [(tab: String, passage: HTMLPassage)], context: HTMLContext) {
        guard !others.isEmpty else { return }
        let shown = others.prefix(context.options.maxComparisons)
        let ids = shown.map { _ in uniqueID("cmp") }
        if shown.count > 1 {
            raw("<div class=\"tabs\" role=\"tablist\">")
            for (index, other) in shown.enumerated() {
                open("button", attributes: [("type", "button"), ("role", "tab"), ("aria-controls", ids[index]),
                                            ("aria-selected", index == 0 ? "true" : "false")])
                text(other.tab)
                close("button")
            }
            raw("</div>")
        }
        for (index, other) in shown.enumerated() {
            open("div", attributes: [("id", ids[index]), ("role", "tabpanel")])
            comparison(reference, other.passage, context: context)
            close("div")
        }
        if others.count > shown.count {
            open("p", class: "more")
            text("\(others.count - shown.count) more comparisons are not shown (limit \(context.options.maxComparisons)).")
            close("p")
        }
    }

    /// A timeline of `entries` by date: dated entries on a time axis, undated ones listed; with no
    /// dates at all, the entries in the order given.
    public mutating func timeline(_ entries: [HTMLTimelineEntry]) {
        guard !entries.isEmpty else { return }
        let days = entries.map { $0.date.flatMap(Self.dayNumber) }
        let dated = entries.indices.filter { days[$0] != nil }
        let byDate = !dated.isEmpty
        let placed = byDate ? dated.sorted { (days[$0]!, $0) < (days[$1]!, $1) } : Array(entries.indices)
        // Group entries that share a position (same day, or each its own slot in reading order).
        var groups: [(key: Int, members: [Int])] = []
        for index in placed {
            let key = byDate ? days[index]! : index
            if let last = groups.last, last.key == key {
                groups[groups.count - 1].members.append(index)
            } else {
                groups.append((key, [index]))
            }
        }
        let width = 1000.0, left = 115.0, right = 885.0, minGap = 150.0
        var xs: [Double]
        if groups.count == 1 {
            xs = [(left + right) / 2]
        } else if byDate {
            let first = Double(groups.first!.key), last = Double(groups.last!.key)
            xs = groups.map { left + (Double($0.key) - first) / (last - first) * (right - left) }
        } else {
            xs = groups.indices.map { left + Double($0) / Double(groups.count - 1) * (right - left) }
        }
        for i in xs.indices.dropFirst() { xs[i] = max(xs[i], xs[i - 1] + minGap) }
        if let last = xs.last, last > right, xs.count > 1 {
            let scale = (right - left) / (last - xs[0])
            xs = xs.map { left + ($0 - xs[0]) * scale }
        }
        let hasDetail = entries.contains { !$0.detail.isEmpty }
        let rowHeight = hasDetail ? 34.0 : 17.0
        let rows = groups.map(\.members.count).max() ?? 1
        let height = 50.0 + Double(rows) * rowHeight
        let axis = 26.0
        raw("<div class=\"timeline\"><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Timeline\">")
        raw("<line x1=\"\(Int(left - 30))\" y1=\"\(Int(axis))\" x2=\"\(Int(right + 30))\" y2=\"\(Int(axis))\" stroke=\"#c9c3b6\" stroke-width=\"2\"/>")
        for (g, group) in groups.enumerated() {
            let x = Int(xs[g].rounded())
            raw("<circle cx=\"\(x)\" cy=\"\(Int(axis))\" r=\"7\" fill=\"\(g == 0 ? "#1f4e79" : "#c9a96a")\" stroke=\"#fff\" stroke-width=\"2\"/>")
            let heading = byDate ? (entries[group.members[0]].date.map { String($0.prefix(10)) } ?? "") : Self.ordinal(g + 1) + " read"
            raw("<text x=\"\(x)\" y=\"12\" text-anchor=\"middle\" font-size=\"12\" fill=\"#6a7282\" font-family=\"system-ui,sans-serif\">")
            text(heading)
            raw("</text>")
            for (row, member) in group.members.enumerated() {
                let y = Int(axis + 26 + Double(row) * rowHeight)
                let label = Self.shorten(entries[member].label, to: 22)
                if let anchor = entries[member].anchor { open("a", attributes: [("href", anchor)]) }
                raw("<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#1c2430\" font-family=\"system-ui,sans-serif\"\(g == 0 ? " font-weight=\"700\"" : "")>")
                text(label)
                raw("</text>")
                if !entries[member].detail.isEmpty {
                    raw("<text x=\"\(x)\" y=\"\(y + 16)\" text-anchor=\"middle\" font-size=\"12.5\" font-style=\"italic\" fill=\"#6a7282\" font-family=\"Georgia,serif\">")
                    text("“" + Self.shorten(entries[member].detail, to: 30) + "”")
                    raw("</text>")
                }
                if entries[member].anchor != nil { close("a") }
            }
        }
        raw("</svg>")
        if !byDate {
            raw("<p class=\"note\">No publication dates in the input: shown in reading order. Give documents a <code>date</code> (a JSON Lines field, or a <code>date:</code> header line or dateline in a text file) to place them in time.</p>")
        } else if dated.count < entries.count {
            let undated = entries.indices.filter { days[$0] == nil }.map { entries[$0].label }
            open("p", class: "note")
            text("Date unknown: " + undated.joined(separator: ", ") + ".")
            close("p")
        }
        raw("</div>")
    }

    /// `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, `21st`.
    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    /// A table cell with a 1-based `number`, linked to the detail card `anchor` when there is one
    /// (overview rows past the detailed limit have none).
    public mutating func numberCell(_ number: Int, linkingTo anchor: String?) {
        raw("<td class=\"num\">")
        if let anchor {
            open("a", attributes: [("href", "#\(anchor)")])
            text("\(number)")
            close("a")
        } else {
            text("\(number)")
        }
        raw("</td>")
    }

    /// A small bar for a score in [0, 1] followed by its value.
    public mutating func scoreBar(_ score: Double) {
        let clamped = max(0, min(1, score))
        raw("<span class=\"bar\"><i style=\"width:\(Int((clamped * 100).rounded()))%\"></i></span>")
        text(Self.formatScore(score))
    }

    /// `0.873` style: three decimals.
    public static func formatScore(_ score: Double) -> String {
        let thousandths = Int((score * 1000).rounded())
        let whole = thousandths / 1000, fraction = abs(thousandths % 1000)
        let digits = String(fraction)
        return "\(whole).\(String(repeating: "0", count: 3 - digits.count))\(digits)"
    }

    /// `text` cut to `count` characters with an ellipsis.
    public static func shorten(_ text: String, to count: Int) -> String {
        text.count <= count ? text : String(text.prefix(count - 1)) + "…"
    }

    /// Lowercased text for the `data-search` attribute the filter box searches.
    public static func searchKey(_ parts: [String]) -> String {
        parts.joined(separator: " ").lowercased()
    }

    // MARK: - Internals

    struct Resolved {
        var before: String
        var span: String
        var after: String
        var note: String?
        /// Compared parts of `span`, relative to it; `nil` for all of it.
        var segments: [Range<Int>]? = nil
    }

    static func resolve(_ passage: HTMLPassage, context: HTMLContext) -> Resolved {
        guard let id = passage.document, let range = passage.range, let entry = context.documents[id],
            range.lowerBound >= 0, range.lowerBound <= range.upperBound, range.upperBound <= entry.bytes.count
        else {
            return Resolved(before: "", span: passage.text, after: "", note: nil)
        }
        let bytes = entry.bytes
        var spanEnd = range.upperBound
        var note: String? = nil
        if range.count > context.options.maxPassageBytes {
            spanEnd = range.lowerBound + context.options.maxPassageBytes
            while spanEnd > range.lowerBound && bytes[spanEnd] & 0xC0 == 0x80 { spanEnd -= 1 }
            note = "… \(range.upperBound - spanEnd) more bytes not shown"
        }
        let around = passage.context ?? context.paragraphRange(of: id, around: range) ?? range
        var lower = min(around.lowerBound, range.lowerBound), upper = max(around.upperBound, range.upperBound)
        // Long paragraphs (or texts without blank lines) are cut to a window around the passage,
        // at a space, so the passage stays in view.
        let window = context.options.maxContextBytes
        var before = "", after = ""
        if range.lowerBound - lower > window {
            lower = range.lowerBound - window
            while lower < range.lowerBound && !Self.isSpace(bytes[lower]) { lower += 1 }
            before = "… "
        }
        if upper - range.upperBound > window {
            upper = range.upperBound + window
            while upper > range.upperBound && !Self.isSpace(bytes[upper - 1]) { upper -= 1 }
            after = " …"
        }
        let segments = passage.segments.map { segments in
            segments.compactMap { segment -> Range<Int>? in
                let lower = max(segment.lowerBound, range.lowerBound), upper = min(segment.upperBound, spanEnd)
                return lower < upper ? (lower - range.lowerBound)..<(upper - range.lowerBound) : nil
            }
        }
        return Resolved(
            before: before + String(decoding: bytes[lower..<range.lowerBound], as: UTF8.self),
            span: String(decoding: bytes[range.lowerBound..<spanEnd], as: UTF8.self),
            after: note == nil ? String(decoding: bytes[range.upperBound..<upper], as: UTF8.self) + after : "",
            note: note, segments: segments)
    }

    private mutating func side(_ passage: HTMLPassage, _ resolved: Resolved, tokens: [Range<Int>], partners: [Int?], included: [Bool], numberByPartner: Bool) {
        raw("<div class=\"side\"><div class=\"side-head\">")
        element("b", text: passage.title)
        for detail in passage.details where !detail.isEmpty { element("span", text: detail) }
        raw("</div><div class=\"side-body\">")
        if !resolved.before.isEmpty {
            raw("<span class=\"ctx\">")
            raw(Self.displayText(resolved.before))
            raw("</span>")
        }
        raw("<span class=\"span\">")
        let bytes = Array(resolved.span.utf8)
        var cursor = 0
        var inRun = false
        func gap(_ upTo: Int) -> String {
            upTo > cursor ? Self.displayText(String(decoding: bytes[cursor..<upTo], as: UTF8.self)) : ""
        }
        // Consecutive aligned words form one highlighted run (the spaces between them included),
        // so shared wording reads as a marker stroke and differences stand out between runs.
        for (index, token) in tokens.enumerated() where token.upperBound <= bytes.count && token.lowerBound >= cursor {
            let word = HTMLEscaping.escape(String(decoding: bytes[token], as: UTF8.self))
            if let partner = partners[index] {
                // Pairs are numbered by their left token on both sides.
                let pair = numberByPartner ? partner : index
                if inRun {
                    raw(gap(token.lowerBound))
                } else {
                    raw(gap(token.lowerBound))
                    raw("<span class=\"run\">")
                    inRun = true
                }
                raw("<span class=\"al\" data-p=\"\(pair)\">\(word)</span>")
            } else {
                if inRun {
                    raw("</span>")
                    inRun = false
                }
                raw(gap(token.lowerBound))
                // Words outside the compared segments (a split quote's "he said") are context.
                raw(included[index] ? "<span class=\"df\">\(word)</span>" : "<span class=\"ctx\">\(word)</span>")
            }
            cursor = token.upperBound
        }
        if inRun { raw("</span>") }
        if cursor < bytes.count { raw(Self.displayText(String(decoding: bytes[cursor...], as: UTF8.self))) }
        raw("</span>")
        if !resolved.after.isEmpty {
            raw("<span class=\"ctx\">")
            raw(Self.displayText(resolved.after))
            raw("</span>")
        }
        if let note = resolved.note { element("span", class: "cut", text: note) }
        raw("</div></div>")
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// Escapes `text` for display: a blank line (paragraph break) becomes a visible break, other
    /// whitespace is left to the browser to collapse (news text is often hard-wrapped).
    static func displayText(_ text: String) -> String {
        var out = ""
        var newlines = 0
        var pending = ""
        func flushSpace() {
            if newlines >= 2 { out += "<br><br>" } else if !pending.isEmpty { out += " " }
            newlines = 0
            pending = ""
        }
        var run = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == " " || scalar == "\t" || scalar == "\r" {
                if !run.isEmpty { out += HTMLEscaping.escape(run); run = "" }
                if scalar == "\n" { newlines += 1 }
                pending.unicodeScalars.append(scalar)
            } else {
                if !pending.isEmpty { flushSpace() }
                run.unicodeScalars.append(scalar)
            }
        }
        if !run.isEmpty { out += HTMLEscaping.escape(run) }
        if !pending.isEmpty { flushSpace() }
        return out
    }

    /// Days since 1970-01-01 of a date written `YYYY-MM-DD…` (ISO 8601), `YYYY-MM` or `YYYY`;
    /// `nil` for anything else.
    static func dayNumber(_ date: String) -> Int? {
        let scalars = Array(date.utf8.prefix(10))
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4) else { return nil }
        var month = 1, day = 1
        if scalars.count >= 7, scalars[4] == UInt8(ascii: "-"), let m = number(5..<7) { month = m }
        if scalars.count >= 10, scalars[7] == UInt8(ascii: "-"), let d = number(8..<10) { day = d }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
