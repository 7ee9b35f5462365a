"""An officer's day on the web desk in a real browser (Debian's Chromium through Playwright).

Usage: officers_day.py BASE_URL WORKSPACE FIXTURES OUT_DIR CRP
Signs in as olga (officer), registers an Arabic .docx and a Spanish e-mail (whose body and
attachment could both be the comments: the page lists the parts, the officer chooses), assigns the
Arabic one to tom (translator), who signs in and uploads the translation; olga reviews, includes
and compiles, downloads the DOCX, checked with python-docx; `crp log` shows both users. axe-core
runs on every page (no serious or critical violation). A scanned letter is registered and proofread beside its page image;
a PDF signed by three States shows its page drawn by the desk; two submissions leave as one TMX from the exchange page.
Screenshots go to OUT_DIR.
Prints "OK" last when every check passed; any failure raises (exit 1) with what was wrong.
"""
import email.message
import os
import re
import subprocess
import sys

import docx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

base, ws, fixtures, out, crp = sys.argv[1:6]
os.makedirs(out, exist_ok=True)
work = os.path.join(out, "files")
os.makedirs(work, exist_ok=True)
axe = Axe()
checked = []
problems = []


def read(name):
    with open(os.path.join(fixtures, name), encoding="utf-8") as f:
        return f.read()


def audit(page, label):
    """axe-core in the page: a serious or critical violation is a failure."""
    results = axe.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    for v in bad:
        problems.append(f"axe on {label}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}")
    checked.append(label)


def sign_in(page, user, password):
    page.goto(base + "/sign-in")
    audit(page, "sign-in")
    page.get_by_label("User name", exact=True).fill(user)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Status board")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


# The files as a mission sends them: an Arabic Word document, a Spanish e-mail with a note attached.
arabic = os.path.join(work, "maroc-commentaires.docx")
d = docx.Document()
for para in read("morocco-item2.ar.txt").split("\n\n"):
    if para.strip():
        d.add_paragraph(para.strip())
d.save(arabic)
nota = os.path.join(work, "nota.docx")
d = docx.Document()
for para in read("peru-item2.es.txt").split("\n\n"):
    if para.strip():
        d.add_paragraph(para.strip())
d.save(nota)
msg = email.message.EmailMessage()
msg["From"] = "mision@peru.example"
msg["To"] = "secretariat@un.example"
msg["Subject"] = "Comentarios del Perú"
msg["Date"] = "Fri, 18 Sep 2020 10:00:00 +0200"
msg.set_content("Estimados colegas:\n\nEl Perú agradece la oportunidad de formular comentarios sobre los puntos de debate. "
                "Nuestras observaciones detalladas sobre la asistencia técnica y la cooperación figuran en la nota adjunta, "
                "que reúne las opiniones de las autoridades nacionales competentes.\n\nAtentamente,\nMisión Permanente del Perú\n")
with open(nota, "rb") as f:
    msg.add_attachment(f.read(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="nota.docx")
eml = os.path.join(work, "peru.eml")
with open(eml, "wb") as f:
    f.write(bytes(msg))
english_ar = os.path.join(fixtures, "morocco-item2.en.txt")
english_es = os.path.join(fixtures, "peru-item2.en.txt")

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)

    # The officer registers both.
    sign_in(page, "olga", "officer-pass-1")
    audit(page, "board (empty)")
    page.get_by_role("link", name="Register").click()
    audit(page, "register")
    page.get_by_label("File", exact=True).set_input_files(arabic)
    page.get_by_label("State", exact=True).fill("Morocco")
    page.get_by_label("Language", exact=True).select_option("ar")
    page.get_by_label("2.", exact=False).first.check()
    page.get_by_label("Date received", exact=True).fill("2020-09-18")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Morocco")
    arabic_url = page.url.split("?")[0]  # an action's notices ride on the address once

    page.get_by_role("link", name="Register").click()
    page.get_by_label("File", exact=True).set_input_files(eml)
    page.get_by_label("State", exact=True).fill("Peru")
    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_label("2.", exact=False).first.check()
    page.get_by_label("Date received", exact=True).fill("2020-09-18")
    page.get_by_role("button", name="Register").click()
    # Two parts could be the comments: the page lists them; the officer takes the attachment.
    expect(page.get_by_role("alert")).to_contain_text("nota.docx")
    audit(page, "register (choose the part)")
    page.get_by_label("nota.docx").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peru")
    spanish_url = page.url.split("?")[0]

    # The Arabic one goes to the translator.
    page.goto(arabic_url)
    page.get_by_label("Assign to", exact=True).select_option("tom")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator("dl.facts")).to_contain_text("tom")
    sign_out(page)

    # The translator sees it, and uploads the translation.
    sign_in(page, "tom", "translator-pass-1")
    audit(page, "board (translator)")
    page.get_by_role("link", name=arabic_url.rsplit("/", 1)[1]).click()
    audit(page, "submission (translator)")
    page.get_by_label("Translation file", exact=True).set_input_files(english_ar)
    page.get_by_role("button", name="Attach translation").click()
    expect(page.locator("dl.facts")).to_contain_text("translated")
    if page.get_by_role("button", name="Mark reviewed").count() != 0:
        problems.append("the translator was offered Mark reviewed")
    sign_out(page)

    # The officer reviews, includes, translates the Spanish one, and compiles.
    sign_in(page, "olga", "officer-pass-1")
    page.goto(arabic_url)
    audit(page, "submission (Arabic, translated)")
    page.get_by_role("button", name="Mark reviewed").click()
    page.get_by_role("button", name="Include in the paper").click()
    expect(page.locator("dl.facts")).to_contain_text("included")
    cell = page.locator("table.aligned td p[lang=ar]").first
    if cell.get_attribute("dir") != "rtl":
        problems.append("the Arabic paragraph is not dir=rtl")
    page.locator("table.aligned").scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(out, "submission-arabic.png"), full_page=True)

    page.goto(spanish_url)
    page.get_by_label("Translation file", exact=True).set_input_files(english_es)
    page.get_by_role("button", name="Attach translation").click()
    page.get_by_role("button", name="Mark reviewed").click()
    page.get_by_role("button", name="Include in the paper").click()
    expect(page.locator("dl.facts")).to_contain_text("included")

    # A scanned letter: its page beside the OCR text; the officer confirms the text.
    shot = browser.new_page(viewport={"width": 1000, "height": 700})
    shot.set_content("<html><body style='background:#fff;margin:60px'><p lang='es' style='font:30px/1.5 \"Liberation Serif\",serif'>"
                     "La Misión Permanente de Chile saluda a la Secretaría y tiene el honor de transmitir sus comentarios "
                     "sobre la asistencia técnica y la cooperación internacional.</p></body></html>")
    scan = os.path.join(work, "chile-scan.png")
    shot.screenshot(path=scan)
    shot.close()
    page.get_by_role("link", name="Register").click()
    page.get_by_label("File", exact=True).set_input_files(scan)
    page.get_by_label("State", exact=True).fill("Chile")
    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_label("2.", exact=False).first.check()
    page.get_by_label("Date received", exact=True).fill("2020-09-19")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("dl.facts")).to_contain_text("proofread first")
    page.get_by_role("link", name="Proofread").click()
    expect(page.get_by_role("img", name="The scanned page")).to_be_visible()
    ocr_text = page.get_by_role("textbox", name="Text read by OCR").input_value()
    if "Misi" not in ocr_text:
        problems.append("the OCR text is not in the proofreading form")
    # Only lines read under 70 % confidence are marked (a clean page is read at about 97 %); when
    # none is, the page says so.
    for item in page.locator("li:has(mark)").all_inner_texts():
        pct = re.search(r"(\d+) %\)", item)
        if not pct or int(pct.group(1)) >= 70:
            problems.append(f"a line OCR read at 70 % or more is marked as doubtful: {item}")
    if page.locator("mark").count() == 0:
        expect(page.get_by_text("OCR read no line under 70 % confidence")).to_be_visible()
    # A paragraph break inside the sentence (Tesseract may take the short last line for a block of
    # its own) is pointed out, with the words on each side of it.
    paragraphs = [p.strip() for p in ocr_text.split("\n\n") if p.strip()]
    inside = [b for a, b in zip(paragraphs, paragraphs[1:]) if a[-1] not in ".:;!?»\")”" and b[0].islower()]
    if inside:
        expect(page.get_by_role("heading", name="Paragraph breaks inside a sentence")).to_be_visible()
        expect(page.locator("ul.breaks")).to_contain_text(inside[0].split()[0])
    else:
        expect(page.get_by_role("heading", name="Paragraph breaks inside a sentence")).to_have_count(0)
    audit(page, "proofread")
    page.screenshot(path=os.path.join(out, "proofread.png"), full_page=True)
    page.get_by_role("button", name="Confirm the text as read").click()
    expect(page.locator("dl.facts")).not_to_contain_text("proofread first")

    # A PDF's proofreading page shows the page itself, drawn by the desk (pdftoppm).
    shot = browser.new_page()
    shot.set_content("<html><body><p lang='es' style='font:16px serif'>El Perú presenta sus observaciones sobre la "
                     "cooperación internacional en materia penal y la asistencia técnica a los Estados.</p></body></html>")
    pdf = os.path.join(work, "peru-observaciones.pdf")
    shot.pdf(path=pdf)
    shot.close()
    page.get_by_role("link", name="Register").click()
    page.get_by_label("File", exact=True).set_input_files(pdf)
    page.get_by_label("State", exact=True).fill("Peru")
    page.get_by_label("Other States of a joint text", exact=False).fill("Chile\nColombia")
    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_label("3.", exact=False).first.check()
    page.get_by_label("Date received", exact=True).fill("2020-09-19")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peru, Chile, Colombia")
    page.goto(page.url.split("?")[0] + "/proofread")
    image = page.get_by_role("img", name="Page 1")
    expect(image).to_be_visible()
    try:
        page.wait_for_function("() => { const i = document.querySelector('img[alt=\"Page 1\"]'); return i && i.complete && i.naturalWidth > 0 }",
                               timeout=30000)
    except Exception:
        problems.append("the PDF's page image did not load")
    audit(page, "proofread (PDF)")
    page.screenshot(path=os.path.join(out, "proofread-pdf.png"), full_page=True)

    # Several submissions out at once: the exchange page, one TMX of the reviewed ones.
    page.get_by_role("link", name="Exchange").click()
    audit(page, "exchange")
    included = page.locator("main tbody tr", has_text="included")
    if included.count() != 2:
        problems.append(f"the exchange page lists {included.count()} included submissions, not 2")
    for i in range(included.count()):
        included.nth(i).locator("input[name=id]").check()
    page.screenshot(path=os.path.join(out, "exchange.png"), full_page=True)
    page.get_by_label("Format", exact=True).select_option("tmx")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download for the chosen submissions").click()
    tmx = os.path.join(out, "chosen.tmx")
    info.value.save_as(tmx)
    with open(tmx, encoding="utf-8") as f:
        body = f.read()
    if "<tmx" not in body or body.count("<tu") < 2:
        problems.append("the TMX of the chosen submissions is not a TMX with their pairs")

    page.get_by_role("link", name="Status board").click()
    audit(page, "board")
    page.screenshot(path=os.path.join(out, "board.png"), full_page=True)
    page.get_by_role("link", name="Compile").click()
    audit(page, "compile")
    expect(page.locator("main")).to_contain_text("Compiled: 2 submission(s) in the paper")
    page.screenshot(path=os.path.join(out, "compile.png"), full_page=True)
    page.get_by_label("Format", exact=True).select_option("docx")
    with page.expect_download() as info:
        page.get_by_role("button", name="Compile").click()
    paper = os.path.join(out, "paper.docx")
    info.value.save_as(paper)
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Text to find", exact=False).fill("التقنية")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main table")).to_contain_text("morocco")
    audit(page, "search")
    page.get_by_role("link", name="Verify").click()
    expect(page.locator("main")).to_contain_text("no problem found")
    audit(page, "verify")

    # A translation whose XLIFF still marks drafts (returned by a translator's CAT tool with fuzzy
    # matches unconfirmed): its review form asks for a reason, and the reason is in the history.
    def cli(*args):
        r = subprocess.run([crp, *args], cwd=ws, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"crp {' '.join(args)} failed: {r.stderr}")
        return r.stdout
    draft_id = cli("register", os.path.join(fixtures, "peru-item3.es.txt"), "--state", "Peru", "--language", "es", "--item", "3",
                   "--received", "2020-09-19").strip().splitlines()[-1]
    cli("export", draft_id, "--format", "xliff1", "--output", work)
    xliff = os.path.join(work, draft_id + ".xliff")
    with open(xliff, encoding="utf-8") as f:
        body = f.read()

    def drafted(m):
        target = re.sub(r'(<mrk mtype="seg" mid="\d+">)[^<]*(</mrk>)', r"\1The Permanent Mission of Peru presents its comments.\2", m.group(1))
        return f'<seg-source>{m.group(1)}</seg-source><target xml:lang="en" state="needs-review-translation">{target}</target>'
    with open(xliff, "w", encoding="utf-8") as f:
        f.write(re.sub(r"<seg-source>(.*?)</seg-source>", drafted, body, flags=re.S))
    cli("import", xliff)
    page.goto(base + "/s/" + draft_id)
    expect(page.locator("main")).to_contain_text("still marks")
    page.locator("form[action$='/review']").get_by_label("Reason", exact=True).fill("checked each draft segment against the original")
    audit(page, "review of a draft translation")
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.locator("dl.facts")).to_contain_text("reviewed")
    if "checked each draft segment against the original" not in cli("log", draft_id):
        problems.append("the reason given on the review form of a draft translation is not in crp log")
    browser.close()

text = "\n".join(p.text for p in docx.Document(paper).paragraphs)
for needle in ["Morocco", "Peru", "technical assistance"]:
    if needle not in text:
        problems.append(f"the compiled DOCX does not contain {needle!r}")
log = "".join(subprocess.run([crp, "log", arabic_url.rsplit("/", 1)[1]], cwd=ws, capture_output=True, text=True).stdout)
for needle in ["registered  by olga", "assigned  by olga  to tom", "translated  by tom", "reviewed  by olga", "included  by olga"]:
    if needle not in log:
        problems.append(f"crp log lacks {needle!r}:\n{log}")
print("axe checked: " + ", ".join(checked))
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("OK")
