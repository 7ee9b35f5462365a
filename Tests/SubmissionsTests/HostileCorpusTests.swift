import Foundation
import Submissions
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CRPProcessTests {
    /// Files and arguments made to break the store: each must be refused with a clear error naming
    /// what was wrong, or stored safely; never a crash, a hang, mojibake, a live control character
    /// on the terminal, or a byte written outside the workspace.
    @Suite("Hostile corpus")
    struct HostileCorpus {
        enum Expect { case refused, either }

        struct Case {
            var name: String
            /// crp arguments, without --workspace.
            var args: [String]
            var expect: Expect = .either
            /// The error must mention one of these (default: the file's display name).
            var mention: [String] = []
            var env: [String: String] = [:]
            /// Text that must not appear in what `crp show` prints for a stored record.
            var forbidden: [String] = []
            /// For a refusal: what the error must also say, every one (the kind of refusal).
            var details: [String] = []
            /// Seconds the command may take (a refusal must come quickly).
            var timeout: Double = 10
        }

        enum Outcome: String { case refused, stored, failed }

        struct Sandbox {
            let dir: URL, corpus: URL, ws: URL, cwd: URL, home: URL, tmp: URL
            init() throws {
                dir = try CRP.tempDir("hostile")
                corpus = dir.appendingPathComponent("corpus")
                ws = dir.appendingPathComponent("ws")
                cwd = dir.appendingPathComponent("cwd")
                home = dir.appendingPathComponent("home")
                tmp = dir.appendingPathComponent("tmp")
                for d in [corpus, cwd, home, tmp] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
            }
            var env: [String: String] { ["HOME": home.path, "TMPDIR": tmp.path] }
            func file(_ name: String, _ bytes: [UInt8]) throws -> String {
                let u = corpus.appendingPathComponent(name)
                try Data(bytes).write(to: u)
                return u.path
            }
            func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }
        }

        // MARK: the corpus

        static let lolEntities = """
            <!ENTITY lol "lol">
            <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
            <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
            <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
            <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
            <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            """
        static let wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        static let contentTypes =
            #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
        static func wordDocument(_ body: String, doctype: String = "") -> String {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\(doctype)<w:document xmlns:w=\"\(wordNS)\"><w:body><w:p><w:r><w:t>\(body)</w:t></w:r></w:p></w:body></w:document>"
        }

        /// What each refusal must say, besides naming its file: what is wrong and what to do (a
        /// refused case missing here fails, so that no refusal passes on its file name alone).
        static let reasons: [String: [String]] = [
            "invalid-utf8.txt": ["is not valid UTF-8 (byte", "no other encoding can be told from its bytes for sure", "name it with --encoding"],
            "overlong-slash.txt": ["is not valid UTF-8 (byte", "no other encoding can be told from its bytes for sure", "name it with --encoding"],
            "utf8-surrogate.txt": ["is not valid UTF-8 (byte", "no other encoding can be told from its bytes for sure", "name it with --encoding"],
            "utf8-beyond-10ffff.txt": ["is not valid UTF-8 (byte", "no other encoding can be told from its bytes for sure", "name it with --encoding"],
            "utf8-truncated.txt": ["is not valid UTF-8 (byte", "no other encoding can be told from its bytes for sure", "name it with --encoding"],
            "random-high-bytes.txt": [
                "cannot be told for sure from its bytes", "--encoding windows-1251  (confidence", "register again with the right --encoding",
            ],
            "utf16le-truncated.txt": ["is not valid UTF-16LE at byte", "pass the right one with --encoding"],
            "utf16be-lone-high-surrogate.txt": ["is not valid UTF-16BE at byte", "pass the right one with --encoding"],
            "utf16le-lone-low-surrogate.txt": ["is not valid UTF-16LE at byte", "pass the right one with --encoding"],
            "utf16-no-bom-odd.txt": ["is not a text document (it contains NUL bytes)", "Ask the sender for the document again"],
            "utf32-out-of-range.txt": ["is not valid UTF-32LE at byte", "pass the right one with --encoding"],
            "nul-in-middle.txt": ["is not a text document (it contains NUL bytes)", "Ask the sender for the document again"],
            "all-nul.bin": ["is not a text document (it contains NUL bytes)", "Ask the sender for the document again"],
            "empty.txt": ["is empty. Ask the sender for the file again."],
            "bom-only.txt": ["is empty. Ask the sender for the file again."],
            "whitespace-only.txt": ["is empty. Ask the sender for the file again."],
            "ansi-escape.txt": ["holds the control character U+001B on line 1", "ask the sender for it again"],
            "c1-csi.txt": ["holds the control character U+009B on line 1", "ask the sender for it again"],
            "del-char.txt": ["holds the control character U+007F on line 1", "ask the sender for it again"],
            "huge-200MB.txt": ["has 209715200 bytes, more than the limit of 104857600", "raise the limit with --max-bytes or CRP_MAX_BYTES"],
            "link-to-huge.txt": ["has 209715200 bytes, more than the limit of 104857600", "raise the limit with --max-bytes or CRP_MAX_BYTES"],
            "over-env-limit.txt": ["has 6900 bytes, more than the limit of 4096", "raise the limit with --max-bytes or CRP_MAX_BYTES"],
            "over-flag-limit.txt": ["has 2600 bytes, more than the limit of 1000", "raise the limit with --max-bytes or CRP_MAX_BYTES"],
            "a-fifo.txt": ["cannot be read: it is not a regular file (a pipe, device or socket)", "copy it to a local folder"],
            "dev-zero.txt": ["is a symbolic link to /dev/zero, which is not a regular file", "copy it to a local folder"],
            "a-folder.txt": ["is a folder, not a file", "Register one file at a time"],
            "missing-file.txt": ["does not exist. Check the path."],
            "missing-\u{1B}[31m-\u{202E}name.txt": ["does not exist. Check the path."],
            "zip-bomb.docx": [
                "was refused for safety", "Nothing was stored", "save it again as .docx",
                "declares 314572967 bytes once inflated, more than the limit of 67108864",
            ],
            "lying-bomb.docx": ["was refused for safety", "Nothing was stored", "save it again as .docx", "inflates to more than the 1000 bytes it declares"],
            "zip-slip.docx": [
                "was refused for safety", "Nothing was stored", "save it again as .docx", "\"../../evil-zip-slip.txt\", which points outside the package",
            ],
            "billion-laughs.docx": [
                "looks like a Word (.docx) file but cannot be read", "declares a DTD (<!DOCTYPE>), which is refused for safety",
                "Ask the sender for the file again",
            ],
            "xxe.docx": [
                "looks like a Word (.docx) file but cannot be read", "declares a DTD (<!DOCTYPE>), which is refused for safety",
                "Ask the sender for the file again",
            ],
            "many-entries.docx": ["was refused for safety", "Nothing was stored", "save it again as .docx", "more than 10000 entries"],
            "nested-zip.docx": ["looks like a Word (.docx) file but cannot be read", "invisible control character U+0003, which XML does not allow"],
            "not-a-zip.docx": ["looks like a Word (.docx) file but cannot be read", "is not a readable ZIP package"],
            "bomb.pdf": [
                "did not finish within 8 seconds and was stopped", "raise the limit with --conversion-timeout or --ocr-timeout", "Nothing was stored",
            ],
            "billion-laughs.xlf": [
                "was refused by the XML reader", "declares a DTD (<!DOCTYPE>), which is refused for safety", "save the file again from the CAT tool",
            ],
            "xxe.xlf": ["was refused by the XML reader", "declares a DTD (<!DOCTYPE>), which is refused for safety", "save the file again from the CAT tool"],
            "translate billion-laughs.xlf": [
                "was refused by the XML reader", "declares a DTD (<!DOCTYPE>), which is refused for safety", "save the file again from the CAT tool",
            ],
            "translate xxe.xlf": [
                "was refused by the XML reader", "declares a DTD (<!DOCTYPE>), which is refused for safety", "save the file again from the CAT tool",
            ],
            "state-0.txt": ["is not a UN Member State or observer", "Use the English short name"],
            "state-1.txt": ["is not a UN Member State or observer", "Use the English short name"],
            "state-2.txt": ["was refused. It mixes scripts or holds invisible characters", "Type the name again in plain Latin letters"],
            "state-3.txt": ["was refused. It mixes scripts or holds invisible characters", "Type the name again in plain Latin letters"],
            "state-4.txt": ["was refused. It mixes scripts or holds invisible characters", "Type the name again in plain Latin letters"],
            "state-5.txt": ["is not a UN Member State or observer", "Use the English short name"],
            "state-6.txt": ["It looks like \"Peru\" but is written with other characters", "Type the name again in plain Latin letters"],
            "state-7.txt": ["Name the State with --state, for example --state Peru."],
            "state-10.txt": ["was refused. It mixes scripts or holds invisible characters", "Type the name again in plain Latin letters"],
            "encoding-path.txt": ["\"../../etc/passwd\" is not an encoding ICU knows", "Try names like UTF-8"],
            "translate invalid utf-8": ["is not valid UTF-8 (byte", "no other encoding can be told from its bytes for sure", "name it with --encoding"],
            "translate controls": ["holds the control character U+001B on line 1", "ask the sender for it again"],
            "unknown id with traversal": ["No submission has the id", "Run `crp status` to list the ids"],
            "show traversal id": ["No submission has the id", "Run `crp status` to list the ids"],
        ]

        /// The absolute path a zip entry names (in this run's private root, never a fixed path in
        /// /tmp): extraction must not write it.
        static let absoluteEntry = Scratch.root.appendingPathComponent("evil-zip-abs-\(UUID().uuidString.prefix(8)).txt")

        /// Builds the .docx files with Python's zipfile (streamed, so the bomb costs little).
        static func makeZips(_ sb: Sandbox) throws -> [String: String] {
            let spec: [String: Any] = [
                "ct": contentTypes,
                "slip": wordDocument("Comentarios de prueba con rutas hostiles."),
                "laughs": wordDocument("&lol9;", doctype: "<!DOCTYPE w:document [\(lolEntities)]>"),
                "xxe": wordDocument(
                    "&xxe;&xxe2;", doctype: "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\"><!ENTITY xxe2 SYSTEM \"http://127.0.0.1:9/x\">]>"),
                "hostile": wordDocument("Comentarios &lt;script&gt;alert(1)&lt;/script&gt; {{received_comments}} \u{202E}odnum\u{202C} fin."),
                "out": sb.corpus.path,
                "abs": Self.absoluteEntry.path,
            ]
            let specURL = sb.dir.appendingPathComponent("zips.json")
            try JSONSerialization.data(withJSONObject: spec).write(to: specURL)
            let script = #"""
                import json, sys, zipfile, os, struct
                spec = json.load(open(sys.argv[1]))
                out = spec["out"]
                def z(name): return zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED)
                # 1. zip bomb: a 300 MB document.xml of blanks, about 300 KB compressed.
                with z("zip-bomb.docx") as f:
                    f.writestr("[Content_Types].xml", spec["ct"])
                    with f.open("word/document.xml", "w", force_zip64=True) as w:
                        w.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
                        chunk = b" " * (1 << 20)
                        for _ in range(300): w.write(chunk)
                        w.write(b"</w:t></w:r></w:p></w:body></w:document>")
                # 1b. a bomb that lies: 300 MB of blanks whose headers declare 1000 bytes.
                with z("lying-bomb.docx") as f:
                    f.writestr("[Content_Types].xml", spec["ct"])
                    with f.open("word/document.xml", "w") as w:
                        w.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
                        chunk = b" " * (1 << 20)
                        for _ in range(300): w.write(chunk)
                        w.write(b"</w:t></w:r></w:p></w:body></w:document>")
                path = os.path.join(out, "lying-bomb.docx")
                data = bytearray(open(path, "rb").read())
                i = data.find(b"PK\x01\x02")
                while i >= 0:
                    n = struct.unpack_from("<H", data, i + 28)[0]
                    if bytes(data[i + 46:i + 46 + n]) == b"word/document.xml":
                        struct.pack_into("<I", data, i + 24, 1000)
                        local = struct.unpack_from("<I", data, i + 42)[0]
                        struct.pack_into("<I", data, local + 22, 1000)
                    i = data.find(b"PK\x01\x02", i + 4)
                open(path, "wb").write(data)
                # 2. zip slip: entries that climb out of any extraction folder, or are absolute.
                with z("zip-slip.docx") as f:
                    f.writestr("[Content_Types].xml", spec["ct"])
                    f.writestr("word/document.xml", spec["slip"])
                    f.writestr("../../evil-zip-slip.txt", "pwned")
                    f.writestr("word/../../../evil-zip-slip-2.txt", "pwned")
                    zi = zipfile.ZipInfo(spec["abs"]); f.writestr(zi, "pwned")
                # 3. billion laughs and external entities inside a Word file.
                with z("billion-laughs.docx") as f:
                    f.writestr("[Content_Types].xml", spec["ct"]); f.writestr("word/document.xml", spec["laughs"])
                with z("xxe.docx") as f:
                    f.writestr("[Content_Types].xml", spec["ct"]); f.writestr("word/document.xml", spec["xxe"])
                # 4. twenty thousand entries.
                with z("many-entries.docx") as f:
                    f.writestr("[Content_Types].xml", spec["ct"]); f.writestr("word/document.xml", spec["slip"])
                    for i in range(20000): f.writestr("word/media/e%05d.xml" % i, "<x/>")
                # 5. a well-formed Word file whose text carries markup and a bidi override.
                with z("hostile-text.docx") as f:
                    f.writestr("[Content_Types].xml", spec["ct"]); f.writestr("word/document.xml", spec["hostile"])
                # 6. a zip inside the document part.
                with z("nested-zip.docx") as f:
                    f.writestr("[Content_Types].xml", spec["ct"])
                    f.write(os.path.join(out, "zip-bomb.docx"), "word/document.xml")
                """#
            let scriptURL = sb.dir.appendingPathComponent("zips.py")
            try Data(script.utf8).write(to: scriptURL)
            let python =
                ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
                ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }.first {
                    FileManager.default.isExecutableFile(atPath: $0)
                }
            guard let python else { throw HarnessError("python3 is needed to build the .docx corpus") }
            let r = try Proc.run(python, [scriptURL.path, specURL.path], timeout: 60)
            if !r.ok { throw HarnessError("building the zip corpus failed: \(r)") }
            return Dictionary(
                uniqueKeysWithValues: ["zip-bomb", "lying-bomb", "zip-slip", "billion-laughs", "xxe", "many-entries", "nested-zip", "hostile-text"].map {
                    ($0, sb.corpus.appendingPathComponent("\($0).docx").path)
                })
        }

        static func cases(_ sb: Sandbox, translateTarget: String) throws -> [Case] {
            var c: [Case] = []
            func reg(
                _ path: String, state: String = "Peru", expect: Expect = .either, mention: [String] = [], extra: [String] = [],
                env: [String: String] = [:], forbidden: [String] = [], details: [String] = [], timeout: Double = 10
            ) {
                c.append(
                    Case(
                        name: (path as NSString).lastPathComponent, args: ["register", path, "--state", state, "--language", "es", "--item", "2"] + extra,
                        expect: expect, mention: mention, env: env, forbidden: forbidden, details: details, timeout: timeout))
            }
            let ok = "Comentarios del Estado sobre la cooperación internacional.\n"
            // Broken encodings.
            reg(try sb.file("invalid-utf8.txt", Array("Comentarios ".utf8) + [0xC3, 0x28] + Array(" de prueba\n".utf8)), expect: .refused)
            var noise: [UInt8] = Array("Texto ".utf8)
            var g = SeededGenerator(seed: 42)
            for _ in 0..<400 { noise.append(UInt8.random(in: 0x80...0xFF, using: &g)); noise.append(0x20) }
            reg(try sb.file("random-high-bytes.txt", noise))
            reg(try sb.file("overlong-slash.txt", [0x61, 0xC0, 0xAF, 0x62, 0x0A]), expect: .refused)
            reg(try sb.file("utf8-surrogate.txt", Array("Hola ".utf8) + [0xED, 0xA0, 0x80, 0x0A]), expect: .refused)
            reg(try sb.file("utf8-beyond-10ffff.txt", Array("Hola ".utf8) + [0xF4, 0x90, 0x80, 0x80, 0x0A]), expect: .refused)
            reg(try sb.file("utf8-truncated.txt", Array("Hola mundo ".utf8) + [0xE2, 0x82]), expect: .refused)
            let utf16 = Array("Hola mundo, comentarios.".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            reg(try sb.file("utf16le-truncated.txt", [0xFF, 0xFE] + utf16 + [0x41]), expect: .refused)
            reg(try sb.file("utf16be-lone-high-surrogate.txt", [0xFE, 0xFF, 0x00, 0x48, 0x00, 0x69, 0xD8, 0x00]), expect: .refused)
            reg(try sb.file("utf16le-lone-low-surrogate.txt", [0xFF, 0xFE, 0x00, 0xDC, 0x48, 0x00]), expect: .refused)
            reg(try sb.file("utf16-no-bom-odd.txt", utf16 + [0x00]), expect: .refused)
            reg(try sb.file("utf32-out-of-range.txt", [0xFF, 0xFE, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00]), expect: .refused)
            // NULs, emptiness, controls.
            reg(try sb.file("nul-in-middle.txt", Array("Hola".utf8) + [0] + Array("mundo\n".utf8)), expect: .refused)
            reg(try sb.file("all-nul.bin", [UInt8](repeating: 0, count: 4096)), expect: .refused)
            reg(try sb.file("empty.txt", [UInt8]()), expect: .refused)
            reg(try sb.file("bom-only.txt", [0xEF, 0xBB, 0xBF]), expect: .refused)
            reg(try sb.file("whitespace-only.txt", "  \n\n\t \n"), expect: .refused)
            reg(try sb.file("ansi-escape.txt", "Hola \u{1B}[2J\u{1B}]0;owned\u{07} mundo\n"), expect: .refused)
            reg(try sb.file("c1-csi.txt", "Hola \u{9B}31m mundo\n"), expect: .refused)
            reg(try sb.file("del-char.txt", "Hola\u{7F}mundo\n"), expect: .refused)
            // Size: a 200 MB sparse file (ftruncate), a link to it, and configured limits.
            let huge = sb.corpus.appendingPathComponent("huge-200MB.txt")
            #expect(FileManager.default.createFile(atPath: huge.path, contents: Data("Hola ".utf8)))
            #expect(truncate(huge.path, 200 * 1024 * 1024) == 0)
            reg(huge.path, expect: .refused, mention: ["huge-200MB.txt", "limit"])
            let link = sb.corpus.appendingPathComponent("link-to-huge.txt")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: huge)
            reg(link.path, expect: .refused, mention: ["huge-200MB.txt", "link-to-huge.txt"])
            let mid = try sb.file("over-env-limit.txt", String(repeating: "Comentarios de prueba. ", count: 300))
            reg(mid, expect: .refused, mention: ["over-env-limit.txt"], env: ["CRP_MAX_BYTES": "4096"])
            reg(try sb.file("over-flag-limit.txt", String(repeating: "Comentarios. ", count: 200)), expect: .refused, extra: ["--max-bytes", "1000"])
            // Not regular files.
            let fifo = sb.corpus.appendingPathComponent("a-fifo.txt")
            #expect(mkfifo(fifo.path, 0o644) == 0)
            reg(fifo.path, expect: .refused)
            let zero = sb.corpus.appendingPathComponent("dev-zero.txt")
            try FileManager.default.createSymbolicLink(atPath: zero.path, withDestinationPath: "/dev/zero")
            reg(zero.path, expect: .refused)
            let folder = sb.corpus.appendingPathComponent("a-folder.txt")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            reg(folder.path, expect: .refused)
            reg(sb.corpus.appendingPathComponent("missing-file.txt").path, expect: .refused)
            reg(sb.corpus.appendingPathComponent("missing-\u{1B}[31m-\u{202E}name.txt").path, expect: .refused, mention: ["missing-"])
            // Word files: bomb, slip, laughs, external entities, many entries, nested zip, not a zip.
            let zips = try makeZips(sb)
            for key in ["zip-bomb", "lying-bomb", "zip-slip", "billion-laughs", "xxe", "many-entries", "nested-zip", "hostile-text"] {
                reg(zips[key]!, forbidden: ["root:x:0:0", "lollollollol", "pwned"])
            }
            reg(try sb.file("not-a-zip.docx", [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0xEE, count: 200)), expect: .refused)
            // PDFs and images (read by poppler and Tesseract): refused quickly, by name, with the reason.
            if formatProgramsThere {
                reg(try sb.file("encrypted.pdf", [UInt8](HostileFormats.encryptedPDF())), expect: .refused, details: ["password-protected or encrypted PDF"])
                if let soffice = Clients.which("soffice", "libreoffice") {
                    let made = sb.dir.appendingPathComponent("lo")
                    try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true)
                    let bytes = try HostileFormats.libreOfficeEncryptedPDF("Texte confidentiel.\n", soffice: soffice, in: made)
                    try FileManager.default.removeItem(at: made)
                    reg(try sb.file("secret.pdf", [UInt8](bytes)), expect: .refused, details: ["password-protected or encrypted PDF"])
                } else {
                    Clients.missing("LibreOffice is not installed (it makes the encrypted PDF of the hostile corpus)")
                }
                reg(
                    try sb.file("pages-10000.pdf", [UInt8](HostileFormats.pdf(claimingPages: 10_000))), expect: .refused,
                    details: ["has 10000 pages, more than the 200 allowed", "--max-pages"])
                reg(
                    try sb.file("huge-100MP.png", [UInt8](HostileFormats.png(width: 10_000, height: 10_000))), expect: .refused,
                    details: ["10000 × 10000 pixels", "megapixels allowed"])
                reg(
                    try sb.file("corrupt.png", [UInt8](HostileFormats.png(width: 800, height: 600, garbage: true))), expect: .refused,
                    details: ["is not a readable image"])
                reg(try sb.file("cut.jpg", [UInt8](HostileFormats.cutJPEG)), expect: .refused, details: ["is not a readable image"])
                reg(try sb.file("garbage.pdf", [UInt8](HostileFormats.garbagePDF)), expect: .refused, details: ["is not a readable PDF"])
                // A one-page PDF whose content stream inflates to about 400 MB: stopped by the time limit or the output bound.
                let bomb = try HostileFormats.pdfBomb(in: sb.corpus)
                reg(bomb.path, expect: .refused, extra: ["--conversion-timeout", "8", "--ocr-timeout", "8"], timeout: 40)
            } else {
                Clients.missing("poppler-utils or tesseract-ocr is not installed (the PDFs and images of the hostile corpus need them)")
            }
            // XLIFF with billion laughs and an external entity, as an original and as a translation.
            let xlfLaughs = try sb.file(
                "billion-laughs.xlf",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE xliff [\(lolEntities)]>
                <xliff version="1.2"><file source-language="es" target-language="en" datatype="plaintext" original="x"><body>
                <trans-unit id="1"><source>Comentarios</source><target>&lol9;</target></trans-unit></body></file></xliff>

                """)
            let xlfXXE = try sb.file(
                "xxe.xlf",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <xliff version="1.2"><file source-language="es" target-language="en" datatype="plaintext" original="x"><body>
                <trans-unit id="1"><source>Comentarios</source><target>&xxe;</target></trans-unit></body></file></xliff>

                """)
            reg(xlfLaughs, forbidden: ["lollollollol"])
            reg(xlfXXE, state: "Chile", forbidden: ["root:x:0:0"])
            for path in [xlfLaughs, xlfXXE] {
                c.append(
                    Case(
                        name: "translate " + (path as NSString).lastPathComponent, args: ["translate", translateTarget, path],
                        forbidden: ["root:x:0:0", "lollollollol"]))
            }
            // E-mail and HTML with hostile parts.
            reg(
                try sb.file(
                    "traversal-attachment.eml",
                    """
                    From: mission@example.org\r
                    To: secretariat@example.org\r
                    Subject: comments\r
                    MIME-Version: 1.0\r
                    Content-Type: multipart/mixed; boundary="B"\r
                    \r
                    --B\r
                    Content-Type: text/plain; charset=utf-8\r
                    \r
                    Comentarios adjuntos.\r
                    --B\r
                    Content-Type: text/plain; name="../../evil-eml.txt"\r
                    Content-Disposition: attachment; filename="../../evil-eml.txt"\r
                    \r
                    attachment text\r
                    --B--\r

                    """))
            reg(try sb.file("script.html", "<html><body><script>alert(1)</script><p>Comentarios</p><img src=x onerror=alert(1)></body></html>\n"))
            // Text that is stored, and must come out harmless.
            reg(try sb.file("bidi-override.txt", "Comentarios \u{202E}sotnemugra sol\u{202C} y \u{202D}más\n\u{2067}abierto sin cerrar\n"), state: "Mexico")
            reg(
                try sb.file(
                    "markup-injection.txt",
                    """
                    <script>alert(1)</script> {{received_comments}} {{translation_note}}
                    # Encabezado falso
                    [enlace](javascript:alert(1)) <!-- comentario --> ]]> &amp; \\u0000 %s %n $(rm -rf /) `id`

                    """), state: "Mexico")
            reg(try sb.file("zalgo.txt", "Co" + String(repeating: "\u{0301}\u{0316}\u{0344}", count: 3000) + "mentarios.\n"), state: "Mexico")
            reg(try sb.file("long-line.txt", String(repeating: "palabra ", count: 60000)), state: "Mexico")
            reg(
                try sb.file("name-\u{1B}[31mred-\u{202E}txt.exe-\u{07}.txt", "Comentarios con un nombre de archivo hostil.\n"), state: "Mexico",
                mention: ["name-"])
            // Hostile State names (with a valid file each time).
            for (i, state) in [
                "../../etc/passwd", "Peru/../../x", "Peru\u{07}", "Peru\u{1B}[2J", "\u{202E}ureP", "<script>alert(1)</script>",
                "Р\u{0435}ru", "", "Peru\u{0085}", "P\u{200B}eru", "Chile\nPeru",
            ].enumerated() {
                reg(
                    try sb.file("state-\(i).txt", "Comentarios del Estado número \(i).\n"), state: state,
                    expect: state == "Peru\u{0085}" || state == "P\u{200B}eru" ? .either : .refused, mention: ["State", "state", "--state"])
            }
            // Hostile options.
            reg(try sb.file("encoding-path.txt", ok), expect: .refused, extra: ["--encoding", "../../etc/passwd"])
            reg(try sb.file("by-controls.txt", "Comentarios registrados por alguien raro.\n"), state: "Chile", extra: ["--by", "x\u{1B}[2J\u{202E}y"])
            c.append(
                Case(
                    name: "translate invalid utf-8", args: ["translate", translateTarget, try sb.file("tr-invalid.txt", [0x48, 0x69, 0xFF, 0xFE, 0x0A])],
                    expect: .refused))
            c.append(
                Case(name: "translate controls", args: ["translate", translateTarget, try sb.file("tr-controls.txt", "Hello \u{1B}[2J\n")], expect: .refused))
            c.append(
                Case(
                    name: "translator with controls",
                    args: [
                        "translate", translateTarget, try sb.file("tr-ok.txt", "Comments of the State on cooperation.\n"),
                        "--translator", "T\u{1B}[31m\u{202E}x",
                    ]))
            c.append(
                Case(
                    name: "unknown id with traversal", args: ["translate", "../../etc", try sb.file("tr-ok2.txt", "English comments.\n")],
                    expect: .refused, mention: ["../../etc"]))
            c.append(Case(name: "show traversal id", args: ["show", "../\(ws(sb))"], expect: .refused, mention: ["../"]))
            return c
        }

        static func ws(_ sb: Sandbox) -> String { sb.ws.lastPathComponent }

        /// The programs `crp` reads PDFs and scans with.
        static var formatProgramsThere: Bool { ["pdfinfo", "pdftotext", "pdftoppm", "tesseract"].allSatisfy { Clients.installed($0) } }

        /// Where `crp`'s program runner keeps the output of a running program (under TMPDIR): the
        /// folder may stay, empty; nothing in it may.
        static let runnerOutput = "tmp/crp-process-output"

        // MARK: judging

        /// Characters that must never reach the terminal raw.
        static func liveControls(_ s: String, allowIsolates: Bool) -> [String] {
            s.unicodeScalars.compactMap { u -> String? in
                let v = u.value
                let bad =
                    (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E)
                    || (!allowIsolates && v >= 0x2066 && v <= 0x2069)
                return bad ? String(format: "U+%04X", v) : nil
            }
        }

        /// How much slower than an idle machine `crp` runs at this moment: the median of three
        /// `crp status` runs on the sandbox's workspace, over 0.25 s (what such a run takes on a
        /// loaded CI machine), at least 1 and at most 20. Each case's time limit is multiplied by it,
        /// so that a busy machine makes the corpus slower, not failed ("a refusal comes quickly"
        /// stays a check: 10 s of an idle machine).
        static func loadFactor(_ sb: Sandbox) -> Double {
            var times: [Double] = []
            for _ in 0..<3 {
                guard let r = try? CRP.run(["status", "--workspace", sb.ws.path], cwd: sb.cwd, env: sb.env, timeout: 120), r.ok else { return 20 }
                times.append(r.seconds)
            }
            return min(20, max(1, times.sorted()[1] / 0.25))
        }

        @Test
        func hostileCorpus() throws {
            let sb = try Sandbox()
            defer { try? FileManager.default.removeItem(at: sb.dir) }
            try CRP.initWorkspace(sb.ws)
            let scratch = sb.dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let target = try CRP.register("Comentarios que esperan su traducción.\n", state: "Argentina", in: sb.ws, scratch: scratch)
            try FileManager.default.removeItem(at: scratch)
            let factor = Self.loadFactor(sb)
            let corpus = try Self.cases(sb, translateTarget: target).map { c in
                var c = c
                c.timeout *= factor
                return c
            }
            print("hostile corpus: time limits × \(String(format: "%.1f", factor)) for the machine's load now")

            let outside = snapshot(sb.dir, excluding: ["ws", Self.runnerOutput])
            let parent = sb.dir.deletingLastPathComponent()
            let parentBefore = Set((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).filter { $0.contains("evil") }
            var tally: [Outcome: Int] = [.refused: 0, .stored: 0, .failed: 0]
            var failures: [String] = []
            var stored: [(name: String, id: String)] = []
            let started = Date()
            for c in corpus {
                // Files with their bytes and folders, .crp/ included (StoreSnapshot.excluded aside).
                let before = StoreSnapshot.take(sb.ws)
                let r = try CRP.run(c.args + ["--workspace", sb.ws.path], cwd: sb.cwd, env: sb.env.merging(c.env) { $1 }, timeout: c.timeout)
                var why: [String] = []
                if r.timedOut { why.append("no answer within \(Int(c.timeout)) s") }
                if r.crashed { why.append("crashed with signal \(r.signal!)") }
                let errControls = Self.liveControls(r.err, allowIsolates: true)
                if !errControls.isEmpty { why.append("stderr carries live controls \(errControls)") }
                let after = StoreSnapshot.take(sb.ws)
                var outcome: Outcome
                if r.exitCode == 0 {
                    outcome = .stored
                    if c.expect == .refused { why.append("accepted, but must be refused") }
                    let created = Set(after.keys.filter { !$0.contains("/") && !$0.hasPrefix(".") }).subtracting(before.keys)
                    if c.args.first == "register" {
                        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
                        stored.append((c.name, id))
                        if id.range(of: #"^[a-z0-9-]+-\d{8}-[0-9a-f]{8}$"#, options: .regularExpression) == nil { why.append("odd id \(id.debugDescription)") }
                        if created != [id] { why.append("new top-level entries \(created.sorted()) for id \(id)") }
                        why += Self.checkShown(id: id, sb: sb, forbidden: c.forbidden)
                    } else if c.args.first == "translate" {
                        if created.count > 0 { why.append("new top-level entries \(created.sorted())") }
                        why += Self.checkShown(id: target, sb: sb, forbidden: c.forbidden)
                    }
                } else {
                    outcome = .refused
                    // A refusal is a normal exit with the documented code, and says why (not only which file).
                    if !r.timedOut && r.signal == nil && r.exitCode != 1 && r.exitCode != 2 { why.append("refused with exit code \(r.status), not 1 or 2") }
                    let reason = c.details + (Self.reasons[c.name] ?? [])
                    if reason.isEmpty { why.append("the case does not say which reason its refusal must give: \(r.err.debugDescription)") }
                    for d in Self.reasons[c.name] ?? [] where !r.err.contains(d) { why.append("the error does not say \(d.debugDescription)") }
                    if !r.err.contains("crp: error:") && !r.err.hasPrefix("Error:") { why.append("no error message") }
                    let file = c.args.first == "translate" ? c.args[2] : c.args[1]
                    let mention = c.mention.isEmpty ? [SafeName.displayName((file as NSString).lastPathComponent)] : c.mention
                    if !mention.contains(where: { r.err.contains($0) }) { why.append("the error does not name \(mention)") }
                    for d in c.details where !r.err.contains(d) { why.append("the error does not say \(d.debugDescription)") }
                    if after != before {
                        let changed = Set(after.keys).symmetricDifference(before.keys).union(
                            after.keys.filter { before[$0] != nil && before[$0]! != after[$0]! })
                        why.append("a refused command changed the store: \(changed.sorted().prefix(5))")
                    }
                }
                if r.seconds > c.timeout { why.append("took \(String(format: "%.1f", r.seconds)) s") }
                // A conversion's private folder goes with it, refused or not (scratch unchanged).
                let scratchLeft = snapshot(sb.tmp, excluding: ["crp-process-output"])
                    .union(snapshot(sb.tmp.appendingPathComponent("crp-process-output")))
                if !scratchLeft.isEmpty { why.append("left in TMPDIR: \(scratchLeft.sorted().prefix(5))") }
                if !why.isEmpty {
                    outcome = .failed
                    failures.append("\(c.name): \(why.joined(separator: "; "))\n\(r)")
                }
                tally[outcome, default: 0] += 1
                let shownName = String(c.name.debugDescription.prefix(40)).padding(toLength: 42, withPad: " ", startingAt: 0)
                let firstLine = r.exitCode == 0 ? "" : String(r.err.split(separator: "\n").first?.prefix(110) ?? "")
                print(
                    "  \(shownName) \(outcome.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%5.2f", r.seconds)) s  \(SafeName.visible(firstLine))"
                )
            }
            // Nothing written outside the workspace, nothing climbed out of it.
            let outsideAfter = snapshot(sb.dir, excluding: ["ws", Self.runnerOutput])
            if outsideAfter != outside {
                failures.append("written outside the workspace: \(outsideAfter.symmetricDifference(outside).sorted().prefix(10))")
                tally[.failed, default: 0] += 1
            }
            let parentAfter = Set((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).filter { $0.contains("evil") }
            #expect(parentAfter == parentBefore, "files climbed out: \(parentAfter.subtracting(parentBefore))")
            #expect(!FileManager.default.fileExists(atPath: Self.absoluteEntry.path))
            let leaked = snapshot(sb.ws).filter { $0.contains("evil") }
            #expect(leaked.isEmpty, "\(leaked)")
            let v = try CRP.verify(sb.ws)
            #expect(v.exit == 0 && v.problems.isEmpty, "\(v.problems) \(v.raw.err)")

            let tried = corpus.count
            print(
                "hostile corpus: tried \(tried), refused \(tally[.refused]!), stored safely \(tally[.stored]!), failed \(tally[.failed]!) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
            )
            for f in failures { print("FAILED \(f)") }
            #expect(tried >= 30)
            #expect(tally[.failed]! == 0, "\(failures.joined(separator: "\n"))")
            try Self.storedHostileTextComesOutHarmless(sb, stored: stored)
        }

        /// The hostile texts that were stored are listed by `status` and compiled into the paper
        /// (md, html, docx, with the originals annex), and come out as text: escaped, never markup,
        /// never a link, never a template field filled in, never a live override.
        static func storedHostileTextComesOutHarmless(_ sb: Sandbox, stored: [(name: String, id: String)]) throws {
            let names = Set(stored.map(\.name))
            for must in ["markup-injection.txt", "script.html", "bidi-override.txt", "hostile-text.docx"] {
                #expect(names.contains(must), "\(must) was not stored, so its output cannot be checked (stored: \(names.sorted()))")
            }
            // status lists every stored record, and prints no live control.
            let rows = try CRP.status(sb.ws)
            for (name, id) in stored { #expect(rows.contains { $0.id == id }, "status --json does not list \(name) (\(id))") }
            let plain = try CRP.ok(["status"], in: sb.ws, env: sb.env)
            for (name, id) in stored { #expect(plain.out.contains(id), "status does not list \(name) (\(id))") }
            #expect(liveControls(plain.out, allowIsolates: true).isEmpty, "status prints live controls")

            let md = try CRP.ok(["compile", "--all", "--with-originals", "--format", "md"], in: sb.ws, env: sb.env).out
            let html = try CRP.ok(["compile", "--all", "--with-originals", "--format", "html"], in: sb.ws, env: sb.env).out
            let docxURL = sb.dir.appendingPathComponent("hostile.docx")
            try CRP.ok(["compile", "--all", "--with-originals", "--format", "docx", "--output", docxURL.path], in: sb.ws, env: sb.env)

            // Markdown: the text is there, escaped; no live tag, link or template field.
            #expect(md.contains("\\<script\\>alert(1)\\</script\\>"), "the <script> text is not in the Markdown, escaped")
            #expect(!md.contains("<script>"), "a raw <script> tag in the Markdown")
            #expect(md.contains("\\[enlace\\](javascript:alert(1))"), "the javascript: link text is not in the Markdown, escaped")
            #expect(md.range(of: #"(?<!\\)\]\(javascript:"#, options: .regularExpression) == nil, "a live javascript: link in the Markdown")
            #expect(md.contains("{{received\\_comments}}") && md.contains("{{translation\\_note}}"), "a {{field}} in a State's text was filled in or lost")
            // The State wrote "&amp;" as five characters; Markdown reads an unescaped entity as "&".
            let escaped = md.contains("\\&amp;")  // a Bool, so a failure does not print the whole paper
            #expect(escaped, "the literal &amp; is not escaped in the Markdown")
            #expect(!md.contains("\u{202E}") && !md.contains("\u{202D}"), "a bidi override reached the Markdown")

            // HTML: escaped text, no element built from it.
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the <script> text is not in the HTML, escaped")
            #expect(!html.lowercased().contains("<script"), "a script element in the HTML")
            #expect(!html.lowercased().contains("javascript:alert(1)\"") && !html.lowercased().contains("href=\"javascript"), "a javascript: link in the HTML")
            #expect(!html.lowercased().contains("<img") && !html.lowercased().contains("onerror="), "an element or handler from script.html in the HTML")
            #expect(html.contains("{{received_comments}}"), "a {{field}} in a State's text was filled in or lost")
            #expect(
                html.components(separatedBy: "\u{202E}").count == html.components(separatedBy: "\u{202C}").count
                    || !html.contains("\u{202E}"), "an unterminated right-to-left override in the HTML")

            // DOCX: well-formed XML whose text holds the hostile strings escaped.
            guard Clients.available("python3", reason: "reads the compiled .docx") else { return }
            let script = """
                import sys, zipfile, xml.dom.minidom
                z = zipfile.ZipFile(sys.argv[1])
                for n in z.namelist():
                    if n.endswith('.xml') or n.endswith('.rels'):
                        xml.dom.minidom.parseString(z.read(n))
                sys.stdout.write(z.read('word/document.xml').decode('utf-8'))
                """
            let r = try Proc.run("python3", ["-c", script, docxURL.path], timeout: 60)
            #expect(r.ok, "the compiled .docx is not a package of well-formed XML: \(r)")
            let xml = r.out
            #expect(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the <script> text is not in the DOCX, escaped")
            #expect(!xml.contains("<script"), "a raw <script> in document.xml")
            #expect(xml.contains("[enlace](javascript:alert(1))") && !xml.contains("w:hyperlink"), "the link text is missing or became a hyperlink")
            #expect(xml.contains("{{received_comments}}"), "a {{field}} in a State's text was filled in or lost in the DOCX")
        }

        /// What `crp show` prints for a stored record: no mojibake, no live controls, none of the
        /// forbidden texts; the JSON form parses.
        static func checkShown(id: String, sb: Sandbox, forbidden: [String]) -> [String] {
            var why: [String] = []
            guard let r = try? CRP.run(["show", id, "--logical", "--workspace", sb.ws.path], cwd: sb.cwd, env: sb.env, timeout: 10), r.ok else {
                return ["crp show \(id) failed"]
            }
            if r.out.contains("\u{FFFD}") { why.append("U+FFFD in crp show") }
            let live = liveControls(r.out, allowIsolates: true)
            if !live.isEmpty { why.append("crp show prints live controls \(Set(live).sorted())") }
            for f in forbidden where r.out.contains(f) { why.append("crp show contains \(f.debugDescription)") }
            // The JSON form: it must run and parse; every check below is on it (a failed command is a
            // failure, never a check that silently does not happen).
            let json: [String: Any]
            if let j = try? CRP.run(["show", id, "--json", "--workspace", sb.ws.path], cwd: sb.cwd, env: sb.env, timeout: 10),
                j.ok, let obj = try? JSONSerialization.jsonObject(with: j.stdout) as? [String: Any]
            {
                json = obj
                if (obj["original"] as? String)?.contains("\u{FFFD}") == true { why.append("U+FFFD in the stored text") }
            } else {
                why.append("crp show --json failed")
                json = [:]
            }
            // Every name inside the record folder is a safe name made by the store.
            let folder = sb.ws.appendingPathComponent(id)
            for rel in snapshot(folder) {
                for part in rel.split(separator: "/")
                where part.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) == nil || part.contains("..") {
                    why.append("unsafe name in the record folder: \(rel.debugDescription)")
                }
            }
            if let rec = json["record"] as? [String: Any], let orig = rec["original"] as? [String: Any], let name = orig["receivedName"] as? String {
                if name.contains("/") || name.contains("\\") || !liveControls(name, allowIsolates: false).isEmpty {
                    why.append("unsafe received name \(name.debugDescription)")
                }
            } else if !json.isEmpty {
                why.append("crp show --json has no record.original.receivedName")
            }
            if let log = try? CRP.run(["log", id, "--workspace", sb.ws.path], cwd: sb.cwd, env: sb.env, timeout: 10), log.ok {
                let live = liveControls(log.out, allowIsolates: true)
                if !live.isEmpty { why.append("crp log prints live controls \(Set(live).sorted())") }
            } else {
                why.append("crp log \(id) failed")
            }
            return why
        }
    }
}
