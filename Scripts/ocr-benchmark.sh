#!/usr/bin/env bash
# OCR throughput: registers a scanned PDF of N pages (no text layer, 300 dpi) with the built crp
# and prints pages per second, once on both cores and once pinned to one core (taskset), so the
# gain from reading pages in parallel is measured in the same run.
# Usage: Scripts/ocr-benchmark.sh [PAGES]   (needs poppler-utils, tesseract-ocr, chromium, python3)
set -euo pipefail
PAGES=${1:-8}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CRP=${CRP_BINARY:-$ROOT/.build/debug/crp}
[ -x "$CRP" ] || { echo "build crp first: swift build" >&2; exit 1; }
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || { echo "chromium is needed" >&2; exit 1; }
WORK=$(mktemp -d /tmp/crp-ocr-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# 1. N pages of English text set in Helvetica.
python3 - "$PAGES" <<'PY'
import sys
n = int(sys.argv[1])
words = "the conference of the parties recalls that technical assistance and international cooperation are essential for the effective implementation of the convention against transnational organized crime".split()
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
kids = []
for p in range(n):
    lines = []
    for l in range(40):
        lines.append(" ".join(words[(p * 7 + l * 3 + k) % len(words)] for k in range(11)))
    content = ("BT /F1 11 Tf 72 740 Td 16 TL " + "".join("(%s) Tj T* " % s for s in lines) + "ET").encode()
    objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 3 0 R >> >> >>" % len(objs))
    kids.append(len(objs))
objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), n)
body = b"%PDF-1.4\n"; offs = []
for i, o in enumerate(objs):
    offs.append(len(body)); body += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
x = len(body)
body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open("text.pdf", "wb").write(body)
PY
# 2. Scanned: every page rendered at 300 dpi, then printed back into a PDF without a text layer.
pdftoppm -r 300 -gray -png text.pdf page
{
  echo '<!doctype html><html><head><style>@page{size:8.5in 11in;margin:0}html,body{margin:0}img{width:8.5in;height:11in;display:block;break-after:page}</style></head><body>'
  for f in page-*.png; do echo "<img src=\"$f\">"; done
  echo '</body></html>'
} > scan.html
"$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$WORK/chromium" --no-pdf-header-footer \
  --print-to-pdf="$WORK/scan.pdf" "file://$WORK/scan.html" >/dev/null 2>&1
[ "$(pdftotext scan.pdf - | tr -d '[:space:]\f' | wc -c)" -eq 0 ] || { echo "the scan has a text layer" >&2; exit 1; }
run() {  # $1: label, rest: command prefix
  local label=$1; shift
  rm -rf ws; "$CRP" init ws --from "$ROOT/Tests/Fixtures/ctoc-cop-2020/paper.yaml" >/dev/null
  local t0 t1
  t0=$(date +%s.%N)
  "$@" "$CRP" register scan.pdf --state Peru --language en --item 2 --workspace ws --by bench >/dev/null 2>&1
  t1=$(date +%s.%N)
  python3 -c "import sys; s=$t1-$t0; print('%-10s %d pages in %.1f s: %.2f pages/s' % ('$label', $PAGES, s, $PAGES / s))"
}
echo "OCR of a $PAGES-page scanned PDF (300 dpi, English, tesseract $(tesseract --version 2>&1 | head -1 | cut -d' ' -f2)) on $(nproc) cores:"
run "all cores"
if command -v taskset >/dev/null; then run "one core" taskset -c 0; fi
