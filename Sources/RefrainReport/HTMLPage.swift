/// Layout limits of the HTML report. Every property has a documented default.
public struct HTMLOptions: Sendable, Hashable {
    /// Page title; `nil` (default) uses the report kind ("Quote variants", ...).
    public var title: String? = nil
    /// Clusters (or matches) shown in full, with comparisons; the rest are listed in the overview
    /// only. Default 300.
    public var maxDetailed: Int = 300
    /// Side-by-side comparisons per cluster (the reference against each other member). Default 12.
    public var maxComparisons: Int = 12
    /// Tokens per passage aligned word by word; longer passages are aligned on their start.
    /// Default 4,000.
    public var maxAlignedTokens: Int = 4000
    /// Bytes of a whole document shown in a comparison (document-level dedupe); the rest is cut
    /// with a note. Default 20,000.
    public var maxPassageBytes: Int = 20_000
    /// Bytes of context shown on each side of a passage within its paragraph; longer context is
    /// cut at a space with "…". Default 420.
    public var maxContextBytes: Int = 420

    /// The defaults.
    public init() {}
}

/// A self-contained HTML page under construction: the shared header, styles and script, with a
/// body that a report's ``RenderableReport/renderHTML(into:context:)`` fills.
///
/// The page loads nothing from the network: styles and script are inline, and a
/// Content-Security-Policy allows only them (the script by its SHA-256 hash), so even a piece of
/// corpus text that escaped escaping could not run. Everything added with ``text(_:)`` or the
/// `attributes` of ``open(_:class:attributes:)`` is HTML-escaped; ``raw(_:)`` is for markup the
/// renderer itself wrote.
public struct HTMLPage: Sendable {
    /// The kind of report shown.
    public let kind: ReportKind
    /// The options in effect.
    public let options: HTMLOptions
    /// The page title (plain text; escaped when written).
    public var title: String
    /// One line under the title (plain text), e.g. the inputs.
    public var subtitle: String = ""
    /// Headline numbers shown under the title, in order: (label, value), plain text.
    public var stats: [(label: String, value: String)] = []
    /// Parameters of the run, shown in a collapsible list: (name, value), plain text.
    public var parameters: [(name: String, value: String)] = []
    /// Whether the page shows the text filter box above the body. Default true.
    public var showsFilter = true
    private var body: String = ""
    var idCounter = 0

    /// An empty page for a report of `kind`.
    public init(kind: ReportKind, options: HTMLOptions = HTMLOptions()) {
        self.kind = kind
        self.options = options
        switch kind {
        case .dedupe: title = options.title ?? "Near-duplicates"
        case .find: title = options.title ?? "Matches for a quote"
        case .quotes: title = options.title ?? "Quote variants across outlets"
        }
        body.reserveCapacity(1 << 16)
    }

    /// Appends markup as is. Only for markup the renderer wrote, never for corpus text.
    public mutating func raw(_ html: String) { body += html }

    /// Appends plain text, HTML-escaped.
    public mutating func text(_ text: String) { body += HTMLEscaping.escape(text) }

    /// Opens an element. Attribute values are escaped; names must be literal.
    public mutating func open(_ tag: String, class className: String? = nil, attributes: [(String, String)] = []) {
        body += "<" + tag
        if let className { body += " class=\"" + HTMLEscaping.escape(className) + "\"" }
        for (name, value) in attributes { body += " " + name + "=\"" + HTMLEscaping.escape(value) + "\"" }
        body += ">"
    }

    /// Closes an element.
    public mutating func close(_ tag: String) { body += "</" + tag + ">" }

    /// An element holding escaped `text`.
    public mutating func element(_ tag: String, class className: String? = nil, attributes: [(String, String)] = [], text content: String) {
        open(tag, class: className, attributes: attributes)
        text(content)
        close(tag)
    }

    /// The finished page as UTF-8, with `json` (the compact JSON report) embedded as
    /// `<script type="application/json" id="refrain-report">`.
    public func finish(embedding json: [UInt8]) -> [UInt8] {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        html += "script-src 'sha256-\(HTMLAssets.scriptHash)'; img-src data:\">\n"
        html += "<meta name=\"generator\" content=\"refrain\">\n"
        html += "<title>" + HTMLEscaping.escape(title) + " · Refrain</title>\n"
        html += "<style>" + HTMLAssets.css + "</style>\n</head>\n<body class=\"kind-\(kind.rawValue)\">\n"
        html += "<header class=\"top\"><div class=\"wrap\">"
        html += "<div class=\"brand\">Refrain <span>\(kind.rawValue) report · \(kind.schemaID)</span></div>"
        html += "<h1>" + HTMLEscaping.escape(title) + "</h1>"
        if !subtitle.isEmpty { html += "<p class=\"sub\">" + HTMLEscaping.escape(subtitle) + "</p>" }
        if !stats.isEmpty {
            html += "<dl class=\"stats\">"
            for (label, value) in stats {
                html += "<div><dt>" + HTMLEscaping.escape(label) + "</dt><dd>" + HTMLEscaping.escape(value) + "</dd></div>"
            }
            html += "</dl>"
        }
        html += "</div></header>\n<main class=\"wrap\">\n"
        if !parameters.isEmpty {
            html += "<details class=\"params\"><summary>Parameters of this run</summary><dl>"
            for (name, value) in parameters {
                html += "<dt>" + HTMLEscaping.escape(name) + "</dt><dd>" + HTMLEscaping.escape(value) + "</dd>"
            }
            html += "</dl></details>\n"
        }
        if showsFilter {
            html += "<div class=\"filter\"><input id=\"filter\" type=\"search\" placeholder=\"Filter by words, speaker, outlet or document…\" "
            html += "aria-label=\"Filter\"><span id=\"filter-count\"></span></div>\n"
        }
        html += body
        html += "\n</main>\n<footer class=\"wrap\">Generated by refrain. Offsets are UTF-8 byte offsets, half-open. "
        html += "The full report is embedded in this page as JSON (<code>#refrain-report</code>).</footer>\n"
        html += "<script type=\"application/json\" id=\"refrain-report\">"
        html += HTMLEscaping.scriptSafeJSON(json)
        html += "</script>\n<script>" + HTMLAssets.script + "</script>\n</body>\n</html>\n"
        return Array(html.utf8)
    }
}

/// The page's inline style sheet and script.
enum HTMLAssets {
    /// Base64 SHA-256 of ``script``, for the Content-Security-Policy.
    static let scriptHash = SHA256.base64(SHA256.digest(Array(script.utf8)))

    static let css = """
    :root{--ink:#1c2430;--muted:#6a7282;--line:#e2ded5;--paper:#f7f5f0;--card:#fff;--accent:#1f4e79;\
    --same:#dbe8f7;--same-line:#8fb3dc;--diff:#ffe1a8;--diff-line:#d98b00;--hl:#ffd34d}
    *{box-sizing:border-box}
    body{margin:0;background:var(--paper);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
    .wrap{max-width:1280px;margin:0 auto;padding:0 28px}
    header.top{background:#17212e;color:#f4f1ea;padding:22px 0 18px;margin-bottom:22px}
    .brand{font-size:13px;letter-spacing:.08em;text-transform:uppercase;color:#c9a96a;font-weight:700}
    .brand span{color:#9aa6b5;font-weight:400;letter-spacing:.02em;text-transform:none;margin-left:8px}
    h1{font:700 30px/1.2 Georgia,"Times New Roman",serif;margin:6px 0 4px}
    .sub{margin:0;color:#b8c2cf;font-size:14px}
    .stats{display:flex;flex-wrap:wrap;gap:10px 34px;margin:16px 0 0}
    .stats div{min-width:70px}.stats dt{font-size:12px;color:#9aa6b5;text-transform:uppercase;letter-spacing:.05em}
    .stats dd{margin:0;font-size:24px;font-weight:700;font-variant-numeric:tabular-nums}
    h2{font:700 21px/1.3 Georgia,"Times New Roman",serif;margin:26px 0 10px}
    h3{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:18px 0 8px}
    details.params{margin:0 0 14px;color:var(--muted);font-size:13px}
    details.params summary{cursor:pointer}
    details.params dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0 0}
    details.params dt{font-weight:600;color:var(--ink)}details.params dd{margin:0}
    .filter{margin:0 0 16px;display:flex;align-items:center;gap:12px}
    .filter input{flex:1;max-width:520px;padding:8px 12px;border:1px solid var(--line);border-radius:8px;font-size:15px;background:#fff}
    #filter-count{color:var(--muted);font-size:13px}
    table.overview{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden;font-size:14px}
    .overview th{background:#efebe2;text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);padding:8px 10px}
    .overview td{padding:8px 10px;border-top:1px solid var(--line);vertical-align:top}
    .overview td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .overview a{color:var(--accent);text-decoration:none;font-weight:600}
    .overview .q{font-family:Georgia,"Times New Roman",serif}
    .card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 22px 20px;margin:18px 0;box-shadow:0 1px 2px rgba(20,20,20,.04)}
    .card-head{display:flex;justify-content:space-between;gap:18px;align-items:baseline;flex-wrap:wrap}
    .card-title{font-weight:700;font-size:17px}.card-title .no{color:var(--muted);font-weight:400;margin-right:6px}
    .badges{display:flex;gap:6px;flex-wrap:wrap}
    .badge{font-size:12px;padding:2px 9px;border-radius:999px;background:#eef1f5;color:#364152;white-space:nowrap}
    .badge.strong{background:#17212e;color:#fff}.badge.warn{background:#fdecc8;color:#7a4b00}
    blockquote.canon{font:italic 21px/1.45 Georgia,"Times New Roman",serif;margin:12px 0 6px;padding:4px 0 4px 16px;border-left:4px solid #c9a96a}
    .outlets{display:flex;gap:6px;flex-wrap:wrap;margin:8px 0}
    .outlet{font-size:12px;border:1px solid var(--line);border-radius:6px;padding:1px 8px;background:#faf8f3}
    .links{font-size:13px;color:var(--muted)}
    .links a{color:var(--accent);font-weight:600;text-decoration:none}
    table.members{width:100%;border-collapse:collapse;font-size:13.5px;margin-top:4px}
    .members th{text-align:left;font-size:11.5px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);padding:4px 8px;border-bottom:1px solid var(--line)}
    .members td{padding:6px 8px;border-bottom:1px solid #f0ede6;vertical-align:top}
    .members td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .members .doc,.doc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
    .members .q{font-family:Georgia,"Times New Roman",serif}
    .bar{display:inline-block;width:54px;height:7px;background:#e7e3da;border-radius:4px;margin-right:6px;vertical-align:middle;overflow:hidden}
    .bar i{display:block;height:100%;background:var(--accent)}
    .timeline{margin:6px 0 4px}.timeline svg{width:100%;height:auto;display:block}
    .timeline .note{font-size:12.5px;color:var(--muted);margin:2px 0 0}
    .legend{font-size:12.5px;color:var(--muted);display:flex;gap:16px;align-items:center;margin:16px 0 8px;flex-wrap:wrap}
    .legend .run,.legend .df{padding:0 6px}
    .tabs{display:flex;gap:6px;flex-wrap:wrap;margin:0 0 8px}
    .tabs button{font:inherit;font-size:12.5px;border:1px solid var(--line);background:#faf8f3;border-radius:6px;padding:3px 10px;cursor:pointer;color:var(--ink)}
    .tabs button[aria-selected=true]{background:#17212e;color:#fff;border-color:#17212e}
    .cmp{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin:0 0 12px}
    .side{border:1px solid var(--line);border-radius:10px;background:#fdfcf9;min-width:0}
    .side-head{padding:7px 12px;border-bottom:1px solid var(--line);font-size:12.5px;color:var(--muted);display:flex;gap:10px;flex-wrap:wrap;align-items:baseline}
    .side-head b{color:var(--ink);font-weight:650}
    .side-body{padding:10px 14px 12px;font:16px/1.6 Georgia,"Times New Roman",serif;max-height:460px;overflow:auto;overflow-wrap:anywhere}
    .ctx{color:#8a8f98}
    .span{color:var(--ink)}
    .run{background:var(--same);border-radius:3px;box-decoration-break:clone;-webkit-box-decoration-break:clone;padding:1px 0}
    .al{border-radius:2px}
    .df{background:var(--diff);border-bottom:2px solid var(--diff-line);border-radius:2px;color:#5a3500}
    .al.hl{background:var(--hl);box-shadow:0 0 0 1px #b38700}
    .cut{display:block;color:var(--muted);font:italic 13px system-ui,sans-serif;margin-top:6px}
    .empty{padding:30px;text-align:center;color:var(--muted);background:var(--card);border:1px dashed var(--line);border-radius:12px}
    .more{color:var(--muted);font-size:13.5px;margin:10px 0}
    footer{color:var(--muted);font-size:12.5px;margin:30px auto 40px}
    code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
    [hidden]{display:none!important}
    @media (max-width:860px){.cmp{grid-template-columns:1fr}}
    @media print{.filter,.tabs{display:none}.side-body{max-height:none}}
    """

    static let script = """
    (function(){
    "use strict";
    var input=document.getElementById("filter"),count=document.getElementById("filter-count");
    function filter(){var t=input.value.trim().toLowerCase(),shown=0,all=0;
    document.querySelectorAll("[data-search]").forEach(function(el){var ok=!t||el.getAttribute("data-search").indexOf(t)>=0;
    el.hidden=!ok;if(el.classList.contains("card")){all++;if(ok)shown++;}});
    count.textContent=t?shown+" of "+all+" shown":"";}
    if(input){input.addEventListener("input",filter);}
    document.querySelectorAll(".tabs").forEach(function(tabs){var buttons=tabs.querySelectorAll("button");
    buttons.forEach(function(b){b.addEventListener("click",function(){buttons.forEach(function(o){
    var on=o===b;o.setAttribute("aria-selected",on?"true":"false");
    var pane=document.getElementById(o.getAttribute("aria-controls"));if(pane){pane.hidden=!on;}});});});
    buttons.forEach(function(o,i){var pane=document.getElementById(o.getAttribute("aria-controls"));if(pane){pane.hidden=i!==0;}});});
    var lit=[];function clear(){lit.forEach(function(e){e.classList.remove("hl");});lit=[];}
    document.addEventListener("mouseover",function(e){var s=e.target.closest?e.target.closest(".al"):null;clear();if(!s)return;
    var c=s.closest(".cmp");if(!c)return;c.querySelectorAll('[data-p="'+s.getAttribute("data-p")+'"]').forEach(function(x){x.classList.add("hl");lit.push(x);});});
    })();
    """
}
