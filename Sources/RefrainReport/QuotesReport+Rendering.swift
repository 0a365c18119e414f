extension QuotesReport: RenderableReport {
    /// The JSON Lines header of a quotes report: the parameters.
    public struct StreamHeader: Encodable, Sendable {
        /// How the run was configured.
        public var parameters: Parameters
    }

    /// The JSON Lines summary of a quotes report: the counts.
    public struct StreamSummary: Encodable, Sendable {
        /// What was read and found.
        public var counts: Counts
    }

    /// ``ReportKind/quotes``.
    public static var kind: ReportKind { .quotes }

    /// The parameters.
    public var streamHeader: StreamHeader { StreamHeader(parameters: parameters) }

    /// One `cluster` message per cluster, in report order.
    public var streamBody: [StreamMessage] { clusters.map { StreamMessage(type: "cluster", payload: $0) } }

    /// The counts.
    public var streamSummary: StreamSummary { StreamSummary(counts: counts) }

    /// The number of clusters.
    public var matchCount: Int { clusters.count }

    /// An overview of the statements heard more than once, then each with its timeline, its
    /// variants and the canonical wording compared with each other variant inside its paragraph;
    /// then the quotes heard once.
    public func renderHTML(into page: inout HTMLPage, context: HTMLContext) {
        page.subtitle = "\(counts.quotes) quotes from \(counts.documents) documents, grouped into statements by speaker"
            + (counts.unmarked > 0 ? ", with \(counts.unmarked) reprint\(counts.unmarked == 1 ? "" : "s") without quotation marks" : "")
        page.stats = [
            ("Documents", "\(counts.documents)"),
            ("Quotes", "\(counts.quotes)"),
            ("Attributed", "\(counts.attributed)"),
            ("Unmarked reprints", "\(counts.unmarked)"),
            ("Statements", "\(counts.clusters)"),
            ("With variants", "\(counts.multiVariantClusters)"),
            ("Across outlets", "\(counts.crossOutletClusters)"),
        ]
        page.parameters = [
            ("variants when similarity ≥", "\(parameters.minSimilarity) (same speaker)"),
            ("link other speakers at ≥", "\(parameters.linkSimilarity)"),
            ("attach short or unattributed quotes at ≥", "\(parameters.attachSimilarity)"),
            ("minimum variants per cluster", "\(parameters.minVariants)"),
            ("stemming", parameters.stem ? "on" : "off"),
            ("stopwords", parameters.stopwords ? "marked" : "not marked"),
            ("index", parameters.index ?? "built in memory from the inputs"),
        ]
        guard !clusters.isEmpty else {
            page.showsFilter = false
            page.raw("<div class=\"empty\">No quotes found.</div>")
            return
        }
        let repeated = clusters.filter { $0.size > 1 }
        let single = clusters.filter { $0.size == 1 }
        if !repeated.isEmpty {
            page.element("h2", text: "Statements heard more than once")
            renderOverview(repeated, into: &page, context: context)
            page.alignmentLegend()
            for cluster in repeated.prefix(context.options.maxDetailed) {
                renderCluster(cluster, into: &page, context: context)
            }
            if repeated.count > context.options.maxDetailed {
                page.element("p", class: "more", text: "\(repeated.count - context.options.maxDetailed) more statements are in the overview and the JSON report.")
            }
        } else {
            page.raw("<div class=\"empty\">No statement appears in more than one variant.</div>")
        }
        if !single.isEmpty {
            page.element("h2", text: "Quotes heard once")
            renderSingles(single, into: &page, context: context)
        }
    }

    // MARK: - Parts

    /// The variant's outlet by name, else its document id (shortened).
    private static func label(_ variant: Variant, context: HTMLContext) -> String {
        variant.outlet.basis == "document" ? (context.source(of: variant.doc) ?? shortID(variant.doc)) : variant.outlet.name
    }

    /// The outlets of `cluster` by name, and how many of its documents have no known outlet.
    private static func outletSummary(_ cluster: Cluster) -> (named: [String], unknown: Int) {
        let named = cluster.outlets.filter { $0.basis != "document" }.map(\.name)
        return (named, cluster.outlets.count - named.count)
    }

    private static func outletText(_ cluster: Cluster) -> String {
        let (named, unknown) = outletSummary(cluster)
        var parts = named
        if unknown > 0 { parts.append("\(unknown) document\(unknown == 1 ? "" : "s") of unknown outlet") }
        return parts.joined(separator: ", ")
    }

    /// A document id without a `.txt`/`.md` extension.
    private static func shortID(_ id: String) -> String {
        for suffix in [".txt", ".md", ".json"] where id.hasSuffix(suffix) { return String(id.dropLast(suffix.count)) }
        return id
    }

    /// The outlet and the document, or just the document when the outlet is unknown.
    private static func tab(_ variant: Variant, context: HTMLContext) -> String {
        let label = label(variant, context: context), id = shortID(variant.doc)
        return label == id ? id : "\(label) · \(id)"
    }

    private static func date(_ variant: Variant, context: HTMLContext) -> String? {
        variant.date ?? context.date(of: variant.doc)
    }

    private func speakerName(_ cluster: Cluster) -> String { cluster.speaker ?? "Unattributed" }

    private func renderOverview(_ list: [Cluster], into page: inout HTMLPage, context: HTMLContext) {
        page.raw("<table class=\"overview\"><thead><tr><th>#</th><th>Speaker</th><th>Canonical wording</th><th>Variants</th><th>Outlets</th><th>First seen</th></tr></thead><tbody>")
        for cluster in list {
            page.open("tr", attributes: [("data-search", searchKey(cluster))])
            page.numberCell(cluster.id + 1, linkingTo: "quote-\(cluster.id)")
            page.raw("<td><b>")
            page.text(speakerName(cluster))
            page.raw("</b></td><td class=\"q\">“")
            page.text(HTMLPage.shorten(cluster.canonical, to: 150))
            page.raw("”</td><td class=\"num\">\(cluster.size)</td><td>")
            page.text(Self.outletText(cluster))
            page.raw("</td><td>")
            if let first = cluster.firstAppearance {
                page.text("\(String(first.date.prefix(10))) · \(Self.shortID(first.doc))")
            } else {
                page.text("—")
            }
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")
    }

    private func searchKey(_ cluster: Cluster) -> String {
        HTMLPage.searchKey([cluster.speaker ?? "unattributed", cluster.canonical] + cluster.outlets.map(\.name)
            + cluster.variants.flatMap { [$0.doc, $0.statement, $0.speaker ?? ""] })
    }

    private func renderCluster(_ cluster: Cluster, into page: inout HTMLPage, context: HTMLContext) {
        page.open("section", class: "card", attributes: [("id", "quote-\(cluster.id)"), ("data-search", searchKey(cluster))])
        page.raw("<div class=\"card-head\"><div class=\"card-title\"><span class=\"no\">#\(cluster.id + 1)</span>")
        page.text(speakerName(cluster))
        page.raw("</div><div class=\"badges\">")
        page.element("span", class: "badge strong", text: "\(cluster.size) variants")
        let documents = Set(cluster.variants.map(\.doc)).count
        let (named, unknown) = Self.outletSummary(cluster)
        var outletBadge = named.isEmpty ? "" : "\(named.count) outlet\(named.count == 1 ? "" : "s") · "
        outletBadge += "\(documents) document\(documents == 1 ? "" : "s")"
        if unknown > 0 { outletBadge += " (\(unknown) of unknown outlet)" }
        page.element("span", class: "badge", text: outletBadge)
        let unmarked = cluster.variants.filter { $0.kind == "unmarked" }.count
        if unmarked > 0 { page.element("span", class: "badge warn", text: "\(unmarked) reprint\(unmarked == 1 ? "" : "s") without quotation marks") }
        let organisation = cluster.variants.filter { $0.speakerBasis == "organisation" }.count
        if organisation > 0 { page.element("span", class: "badge", text: "\(organisation) attributed to an organisation") }
        if let first = cluster.firstAppearance {
            page.element("span", class: "badge", text: "first seen \(String(first.date.prefix(10)))")
        }
        if cluster.speaker == nil { page.element("span", class: "badge warn", text: "no speaker found") }
        page.raw("</div></div>")
        page.element("blockquote", class: "canon", text: "“\(cluster.canonical)”")

        page.element("h3", text: "Timeline")
        page.timeline(cluster.variants.map { variant in
            HTMLTimelineEntry(label: Self.label(variant, context: context), date: Self.date(variant, context: context), detail: variant.statement)
        })

        page.element("h3", text: "Variants")
        let placed = cluster.variants.contains { Self.date($0, context: context) != nil || $0.outlet.basis != "document" }
        page.raw("<table class=\"members\"><thead><tr><th>Document</th>\(placed ? "<th>Outlet · date</th>" : "")<th>Speaker</th><th>Kind</th>")
        page.raw("<th title=\"alignment of the two wordings, symmetric\">Similarity</th><th title=\"share of the canonical wording this variant holds\">Coverage</th><th title=\"share of this variant found in the canonical wording\">Containment</th><th>Wording</th></tr></thead><tbody>")
        for (index, variant) in cluster.variants.enumerated() {
            page.raw("<tr><td class=\"doc\">")
            page.text(variant.doc)
            if index == cluster.canonicalVariant { page.raw(" <span class=\"badge\">canonical</span>") }
            page.raw("</td><td>")
            if placed {
                let outlet: String? = variant.outlet.basis == "document" ? context.source(of: variant.doc) : variant.outlet.name
                let where_ = [outlet, Self.date(variant, context: context)].compactMap { $0 }
                if let url = variant.url, variant.outlet.basis != "document" || outlet != nil, url.hasPrefix("http") {
                    page.open("a", attributes: [("href", url)])
                    page.text(where_.isEmpty ? "—" : where_.joined(separator: " · "))
                    page.close("a")
                } else {
                    page.text(where_.isEmpty ? "—" : where_.joined(separator: " · "))
                }
                page.raw("</td><td>")
            }
            if variant.speakerBasis == "inferred" {
                page.text(variant.speaker ?? "—")
                page.raw("<br><span class=\"links\">inferred from the cluster</span>")
            } else if let attribution = variant.attribution {
                page.open("span", attributes: [("title", "“\(attribution.cue.text)” — \(attribution.method), confidence \(HTMLPage.formatScore(attribution.confidence))")])
                page.text(attribution.name)
                page.close("span")
                page.raw("<br><span class=\"links\">")
                page.text("\(variant.speakerBasis == "organisation" ? "organisation · " : "")\(attribution.method) · \(HTMLPage.formatScore(attribution.confidence))")
                page.raw("</span>")
            } else {
                page.text("unattributed")
            }
            page.raw("</td><td>")
            if variant.kind == "unmarked" {
                page.element("span", class: "badge warn", text: "unmarked")
            } else {
                page.text(variant.kind)
            }
            for score in [variant.similarity, variant.coverage, variant.containment] {
                page.raw("</td><td class=\"num\">")
                page.scoreBar(score)
            }
            page.raw("</td><td class=\"q\">")
            page.text(variant.kind == "unmarked" ? variant.statement : "“\(variant.statement)”")
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")

        if cluster.variants.count > 1 {
            page.element("h3", text: "Canonical wording against each other variant, in its paragraph")
            let canonical = cluster.variants[min(cluster.canonicalVariant, cluster.variants.count - 1)]
            let others = cluster.variants.enumerated().filter { $0.offset != cluster.canonicalVariant }.map(\.element)
            page.comparisons(
                reference: passage(canonical, role: "canonical", context: context),
                others: others.map { variant in
                    (tab: Self.tab(variant, context: context),
                     passage: passage(variant, role: "\(variant.kind == "unmarked" ? "unmarked · " : "")similarity \(HTMLPage.formatScore(variant.similarity)) · coverage \(HTMLPage.formatScore(variant.coverage)) · containment \(HTMLPage.formatScore(variant.containment))", context: context))
                },
                context: context)
        }
        let sameWords = cluster.links.filter { $0.kind != "paraphrase" }
        if !sameWords.isEmpty {
            page.raw("<p class=\"links\">Same words, another speaker: ")
            for (index, link) in sameWords.enumerated() {
                if index > 0 { page.raw(", ") }
                page.open("a", attributes: [("href", "#quote-\(link.cluster)")])
                page.text("#\(link.cluster + 1) \(link.speaker ?? "unattributed")")
                page.close("a")
                page.text(" (\(HTMLPage.formatScore(link.similarity)))")
            }
            page.raw("</p>")
        }
        let paraphrases = cluster.links.filter { $0.kind == "paraphrase" }
        if !paraphrases.isEmpty {
            page.raw("<p class=\"links\">Perhaps the same statement in other words (shared names, numbers, rare words; not merged): ")
            for (index, link) in paraphrases.enumerated() {
                if index > 0 { page.raw(", ") }
                page.open("a", attributes: [("href", "#quote-\(link.cluster)")])
                page.text("#\(link.cluster + 1)")
                page.close("a")
                page.text(" (\((link.shared ?? []).joined(separator: ", ")))")
            }
            page.raw("</p>")
        }
        page.close("section")
    }

    private func passage(_ variant: Variant, role: String, context: HTMLContext) -> HTMLPassage {
        let speaker = variant.speaker.map { variant.speakerBasis == "inferred" ? "said by \($0) (inferred)" : "said by \($0)" } ?? "unattributed"
        let outlet = variant.outlet.basis == "document" ? (context.source(of: variant.doc) ?? "") : variant.outlet.name
        let details = [role, outlet, Self.date(variant, context: context) ?? "", speaker]
        return HTMLPassage(
            title: variant.doc, details: details, document: variant.doc,
            range: variant.start..<max(variant.start, variant.end), text: variant.text,
            segments: variant.segments.count > 1 ? variant.segments.map { $0.start..<max($0.start, $0.end) } : nil)
    }

    private func renderSingles(_ list: [Cluster], into page: inout HTMLPage, context: HTMLContext) {
        page.raw("<table class=\"overview\"><thead><tr><th>#</th><th>Speaker</th><th>Quote</th><th>Kind</th><th>Document</th></tr></thead><tbody>")
        for cluster in list {
            let variant = cluster.variants[0]
            page.open("tr", attributes: [("id", "quote-\(cluster.id)"), ("data-search", searchKey(cluster))])
            page.raw("<td class=\"num\">\(cluster.id + 1)</td><td>")
            page.text(speakerName(cluster))
            page.raw("</td><td class=\"q\">“")
            page.text(variant.statement)
            page.raw("”</td><td>")
            page.text(variant.kind)
            page.raw("</td><td class=\"doc\">")
            page.text(variant.doc)
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")
    }
}
