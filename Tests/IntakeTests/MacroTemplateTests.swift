import Foundation
import Submissions
import TestSupport
import Testing

@testable import Intake
@testable import Secretariat

/// Macro-enabled Word documents (.docm) and templates (.dotx, .dotm) are read as their main
/// document part: the content type decides how the original is stored, macros are never run and
/// are named in the parts and the warnings. The files are python-docx documents with their
/// content types changed (and a macro project added), as Word would save them.
@Suite struct MacroTemplateTests {
    static let text = "Comentarios del Perú sobre el tema 2 del programa.\n\nEl Perú apoya la asistencia técnica.\n"

    /// A python-docx document, its main part's content type replaced by `contentType`, with a
    /// `word/vbaProject.bin` (and its relationship and content type) when `macros`.
    static func variant(_ name: String, contentType: String, macros: Bool, in dir: URL) throws -> Data {
        let docx = try Typeset.docx(text, language: "es", in: dir, name: name + "-src")
        let out = dir.appendingPathComponent(name)
        let script = """
            import sys, zipfile
            src, out, ctype, macros = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == '1'
            zin = zipfile.ZipFile(src)
            with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    if item.filename == '[Content_Types].xml':
                        data = data.replace(b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', ctype.encode())
                        if macros:
                            data = data.replace(b'</Types>', b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
                    if macros and item.filename == 'word/_rels/document.xml.rels':
                        data = data.replace(b'</Relationships>', b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
                    z.writestr(item, data)
                if macros:
                    z.writestr('word/vbaProject.bin', b'\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1' + b'Sub AutoOpen()\\n Shell "calc"\\nEnd Sub\\n' * 20)
            """
        try Typeset.run("python3", ["-c", script, docx.path, out.path, contentType, macros ? "1" : "0"], in: dir)
        return try Data(contentsOf: out)
    }

    @Test(.enabled(if: Clients.runs(Clients.pythonImports("docx"))))
    func docmDotxAndDotmAreReadAsTheirDocumentPart() throws {
        guard Typeset.available(["python-docx"]) else { return }
        let dir = try ReferenceTexts.tempDir("docm")
        let cases: [(String, String, Bool)] = [
            ("comentarios.docm", "application/vnd.ms-word.document.macroEnabled.main+xml", true),
            ("plantilla.dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", false),
            ("plantilla.dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml", true),
        ]
        for (name, contentType, macros) in cases {
            let bytes = try Self.variant(name, contentType: contentType, macros: macros, in: dir)
            let ext = (name as NSString).pathExtension
            // Received under a neutral name: the content type, not the name, decides.
            let r = try Intake.read(data: bytes, name: "received.bin", options: IntakeOptions())
            #expect(r.kind == .docx, "\(name) is read by the Word reader")
            #expect(r.text == Self.text, "\(name): \(r.text)")
            #expect(r.bytes == bytes)
            #expect(r.storedExtension == ext, "\(name) is stored as .\(ext), not .\(r.storedExtension)")
            let macroWarning = r.warnings.contains { $0.contains("macros") && $0.contains("never runs") }
            #expect(macroWarning == macros, "\(name): \(r.warnings)")
            let macroPart = r.parts.first { $0.kind == "VBA macros" }
            #expect((macroPart != nil) == macros, "\(name): \(r.parts.map(\.line))")
            #expect(macroPart?.taken != true)
            #expect(!r.text.contains("AutoOpen"))
        }
        // A plain .docx keeps its extension and has no macro warning.
        let plain = try Data(contentsOf: try Typeset.docx(Self.text, language: "es", in: dir, name: "plain"))
        let p = try Intake.read(data: plain, name: "plain.docx", options: IntakeOptions())
        #expect(p.storedExtension == "docx")
        #expect(p.warnings.isEmpty && p.parts.isEmpty)
    }

    /// Registered, the original keeps its bytes and its extension, and the record lists the macros as left.
    @Test(.enabled(if: Clients.runs(Clients.pythonImports("docx"))))
    func aRegisteredDocmIsStoredAsDocmWithTheMacrosNamed() throws {
        guard Typeset.available(["python-docx"]) else { return }
        let dir = try ReferenceTexts.tempDir("docm-store")
        let bytes = try Self.variant("peru.docm", contentType: "application/vnd.ms-word.document.macroEnabled.main+xml", macros: true, in: dir)
        let file = dir.appendingPathComponent("peru.docm")
        let store = try Store.create(
            at: dir.appendingPathComponent("ws"), paper: try PaperDefinition.load(ReferenceTexts.url("paper.yaml")), clock: TestRepository.clock)
        let catalog = try LocaleCatalog(folder: ReferenceTexts.locales)
        let registrar = Registrar(store: store, catalog: catalog)
        let (sub, warnings) = try registrar.register(
            .init(
                file: file, state: "Peru", language: "es", items: [2],
                received: try CalendarDate(iso: "2020-09-18"), by: "t"))
        #expect(sub.record.original.file == "original.docm")
        #expect(sub.record.original.kind == .docx)
        #expect(try Data(contentsOf: sub.folder.appendingPathComponent("original.docm")) == bytes)
        #expect(warnings.contains { $0.code == "intake.text" && $0.message.contains("macros") }, "\(warnings)")
        #expect(sub.record.parts?.contains { $0.kind == "VBA macros" && !$0.taken } == true)
        #expect(try Verifier(store: store, catalog: catalog, readers: .standard).verify().isEmpty)
    }
}
