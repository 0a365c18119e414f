extension DedupeReport: RenderableReport {
    /// The JSON Lines header of a dedupe report: the parameters.
    public struct StreamHeader: Encodable, Sendable {
        /// The parameters of the run.
        public var parameters: Parameters
    }

    /// The JSON Lines summary of a dedupe report: the counts and the boilerplate lines.
    public struct StreamSummary: Encodable, Sendable {
        /// What the run saw and found.
        public var counts: Counts
        /// Lines left out of matching.
        public var boilerplate: [Boilerplate]
    }

    /// ``ReportKind/dedupe``.
    public static var kind: ReportKind { .dedupe }

    /// The parameters.
    public var streamHeader: StreamHeader { StreamHeader(parameters: parameters) }

    /// One `cluster` message per cluster, then one `pair` message per pair.
    public var streamBody: [StreamMessage] {
        clusters.map { StreamMessage(type: "cluster", payload: $0) } + pairs.map { StreamMessage(type: "pair", payload: $0) }
    }

    /// The counts and boilerplate lines.
    public var streamSummary: StreamSummary { StreamSummary(counts: counts, boilerplate: boilerplate) }

    /// The number of clusters.
    public var matchCount: Int { clusters.count }

    /// Overview of the clusters, then each cluster with its members and the representative
    /// compared with each other member, then the boilerplate lines.
    public func renderHTML(into page: inout HTMLPage, context: HTMLContext) {
        let unitName = parameters.level == "paragraph" ? "paragraph" : "document"
        page.subtitle = "Near-duplicate \(unitName)s at similarity ≥ \(parameters.threshold) "
            + "(\(parameters.shingleSize)-\(parameters.shingles == "words" ? "word" : "character") shingles, verified \(parameters.verify))"
        page.stats = [
            ("Documents", "\(counts.documents)"),
            (unitName == "paragraph" ? "Paragraphs" : "Units", "\(counts.units)"),
            ("Clusters", "\(counts.clusters)"),
            ("In clusters", "\(counts.clusteredUnits)"),
            ("Removable", "\(counts.duplicatesRemoved)"),
            ("Pairs", "\(counts.pairs)\(counts.pairsTruncated ? "+" : "")"),
        ]
        page.parameters = [
            ("threshold", "\(parameters.threshold)"),
            ("level", parameters.level + (parameters.paragraphMode.map { " (\($0))" } ?? "")),
            ("shingles", "\(parameters.shingleSize) \(parameters.shingles)"),
            ("MinHash", "\(parameters.permutations) permutations, \(parameters.minhash), seed \(parameters.seed)"),
            ("LSH", "\(parameters.bands) bands × \(parameters.rows) rows (\(parameters.lsh.choice)), "
                + "recall at threshold \(HTMLPage.formatScore(parameters.lsh.recallAtThreshold))"),
            ("containment", parameters.containment ? "on (at least \(parameters.minContainmentShingles) shingles)" : "off"),
            ("verify", parameters.verify),
            ("keep", parameters.keep),
            ("boilerplate", parameters.boilerplate ? "detected and excluded" : "off"),
        ]
        if clusters.isEmpty {
            page.showsFilter = false
            page.raw("<div class=\"empty\">No near-duplicate \(unitName)s at this threshold.</div>")
        } else {
            renderOverview(into: &page, context: context)
            page.element("h2", text: "Clusters")
            page.alignmentLegend()
            for cluster in clusters.prefix(context.options.maxDetailed) {
                renderCluster(cluster, unitName: unitName, into: &page, context: context)
            }
            if clusters.count > context.options.maxDetailed {
                page.element("p", class: "more", text: "\(clusters.count - context.options.maxDetailed) more clusters are in the overview and the JSON report.")
            }
        }
        if !boilerplate.isEmpty {
            page.element("h2", text: "Boilerplate left out of matching")
            page.raw("<table class=\"overview\"><thead><tr><th>Line</th><th>Source</th><th>Rule</th><th>Documents</th><th>Occurrences</th></tr></thead><tbody>")
            for line in boilerplate {
                page.raw("<tr><td class=\"q\">")
                page.text(line.text)
                page.raw("</td><td>")
                page.text(line.source)
                page.raw("</td><td>")
                page.text(line.rule)
                page.raw("</td><td class=\"num\" title=\"")
                page.text(line.docs.joined(separator: ", "))
                page.raw("\">\(line.documents)</td><td class=\"num\">\(line.occurrences)</td></tr>")
            }
            page.raw("</tbody></table>")
        }
    }

    private func outlets(of cluster: Cluster, context: HTMLContext) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for member in cluster.members {
            let name = context.source(of: member.doc) ?? member.doc
            if seen.insert(name).inserted { result.append(name) }
        }
        return result
    }

    private func renderOverview(into page: inout HTMLPage, context: HTMLContext) {
        page.element("h2", text: "Overview")
        page.raw("<table class=\"overview\"><thead><tr><th>#</th><th>Size</th><th>Kept</th><th>Outlets / documents</th><th>Excerpt</th></tr></thead><tbody>")
        for cluster in clusters {
            let outlets = outlets(of: cluster, context: context)
            let representative = cluster.members.first(where: \.representative) ?? cluster.members[0]
            page.open("tr", attributes: [("data-search", HTMLPage.searchKey(outlets + cluster.members.map(\.excerpt)))])
            page.numberCell(cluster.id + 1, linkingTo: cluster.id < context.options.maxDetailed ? "cluster-\(cluster.id)" : nil)
            page.raw("<td class=\"num\">\(cluster.size)</td><td class=\"doc\">")
            page.text(representative.doc)
            page.raw("</td><td>")
            page.text(outlets.joined(separator: ", "))
            page.raw("</td><td class=\"q\">")
            page.text(HTMLPage.shorten(representative.excerpt, to: 140))
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")
    }

    private func renderCluster(_ cluster: Cluster, unitName: String, into page: inout HTMLPage, context: HTMLContext) {
        let outlets = outlets(of: cluster, context: context)
        page.open("section", class: "card", attributes: [
            ("id", "cluster-\(cluster.id)"),
            ("data-search", HTMLPage.searchKey(outlets + cluster.members.flatMap { [$0.doc, $0.excerpt] })),
        ])
        page.raw("<div class=\"card-head\"><div class=\"card-title\"><span class=\"no\">#\(cluster.id + 1)</span>")
        page.text("\(cluster.size) near-duplicate \(unitName)s")
        page.raw("</div><div class=\"badges\">")
        let kinds = Set(cluster.members.filter { !$0.representative }.map(\.match)).sorted()
        for kind in kinds { page.element("span", class: "badge", text: kind) }
        let documents = Set(cluster.members.map(\.doc)).count
        page.element("span", class: "badge", text: documents == 1 ? "within one document" : "\(documents) documents")
        page.raw("</div></div>")
        page.raw("<div class=\"outlets\">")
        for outlet in outlets { page.element("span", class: "outlet", text: outlet) }
        page.raw("</div>")
        page.raw("<table class=\"members\"><thead><tr><th></th><th>Document</th><th>Bytes</th><th>Similarity</th><th>Measure</th><th>Excerpt</th></tr></thead><tbody>")
        for member in cluster.members {
            let mark = member.representative ? "representative (kept)" : member.removed ? "" : "kept: it holds more than the representative, or matches it only through other members"
            page.raw("<tr><td title=\"\(mark)\">\(member.representative ? "★" : member.removed ? "" : "☆")</td><td class=\"doc\">")
            page.text(member.doc)
            page.raw("</td><td class=\"num\">\(member.start)–\(member.end)</td><td class=\"num\">")
            page.scoreBar(member.similarity)
            page.raw("</td><td>")
            page.text(member.representative ? "kept" : member.removed ? member.match : "\(member.match), kept")
            page.raw("</td><td class=\"q\">")
            page.text(HTMLPage.shorten(member.excerpt, to: 110))
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")
        let representative = cluster.members.first(where: \.representative) ?? cluster.members[0]
        let others = cluster.members.filter { $0 != representative }
        page.element("h3", text: "Kept version against each other member")
        page.comparisons(
            reference: passage(representative, label: "kept", context: context),
            others: others.map { member in
                (tab: member.doc, passage: passage(member, label: "\(member.match) \(HTMLPage.formatScore(member.similarity))", context: context))
            },
            context: context)
        page.close("section")
    }

    private func passage(_ member: Member, label: String, context: HTMLContext) -> HTMLPassage {
        let range = member.start..<max(member.start, member.end)
        return HTMLPassage(
            title: member.doc,
            details: [label, "bytes \(member.start)–\(member.end)", context.source(of: member.doc) ?? "", context.date(of: member.doc) ?? ""],
            document: member.doc, range: range, text: member.text ?? member.excerptSpan?.text ?? member.excerpt, context: range)
    }
}
