import Foundation
import MultilingualText
import Submissions

/// The one page a head of unit reads at a glance (`crp report`): where every submission stands
/// per agenda item, what arrived when against the deadline, the languages and the words still to
/// translate, what is late or withdrawn, and what the next compile would contain and leave out
/// (the compiler's own report, with the same reasons as `crp compile`).
public struct Overview: Codable, Equatable, Sendable {
    /// Counts for one agenda item, per status.
    public struct ItemRow: Codable, Equatable, Sendable {
        public let number: Int
        /// The item's title from paper.yaml, or nil for an item number that is not in the paper.
        public let title: String?
        public let byStatus: [String: Int]
        public let total: Int
    }

    /// Submissions received on one day.
    public struct Day: Codable, Equatable, Sendable {
        public let date: String
        public let count: Int
        /// Received up to and including this day.
        public let cumulative: Int
        public let late: Bool
    }

    /// One original language.
    public struct LanguageRow: Codable, Equatable, Sendable {
        public let language: String
        public let name: String
        public let submissions: Int
        /// Submissions still waiting for a translation, and their words.
        public let pending: Int
        public let wordsPending: Int
    }

    /// A submission named in a list (late, withdrawn).
    public struct Listed: Codable, Equatable, Sendable {
        public let id: String
        public let states: [String]
        public let language: String
        public let received: String
        public let status: String
        /// The withdrawal reason, or nil.
        public let reason: String?
    }

    public let symbol: String
    public let title: String
    public let paperLanguage: String
    public let totals: StatusTotals
    public let items: [ItemRow]
    public let received: [Day]
    public let languages: [LanguageRow]
    public let late: [Listed]
    public let withdrawn: [Listed]
    /// What `crp compile` (reviewed and included submissions) would put in the paper and leave out.
    public let nextCompile: CompileReport
    /// Template values still in paper.yaml (compile refuses while any is left).
    public let templateValues: [TemplateValue]
    /// Words to translate per match band and language (filled by the application layer).
    public var matchBands: [MatchBandRow]? = nil

    /// Builds the overview from the store (one read of every record) and a dry compile.
    public static func build(store: Store, catalog: LocaleCatalog) throws -> Overview {
        let paper = store.paper
        let subs = try store.all()
        let summaries = subs.map { SubmissionSummary($0, store: store) }
        let compiled = try Compiler(store: store, catalog: catalog).compileWithReport(CompileOptions(selection: .ready))

        var itemNumbers = paper.items.map(\.number)
        for s in summaries { for i in s.items where !itemNumbers.contains(i) { itemNumbers.append(i) } }
        let items = itemNumbers.map { n -> ItemRow in
            var by: [String: Int] = [:]
            for st in Status.allCases { by[st.rawValue] = 0 }
            let on = summaries.filter { $0.items.contains(n) }
            for s in on { by[s.status.rawValue, default: 0] += 1 }
            return ItemRow(number: n, title: paper.items.first { $0.number == n }?.title, byStatus: by, total: on.count)
        }

        // Withdrawn submissions are counted only in their own list, not in what was received
        // over time or in the languages.
        let standing = summaries.filter { $0.status != .withdrawn }
        let days = Self.days(received: standing.map(\.received), deadline: paper.deadline)

        let codes = LocaleCatalog.officialLanguages.filter { c in standing.contains { $0.language == c } }
        let languages = codes.map { code -> LanguageRow in
            let of = standing.filter { $0.language == code }
            let waiting = of.filter { $0.status == .received }
            let name = (try? catalog.language(code).name) ?? code
            return LanguageRow(language: code, name: name, submissions: of.count, pending: waiting.count, wordsPending: waiting.reduce(0) { $0 + $1.words })
        }

        func listed(_ s: Submission) -> Listed {
            Listed(
                id: s.id, states: s.record.allStates, language: s.record.language, received: s.record.received.description,
                status: s.status.rawValue, reason: s.withdrawalReason)
        }
        let byDate: (Submission, Submission) -> Bool = { ($0.record.received, $0.id) < ($1.record.received, $1.id) }
        return Overview(
            symbol: paper.symbol, title: paper.title, paperLanguage: paper.language,
            totals: StatusTotals(summaries: summaries, store: store), items: items, received: days, languages: languages,
            late: subs.filter { store.isLate($0) && $0.status != .withdrawn }.sorted(by: byDate).map(listed),
            withdrawn: subs.filter { $0.status == .withdrawn }.sorted(by: byDate).map(listed),
            nextCompile: compiled.report, templateValues: paper.templateValues)
    }

    /// Submissions received per day, with the running total, from the dates received of the
    /// submissions that stand (the withdrawn left out by the caller).
    public static func days(received: [CalendarDate], deadline: CalendarDate) -> [Day] {
        var perDay: [CalendarDate: Int] = [:]
        for d in received { perDay[d, default: 0] += 1 }
        var cumulative = 0
        return perDay.keys.sorted().map { d -> Day in
            cumulative += perDay[d]!
            return Day(date: d.description, count: perDay[d]!, cumulative: cumulative, late: d > deadline)
        }
    }

    // MARK: JSON

    /// The overview as JSON with sorted keys.
    public func json() throws -> String {
        try JSONOutput.string(self) + "\n"
    }

    // MARK: Markdown

    static func states(_ l: CompileReport.Line) -> String { l.states.map(SafeText.oneLine).joined(separator: ", ") + (l.late ? " (late)" : "") }

    /// The overview as Markdown (tables; the chart becomes a table of days).
    public func markdown() -> String {
        func cell(_ s: String) -> String { SafeText.oneLine(s).replacingOccurrences(of: "|", with: "\\|") }
        let statuses = Status.allCases.map(\.rawValue)
        var o = "# Overview of \(cell(symbol))\n\n\(cell(title))\n\n"
        for l in totals.lines { o += "- \(l)\n" }
        if !templateValues.isEmpty {
            o +=
                "- paper.yaml still holds template values: \(templateValues.map(\.field).joined(separator: ", ")); `crp compile` refuses until they are replaced.\n"
        }
        o +=
            "\n## Per agenda item and status\n\n| item | " + statuses.joined(separator: " | ") + " | total |\n|---|"
            + String(repeating: "---:|", count: statuses.count + 1) + "\n"
        for r in items {
            o +=
                "| \(r.number)\(r.title == nil ? " (not in the paper)" : "") | " + statuses.map { String(r.byStatus[$0] ?? 0) }.joined(separator: " | ")
                + " | \(r.total) |\n"
        }
        o += "\n## Received over time (deadline \(totals.deadline))\n\n| date | received | so far | |\n|---|---:|---:|---|\n"
        for d in received { o += "| \(d.date) | \(d.count) | \(d.cumulative) | \(d.late ? "late" : "") |\n" }
        o += "\n## Languages\n\n| language | submissions | waiting for translation | words waiting |\n|---|---:|---:|---:|\n"
        for l in languages { o += "| \(l.name) (\(l.language)) | \(l.submissions) | \(l.pending) | \(l.wordsPending) |\n" }
        o += bandsMarkdown()
        o += "\n## Late\n\n"
        o +=
            late.isEmpty ? "None.\n" : late.map { "- \(cell($0.states.joined(separator: ", "))) — received \($0.received), \($0.status) (\($0.id))\n" }.joined()
        o += "\n## Withdrawn\n\n"
        o +=
            withdrawn.isEmpty
            ? "None.\n" : withdrawn.map { "- \(cell($0.states.joined(separator: ", "))) — \(cell($0.reason ?? "no reason recorded")) (\($0.id))\n" }.joined()
        o += "\n## The next compile\n\n"
        o +=
            "In the paper (\(nextCompile.included.count)): "
            + (nextCompile.included.isEmpty ? "none" : nextCompile.included.map(Self.states).joined(separator: "; ")) + ".\n\n"
        for l in nextCompile.pending { o += "- Pending: \(Self.states(l)): \(l.reason ?? "")\n" }
        for l in nextCompile.leftOut { o += "- Left out: \(Self.states(l)): \(l.reason ?? "")\n" }
        for l in nextCompile.withdrawn { o += "- Left out: \(Self.states(l)): withdrawn\n" }
        return o
    }

    // MARK: HTML

    /// One self-contained HTML page: inline CSS and SVG, no scripts, A4 print layout, every State
    /// name isolated in `<bdi>`. In sections: the head and headline figures, the tables per item
    /// and language, the chart, the late and withdrawn lists, and what the next compile holds.
    public func html() -> String {
        var w = MarkupWriter(capacity: 16_384)
        htmlHeadAndFigures(&w)
        htmlTables(&w)
        htmlBands(&w)
        w.raw("<section>\n<h2>Received over time, against the deadline</h2>\n")
        w.raw(chartSVG())
        w.raw("</section>\n")
        htmlLateAndWithdrawn(&w)
        htmlNextCompile(&w)
        w.raw("</section>\n</body>\n</html>\n")
        return w.string
    }

    /// States named in a list, each isolated in `<bdi>`.
    static func names(_ states: [String], _ w: inout MarkupWriter) {
        for (i, s) in states.enumerated() {
            if i > 0 { w.raw(", ") }
            w.raw("<bdi>"); w.text(SafeText.oneLine(s)); w.raw("</bdi>")
        }
    }

    /// From `<!DOCTYPE html>` to the headline figures and the sentence on the deadline.
    func htmlHeadAndFigures(_ w: inout MarkupWriter) {
        w.raw("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n<title>Overview of ")
        w.text(symbol)
        w.raw("</title>\n<style>\n")
        w.raw(Self.css)
        w.raw("</style>\n</head>\n<body>\n<header><h1>Overview of ")
        w.text(symbol)
        w.raw("</h1>\n<p class=\"sub\">")
        w.text(title)
        w.raw("</p>\n</header>\n<section class=\"figures\">\n")
        func figure(_ id: String, _ value: String, _ label: String, warn: Bool = false) {
            w.raw("<div class=\"figure\(warn ? " warn" : "")\" id=\"\(id)\"><span class=\"value\">"); w.text(value); w.raw("</span><span class=\"label\">");
            w.text(label); w.raw("</span></div>\n")
        }
        // The headline counts what stands: a withdrawn submission is named apart, never counted as
        // one of the submissions, and the late figure is the late list's (withdrawn ones left out).
        let withdrawnCount = totals.byStatus[Status.withdrawn.rawValue] ?? 0
        figure(
            "total", String(totals.submissions - withdrawnCount),
            withdrawnCount == 0 ? "submissions" : "submissions (and \(withdrawnCount) withdrawn)")
        figure("in-paper", String(nextCompile.included.count), "in the next compile")
        figure("pending", String((totals.byStatus["received"] ?? 0) + (totals.byStatus["translated"] ?? 0)), "not yet in the paper")
        figure("words", String(totals.wordsAwaitingTranslation), "words to translate")
        figure("late", String(late.count), "late", warn: !late.isEmpty)
        let d = totals.daysToDeadline
        figure("deadline", String(abs(d)), d >= 0 ? "days to the deadline \(totals.deadline)" : "days since the deadline \(totals.deadline)", warn: d < 0)
        w.raw("</section>\n<p class=\"today\">")
        w.text(totals.deadlineSentence + " Today is \(totals.today).")
        w.raw("</p>\n")
        if !templateValues.isEmpty {
            w.raw("<p class=\"alert\">paper.yaml still holds template values (")
            w.text(templateValues.map(\.field).joined(separator: ", "))
            w.raw("): <code>crp compile</code> refuses until they are replaced.</p>\n")
        }
    }

    /// The counts per agenda item and status, and per language.
    func htmlTables(_ w: inout MarkupWriter) {
        let statuses = Status.allCases.map(\.rawValue)
        w.raw("<div class=\"grid\">\n<section>\n<h2>Per agenda item and status</h2>\n<table id=\"items\">\n<thead><tr><th>Item</th>")
        for s in statuses { w.raw("<th class=\"n\">"); w.text(s); w.raw("</th>") }
        w.raw("<th class=\"n\">Total</th></tr></thead>\n<tbody>\n")
        for r in items {
            w.raw("<tr><th scope=\"row\" title=\"")
            w.attribute(r.title ?? "not in the paper")
            w.raw("\">Item "); w.text(String(r.number))
            if r.title == nil { w.raw(" <small>(not in the paper)</small>") }
            w.raw("</th>")
            for s in statuses {
                let n = r.byStatus[s] ?? 0
                w.raw("<td class=\"n\(n == 0 ? " zero" : "")\">"); w.text(String(n)); w.raw("</td>")
            }
            w.raw("<td class=\"n total\">"); w.text(String(r.total)); w.raw("</td></tr>\n")
        }
        w.raw("</tbody>\n</table>\n</section>\n")

        w.raw(
            "<section>\n<h2>Languages</h2>\n<table id=\"languages\">\n<thead><tr><th>Original</th><th class=\"n\">Submissions</th><th class=\"n\">Waiting</th><th class=\"n\">Words waiting</th></tr></thead>\n<tbody>\n"
        )
        for l in languages {
            w.raw("<tr><th scope=\"row\">"); w.text("\(l.name) (\(l.language))"); w.raw("</th><td class=\"n\">"); w.text(String(l.submissions))
            w.raw("</td><td class=\"n\">"); w.text(String(l.pending)); w.raw("</td><td class=\"n\">"); w.text(String(l.wordsPending)); w.raw("</td></tr>\n")
        }
        w.raw("</tbody>\n</table>\n</section>\n</div>\n")
    }

    /// The late and the withdrawn submissions.
    func htmlLateAndWithdrawn(_ w: inout MarkupWriter) {
        w.raw("<div class=\"grid\">\n<section>\n<h2>Late</h2>\n")
        if late.isEmpty {
            w.raw("<p class=\"none\">None.</p>\n")
        } else {
            w.raw("<ul id=\"late\">\n")
            for l in late {
                w.raw("<li>"); Self.names(l.states, &w); w.raw(" — received "); w.text(l.received); w.raw(", "); w.text(l.status); w.raw(" <code>");
                w.text(l.id); w.raw("</code></li>\n")
            }
            w.raw("</ul>\n")
        }
        w.raw("</section>\n<section>\n<h2>Withdrawn</h2>\n")
        if withdrawn.isEmpty {
            w.raw("<p class=\"none\">None.</p>\n")
        } else {
            w.raw("<ul id=\"withdrawn\">\n")
            for l in withdrawn {
                w.raw("<li>"); Self.names(l.states, &w); w.raw(" — "); w.text(l.reason ?? "no reason recorded"); w.raw(" <code>"); w.text(l.id);
                w.raw("</code></li>\n")
            }
            w.raw("</ul>\n")
        }
        w.raw("</section>\n</div>\n")
    }

    /// What the next `crp compile` would hold, and what it would leave out with why.
    func htmlNextCompile(_ w: inout MarkupWriter) {
        w.raw("<section>\n<h2>The next compile</h2>\n<p id=\"next-in\">In the paper (")
        w.text(String(nextCompile.included.count)); w.raw("): ")
        if nextCompile.included.isEmpty { w.raw("none") }
        for (i, l) in nextCompile.included.enumerated() {
            if i > 0 { w.raw("; ") }
            Self.names(l.states, &w); if l.late { w.raw(" (late)") }
        }
        w.raw(".</p>\n")
        let out =
            nextCompile.pending.map { ("Pending", $0, $0.reason ?? "") } + nextCompile.leftOut.map { ("Left out", $0, $0.reason ?? "") }
            + nextCompile.withdrawn.map { ("Left out", $0, "withdrawn") }
        if !out.isEmpty {
            w.raw("<table id=\"left-out\">\n<thead><tr><th></th><th>State</th><th>Why</th><th>Id</th></tr></thead>\n<tbody>\n")
            for (what, l, why) in out {
                w.raw("<tr><td>"); w.text(what); w.raw("</td><td>"); Self.names(l.states, &w); if l.late { w.raw(" (late)") }
                w.raw("</td><td>"); w.text(why); w.raw("</td><td><code>"); w.text(l.id); w.raw("</code></td></tr>\n")
            }
            w.raw("</tbody>\n</table>\n")
        }
    }

    static let css = """
        @page { size: A4; margin: 14mm; }
        * { box-sizing: border-box; }
        body { font-family: "Liberation Sans", "Noto Sans", Arial, sans-serif; font-size: 10.5pt; color: #1b1b1b; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
        h1 { font-size: 17pt; margin: 0; }
        h2 { font-size: 11.5pt; margin: 5mm 0 2mm; border-bottom: 1px solid #c8c8c8; padding-bottom: 1mm; }
        .sub { color: #555; margin: 1mm 0 4mm; }
        .figures { display: flex; flex-wrap: wrap; gap: 3mm; }
        .figure { flex: 1 1 27mm; border: 1px solid #c8d3e0; border-radius: 2mm; padding: 2mm 3mm; background: #f4f7fb; }
        .figure.warn { border-color: #d9a441; background: #fdf6e7; }
        .figure .value { display: block; font-size: 20pt; font-weight: bold; }
        .figure .label { display: block; font-size: 8.5pt; color: #444; }
        .today { margin: 2mm 0 0; color: #444; }
        .alert { border-left: 3px solid #b3261e; padding: 1mm 3mm; background: #fbeceb; }
        .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: start; padding: 0.8mm 1.5mm; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
        thead th { font-size: 8.5pt; color: #444; }
        .n { text-align: end; font-variant-numeric: tabular-nums; }
        tbody th { white-space: nowrap; }
        .zero { color: #aaa; }
        .total { font-weight: bold; }
        ul { margin: 0; padding-inline-start: 5mm; }
        .none { color: #666; }
        code { font-size: 8pt; color: #555; }
        svg { width: 100%; height: auto; }
        section { break-inside: avoid; }
        """

    /// The received-over-time chart: a bar per day (late days in another colour), the running
    /// total as a step (it changes on the days something arrived, and holds between them), and
    /// the deadline as a dashed line with its label kept inside the chart; every figure also
    /// written as text.
    func chartSVG() -> String {
        guard let deadline = try? CalendarDate(iso: totals.deadline) else { return "" }
        return Self.chartSVG(received: received, deadline: deadline)
    }

    /// The chart of `days` against `deadline` (the overview report's, and the web board's).
    public static func chartSVG(received: [Day], deadline: CalendarDate) -> String {
        let width = 700.0, height = 230.0, left = 40.0, right = 40.0, top = 24.0, bottom = 36.0
        let dates = received.compactMap { try? CalendarDate(iso: $0.date) }
        let first = min(dates.first ?? deadline, deadline)
        let last = max(dates.last ?? deadline, deadline)
        let span = max(1, first.days(to: last))
        let plotW = width - left - right, plotH = height - top - bottom
        let maxCount = max(1, received.map(\.count).max() ?? 1)
        let maxCum = max(1, received.last?.cumulative ?? 1)
        func x(_ d: CalendarDate) -> Double { left + plotW * Double(first.days(to: d)) / Double(span) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let barW = max(3, min(18, plotW / Double(span + 1) * 0.7))
        var s =
            "<svg id=\"received-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Submissions received per day against the deadline\">\n"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/>\n"
        s += "<text x=\"\(f(left - 4))\" y=\"\(f(top + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">\(maxCount)</text>\n"
        s += "<text x=\"\(f(left - 4))\" y=\"\(f(top + plotH))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">0</text>\n"
        s += "<text x=\"\(f(left + plotW + 4))\" y=\"\(f(top + 4))\" font-size=\"10\" fill=\"#1f5fa8\">\(maxCum)</text>\n"
        for (day, date) in zip(received, dates) {
            let h = plotH * Double(day.count) / Double(maxCount)
            s +=
                "<rect class=\"bar\" x=\"\(f(x(date) - barW / 2))\" y=\"\(f(top + plotH - h))\" width=\"\(f(barW))\" height=\"\(f(h))\" fill=\"\(day.late ? "#d9822b" : "#7fa7d6")\"><title>\(day.date): \(day.count) received\(day.late ? " (late)" : "")</title></rect>\n"
        }
        if !dates.isEmpty {
            var level = top + plotH
            var points = "\(f(x(dates[0]))),\(f(level))"
            for (day, date) in zip(received, dates) {
                let y = top + plotH - plotH * Double(day.cumulative) / Double(maxCum)
                points += " \(f(x(date))),\(f(level)) \(f(x(date))),\(f(y))"
                level = y
            }
            if let lastDay = dates.last, lastDay < last { points += " \(f(x(last))),\(f(level))" }
            s += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>\n"
        }
        let dx = x(deadline)
        s +=
            "<line x1=\"\(f(dx))\" y1=\"\(f(top - 6))\" x2=\"\(f(dx))\" y2=\"\(f(top + plotH))\" stroke=\"#b3261e\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n"
        // The label (about 100 units wide) is centred on the line unless that would cut it at an edge.
        let anchor = dx + 55 > width ? "end" : dx - 55 < 0 ? "start" : "middle"
        s += "<text x=\"\(f(dx))\" y=\"\(f(top - 10))\" font-size=\"10\" text-anchor=\"\(anchor)\" fill=\"#b3261e\">deadline \(deadline)</text>\n"
        s += "<text x=\"\(f(left))\" y=\"\(f(height - 18))\" font-size=\"10\" fill=\"#555\">\(first)</text>\n"
        s += "<text x=\"\(f(left + plotW))\" y=\"\(f(height - 18))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">\(last)</text>\n"
        s +=
            "<text x=\"\(f(left))\" y=\"\(f(height - 4))\" font-size=\"10\" fill=\"#555\">bars: received per day (orange: after the deadline) · line: running total</text>\n"
        s += "</svg>\n"
        return s
    }
}
