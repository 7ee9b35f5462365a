import Foundation
import Intake
import MultilingualText
import Platform
import Secretariat
import TestSupport
import Testing

/// Documents and scans the format tests make for themselves: each text typeset by LibreOffice
/// (python-docx → .docx → .pdf/.odt/.doc/.rtf) or by Chromium (HTML → print to PDF), and pages
/// rendered at 300 dpi by poppler. Nothing is checked in; nothing depends on this machine's fonts
/// beyond the Noto families that Scripts/setup.sh installs.
enum Typeset {
    static let environment = ProcessInfo.processInfo.environment
    static let programs = Programs.locate(environment: environment)
    static let runner = programs.runner(timeout: 180)

    /// The texts per language: the reference texts of the CTOC/COP/2020 paper for Arabic, English
    /// and Spanish; a few sentences written for these tests in Chinese, French and Russian.
    static func text(_ language: String) throws -> String {
        switch language {
        case "ar": return try ReferenceTexts.text("morocco-item2.ar.txt")
        case "en": return try ReferenceTexts.text("morocco-item2.en.txt")
        case "es": return try ReferenceTexts.text("peru-item2.es.txt")
        case "fr":
            return
                "Observations de la France sur le point 2 de l'ordre du jour.\n\nLa France souligne l'importance de l'assistance technique pour l'application effective de la Convention des Nations Unies contre la criminalité transnationale organisée. Elle invite les États parties à renforcer la coopération judiciaire et l'échange d'informations entre les autorités centrales.\n"
        case "ru":
            return
                "Замечания Российской Федерации по пункту 2 повестки дня.\n\nРоссийская Федерация подчеркивает важность технической помощи для эффективного осуществления Конвенции Организации Объединенных Наций против транснациональной организованной преступности. Государствам-участникам предлагается укреплять сотрудничество между центральными органами и обмениваться информацией о передовом опыте.\n"
        case "zh":
            return "中国关于议程项目2的意见。\n\n中国强调技术援助对于有效实施《联合国打击跨国有组织犯罪公约》的重要性。中国鼓励各缔约国加强中央机关之间的司法合作，并交流关于良好做法的信息。\n"
        default: throw TypesetError("no text for \(language)")
        }
    }

    /// The first paragraphs of a text, at most `characters` long (OCR tests read one page).
    static func onePage(_ text: String, characters: Int = 1400) -> String {
        var out: [String] = []
        for p in text.components(separatedBy: "\n\n") where !p.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            if out.joined().count + p.count > characters && !out.isEmpty { break }
            out.append(p.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    static func font(_ language: String) -> String {
        switch language {
        case "ar": "Noto Naskh Arabic"
        case "zh": "Noto Serif CJK SC"
        default: "Noto Serif"
        }
    }

    struct TypesetError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func run(_ program: String, _ args: [String], in dir: URL) throws {
        let o = try runner.run(program, args, in: dir)
        guard o.succeeded else { throw TypesetError("\(program) \(args.joined(separator: " ")): \(o)") }
    }

    static let docxScript = """
        import docx, sys
        from docx.oxml.ns import qn
        from docx.shared import Pt
        src, out, font, rtl, lang = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == '1', sys.argv[5]
        d = docx.Document()
        for para in open(src, encoding='utf-8').read().split('\\n'):
            if not para.strip(): continue
            p = d.add_paragraph()
            if rtl:
                pPr = p._p.get_or_add_pPr(); pPr.append(pPr.makeelement(qn('w:bidi'), {}))
            r = p.add_run(para); r.font.size = Pt(12); r.font.name = font
            rPr = r._r.get_or_add_rPr(); f = rPr.find(qn('w:rFonts'))
            for a in ('w:ascii', 'w:hAnsi', 'w:cs', 'w:eastAsia'): f.set(qn(a), font)
            l = rPr.makeelement(qn('w:lang'), {}); l.set(qn('w:val'), lang); l.set(qn('w:bidi'), lang); l.set(qn('w:eastAsia'), lang); rPr.append(l)
            if rtl: rPr.append(rPr.makeelement(qn('w:rtl'), {}))
        d.save(out)
        """

    /// A .docx of `text` made by python-docx (the right font and direction for the language).
    static func docx(_ text: String, language: String, in dir: URL, name: String) throws -> URL {
        let src = dir.appendingPathComponent("\(name).txt")
        try Data(text.utf8).write(to: src)
        let out = dir.appendingPathComponent("\(name).docx")
        try run("python3", ["-c", docxScript, src.path, out.path, font(language), language == "ar" ? "1" : "0", language], in: dir)
        return out
    }

    /// `file` converted by LibreOffice to `format` (pdf, odt, doc, rtf), in a private profile.
    static func libreOffice(_ file: URL, to format: String, in dir: URL) throws -> URL {
        guard let soffice = programs.path("soffice") else { throw TypesetError("LibreOffice is missing") }
        let out = dir.appendingPathComponent("lo-\(format)")
        try run(
            soffice,
            [
                "-env:UserInstallation=file://" + dir.appendingPathComponent("lo-profile").path, "--headless", "--norestore",
                "--convert-to", format, "--outdir", out.path, file.path,
            ], in: dir)
        let ext = format.split(separator: ":").first.map(String.init) ?? format
        let result = out.appendingPathComponent(file.deletingPathExtension().lastPathComponent + "." + ext)
        guard FileManager.default.fileExists(atPath: result.path) else { throw TypesetError("LibreOffice wrote no \(format)") }
        return result
    }

    /// A PDF of `text` printed by headless Chromium from HTML with the language's `lang`, `dir` and font.
    static func chromiumPDF(_ text: String, language: String, in dir: URL, name: String) throws -> URL {
        guard
            let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap({ ProcessRunner.which($0, path: environment["PATH"] ?? "") }).first
        else {
            throw TypesetError("Chromium is missing")
        }
        let paras = text.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        let html = """
            <!doctype html><html lang="\(language)" dir="\(language == "ar" ? "rtl" : "ltr")"><head><meta charset="utf-8">
            <style>@page { size: A4; margin: 2cm } body { font-family: '\(font(language))'; font-size: 12pt; line-height: 1.5 }</style></head>
            <body>\(paras.map { "<p>\(esc($0.trimmingCharacters(in: .whitespacesAndNewlines)))</p>" }.joined(separator: "\n"))</body></html>
            """
        let h = dir.appendingPathComponent("\(name).html")
        try Data(html.utf8).write(to: h)
        let pdf = dir.appendingPathComponent("\(name)-chromium.pdf")
        try run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + dir.appendingPathComponent("chromium-profile").path,
                "--no-pdf-header-footer", "--print-to-pdf=" + pdf.path, h.absoluteString,
            ], in: dir)
        return pdf
    }

    /// The first page of a PDF rendered at 300 dpi in grey (a scan).
    static func scan(_ pdf: URL, in dir: URL, name: String) throws -> URL {
        guard let pdftoppm = programs.path("pdftoppm") else { throw TypesetError("pdftoppm is missing") }
        let base = dir.appendingPathComponent(name)
        try run(pdftoppm, ["-r", "300", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", pdf.path, base.path], in: dir)
        return base.appendingPathExtension("png")
    }

    /// A PDF without a text layer: the scanned page as an image on a letter-size page (Chromium).
    static func scannedPDF(_ png: URL, in dir: URL, name: String) throws -> URL {
        guard
            let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap({ ProcessRunner.which($0, path: environment["PATH"] ?? "") }).first
        else {
            throw TypesetError("Chromium is missing")
        }
        let h = dir.appendingPathComponent("\(name)-scan.html")
        try Data(
            """
            <!doctype html><html><head><style>@page{size:8.5in 11in;margin:0}html,body{margin:0}img{width:8.5in;height:11in;display:block}</style></head>
            <body><img src="\(png.lastPathComponent)"></body></html>
            """.utf8
        ).write(to: h)
        let pdf = dir.appendingPathComponent("\(name)-scan.pdf")
        try run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + dir.appendingPathComponent("chromium-profile").path,
                "--no-pdf-header-footer", "--print-to-pdf=" + pdf.path, h.absoluteString,
            ], in: dir)
        return pdf
    }

    /// NFC, every run of white space one space, trimmed: the comparison the issue asks for.
    static func folded(_ s: String) -> String {
        ((try? Normalizer.normalize(s)) ?? s).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Character error rate: Levenshtein distance over characters ÷ the reference length, after folding.
    static func cer(_ hypothesis: String, reference: String) -> Double {
        let a = Array(folded(hypothesis).unicodeScalars), b = Array(folded(reference).unicodeScalars)
        if b.isEmpty { return a.isEmpty ? 0 : 1 }
        var prev = Array(0...b.count), cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return Double(a.isEmpty ? b.count : prev[b.count]) / Double(b.count)
    }

    /// True when the programs are there; otherwise a failure, or SKIPPED with CRP_ALLOW_MISSING_CLIENTS=1.
    static func available(_ names: [String]) -> Bool {
        let missing = names.filter { n in
            n == "chromium"
                ? ["chromium", "chromium-browser", "google-chrome"].allSatisfy { ProcessRunner.which($0, path: environment["PATH"] ?? "") == nil }
                : n == "python-docx" ? !Clients.pythonImports("docx") : (programs.path(n) ?? ProcessRunner.which(n, path: environment["PATH"] ?? "")) == nil
        }
        if missing.isEmpty { return true }
        Clients.missing("\(missing.joined(separator: ", ")) not installed (needed to typeset and read the test documents)")
        return false
    }
}
