#!/usr/bin/env python3
"""Scanned letters: the whole matrix of issue 23 (6 languages x every condition), with the built crp.

Each language's text (the repository's test data: the CTOC/COP/2020 reference texts for ar, en, es,
the test sentences of Tests/IntakeTests/FormatFixtures.swift for fr, ru, zh) is typeset by
python-docx and LibreOffice (12 pt Noto, as the suite's OCR tests do), rendered by poppler at a
fixed resolution (`pdftoppm -r DPI`: a page of 8.5 in is 2550 pixels wide at 300 dpi, as a scanner
gives), degraded with ImageMagick, and registered by `crp register`. Arabic is set without
diacritics (the goal is for Arabic without tashkeel).

CER: Levenshtein distance over Unicode scalars between the stored text and the source, both NFC
with every run of white space made one space, divided by the source's length.
Lines: the lines of the source page (pdftotext -layout of the typeset PDF) must equal the lines
OCR read (`extraction.linesRead`) plus the unread lines it reported (`extraction.unreadLines`).

Throughput: the same clean 300 dpi pages registered by crp (grey, skew, read, ink check, the
store) and read by `tesseract` alone (psm 3, txt), two at a time on two cores for both, in the
same run; the ratio is crp / tesseract (goal <= 1.3), in wall time and in CPU seconds (which the load
that other work puts on the machine does not change). `crp init` is not timed.

  python3 Benchmarks/scans.py                       # debug binary .build/debug/crp
  python3 Benchmarks/scans.py --crp PATH --langs ar,en --conditions clean-300,skew-2
"""
import argparse, concurrent.futures, glob, json, os, re, resource, shutil, subprocess, sys, tempfile, time, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FIX = os.path.join(REPO, "Tests", "Fixtures", "ctoc-cop-2020")
LANGS = ["ar", "en", "es", "fr", "ru", "zh"]
FONTS = {"ar": "Noto Naskh Arabic", "zh": "Noto Serif CJK SC"}
MODELS = {"ar": "ara", "zh": "chi_sim", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
STATES = {"ar": "Morocco", "en": "Peru", "es": "Peru", "fr": "France", "ru": "Russian Federation", "zh": "China"}

# condition -> (dpi of the render, ImageMagick arguments or None, output extension, goal group)
CONDITIONS = {
    "clean-300": (300, None, "png", "tight"),
    "clean-400": (400, None, "png", "tight"),
    "clean-200": (200, None, "png", "loose"),
    "skew-1": (300, ["-background", "white", "-rotate", "1", "+repage"], "png", "tight"),
    "skew-2": (300, ["-background", "white", "-rotate", "-2", "+repage"], "png", "tight"),
    "skew-4": (300, ["-background", "white", "-rotate", "4", "+repage"], "png", "none"),
    "noise": (300, ["-attenuate", "0.6", "+noise", "Gaussian", "-colorspace", "Gray"], "png", "loose"),
    "jpeg-50": (300, ["-quality", "50"], "jpg", "loose"),
    "fax-200-bw": (200, ["-threshold", "55%", "-type", "bilevel"], "png", "loose"),
    "stamp": (300, "stamp", "png", "none"),
    "stamp-red": (300, "stamp-red", "png", "none"),
    "upside-down": (300, ["-rotate", "180"], "png", "none"),
}
GOALS = {"tight": (0.02, 0.03), "loose": (0.04, 0.05)}  # (ar/en/es/fr/ru, zh)

DOCX = r"""
import docx, sys
from docx.oxml.ns import qn
from docx.shared import Pt
src, out, font, rtl, lang = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == '1', sys.argv[5]
d = docx.Document()
for para in open(src, encoding='utf-8').read().split('\n'):
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


def sh(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
    return p.stdout


def fixture_sentences():
    """The fr, ru and zh texts of the suite's OCR tests, read from FormatFixtures.swift (one source)."""
    swift = open(os.path.join(REPO, "Tests", "IntakeTests", "FormatFixtures.swift"), encoding="utf-8").read()
    out = {}
    for lang in ("fr", "ru", "zh"):
        m = re.search(r'case "%s":\s*return\s*"((?:[^"\\]|\\.)*)"' % lang, swift)
        out[lang] = m.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
    return out


def one_page(text, characters=1400):
    out = []
    for p in text.split("\n\n"):
        p = p.strip()
        if not p:
            continue
        if out and len("".join(out)) + len(p) > characters:
            break
        out.append(p)
    return "\n\n".join(out) + "\n"


def source_text(lang, extra):
    if lang in extra:
        return one_page(extra[lang])
    name = {"ar": "morocco-item2.ar.txt", "en": "morocco-item2.en.txt", "es": "peru-item2.es.txt"}[lang]
    t = open(os.path.join(FIX, name), encoding="utf-8").read()
    if lang == "ar":
        t = "".join(c for c in t if not (0x064B <= ord(c) <= 0x0652 or ord(c) == 0x0670))
    return one_page(t)


def folded(s):
    return " ".join(unicodedata.normalize("NFC", s).split())


def cer(hyp, ref):
    a, b = folded(hyp), folded(ref)
    if not b:
        return 0.0 if not a else 1.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[len(b)] / len(b)


def stamp(convert, src, out, dpi, ink="gray45"):
    """A round stamp with a date, over the first lines of text (as a registry stamps a letter): in
    grey ink on the grey page, or (stamp-red) in red ink on the page rendered in colour."""
    s = dpi / 300
    cx, cy, r = int(1700 * s), int(420 * s), int(150 * s)
    sh([convert, src, "-fill", "none", "-stroke", ink, "-strokewidth", str(int(7 * s)),
        "-draw", f"circle {cx},{cy} {cx + r},{cy}", "-draw", f"circle {cx},{cy} {cx + r - int(18 * s)},{cy}",
        "-stroke", "none", "-fill", ink, "-pointsize", str(int(34 * s)), "-gravity", "NorthWest",
        "-draw", f"text {cx - int(100 * s)},{cy - int(20 * s)} '21 SEP 2020'", out])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--crp", default=os.path.join(REPO, ".build", "debug", "crp"))
    ap.add_argument("--langs", default=",".join(LANGS))
    ap.add_argument("--conditions", default=",".join(CONDITIONS))
    ap.add_argument("--keep", action="store_true", help="keep the work folder (its path is printed)")
    ap.add_argument("--no-throughput", action="store_true", help="the CER table only")
    args = ap.parse_args()
    langs, conds = args.langs.split(","), args.conditions.split(",")
    convert = shutil.which("convert") or sys.exit("ImageMagick (convert) is needed: Scripts/setup.sh installs it")
    work = tempfile.mkdtemp(prefix="crp-scans-")
    extra = fixture_sentences()
    sources, pdfs = {}, {}
    for lang in langs:
        sources[lang] = source_text(lang, extra)
        with open(os.path.join(work, f"{lang}.txt"), "w", encoding="utf-8") as f:
            f.write(sources[lang])
        sh(["python3", "-c", DOCX, os.path.join(work, f"{lang}.txt"), os.path.join(work, f"{lang}.docx"),
            FONTS.get(lang, "Noto Serif"), "1" if lang == "ar" else "0", lang])
    sh(["soffice", f"-env:UserInstallation=file://{work}/lo", "--headless", "--norestore", "--convert-to", "pdf",
        "--outdir", work] + [os.path.join(work, f"{l}.docx") for l in langs])
    source_lines = {}
    for lang in langs:
        pdfs[lang] = os.path.join(work, f"{lang}.pdf")
        layout = sh(["pdftotext", "-f", "1", "-l", "1", "-layout", pdfs[lang], "-"])
        source_lines[lang] = sum(1 for l in layout.split("\n") if l.strip())

    def image(lang, cond):
        dpi, how, ext, _ = CONDITIONS[cond]
        base = os.path.join(work, f"{lang}-{dpi}")
        if not os.path.exists(base + ".png"):
            sh(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", pdfs[lang], base])
        out = os.path.join(work, f"{lang}-{cond}.{ext}")
        if how is None:
            shutil.copy(base + ".png", out)
        elif how == "stamp":
            stamp(convert, base + ".png", out, dpi)
        elif how == "stamp-red":
            if not os.path.exists(base + "-rgb.png"):
                sh(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", pdfs[lang], base + "-rgb"])
            stamp(convert, base + "-rgb.png", out, dpi, ink="rgb(200,30,40)")
        else:
            sh([convert, base + ".png"] + how + [out])
        return out

    def workspace(tag):
        ws = os.path.join(work, f"ws-{tag}")
        shutil.rmtree(ws, ignore_errors=True)
        sh([args.crp, "init", ws, "--from", os.path.join(FIX, "paper.yaml")])
        return ws

    def register(lang, img, tag, ws=None):
        ws = ws or workspace(tag)
        env = dict(os.environ, CRP_NOW="2020-09-20T10:00:00Z")
        t0 = time.perf_counter()
        p = subprocess.run([args.crp, "register", img, "--state", STATES[lang], "--language", lang, "--item", "2",
                            "--workspace", ws, "--by", "bench"], capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - t0
        if p.returncode != 0:
            return None, None, seconds, (p.stderr.strip().splitlines() or ["?"])[-1]
        folder = [d for d in glob.glob(os.path.join(ws, "*")) if os.path.isdir(d) and not d.endswith(".crp")][0]
        text = open(os.path.join(folder, "text.txt"), encoding="utf-8").read()
        rec = json.load(open(os.path.join(folder, "submission.json"), encoding="utf-8"))
        return text, rec["original"].get("extraction", {}), seconds, None

    rows = []
    cases = [(l, c) for c in conds for l in langs]
    images = {(l, c): image(l, c) for l, c in cases}

    def one(case):
        l, c = case
        return case, register(l, images[case], f"{l}-{c}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(pool.map(one, cases))
    failures = 0
    print(f"\nCER per language and condition (tesseract {sh(['tesseract', '--version']).split()[1]}; goal in brackets; "
          f"lines: source = read + unread)\n")
    print("%-12s" % "condition" + "".join("%-22s" % l for l in langs))
    for c in conds:
        cells = []
        for l in langs:
            text, x, secs, err = results[(l, c)]
            group = CONDITIONS[c][3]
            goal = GOALS[group][1 if l == "zh" else 0] if group in GOALS else None
            if text is None:
                cells.append("refused")
                rows.append(dict(lang=l, condition=c, error=err))
                failures += 1
                continue
            e = cer(text, sources[l])
            read, unread = x.get("linesRead", 0), len(x.get("unreadLines") or [])
            lines_ok = read + unread == source_lines[l]
            ok = (goal is None or e <= goal) and lines_ok
            failures += 0 if ok else 1
            mark = "" if ok else " ✗"
            cells.append(f"{e * 100:5.2f}%" + (f" [{goal * 100:.0f}]" if goal else "    ") + f" {read}+{unread}/{source_lines[l]}{mark}")
            rows.append(dict(lang=l, condition=c, cer=e, goal=goal, linesRead=read, unread=unread, sourceLines=source_lines[l],
                             seconds=secs, caveats=x.get("caveats")))
        print("%-12s" % c + "".join("%-22s" % s for s in cells))
    for r in rows:
        if r.get("error"):
            print(f"  refused {r['lang']} {r['condition']}: {r['error']}")

    # Throughput: crp register beside tesseract alone, the same clean 300 dpi pages, two at a time.
    pages = [] if args.no_throughput else [image(l, "clean-300") for l in langs]

    def tess(i):
        subprocess.run(["tesseract", pages[i], os.path.join(work, f"t-{i}"), "-l", MODELS[langs[i]], "--psm", "3", "txt"],
                       capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"))

    def crp(i):
        register(langs[i], pages[i], f"tp-{i}", ready[i])

    # Wall time (two at a time) and the CPU seconds of every program started (crp and what it runs,
    # or tesseract): the CPU ratio does not move with the load other work puts on the machine.
    timings, cpu = {}, {}
    for round, (name, fn) in enumerate((("tesseract", tess), ("crp", crp), ("tesseract", tess), ("crp", crp)) if pages else ()):
        ready = [workspace(f"tp-{round}-{i}") for i in range(len(pages))] if name == "crp" else []
        u0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(fn, range(len(pages))))
        timings.setdefault(name, []).append(time.perf_counter() - t0)
        u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.setdefault(name, []).append(u1.ru_utime + u1.ru_stime - u0.ru_utime - u0.ru_stime)
    t_t, t_c = min(timings.get("tesseract", [0])), min(timings.get("crp", [0]))
    c_t, c_c = min(cpu.get("tesseract", [0])), min(cpu.get("crp", [0]))
    if pages:
        print(f"\nthroughput, {len(pages)} pages at 300 dpi, two at a time on {os.cpu_count()} cores (best of 2; load {os.getloadavg()[0]:.1f}):")
        print(f"  tesseract alone   {len(pages) / t_t:5.2f} pages/s ({t_t:.1f} s wall, {c_t:.2f} s CPU)")
        print(f"  crp register      {len(pages) / t_c:5.2f} pages/s ({t_c:.1f} s wall, {c_c:.2f} s CPU)"
              f"   ratio {t_c / t_t:.2f}x wall, {c_c / c_t:.2f}x CPU (goal <= 1.3x)")
    with open(os.path.join(work, "scans.json"), "w") as f:
        json.dump(dict(rows=rows, tesseract=t_t, crp=t_c, tesseractCPU=c_t, crpCPU=c_c), f, indent=1, ensure_ascii=False)
    print(f"\n{failures} case(s) off goal or refused" + (f"; work kept in {work}" if args.keep else ""))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
