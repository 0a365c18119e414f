extension FindReport: RenderableReport {
    /// The JSON Lines header of a find report: the query and the parameters.
    public struct StreamHeader: Encodable, Sendable {
        /// The quote searched for.
        public var query: String
        /// How the run was configured.
        public var parameters: Parameters
    }

    /// The JSON Lines summary of a find report: the counts.
    public struct StreamSummary: Encodable, Sendable {
        /// What was searched and found.
        public var counts: Counts
    }

    /// ``ReportKind/find``.
    public static var kind: ReportKind { .find }

    /// The query and parameters.
    public var streamHeader: StreamHeader { StreamHeader(query: query, parameters: parameters) }

    /// One `match` message per match, best first.
    public var streamBody: [StreamMessage] { matches.map { StreamMessage(type: "match", payload: $0) } }

    /// The counts.
    public var streamSummary: StreamSummary { StreamSummary(counts: counts) }

    /// The number of matches.
    public var matchCount: Int { matches.count }

    /// The query, an overview of the ranked matches, then each match beside the query with the
    /// shared words highlighted, inside its paragraph.
    public func renderHTML(into page: inout HTMLPage, context: HTMLContext) {
        page.subtitle = "“\(HTMLPage.shorten(query, to: 160))”"
        let documents = Set(matches.map(\.doc)).count
        page.stats = [
            ("Documents searched", "\(counts.documents)"),
            ("Matches", "\(counts.matches)"),
            ("In documents", "\(documents)"),
            ("Attributed", "\(matches.filter { $0.speaker != nil }.count)"),
            ("Best score", matches.first.map { HTMLPage.formatScore($0.score) } ?? "—"),
        ]
        page.parameters = [
            ("minimum score", "\(parameters.minScore)"),
            ("limit", parameters.limit == 0 ? "none" : "\(parameters.limit)"),
            ("stemming", parameters.stem ? "on" : "off"),
            ("stopwords", parameters.stopwords ? "marked" : "not marked"),
            ("index", parameters.index ?? "built in memory from the inputs"),
        ]
        page.element("h2", text: "The quote searched for")
        page.element("blockquote", class: "canon", text: query)
        guard !matches.isEmpty else {
            page.showsFilter = false
            page.raw("<div class=\"empty\">No passage matches at a score of \(parameters.minScore) or more.</div>")
            return
        }
        page.element("h2", text: "Ranked matches")
        page.raw("<table class=\"overview\"><thead><tr><th>#</th><th>Score</th><th>Document</th><th>Speaker</th><th>Outlet · date</th><th>Passage</th></tr></thead><tbody>")
        for (rank, match) in matches.enumerated() {
            let outlet = [match.source ?? context.source(of: match.doc), match.date ?? context.date(of: match.doc)].compactMap { $0 }
            page.open("tr", attributes: [("data-search", HTMLPage.searchKey([match.doc, match.text, match.speaker ?? ""] + outlet))])
            page.numberCell(rank + 1, linkingTo: rank < context.options.maxDetailed ? "match-\(rank)" : nil)
            page.raw("<td class=\"num\">")
            page.scoreBar(match.score)
            page.raw("</td><td class=\"doc\">")
            page.text(match.doc)
            page.raw("</td><td>")
            page.text(match.speaker ?? "—")
            page.raw("</td><td>")
            page.text(outlet.isEmpty ? "—" : outlet.joined(separator: " · "))
            page.raw("</td><td class=\"q\">")
            page.text(HTMLPage.shorten(match.text, to: 120))
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")
        page.element("h2", text: "Each match beside the quote")
        page.alignmentLegend()
        for (rank, match) in matches.prefix(context.options.maxDetailed).enumerated() {
            renderMatch(match, rank: rank, into: &page, context: context)
        }
        if matches.count > context.options.maxDetailed {
            page.element("p", class: "more", text: "\(matches.count - context.options.maxDetailed) more matches are in the overview and the JSON report.")
        }
    }

    private func renderMatch(_ match: Match, rank: Int, into page: inout HTMLPage, context: HTMLContext) {
        let outlet = match.source ?? context.source(of: match.doc)
        let date = match.date ?? context.date(of: match.doc)
        page.open("section", class: "card", attributes: [
            ("id", "match-\(rank)"),
            ("data-search", HTMLPage.searchKey([match.doc, match.text, match.speaker ?? "", outlet ?? "", date ?? ""])),
        ])
        page.raw("<div class=\"card-head\"><div class=\"card-title\"><span class=\"no\">#\(rank + 1)</span>")
        page.text(match.speaker.map { "\($0)" } ?? (match.quote == nil ? "Unquoted passage" : "Unattributed quote"))
        page.raw("</div><div class=\"badges\">")
        page.element("span", class: "badge strong", text: "score \(HTMLPage.formatScore(match.score))")
        page.element("span", class: "badge", text: "covers \(Int((match.coverage * 100).rounded()))% of the quote")
        page.element("span", class: "badge", text: match.quote == nil ? "not in quotation marks" : "inside a quote")
        if let attribution = match.attribution {
            page.element("span", class: "badge", text: "attributed by \(attribution.method), confidence \(HTMLPage.formatScore(attribution.confidence))")
        }
        page.raw("</div></div>")
        if let attribution = match.attribution {
            page.open("p", class: "links")
            page.text("Speaker cue: “\(attribution.cue.text)” (bytes \(attribution.cue.start)–\(attribution.cue.end))")
            page.close("p")
        }
        let passage = HTMLPassage(
            title: match.doc,
            details: ["bytes \(match.start)–\(match.end)", outlet ?? "", date ?? ""],
            document: match.doc, range: match.start..<max(match.start, match.end), text: match.text)
        page.comparison(HTMLPassage(title: "The quote searched for", text: query), passage, context: context)
        page.close("section")
    }
}
