import Foundation
import TestSupport
import Testing

/// Word files the tests of issue 25 write, with python-docx (installed by Scripts/setup.sh).
enum WordFile {
    struct Missing: Error, CustomStringConvertible { var description: String }

    /// True when python-docx can be used; otherwise a failure, or SKIPPED with CRP_ALLOW_MISSING_CLIENTS=1.
    static func available() -> Bool {
        if Clients.pythonImports("docx") { return true }
        Clients.missing("python-docx is not importable by python3 (needed to write the test's Word files)")
        return false
    }

    /// A .docx of the given paragraphs; a paragraph may hold "\n" (a line break, `w:br`) and
    /// may start with "#" (a heading) or ">" (indented first line).
    static func make(paragraphs: [String], font: String? = nil, spaceAfter: Double? = nil, justify: Bool = false) throws -> Data {
        let dir = try Scratch.dir("wordfile")
        let out = dir.appendingPathComponent("doc.docx")
        let spec = dir.appendingPathComponent("spec.json")
        try JSONSerialization.data(withJSONObject: ["paragraphs": paragraphs, "font": font ?? "", "after": spaceAfter ?? -1, "justify": justify]).write(
            to: spec)
        let script = """
            import json, sys, docx
            from docx.shared import Pt
            spec = json.load(open(sys.argv[1], encoding='utf-8'))
            d = docx.Document()
            if spec['font']:
                st = d.styles['Normal']; st.font.name = spec['font']
                st.element.rPr.rFonts.set(docx.oxml.ns.qn('w:eastAsia'), spec['font'])
            for p in spec['paragraphs']:
                if p.startswith('#'):
                    d.add_heading(p.lstrip('# '), level=1); continue
                para = d.add_paragraph()
                if spec['after'] >= 0: para.paragraph_format.space_after = Pt(spec['after'])
                if spec['justify']: para.alignment = 3
                if p.startswith('>'):
                    p = p[1:]; para.paragraph_format.first_line_indent = Pt(24)
                lines = p.split('\\n')
                for i, line in enumerate(lines):
                    r = para.add_run(line)
                    if i < len(lines) - 1: r.add_break()
            d.save(sys.argv[2])
            """
        let r = try Proc.run("python3", ["-c", script, spec.path, out.path], timeout: 120)
        guard r.ok else { throw Missing(description: "python-docx failed: \(r.err)") }
        return try Data(contentsOf: out)
    }

    /// PDFs of Word files, made by LibreOffice in one run (headless, a private profile): name → PDF.
    static func pdfs(_ docs: [String: Data], in dir: URL) throws -> [String: Data] {
        guard let soffice = Clients.which("soffice", "libreoffice") else { throw Missing(description: "LibreOffice is not installed") }
        var inputs: [String] = []
        for (name, data) in docs {
            let f = dir.appendingPathComponent(name + ".docx")
            try data.write(to: f)
            inputs.append(f.path)
        }
        let out = dir.appendingPathComponent("pdf")
        let r = try Proc.run(
            soffice,
            [
                "-env:UserInstallation=file://" + dir.appendingPathComponent("profile").path, "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", out.path,
            ] + inputs.sorted(),
            cwd: dir, env: ["HOME": dir.path], timeout: 300)
        guard r.ok else { throw Missing(description: "LibreOffice failed: \(r.err)") }
        var pdfs: [String: Data] = [:]
        for name in docs.keys { pdfs[name] = try Data(contentsOf: out.appendingPathComponent(name + ".pdf")) }
        return pdfs
    }
}
