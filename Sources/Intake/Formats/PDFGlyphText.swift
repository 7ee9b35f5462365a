import Foundation
import MultilingualText

/// Right-to-left text from a PDF's glyphs, in logical order.
///
/// poppler's `pdftotext` builds words from characters and attaches Arabic vowel marks to the
/// wrong letters. Here MuPDF's `mutool run` lists every glyph a page draws, in drawing order, with
/// its origin, advance and the characters its font's ToUnicode map gives (`script`), and the
/// `/ActualText` of the marked-content span around it (which MuPDF 1.21 does not apply itself;
/// Chromium's PDFs need it: their fonts map glyphs to presentation forms or to nothing). Then:
/// a span's glyphs become one unit with the span's text; a zero-width vowel mark becomes part of
/// the letter it is drawn with (the shaper puts an Arabic mark before its letter in visual order);
/// presentation forms become the letters they show; units are grouped into lines by baseline and
/// sorted left to right; ICU's inverse bidi algorithm gives each line's logical order.
enum PDFGlyphText {
    /// One glyph of the dump.
    struct Glyph: Equatable {
        /// The `/ActualText` span the glyph lies in, or -1.
        var span: Int
        var x: Double
        var y: Double
        var advance: Double
        var size: Double
        /// What the font's ToUnicode map gives (U+FFFD when nothing).
        var text: String
    }

    /// One page of the dump.
    struct Page: Equatable {
        var number: Int
        /// False when the glyphs could not be matched to the content stream's `/ActualText` spans.
        var matched: Bool
        var spans: [Int: String]
        var glyphs: [Glyph]
    }

    /// Reads the dump `script` prints.
    static func parse(_ dump: String) -> [Page] {
        var pages: [Page] = []
        func scalars(_ field: Substring) -> String {
            var s = String.UnicodeScalarView()
            for h in field.split(separator: ",") {
                if let v = UInt32(h, radix: 16), let u = Unicode.Scalar(v) { s.append(u) }
            }
            return String(s)
        }
        for line in dump.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch f.first {
            case "P" where f.count >= 2:
                pages.append(Page(number: Int(f[1]) ?? pages.count + 1, matched: false, spans: [:], glyphs: []))
            case "N" where f.count >= 4 && !pages.isEmpty:
                pages[pages.count - 1].matched = f[3] == "1"
            case "A" where f.count >= 3 && !pages.isEmpty:
                if let i = Int(f[1]) { pages[pages.count - 1].spans[i] = scalars(f[2]) }
            case "G" where f.count >= 7 && !pages.isEmpty:
                guard let span = Int(f[1]), let x = Double(f[2]), let y = Double(f[3]), let adv = Double(f[4]), let size = Double(f[5]),
                    x.isFinite, y.isFinite, adv.isFinite, size.isFinite
                else { continue }
                // A glyph drawn outside the clip is not seen: it is no part of the page's text.
                if f.count >= 8, f[7] == "1" { continue }
                pages[pages.count - 1].glyphs.append(Glyph(span: span, x: x, y: y, advance: adv, size: max(size, 0.01), text: scalars(f[6])))
            default: continue
            }
        }
        return pages
    }

    /// A piece of a line that is not split: a glyph, an `/ActualText` span, or a letter with its marks.
    struct Unit {
        var text: String
        var x0: Double
        var x1: Double
        var y: Double
        var size: Double
        /// The widest glyph's advance: what decides the baseline.
        var widest: Double
        var span: Int
        var fromActualText: Bool
    }

    static func isPresentationForm(_ u: Unicode.Scalar) -> Bool {
        (0xFB50...0xFDFF).contains(u.value) || (0xFE70...0xFEFF).contains(u.value)
    }

    /// Presentation forms (the shapes of Arabic letters, lam-alef ligatures) as the letters they show.
    static func unshaped(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isPresentationForm) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            out += isPresentationForm(u) ? ((try? Normalizer.normalize(String(u), .nfkc)) ?? String(u)) : String(u)
        }
        return out
    }

    static func isMark(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { [.nonspacingMark, .enclosingMark].contains($0.properties.generalCategory) }
    }

    /// True for a character in a block of a right-to-left script (Hebrew, Arabic, Syriac, Thaana,
    /// NKo…, their presentation forms and supplementary blocks). Used for vowel marks, whose bidi
    /// class is NSM and whose script is mostly Inherited, so that neither ICU property tells which
    /// way the letter they belong to runs; letters are judged by their bidi class.
    static func isInRightToLeftBlock(_ u: Unicode.Scalar) -> Bool {
        (0x0590...0x08FF).contains(u.value) || (0xFB1D...0xFDFF).contains(u.value) || (0xFE70...0xFEFF).contains(u.value)
            || (0x10800...0x10FFF).contains(u.value) || (0x1E800...0x1EFFF).contains(u.value)
    }

    /// How many letters of `s` are of right-to-left scripts, and how many of others.
    static func letters(_ s: String) -> (rightToLeft: Int, leftToRight: Int) {
        var r = 0, l = 0
        for u in s.unicodeScalars where u.properties.isAlphabetic && !isMark(String(u)) {
            if CharacterProperties.isRightToLeft(u) { r += 1 } else { l += 1 }
        }
        return (r, l)
    }

    /// The page's drawing units: a glyph, or an /ActualText span (one unit whose text is the span's).
    static func units(_ page: Page) -> [Unit] {
        var units: [Unit] = []
        for g in page.glyphs {
            let span = page.matched ? g.span : -1
            if span >= 0, var last = units.last, last.span == span {
                last.x0 = min(last.x0, g.x)
                last.x1 = max(last.x1, g.x + g.advance)
                if g.advance > last.widest { last.widest = g.advance; last.y = g.y; last.size = g.size }
                units[units.count - 1] = last
                continue
            }
            let actual = span >= 0 ? page.spans[span] : nil
            units.append(
                Unit(
                    text: actual ?? unshaped(g.text), x0: g.x, x1: g.x + g.advance, y: g.y, size: g.size, widest: g.advance,
                    span: span, fromActualText: actual != nil))
        }
        return units
    }

    /// A zero-width mark goes with its letter: the next unit drawn for a right-to-left mark, the
    /// previous one otherwise.
    static func attachMarks(_ units: [Unit]) -> [Unit] {
        var clusters: [Unit] = []
        var pending = ""
        for u in units {
            if !u.fromActualText, isMark(u.text), u.widest < 0.05 * u.size {
                if let first = u.text.unicodeScalars.first, isInRightToLeftBlock(first) || clusters.isEmpty {
                    pending += u.text
                } else {
                    clusters[clusters.count - 1].text += u.text
                }
                continue
            }
            var c = u
            c.text += pending
            pending = ""
            clusters.append(c)
        }
        if !pending.isEmpty, !clusters.isEmpty { clusters[clusters.count - 1].text += pending }
        return clusters
    }

    /// The lines of a page, top to bottom, each in logical order; "" between paragraphs (a gap
    /// clearly wider than the page's usual line spacing). Nil when the page is laid out in columns
    /// (or as a table): wide gaps at the same place on three or more lines, where the glyphs do not
    /// tell in which order to read the pieces.
    static func lines(_ page: Page) throws -> [String]? {
        let clusters = attachMarks(units(page))
        // Lines: units whose baselines lie within 0.4 of the font size, top to bottom.
        let byBaseline = clusters.indices.sorted { (clusters[$0].y, $0) < (clusters[$1].y, $1) }
        var lines: [(y: Double, size: Double, items: [Int])] = []
        for i in byBaseline {
            let c = clusters[i]
            if let last = lines.last, abs(c.y - last.y) <= 0.4 * max(c.size, last.size) {
                lines[lines.count - 1].items.append(i)
            } else {
                lines.append((c.y, c.size, [i]))
            }
        }
        var gutters: [(from: Double, to: Double)] = []
        for line in lines {
            let row = line.items.sorted { (clusters[$0].x0, $0) < (clusters[$1].x0, $1) }
            for (a, b) in zip(row, row.dropFirst()) where clusters[b].x0 - clusters[a].x1 > 1.5 * clusters[b].size {
                gutters.append((clusters[a].x1, clusters[b].x0))
            }
        }
        if gutters.count > 5000 { return nil }
        for g in gutters where gutters.filter({ $0.from < g.to && g.from < $0.to }).count >= 3 { return nil }
        let (pageRTL, pageLTR) = letters(clusters.map(\.text).joined())
        let pageIsRightToLeft = pageRTL > pageLTR
        let gaps = zip(lines, lines.dropFirst()).map { $1.y - $0.y }.sorted()
        let usual = gaps.isEmpty ? 0 : gaps[gaps.count / 2]
        var out: [String] = []
        for (n, line) in lines.enumerated() {
            if n > 0, usual > 0, line.y - lines[n - 1].y > usual * 1.4 { out.append("") }
            // Left to right, with a space where the gap between two units is a word space (more than
            // 0.15 of the font size: producers that draw no space glyphs leave about 0.2-0.3).
            var seq: [String] = []
            var prev: Unit?
            for i in line.items.sorted(by: { (clusters[$0].x0, $0) < (clusters[$1].x0, $1) }) {
                let c = clusters[i]
                if let p = prev, !c.text.allSatisfy(\.isWhitespace), !p.text.allSatisfy(\.isWhitespace), c.x0 - p.x1 > 0.15 * c.size {
                    seq.append(" ")
                }
                if !c.text.isEmpty { seq.append(c.text) }
                prev = c
            }
            // A line with right-to-left letters is a right-to-left paragraph's when it has no
            // left-to-right letters or when the page is mostly right to left.
            let (rtl, ltr) = letters(seq.joined())
            let order = try Bidi.logicalOrder(visual: seq, rightToLeft: rtl > 0 && (ltr == 0 || pageIsRightToLeft))
            out.append(order.map { seq[$0] }.joined().trimmingCharacters(in: .whitespaces))
        }
        return out
    }

    /// The `mutool run` script: prints, per page, "P page width height", "N drawn counted matched",
    /// "A span code-points" for each `/ActualText` span and "G span x y advance size code-points
    /// clipped" for each glyph in drawing order (clipped 1: drawn outside the clip, not seen).
    /// Glyphs are matched to spans by counting the character codes each text operator of the
    /// content stream (and of the forms it draws) shows; when the counts differ, or a font's codes
    /// have no fixed length, the page is not matched and spans are not used.
    static let script = #"""
        var doc = new PDFDocument(scriptArgs[0]);
        var first = parseInt(scriptArgs[1], 10), last = parseInt(scriptArgs[2], 10);
        var hex = function (n) { return n.toString(16); };
        var inherited = function (obj, key) {
          for (var o = obj, i = 0; o && !o.isNull() && i < 32; o = o.get("Parent"), i++) { var v = o.get(key); if (v && !v.isNull()) return v; }
          return null;
        };
        var textString = function (bytes) {
          var s = [];
          if (bytes.length >= 2 && bytes[0] == 0xfe && bytes[1] == 0xff) {
            for (var i = 2; i + 1 < bytes.length; i += 2) {
              var u = bytes[i] * 256 + bytes[i + 1];
              if (u >= 0xd800 && u < 0xdc00 && i + 3 < bytes.length) { var l = bytes[i + 2] * 256 + bytes[i + 3]; u = 0x10000 + ((u - 0xd800) << 10) + (l - 0xdc00); i += 2; }
              s.push(hex(u));
            }
          } else for (var i = 0; i < bytes.length; i++) s.push(hex(bytes[i]));
          return s.join(",");
        };
        var scan = function (buf, res, st, depth) {
          var n = buf.length, i = 0, stack = [];
          var fonts = res ? res.get("Font") : null, props = res ? res.get("Properties") : null, xobjs = res ? res.get("XObject") : null;
          var isWhite = function (c) { return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32; };
          var isDelim = function (c) { return c == 40 || c == 41 || c == 60 || c == 62 || c == 91 || c == 93 || c == 123 || c == 125 || c == 47 || c == 37; };
          var value = function () {
            while (i < n) {
              var c = buf[i];
              if (isWhite(c)) { i++; continue; }
              if (c == 37) { while (i < n && buf[i] != 10 && buf[i] != 13) i++; continue; }
              break;
            }
            if (i >= n) return null;
            var c = buf[i];
            if (c == 40) {
              var bytes = [], nest = 1; i++;
              while (i < n) {
                c = buf[i++];
                if (c == 92 && i < n) {
                  c = buf[i++];
                  if (c >= 48 && c <= 55) { var v = c - 48; for (var k = 0; k < 2 && i < n && buf[i] >= 48 && buf[i] <= 55; k++) v = v * 8 + buf[i++] - 48; bytes.push(v & 255); }
                  else if (c == 110) bytes.push(10); else if (c == 114) bytes.push(13); else if (c == 116) bytes.push(9);
                  else if (c == 98) bytes.push(8); else if (c == 102) bytes.push(12);
                  else if (c == 13) { if (i < n && buf[i] == 10) i++; } else if (c == 10) {} else bytes.push(c);
                  continue;
                }
                if (c == 40) nest++;
                if (c == 41 && --nest == 0) break;
                bytes.push(c);
              }
              return { t: "s", v: bytes };
            }
            if (c == 60 && i + 1 < n && buf[i + 1] == 60) {
              i += 2; var d = {};
              for (;;) {
                var k = value();
                if (k === null || k.t == "end>>") break;
                var v = value();
                if (v === null) break;
                if (k.t == "n") d[k.v] = v;
              }
              return { t: "d", v: d };
            }
            if (c == 62 && i + 1 < n && buf[i + 1] == 62) { i += 2; return { t: "end>>" }; }
            if (c == 60) {
              i++; var h = [];
              while (i < n && buf[i] != 62) { var x = buf[i++]; var d = x >= 48 && x <= 57 ? x - 48 : x >= 65 && x <= 70 ? x - 55 : x >= 97 && x <= 102 ? x - 87 : -1; if (d >= 0) h.push(d); }
              i++; if (h.length % 2) h.push(0);
              var bytes = []; for (var k = 0; k < h.length; k += 2) bytes.push(h[k] * 16 + h[k + 1]);
              return { t: "s", v: bytes };
            }
            if (c == 91) {
              i++; var a = [];
              for (;;) { var v = value(); if (v === null || v.t == "end]") break; a.push(v); }
              return { t: "a", v: a };
            }
            if (c == 93) { i++; return { t: "end]" }; }
            if (c == 47) {
              i++; var s = "";
              while (i < n && !isWhite(buf[i]) && !isDelim(buf[i])) s += String.fromCharCode(buf[i++]);
              return { t: "n", v: s };
            }
            var s = "";
            while (i < n && !isWhite(buf[i]) && !isDelim(buf[i])) s += String.fromCharCode(buf[i++]);
            if (s.length == 0) { i++; return { t: "o", v: "" }; }
            if (/^[+-]?[0-9.]+$/.test(s)) return { t: "num", v: parseFloat(s) };
            return { t: "o", v: s };
          };
          var show = function (s) { st.runs.push([st.count, st.top()]); st.count += Math.floor(s.v.length / st.bytesPer); };
          for (;;) {
            var v = value();
            if (v === null) break;
            if (v.t != "o") { stack.push(v); continue; }
            var op = v.v, a = stack; stack = [];
            if (op == "Tf" && a.length >= 2 && a[a.length - 2].t == "n") {
              var f = fonts && !fonts.isNull() ? fonts.get(a[a.length - 2].v) : null;
              if (!f || f.isNull()) { st.ok = false; continue; }
              var sub = f.get("Subtype"), enc = f.get("Encoding");
              if (sub && sub.isName() && sub.asName() == "Type0") {
                st.bytesPer = 2;
                if (!(enc && enc.isName() && (enc.asName() == "Identity-H" || enc.asName() == "Identity-V"))) st.ok = false;
              } else st.bytesPer = 1;
            } else if ((op == "Tj" || op == "'" || op == "\"") && a.length >= 1 && a[a.length - 1].t == "s") show(a[a.length - 1]);
            else if (op == "TJ" && a.length >= 1 && a[a.length - 1].t == "a") { var arr = a[a.length - 1].v; for (var k = 0; k < arr.length; k++) if (arr[k].t == "s") show(arr[k]); }
            else if (op == "BMC") st.stack.push(-1);
            else if (op == "BDC" && a.length >= 2) {
              var p = a[a.length - 1], at = null;
              if (p.t == "d" && p.v.ActualText && p.v.ActualText.t == "s") at = textString(p.v.ActualText.v);
              else if (p.t == "n" && props && !props.isNull()) {
                var po = props.get(p.v);
                if (po && !po.isNull()) { var o = po.get("ActualText"); if (o && !o.isNull()) { var bs = o.asByteString(); var by = []; for (var k = 0; k < bs.length; k++) by.push(bs.charCodeAt(k) & 255); at = textString(by); } }
              }
              if (at !== null) { st.spans.push(at); st.stack.push(st.spans.length - 1); } else st.stack.push(-1);
            } else if (op == "EMC") st.stack.pop();
            else if (op == "BI") {
              while (i + 2 < n && !(isWhite(buf[i]) && buf[i + 1] == 69 && buf[i + 2] == 73 && (i + 3 >= n || isWhite(buf[i + 3])))) i++;
              i += 3;
            } else if (op == "Do" && a.length >= 1 && a[a.length - 1].t == "n") {
              var x = xobjs && !xobjs.isNull() ? xobjs.get(a[a.length - 1].v) : null;
              if (x && !x.isNull()) {
                var xs = x.get("Subtype");
                if (xs && xs.isName() && xs.asName() == "Form") {
                  if (depth > 8) { st.ok = false; continue; }
                  var xr = x.get("Resources");
                  scan(x.readStream(), xr && !xr.isNull() ? xr : res, st, depth + 1);
                }
              }
            }
          }
        };
        for (var p = first - 1; p < last; p++) {
          var page = doc.loadPage(p);
          var b = page.bound();
          print("P\t" + (p + 1) + "\t" + b[2].toFixed(2) + "\t" + b[3].toFixed(2));
          var obj = doc.findPage(p);
          var res = inherited(obj, "Resources");
          var st = { count: 0, runs: [], spans: [], stack: [], bytesPer: 1, ok: true };
          st.top = function () { for (var k = this.stack.length - 1; k >= 0; k--) if (this.stack[k] >= 0) return this.stack[k]; return -1; };
          var contents = obj.get("Contents");
          if (contents && contents.isArray()) { for (var k = 0; k < contents.length; k++) scan(contents.get(k).readStream(), res, st, 0); }
          else if (contents && contents.isStream()) scan(contents.readStream(), res, st, 0);
          var spanOf = [];
          for (var k = 0; k < st.runs.length; k++) {
            var end = k + 1 < st.runs.length ? st.runs[k + 1][0] : st.count;
            for (var g = st.runs[k][0]; g < end; g++) spanOf[g] = st.runs[k][1];
          }
          var out = [];
          // The clip in force, as a rectangle: a glyph drawn outside it is not seen (Chromium draws
          // the vowel marks of a page's first line at the foot of the page before, clipped away).
          var clips = [[b[0], b[1], b[2], b[3]]];
          var clipTop = function () { return clips[clips.length - 1]; };
          var pushClip = function (r) {
            var t = clipTop();
            clips.push(r ? [Math.max(t[0], r[0]), Math.max(t[1], r[1]), Math.min(t[2], r[2]), Math.min(t[3], r[3])] : t);
          };
          var walk = function (text, ctm) {
            var c = clipTop();
            text.walk({ showGlyph: function (font, trm, glyph, ucs, wmode, bidi) {
              if (glyph < 0 && out.length > 0) { out[out.length - 1][5].push(hex(ucs)); return; }
              var m = Concat(trm, ctm);
              var seen = m[4] >= c[0] - 1 && m[4] <= c[2] + 1 && m[5] >= c[1] - 1 && m[5] <= c[3] + 1;
              out.push([out.length, m[4], m[5], font.advanceGlyph(glyph, wmode) * Math.sqrt(m[0] * m[0] + m[1] * m[1]), Math.sqrt(m[2] * m[2] + m[3] * m[3]), [hex(ucs)], seen ? 0 : 1]);
            }});
          };
          var clipText = function (text, ctm) { walk(text, ctm); pushClip(null); };
          page.run({
            fillText: walk, strokeText: walk, ignoreText: walk, clipText: clipText, clipStrokeText: clipText,
            clipPath: function (path, evenOdd, ctm) {
              var r = null;
              var add = function (x, y) {
                var u = ctm[0] * x + ctm[2] * y + ctm[4], v = ctm[1] * x + ctm[3] * y + ctm[5];
                r = r ? [Math.min(r[0], u), Math.min(r[1], v), Math.max(r[2], u), Math.max(r[3], v)] : [u, v, u, v];
              };
              path.walk({ moveTo: add, lineTo: add, curveTo: function (a, b, c, d, x, y) { add(a, b); add(c, d); add(x, y); }, closePath: function () {} });
              pushClip(r || [0, 0, 0, 0]);
            },
            clipStrokePath: function (path, stroke, ctm) { pushClip(path.bound(stroke, ctm)); },
            clipImageMask: function () { pushClip(null); },
            endMask: function () { pushClip(null); },
            popClip: function () { if (clips.length > 1) clips.pop(); },
          }, Identity, true);
          var matched = st.ok && st.count == out.length;
          print("N\t" + out.length + "\t" + st.count + "\t" + (matched ? 1 : 0));
          if (matched) for (var k = 0; k < st.spans.length; k++) print("A\t" + k + "\t" + st.spans[k]);
          for (var k = 0; k < out.length; k++) {
            var o = out[k];
            print("G\t" + (matched ? spanOf[o[0]] : -1) + "\t" + o[1].toFixed(2) + "\t" + o[2].toFixed(2) + "\t" + o[3].toFixed(2) + "\t" + o[4].toFixed(2) + "\t" + o[5].join(",") + "\t" + o[6]);
          }
        }
        """#
}
