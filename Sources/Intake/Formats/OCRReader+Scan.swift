import Foundation
import Platform
import Submissions

/// A scan as it arrives: skewed, turned, noisy, with a line Tesseract leaves out. The page is
/// made grey (and measured for skew) by ImageMagick, turned by ImageMagick when Tesseract's
/// orientation detection says so, read by Tesseract, and then every band of ink on the page is
/// matched with the words read: a band with no word is read again on its own, and if it still
/// gives nothing it becomes an unread line, with a crop of the image, that proofreading must see.
extension OCRReader {
    /// A line of ink no reading gave words for.
    struct Unread: Sendable {
        var page: Int
        var top: Int
        var bottom: Int
        var pageHeight: Int
        /// A PNG of the band, for the proofreader.
        var crop: Data
    }

    /// Skew under this many degrees is left to Tesseract.
    static let skewTolerance = 0.3

    /// Lines read sloping this many degrees or more (`OCRLayout.slope`) have the page's skew
    /// measured by ImageMagick: under `skewTolerance`, so that a page skewed by just that much is
    /// not missed (pages typeset straight gave 0.07°; one turned 0.5° gave 0.41°).
    static let slopeToMeasure = 0.2

    /// The bands of ink of text set at the usual size (10–12 pt) are at least this many pixels
    /// high when scanned at 200 dpi (measured: 12 pt Noto is 43–50 pixels at 300 dpi, 31–34 at
    /// 200, 23–25 at 150; 10 pt at 200 dpi about 27).
    static let lowResolutionLineHeight = 27

    /// What the page pipeline needs: the programs, the page's scratch names and the runner.
    struct PageJob {
        var tesseract: String
        var convert: String
        var model: String
        var file: String
        var number: Int
        var dir: ScratchFolder
        var runner: ProcessRunner
        var seconds: Double
        var language: String?
        /// The resolution the image says it has (its header), given to Tesseract: a grey copy
        /// has none, and Tesseract's own guess cut the lines of a Chinese page at 200 dpi short.
        var dpi: Int? = nil
        /// The image holds only grey (its header says so): it is not converted to grey again.
        var grey = false

        func name(_ s: String) -> String { dir.path("p\(number)-\(s)") }
    }

    func convertProgram(_ file: String) throws -> String {
        guard let c = programs.path("convert") else {
            throw FormatError.missingProgram(
                file: file, program: "ImageMagick (convert)", package: Programs.package(of: "convert"),
                purpose: "preparing scans for OCR (grey, skew, turned pages, crops of unread lines)")
        }
        return c
    }

    /// Reads one page image: grey and straight, turned if upside down or sideways, a stamp in
    /// lighter ink than the text left out, every line of ink accounted for. On a clean page this
    /// is one ImageMagick call and one Tesseract reading: the skew is judged from the slope of the
    /// words Tesseract read (`OCRLayout.slope`), and only a page whose lines slope, or whose
    /// reading is poor, has its skew measured by ImageMagick and, when it is, is straightened by
    /// ImageMagick and read again.
    func readScannedPage(_ job: PageJob, image: String) throws -> Page {
        var notes: [String] = []
        var job = job
        let prepared = try prepare(job, image: image)
        job.dpi = job.dpi ?? prepared.dpi
        var first = try firstReading(job, image: image, pgm: prepared.pgm, chroma: prepared.chroma, angle: nil)
        if !first.ink.bands.isEmpty, Self.poor(first.layout) || abs(first.layout.slope ?? .infinity) >= Self.slopeToMeasure,
            let a = try skewAngle(job, pgm: prepared.pgm), abs(a) >= Self.skewTolerance
        {
            first = try firstReading(job, image: image, pgm: prepared.pgm, chroma: prepared.chroma, angle: a)
            notes.append("page \(job.number) was straightened by \(String(format: "%.1f", abs(a)))°")
        }
        var (pgm, ink, source, layout) = (first.pgm, first.ink, first.source, first.layout)
        // Upside down or sideways: a poor reading of a page that has ink; Tesseract's orientation
        // detection says how it is turned.
        if !ink.bands.isEmpty && Self.poor(layout), let turn = try orientation(job, image: source), turn != 0 {
            let turned = job.name("turned.pgm")
            try magick(job, [pgm, "-rotate", String(turn), "+repage", turned])
            let turnedInk = try inkLines(job, turned)
            let turnedSource = try withoutLighterInk(job, image: turned, ink: turnedInk, tag: "turned")
            let again = try read(job, image: turnedSource, psm: "3", model: job.model, tag: "turned")
            if Self.score(again) > Self.score(layout) {
                // A stamp in colour is found on the page before it is turned: upside down, its rows
                // are counted from the other end; turned sideways, they are columns.
                let colour = turn == 180 ? ink.colourMarks.map { InkLines.Band(top: ink.height - $0.bottom, bottom: ink.height - $0.top) } : []
                if turn != 180 && !ink.colourMarks.isEmpty {
                    notes.append("page \(job.number): a stamp or signature in colour was left out of the reading: check the text under it against the scan")
                }
                (layout, ink, pgm, source) = (again, turnedInk, turned, turnedSource)
                ink.colourMarks = colour
                notes.append("page \(job.number) was turned by \(turn)° before reading")
            }
        }
        if job.model == "ara" { layout = try rereadLatin(job, layout: layout, image: source) }
        if !ink.marks.isEmpty || !ink.colourMarks.isEmpty { layout = try rereadUnderMarks(job, layout: layout, ink: ink, image: source) }
        var (checked, unread) = try accountForInk(job, layout: layout.onlyOver(ink.bands), ink: ink, image: source)
        if source != pgm {
            // Left out, the stamp's ink can also take the edges of the letters under it: the page
            // as it is is read too, and the reading that explains the ink better is kept: fewer
            // lines read again or left unread, and as many lines as bands of ink (a line read in
            // pieces is no better than one left out); on a tie, the surer one. Words read from the
            // stamp's own ink (over no line of text ink) are dropped from either.
            var plain = try read(job, image: pgm, psm: "3", model: job.model, tag: "plain")
            if job.model == "ara" { plain = try rereadLatin(job, layout: plain, image: pgm) }
            plain = try rereadUnderMarks(job, layout: plain, ink: ink, image: source)
            let second = try accountForInk(job, layout: plain.onlyOver(ink.bands), ink: ink, image: pgm)
            let (a, b) = (Self.misfit(checked, unread, ink), Self.misfit(second.0, second.1, ink))
            if b < a || (b == a && Self.score(second.0) > Self.score(checked)) { (checked, unread) = second }
        }
        notes += Self.findings(job, checked, ink)
        let text = job.model == "ara" ? Self.arabicCommas(checked.text) : checked.text
        return Page(
            number: job.number, text: text, lines: checked.lines.map { ($0.confidence, $0.text) }, words: checked.words.map(\.confidence),
            unread: unread, notes: notes, inkLines: ink.bands.count)
    }

    /// The page as it is first read: `pgm` straightened by `angle` (ImageMagick's deskew angle,
    /// the turn that straightens the page) when one is given, its ink profile, a stamp in colour
    /// or in lighter ink left out, and Tesseract's reading of it.
    func firstReading(
        _ job: PageJob, image: String, pgm grey: String, chroma: String?, angle: Double?
    ) throws -> (pgm: String, ink: InkLines, source: String, layout: OCRLayout) {
        var pgm = grey
        if let a = angle {
            pgm = job.name("straight.pgm")
            try magick(job, [grey, "-background", "white", "-rotate", String(format: "%.2f", a), "+repage", pgm])
        }
        var ink = try inkLines(job, pgm)
        if let chroma, let c = try? Data(contentsOf: URL(fileURLWithPath: chroma)), let colour = ColourInk(pgm: c), colour.isMark(on: ink) {
            (pgm, ink) = try withoutColouredInk(job, image: image, angle: angle, ink: ink)
        }
        let tag = angle == nil ? "page" : "straight"
        let source = try withoutLighterInk(job, image: pgm, ink: ink, tag: tag)
        return (pgm, ink, source, try read(job, image: source, psm: "3", model: job.model, tag: tag))
    }

    /// ImageMagick's deskew angle of a grey page, measured on a quarter-size copy (`-scale`, box
    /// averaging: the same angle as `-resize` to 0.1°, at a fifth of its cost); nil when it gives none.
    func skewAngle(_ job: PageJob, pgm: String) throws -> Double? {
        let o = try magick(job, ["pgm:" + pgm, "-scale", "25%", "-deskew", "40%", "-format", "%[deskew:angle]", "info:"])
        return Double(o.out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// What the reading of a page leaves to check: the stamps left out (in colour, in lighter
    /// ink), the words left out of lines read again, an Arabic reading's figures, a resolution
    /// too low for the text.
    static func findings(_ job: PageJob, _ checked: OCRLayout, _ ink: InkLines) -> [String] {
        var out: [String] = []
        for m in ink.colourMarks {
            out.append(
                "page \(job.number): a stamp or signature in colour at \(m.position(of: ink.height)) was left out of the reading: check the text under it against the scan"
            )
        }
        for m in ink.marks {
            out.append(
                "page \(job.number): a stamp or signature in lighter ink than the text at \(m.position(of: ink.height)) was left out of the reading: check the text under it against the scan"
            )
        }
        out += checked.leftOutNotes(page: job.number, pageHeight: ink.height)
        let figures = job.model == "ara" ? checked.figuresToCheck() : []
        if !figures.isEmpty {
            out.append(
                "page \(job.number): Tesseract's Arabic model often misreads figures (٦ as 1, ٢- as ؟-): check each number against the scan: \(figures.prefix(20).joined(separator: " · "))\(figures.count > 20 ? " …" : "")"
            )
        }
        if ink.lineHeight > 0 && ink.lineHeight < lowResolutionLineHeight && !checked.lines.isEmpty {
            out.append(
                "page \(job.number) is scanned at a low resolution for its text (lines \(ink.lineHeight) pixels high: about \(ink.lineHeight * 300 / 46) dpi for 12 pt text, under the 200 dpi OCR needs): check every figure and letter against the scan, or ask the sender for a scan at 300 dpi"
            )
        }
        return out
    }

    /// The ink profile of a grey page ImageMagick wrote.
    func inkLines(_ job: PageJob, _ pgm: String) throws -> InkLines {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: pgm)), let ink = InkLines(pgm: data) else {
            throw FormatError.corrupt(file: job.file, kind: "image", detail: "ImageMagick could not make a grey image of page \(job.number)")
        }
        return ink
    }

    /// The page to read: `image` itself, or, when it has a stamp or signature in lighter ink than
    /// its text, a black-and-white copy where the stamp's tones are white (ImageMagick), so
    /// that Tesseract neither reads the stamp as words nor drops the lines under it.
    func withoutLighterInk(_ job: PageJob, image: String, ink: InkLines, tag: String) throws -> String {
        guard !ink.marks.isEmpty else { return image }
        let dark = job.name("\(tag)-dark.pgm")
        // Black and white at the lower edge of the stamp's tones (a bilevel page: Tesseract's
        // layout analysis was unsteady on the greys left under a lower cut).
        let cut = String(format: "%.1f%%", Double(ink.inkLimit + 16) * 100 / 255)
        try magick(job, [image, "-black-threshold", cut, "-white-threshold", cut, "-depth", "8", "pgm:" + dark])
        return dark
    }

    /// The page without its coloured ink (a red stamp, a blue signature): ImageMagick makes a mask
    /// of the pixels whose chroma is 30 % or more, turns the page grey, straightens both by
    /// `angle` (when the page was straightened) and makes the masked pixels white; the bands
    /// of the mask (at a quarter size) are the coloured marks of the new ink profile. Where the
    /// stamp lies over a letter, the letter's black stays (its chroma is low).
    func withoutColouredInk(_ job: PageJob, image: String, angle: Double?, ink: InkLines) throws -> (String, InkLines) {
        let masked = job.name("masked.pgm"), mask = job.name("mask.pgm")
        let turn = angle.map { ["-rotate", String(format: "%.2f", $0), "+repage"] } ?? []
        let coder = ["png": "png:", "jpg": "jpeg:", "jpeg": "jpeg:", "tif": "tiff:", "tiff": "tiff:"][(image as NSString).pathExtension.lowercased()] ?? ""
        try magick(
            job,
            [coder + image + "[0]", "(", "+clone", "-colorspace", "HCL", "-channel", "G", "-separate", "+channel", "-threshold", "30%", "-background", "black"]
                + turn + [
                    "-write", "mpr:mask", "-scale", "25%", "-depth", "8", "-write", "pgm:" + mask, "+delete", ")", "-colorspace", "Gray",
                    "-background", "white",
                ] + turn + ["mpr:mask", "-compose", "Lighten", "-composite", "-depth", "8", "pgm:" + masked])
        var out = try inkLines(job, masked)
        if let m = try? Data(contentsOf: URL(fileURLWithPath: mask)), let colour = ColourInk(pgm: m) {
            out.colourMarks = colour.bands(pageHeight: out.height, lineHeight: out.lineHeight > 0 ? out.lineHeight : ink.lineHeight)
        }
        return (masked, out)
    }

    /// Makes the grey PGM Tesseract and the ink profile read, with the resolution the image's
    /// header gives (nil when none). The image is named with its coder (`png:`, `jpeg:`, `tiff:`,
    /// from the format the reader recognised), so that ImageMagick never guesses another one from
    /// the content. A grey image is written as it is (no conversion to grey), and a grey PGM (a PDF
    /// page poppler rendered) is read as it is, with no ImageMagick at all. The skew is not
    /// measured here: `readScannedPage` judges it from Tesseract's reading first.
    func prepare(_ job: PageJob, image: String) throws -> (pgm: String, dpi: Int?, chroma: String?) {
        let ext = (image as NSString).pathExtension.lowercased()
        if ext == "pgm" { return (image, nil, nil) }
        let pgm = job.name("grey.pgm")
        let coder = ["png": "png:", "jpg": "jpeg:", "jpeg": "jpeg:", "tif": "tiff:", "tiff": "tiff:"][ext] ?? ""
        // A colour image: its chroma too (HCL's C), from a quarter-size copy, for `ColourInk`.
        // ImageMagick's PGM writer greys a colour page itself (the same bytes as `-colorspace Gray`
        // on a page scanned grey as RGB, 0.08 s of CPU a page less).
        let chroma = job.grey ? nil : job.name("chroma.pgm")
        let colour =
            chroma.map {
                [
                    "-scale", "25%", "(", "+clone", "-colorspace", "HCL", "-channel", "G", "-separate", "+channel", "-depth", "8", "-write", "pgm:" + $0,
                    "+delete", ")",
                ]
            } ?? []
        let o = try magick(job, [coder + image + "[0]", "-depth", "8", "-write", "pgm:" + pgm] + colour + ["-format", "%x %U", "info:"])
        let f = o.out.split(whereSeparator: \.isWhitespace)
        guard f.count == 2, let x = Double(f[0]) else { return (pgm, nil, chroma) }
        // ImageMagick says 72 and "Undefined" when the file gives no resolution.
        let dpi = f[1] == "PixelsPerCentimeter" ? x * 2.54 : f[1] == "PixelsPerInch" ? x : 0
        return (pgm, dpi >= 50 && dpi <= 2400 ? Int(dpi.rounded()) : nil, chroma)
    }

    @discardableResult
    func magick(_ job: PageJob, _ args: [String]) throws -> ProcessOutcome {
        // One thread per ImageMagick, as per Tesseract: pages run side by side, and OpenMP's
        // second thread cost 0.1 s of CPU a page waiting.
        let o = try job.runner.run(
            job.convert, args,
            extraEnvironment: ["TMPDIR": job.dir.url.path, "MAGICK_TEMPORARY_PATH": job.dir.url.path, "MAGICK_THREAD_LIMIT": "1"])
        if o.timedOut { throw FormatError.timedOut(file: job.file, program: "ImageMagick", seconds: job.seconds) }
        guard o.succeeded else {
            throw FormatError.corrupt(file: job.file, kind: "image", detail: "ImageMagick could not prepare page \(job.number) (\(PageText.brief(o.err)))")
        }
        return o
    }

    /// Tesseract's reading of an image, as words with boxes.
    func read(_ job: PageJob, image: String, psm: String, model: String, tag: String, scale: Double = 1, offset: (Int, Int) = (0, 0)) throws -> OCRLayout {
        let base = job.name("ocr-\(tag)")
        // One thread per Tesseract: pages run side by side instead.
        let dpi = job.dpi.map { ["--dpi", String(Int(Double($0) * scale))] } ?? []
        let o = try job.runner.run(
            job.tesseract, [image, base] + dpi + ["-l", model, "--psm", psm, "tsv"],
            extraEnvironment: ["OMP_THREAD_LIMIT": "1", "TMPDIR": job.dir.url.path])
        if o.timedOut { throw FormatError.timedOut(file: job.file, program: "Tesseract", seconds: job.seconds) }
        if o.err.contains("Failed loading language") || o.err.contains("Could not initialize tesseract") {
            let pkg = Self.model(for: job.language ?? "")?.package ?? "tesseract-ocr"
            throw FormatError.missingLanguageModel(file: job.file, model: model, package: pkg)
        }
        guard o.succeeded, let tsv = try? String(contentsOf: URL(fileURLWithPath: base + ".tsv"), encoding: .utf8) else {
            throw FormatError.corrupt(file: job.file, kind: "image", detail: "Tesseract could not read the picture (\(PageText.brief(o.err)))")
        }
        return OCRLayout(tsv: tsv, offset: offset, scale: scale)
    }

    /// A reading too weak to trust as it is: few words, or a low mean confidence.
    static func poor(_ l: OCRLayout) -> Bool {
        let w = l.words
        return w.count < 3 || w.map(\.confidence).reduce(0, +) / Double(w.count) < 60
    }

    /// How many lines of a page's reading had to be read again on their own or are left unread.
    static func repairs(_ l: OCRLayout, _ unread: [Unread]) -> Int { l.lines.filter(\.reread).count + unread.count }

    /// How far a reading is from explaining the bands of ink: lines read again or left unread, and
    /// the difference between the lines it gives and the bands.
    static func misfit(_ l: OCRLayout, _ unread: [Unread], _ ink: InkLines) -> Int {
        repairs(l, unread) + abs(l.lines.count + unread.count - ink.bands.count)
    }

    /// Mean confidence weighted by how many words were read.
    static func score(_ l: OCRLayout) -> Double {
        let w = l.words
        return w.isEmpty ? 0 : w.map(\.confidence).reduce(0, +) / Double(w.count) * log(Double(w.count) + 1)
    }

    /// How far the page is turned (90, 180, 270) by Tesseract's orientation detection (`--psm 0`,
    /// the `osd` model); nil when it cannot tell or the model is not installed.
    func orientation(_ job: PageJob, image: String) throws -> Int? {
        let o = try job.runner.run(job.tesseract, [image, "-", "--psm", "0"], extraEnvironment: ["OMP_THREAD_LIMIT": "1", "TMPDIR": job.dir.url.path])
        guard o.succeeded else { return nil }
        var rotate: Int? = nil
        var confidence = 0.0
        for line in o.out.split(separator: "\n") {
            let f = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 2 else { continue }
            if f[0] == "Rotate" { rotate = Int(f[1]) }
            if f[0] == "Orientation confidence" { confidence = Double(f[1]) ?? 0 }
        }
        return confidence >= 1 ? rotate : nil
    }

    /// Latin words inside Arabic that the Arabic model read as figures or signs ("SHERLOC" as
    /// "5111101060"): each run is cropped and read again with the pair (Arabic and English), and
    /// the reading with the better mean confidence is kept.
    func rereadLatin(_ job: PageJob, layout: OCRLayout, image: String) throws -> OCRLayout {
        var out = layout
        for (k, run) in layout.latinRuns().enumerated().reversed() {
            let words = Array(layout.lines[run.line].words[run.words])
            let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
            let pad = max(6, box.height / 4)
            let x = max(0, box.left - pad), y = max(0, box.top - pad)
            let crop = job.name("latin-\(k).png")
            try magick(job, [image, "-crop", "\(box.width + 2 * pad)x\(box.height + 2 * pad)+\(x)+\(y)", "+repage", crop])
            let again = try read(job, image: crop, psm: "7", model: "ara+eng", tag: "latin-\(k)", offset: (x, y)).words
            let before = words.map(\.confidence).reduce(0, +) / Double(words.count)
            let after = again.isEmpty ? 0 : again.map(\.confidence).reduce(0, +) / Double(again.count)
            if after > before { out.lines[run.line].words.replaceSubrange(run.words, with: again) }
        }
        return out
    }

    /// Matches the bands of ink with the words read. A band with no word is cropped, enlarged
    /// and read again as one line; what it gives is put in at its place, and a band that still
    /// gives nothing is returned as unread, with a crop for the proofreader.
    func accountForInk(_ job: PageJob, layout: OCRLayout, ink: InkLines, image: String) throws -> (OCRLayout, [Unread]) {
        var out = layout
        var unread: [Unread] = []
        let usual = max(ink.lineHeight, 8)
        for (k, band) in ink.uncovered(by: layout.words.map(\.box), minHeight: usual * 2 / 3).enumerated() {
            let pad = max(4, usual / 3)
            let top = max(0, band.top - pad), height = min(ink.height, band.bottom + pad) - top
            // The line read again is cut clear of the lines above and below: the tops of the next
            // line's letters in the crop were read as figures and signs around a letterhead.
            let (readTop, readBottom) = ink.clearRows(band, pad: pad)
            let crop = job.name("band-\(k).png")
            try magick(job, [image, "-crop", "\(ink.width)x\(readBottom - readTop)+0+\(readTop)", "+repage", "-resize", "200%", crop])
            // One line alone, or several (lines a stamp joined into one band) as a block.
            let psm = band.height * 2 > usual * 3 ? "6" : "7"
            let again = try read(job, image: crop, psm: psm, model: job.model, tag: "band-\(k)", scale: 2, offset: (0, readTop))
            var leftOut: [OCRLayout.Line] = []
            let lines = again.lines.compactMap { l -> OCRLayout.Line? in
                let (words, dropped) = OCRLayout.sorted(l.words)
                if !dropped.isEmpty { leftOut.append(OCRLayout.Line(block: l.block, box: l.box, words: dropped)) }
                guard !words.isEmpty else { return nil }
                let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
                return OCRLayout.Line(block: out.lines.last { $0.box.top < box.top }?.block ?? 0, box: box, words: words, reread: true)
            }
            if !lines.isEmpty {
                for l in lines { out.lines.insert(l, at: out.lines.firstIndex { $0.box.top > l.box.top } ?? out.lines.count) }
                out.leftOut += leftOut
                continue
            }
            let small = job.name("unread-\(k).png")
            try magick(job, [image, "-crop", "\(ink.width)x\(height)+0+\(top)", "+repage", "-resize", "1600x>", "-strip", "png:" + small])
            let png = (try? Data(contentsOf: URL(fileURLWithPath: small))) ?? Data()
            unread.append(Unread(page: job.number, top: band.top, bottom: band.bottom, pageHeight: ink.height, crop: png))
        }
        return (out, unread)
    }

    /// The lines of text a stamp lies across, each read again on its own (cropped from the page
    /// without the stamp, enlarged, `--psm 7`): under a stamp Tesseract's page reading can keep a
    /// line's band with only a few of its words (an Arabic line under a stamp came back as one
    /// letter), which the row profile alone does not see. The reading that gives more letters
    /// and figures is kept.
    func rereadUnderMarks(_ job: PageJob, layout: OCRLayout, ink: InkLines, image: String) throws -> OCRLayout {
        var out = layout
        let usual = max(ink.lineHeight, 8)
        let under = ink.bands.filter { b in (ink.marks + ink.colourMarks).contains { $0.top < b.bottom && $0.bottom > b.top } }
        func letters(_ words: [OCRLayout.Word]) -> Int {
            words.map { $0.text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.count }.reduce(0, +)
        }
        for (k, band) in under.enumerated() {
            let pad = max(4, usual / 3)
            let top = max(0, band.top - pad), height = min(ink.height, band.bottom + pad) - top
            let crop = job.name("under-\(k).png")
            try magick(job, [image, "-crop", "\(ink.width)x\(height)+0+\(top)", "+repage", "-resize", "200%", crop])
            let words = try read(job, image: crop, psm: "7", model: job.model, tag: "under-\(k)", scale: 2, offset: (0, top)).words
            // Signs without a letter are kept as before (a line's punctuation); the words with
            // letters under the floor are left out and named.
            let again = words.filter { $0.confidence >= OCRLayout.rereadFloor }
            let dropped = OCRLayout.sorted(words).leftOut
            let middle = { (l: OCRLayout.Line) in l.box.top + l.box.height / 2 }
            let old = out.lines.indices.filter { middle(out.lines[$0]) >= band.top && middle(out.lines[$0]) < band.bottom }
            guard !again.isEmpty, letters(again) > letters(old.flatMap { out.lines[$0].words }) else { continue }
            let box = again.dropFirst().reduce(again[0].box) { $0.union($1.box) }
            let at = old.first ?? (out.lines.firstIndex { $0.box.top > box.top } ?? out.lines.count)
            let block = old.first.map { out.lines[$0].block } ?? out.lines.last { $0.box.top < box.top }?.block ?? 0
            for i in old.reversed() { out.lines.remove(at: i) }
            out.lines.insert(OCRLayout.Line(block: block, box: box, words: again, reread: true), at: min(at, out.lines.count))
            if !dropped.isEmpty { out.leftOut.append(OCRLayout.Line(block: block, box: box, words: dropped)) }
        }
        return out
    }

    /// A Latin comma that the Arabic model read for the Arabic comma (U+060C) after an Arabic
    /// letter: Arabic text set as Arabic uses its own comma.
    static func arabicCommas(_ s: String) -> String {
        guard s.contains(",") else { return s }
        var v = String.UnicodeScalarView()
        var last: Unicode.Scalar? = nil
        for u in s.unicodeScalars {
            v.append(u == "," && last.map(OCRLayout.isArabicLetter) == true ? "\u{060C}" : u)
            last = u
        }
        return String(v)
    }
}
