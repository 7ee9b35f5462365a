#!/usr/bin/env python3
"""RoomPaper benchmark runner.

Makes its own inputs, runs crp beside its peers (uconv, pandoc) and beside the floors (a C program
calling ICU directly, `find … -exec cat`, `find … -exec sha256sum`) in the same run, and prints ONE
table: figure, size, crp, peer or floor, ratio, goal, peak RSS (max RSS of the child, from wait4).
Each figure is measured `--reps` times, interleaved with its peer; the table gives the medians.

  python3 Benchmarks/run.py                  # full run, release binary (.build-release/release/crp)
  python3 Benchmarks/run.py --smoke          # tiny sizes: checks that the runner works (CI)
  python3 Benchmarks/run.py --crp PATH       # another binary
  python3 Benchmarks/run.py --json out.json  # the table as JSON as well

Goals (issue 16): register of 20, 50 and 200 MB windows-1256 and UTF-8 files <= 0.9x
`uconv -x nfc` and <= 1.0x the ICU floor (Benchmarks/floor.c: conversion, NFC, word break, bidi
paragraph levels on one core), peak RSS <= 64 MiB; compile of 193 States x 8 items >= 30x faster
than pandoc with <= 1/8 of its peak memory (DOCX and HTML); status --json at 10 000 submissions
<= reading every record; verify <= 3x hashing every stored byte; growth 1 000 -> 10 000 printed.
`--only desk` (not in the default set): the web desk at 10 000 submissions under 50 clients (desk.py).
Issue 22: crp sync <= 1.2x the same work done with plain git (Benchmarks/sync.py); every order of
sync between two and three duty stations: `python3 Benchmarks/sync_matrix.py [--full]`.
"""
import argparse, hashlib, json, os, shutil, statistics, subprocess, sys, tempfile, time, uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FIX = os.path.join(REPO, "Tests", "Fixtures", "ctoc-cop-2020")


def checked(cmd, env=None, what=None):
    """Runs cmd to its end and returns its standard output; stops the benchmarks, with the command's
    own message, when it fails (a failed step must never be timed or built on)."""
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"{what or 'command'} failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
    return p.stdout


def run(cmd, stdout=None, env=None, cwd=None):
    """Runs cmd; returns (seconds, peak RSS in bytes). The command is started by a small separate
    Python process, so that its peak RSS does not include the memory of this runner (a forked child
    starts with its parent's resident set)."""
    probe = [sys.executable, "-S", os.path.abspath(__file__), "--measure", stdout or "-", "--"] + list(cmd)
    p = subprocess.run(probe, capture_output=True, env=env, cwd=cwd)
    if p.returncode != 0:
        raise SystemExit(f"benchmark command failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
    seconds, rss = p.stdout.decode().split()
    return float(seconds), int(rss)


def measure(stdout, cmd):
    """--measure mode: spawn cmd, wait, print 'seconds maxrss_bytes'; exit with its status."""
    fd = os.open(stdout if stdout != "-" else os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err_r, err_w = os.pipe()
    t0 = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, fd, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)])
    os.close(err_w)
    err = b""
    while True:
        chunk = os.read(err_r, 65536)
        if not chunk:
            break
        err += chunk
    _, status, ru = os.wait4(pid, 0)
    dt = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(err.decode(errors="replace"))
        sys.exit(code if code > 0 else 1)
    print(f"{dt} {ru.ru_maxrss * 1024}")
    sys.exit(0)


def best(n, fn):
    """Median time and max RSS over n runs of fn() -> (seconds, rss)."""
    rs = [fn() for _ in range(n)]
    return statistics.median(r[0] for r in rs), max(r[1] for r in rs)


def paired(n, crp_fn, peer_fn):
    """Runs crp and its peer n times, interleaved (so load hits both alike); returns the median
    times, the median of the per-round ratios crp/peer, and the max RSS of each."""
    rounds = []
    for _ in range(n):
        c = crp_fn()
        p = peer_fn()
        rounds.append((c, p))
    ct = statistics.median(r[0][0] for r in rounds)
    pt = statistics.median(r[1][0] for r in rounds)
    ratio = statistics.median(r[0][0] / r[1][0] for r in rounds)
    return ct, pt, ratio, max(r[0][1] for r in rounds), max(r[1][1] for r in rounds)


ROWS = []


def row(figure, size, crp_s, peer, peer_s, ratio, goal, ok, rss, peer_rss=None):
    """Adds a line of the table (printed at the end)."""
    ROWS.append({"figure": figure, "size": size, "crp_s": crp_s, "peer": peer, "peer_s": peer_s, "ratio": ratio,
                 "goal": goal, "ok": ok, "crp_peak_rss": rss, "peer_peak_rss": peer_rss})
    print(f"  … {figure} {size}: crp {fmt_s(crp_s)}, {peer} {fmt_s(peer_s)}, ratio {ratio:.2f} (goal {goal})", flush=True)


def fmt_s(x):
    return "-" if x is None else (f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s")


def print_table():
    head = ["figure", "size", "crp", "peer or floor", "ratio", "goal", "met", "peak RSS crp / peer"]
    lines = []
    for r in ROWS:
        peer = f"{r['peer']} {fmt_s(r['peer_s'])}" if r["peer_s"] is not None else r["peer"]
        rss = "-" if r["crp_peak_rss"] is None else f"{r['crp_peak_rss'] / 2**20:.0f} MiB"
        if r["peer_peak_rss"] is not None:
            rss += f" / {r['peer_peak_rss'] / 2**20:.0f} MiB"
        lines.append([r["figure"], r["size"], fmt_s(r["crp_s"]), peer, f"{r['ratio']:.2f}", r["goal"],
                      "yes" if r["ok"] else "NO", rss])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    for cells in [head, ["-" * w for w in widths]] + lines:
        print(" | ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip())


def env(**kw):
    e = dict(os.environ)
    e.update({"NO_COLOR": "1", "CRP_USER": "bench"})
    e.update(kw)
    return e


def init_ws(crp, root):
    ws = os.path.join(root, "ws-" + uuid.uuid4().hex[:8])
    run([crp, "init", ws, "--from", os.path.join(FIX, "paper.yaml")], env=env())
    return ws


def mb(x):
    return f"{x / 1e6:.0f} MB" if x >= 1e6 else f"{x / 1e3:.0f} kB"


def build_floor(root):
    """Compiles Benchmarks/floor.c against the system ICU."""
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not cc:
        raise SystemExit("no C compiler (cc) to build Benchmarks/floor.c: apt-get install gcc")
    out = os.path.join(root, "floor")
    p = subprocess.run([cc, "-O2", "-o", out, os.path.join(HERE, "floor.c"), "-licuuc", "-licui18n"], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"building Benchmarks/floor.c failed ({p.returncode}):\n{p.stderr}")
    return out


def make_text(path, size, charset):
    """Arabic reference paragraphs (CRLF) repeated to `size` bytes, in `charset`."""
    arabic = open(os.path.join(FIX, "morocco-item2.ar.txt"), encoding="utf-8").read().strip().split("\n\n")
    chunks, total, i = [], 0, 0
    while total < size:
        b = (arabic[i % len(arabic)] + "\r\n\r\n").encode(charset)
        chunks.append(b)
        total += len(b)
        i += 1
    with open(path, "wb") as f:
        f.write(b"".join(chunks))
    return os.path.getsize(path)


def bench_intake(crp, root, sizes, reps, results):
    uconv = shutil.which("uconv")
    if not uconv:
        raise SystemExit("uconv is missing: apt-get install icu-devtools")
    floor = build_floor(root)
    out = {}
    for charset, py in [("windows-1256", "cp1256"), ("UTF-8", "utf-8")]:
        for size in sizes:
            path = os.path.join(root, f"arabic-{py}-{size}.txt")
            fsize = make_text(path, size, py)

            def reg():
                ws = init_ws(crp, root)
                try:
                    return run([crp, "register", path, "--state", "Morocco", "--language", "ar", "--item", "2", "--received", "2020-09-18",
                                "--max-bytes", str(fsize + (1 << 20)), "--workspace", ws], env=env())
                finally:
                    shutil.rmtree(ws, ignore_errors=True)

            uc = lambda: run([uconv, "-f", charset, "-t", "utf-8", "-x", "nfc", path], stdout=os.path.join(root, "uconv.out"))
            fl = lambda: run([floor, path, charset], stdout=os.path.join(root, "floor.out"))
            rounds = []
            for _ in range(reps):
                rounds.append((reg(), uc(), fl()))
            tc = statistics.median(r[0][0] for r in rounds)
            tu = statistics.median(r[1][0] for r in rounds)
            tf = statistics.median(r[2][0] for r in rounds)
            ru_ratio = statistics.median(r[0][0] / r[1][0] for r in rounds)
            rf_ratio = statistics.median(r[0][0] / r[2][0] for r in rounds)
            rc = max(r[0][1] for r in rounds)
            rss_u = max(r[1][1] for r in rounds)
            rss_f = max(r[2][1] for r in rounds)
            label = f"{mb(fsize)} {charset}"
            row("register vs uconv -x nfc", label, tc, "uconv", tu, ru_ratio, "<= 0.9", ru_ratio <= 0.9, rc, rss_u)
            row("register vs ICU floor (1 core)", label, tc, "floor.c", tf, rf_ratio, "<= 1.0", rf_ratio <= 1.0, rc, rss_f)
            row("register peak RSS", label, None, "64 MiB", None, rc / 2**20 / 64, "<= 1.0 (of 64 MiB)", rc <= 64 * 2**20, rc)
            out[f"{charset} {fsize}"] = {"file_bytes": fsize, "crp_s": tc, "uconv_s": tu, "floor_s": tf, "crp_over_uconv": ru_ratio,
                                         "crp_over_floor": rf_ratio, "crp_peak_rss": rc, "uconv_peak_rss": rss_u, "floor_peak_rss": rss_f}
            os.remove(path)
    results["intake"] = out


def bench_intake_stored(crp, root, size, reps, results):
    """Peak RSS of registering a windows-1256 text of `size` bytes into a workspace that already
    holds one such submission (issue 20: 76 MiB before, goal 64 MiB whatever the store holds). The
    stored one is registered first, unmeasured, and the status index is removed, so the measured
    registration reads the stored submission's records (the duplicate check) as a cold store does."""
    first = os.path.join(root, f"arabic-stored-a-{size}.txt")
    second = os.path.join(root, f"arabic-stored-b-{size}.txt")
    fsize = make_text(first, size, "cp1256")
    with open(second, "wb") as f:
        f.write("Rev. 2\r\n".encode("cp1256"))
        with open(first, "rb") as g:
            shutil.copyfileobj(g, f)
    rss, secs = [], []
    for _ in range(reps):
        ws = init_ws(crp, root)
        try:
            args = ["--state", "Morocco", "--language", "ar", "--item", "2", "--received", "2020-09-18",
                    "--max-bytes", str(fsize + (1 << 20)), "--workspace", ws]
            checked([crp, "register", first] + args, env=env(), what="registering the stored submission")
            shutil.rmtree(os.path.join(ws, ".crp"), ignore_errors=True)
            t, r = run([crp, "register", second] + args, env=env())
            secs.append(t)
            rss.append(r)
        finally:
            shutil.rmtree(ws, ignore_errors=True)
    rc = max(rss)
    label = f"{mb(fsize)} windows-1256, store holding one"
    row("register peak RSS", label, statistics.median(secs), "64 MiB", None, rc / 2**20 / 64, "<= 1.0 (of 64 MiB)", rc <= 64 * 2**20, rc)
    results["intake_stored"] = {"file_bytes": fsize, "crp_s": statistics.median(secs), "crp_peak_rss": rc}
    os.remove(first)
    os.remove(second)


PARA = ("States parties are encouraged to strengthen international cooperation in criminal matters, including "
        "mutual legal assistance and extradition, and to share information on good practices with the "
        "Secretariat, in line with the Convention and the Protocols thereto. ")


def write_paper(ws, items):
    """Rewrites paper.yaml with `items` agenda items (keeping the reference masthead)."""
    src = open(os.path.join(ws, "paper.yaml"), encoding="utf-8").read()
    head = src[: src.index("\nitems:") + 1]
    lines = ["items:"]
    for n in range(1, items + 1):
        lines += [f"  - number: {n}", f"    title: \"Agenda item title number {n}\"", "    points:",
                  "      - \"States should consider the first discussion point;\"", "      - \"States should consider the second discussion point.\""]
    open(os.path.join(ws, "paper.yaml"), "w", encoding="utf-8").write(head + "\n".join(lines) + "\n")


def state_names():
    names = []
    for line in open(os.path.join(REPO, "Locales", "states.yaml"), encoding="utf-8"):
        line = line.strip()
        if line.startswith("- name:"):
            names.append(json.loads(line[len("- name:"):].strip()))
    return names


def clone_store(template_ws, target, count, states):
    """Makes a store of `count` submissions by copying one registered submission folder under new
    ids (valid records: verify checks each one)."""
    shutil.copytree(template_ws, target, ignore=shutil.ignore_patterns(".crp"))
    src = [d for d in os.listdir(template_ws) if not d.startswith(".") and os.path.isdir(os.path.join(template_ws, d))][0]
    rec = json.load(open(os.path.join(template_ws, src, "submission.json")))
    for k in range(count - 1):
        nid = f"bench-{k:06d}-{uuid.uuid4().hex[:8]}"
        dst = os.path.join(target, nid)
        shutil.copytree(os.path.join(template_ws, src), dst)
        rec2 = dict(rec, id=nid, state=states[k % len(states)])
        p = os.path.join(dst, "submission.json")
        with open(p, "w") as f:
            json.dump(rec2, f, indent=2, sort_keys=True)
        rechain(dst)


def rechain(folder):
    """Links a copied (linear) history to its new registration again, as crp would have written it:
    each event names the record before it with the SHA-256 of its bytes (verify checks the chain)."""
    prev = ("submission.json", hashlib.sha256(open(os.path.join(folder, "submission.json"), "rb").read()).hexdigest())
    events = os.path.join(folder, "events")
    for name in sorted(n for n in os.listdir(events) if n.endswith(".json") and not n.startswith(".")):
        p = os.path.join(events, name)
        ev = json.load(open(p, encoding="utf-8"))
        if "after" in ev:
            ev["after"] = [{"file": prev[0], "sha256": prev[1]}]
        data = json.dumps(ev, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")
        with open(p, "wb") as f:
            f.write(data)
        prev = ("events/" + name, hashlib.sha256(data).hexdigest())


def bench_compile(crp, root, n_states, n_items, words, reps, results):
    ws = init_ws(crp, root)
    write_paper(ws, n_items)
    states = state_names()[:n_states]
    per = max(1, words // len(PARA.split()))
    folder = os.path.join(root, "comments")
    os.makedirs(folder, exist_ok=True)
    rows = ["file,state,language,items,received"]
    for si, s in enumerate(states):
        for it in range(1, n_items + 1):
            name = f"c{si:03d}-{it}.txt"
            body = "\n\n".join(f"({chr(97 + k % 26)}) {s} comment {it}.{k}: {PARA}" for k in range(per))
            open(os.path.join(folder, name), "w", encoding="utf-8").write(body + "\n")
            rows.append(f"{name},\"{s}\",en,{it},2020-09-20")
    manifest = os.path.join(root, "manifest.csv")
    open(manifest, "w", encoding="utf-8").write("\n".join(rows) + "\n")
    run([crp, "import-folder", folder, "--manifest", manifest, "--workspace", ws], env=env())
    # The store must hold every submission before compiling it: an empty or partial store would
    # make a fast, meaningless figure.
    registered = len(json.loads(checked([crp, "status", "--json", "--workspace", ws], env=env(), what="status")))
    if registered != len(rows) - 1:
        raise SystemExit(f"the store holds {registered} submissions, {len(rows) - 1} were imported")
    md = os.path.join(root, "paper.md")
    run([crp, "compile", "--all", "--format", "md", "--output", md, "--workspace", ws], env=env())
    nwords = len(open(md, encoding="utf-8").read().split())
    pandoc = shutil.which("pandoc")
    if not pandoc:
        raise SystemExit("pandoc is missing: apt-get install pandoc")
    out = {}
    for fmt in ["docx", "html"]:
        target = os.path.join(root, "paper." + fmt)
        extra = ["--standalone", "--metadata", "title=CRP"] if fmt == "html" else []
        tc, tp, ratio, rc, rp = paired(
            reps, lambda: run([crp, "compile", "--all", "--format", fmt, "--output", target, "--workspace", ws], env=env()),
            lambda: run([pandoc, md, "-f", "markdown", "-t", fmt, "-o", os.path.join(root, "pandoc." + fmt)] + extra))
        label = f"{n_states}x{n_items}, {nwords} words"
        speedup = 1 / ratio
        row(f"compile {fmt} vs pandoc (speed-up)", label, tc, "pandoc", tp, speedup, ">= 30", speedup >= 30, rc, rp)
        row(f"compile {fmt} peak RSS vs pandoc", label, None, "pandoc", None, rc / rp, "<= 0.125", rc / rp <= 0.125, rc, rp)
        out[fmt] = {"crp_s": tc, "pandoc_s": tp, "speedup_pandoc_over_crp": speedup, "crp_peak_rss": rc, "pandoc_peak_rss": rp}
    results["compile"] = dict(out, words=nwords, submissions=n_states * n_items)
    shutil.rmtree(ws)


def bench_status(crp, root, sizes, reps, results):
    template = init_ws(crp, root)
    run([crp, "register", os.path.join(FIX, "peru-item2.es.txt"), "--state", "Peru", "--language", "es", "--item", "2",
         "--received", "2020-09-20", "--workspace", template], env=env())
    sub = [d for d in os.listdir(template) if not d.startswith(".") and os.path.isdir(os.path.join(template, d))][0]
    run([crp, "translate", sub, os.path.join(FIX, "peru-item2.en.txt"), "--workspace", template], env=env())
    states = state_names()
    res = {}
    for n in sizes:
        ws = os.path.join(root, f"store-{n}")
        clone_store(template, ws, n, states)
        run([crp, "status", "--json", "--workspace", ws], stdout=os.path.join(root, "warm.json"), env=env())  # warm cache
        ts, tcat, rs_ratio, rs, rcat = paired(
            reps, lambda: run([crp, "status", "--json", "--workspace", ws], stdout=os.path.join(root, "status.json"), env=env()),
            lambda: run(["find", ws, "-name", "submission.json", "-exec", "cat", "{}", "+"], stdout=os.path.join(root, "cat.out")))
        count = len(json.load(open(os.path.join(root, "status.json"))))
        if count != n:
            raise SystemExit(f"status listed {count} of {n} submissions")
        tv, tsha, rv_ratio, rv, rsha = paired(
            reps, lambda: run([crp, "verify", "--workspace", ws], env=env()),
            lambda: run(["find", ws, "-type", "f", "-exec", "sha256sum", "{}", "+"], stdout=os.path.join(root, "sha.out")))
        row("status --json vs find -exec cat", f"{n} submissions", ts, "cat", tcat, rs_ratio, "<= 1.0", rs_ratio <= 1.0, rs, rcat)
        row("verify vs find -exec sha256sum", f"{n} submissions", tv, "sha256sum", tsha, rv_ratio, "<= 3.0", rv_ratio <= 3.0, rv, rsha)
        res[n] = {"status_s": ts, "cat_s": tcat, "status_over_cat": rs_ratio, "status_rss": rs,
                  "verify_s": tv, "sha256sum_s": tsha, "verify_over_sha256sum": rv_ratio, "verify_rss": rv}
        shutil.rmtree(ws)
    if len(sizes) == 2:
        a, b = sizes
        grow = b / a
        for key, floor_key, name in [("status_s", "cat_s", "status --json"), ("verify_s", "sha256sum_s", "verify")]:
            g = res[b][key] / res[a][key]
            gf = res[b][floor_key] / res[a][floor_key]
            row(f"growth {name} x{grow:.0f} submissions", f"{a} -> {b}", res[b][key], f"floor x{gf:.1f}", None, g,
                f"<= x{grow:.0f} (linear)", g <= grow * 1.1, None)
    results["status"] = res


def bench_help(crp, reps, results):
    ts = sorted(run([crp, "--help"])[0] for _ in range(reps))
    med = statistics.median(ts)
    results["help"] = {"median_s": med, "min_s": ts[0]}
    row("crp --help", f"{reps} runs", med, "50 ms", 0.05, med / 0.05, "<= 1.0", med <= 0.05, None)


def bench_sync(crp, root, n_a, n_b, reps, results):
    """crp sync vs plain git (Benchmarks/sync.py)."""
    sys.path.insert(0, HERE)
    import sync
    sync.bench(sys.modules[__name__], crp, root, n_a, n_b, reps, results)


def main():
    if len(sys.argv) > 3 and sys.argv[1] == "--measure":
        measure(sys.argv[2], sys.argv[4:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--crp", default=os.path.join(REPO, ".build-release", "release", "crp"))
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition (CI)")
    ap.add_argument("--json", help="also write the table and figures to this JSON file")
    ap.add_argument("--reps", type=int, default=3, help="repetitions of each measurement (median reported)")
    ap.add_argument("--only", default="intake,compile,status,help,sync", help="comma-separated subset to run (also: tm, Benchmarks/tm.py; desk, Benchmarks/desk.py)")
    ap.add_argument("--sizes", default="20000000,50000000,200000000", help="intake file sizes in bytes")
    a = ap.parse_args()
    if not os.path.exists(a.crp):
        raise SystemExit(f"{a.crp} not found: build it with `swift build -c release --scratch-path .build-release`")
    root = tempfile.mkdtemp(prefix="crp-bench-")
    results = {"crp": a.crp, "smoke": a.smoke}
    try:
        only = set(a.only.split(","))
        if a.smoke:
            plan = [("intake", lambda: bench_intake(a.crp, root, [200_000], 1, results)),
                    ("intake", lambda: bench_intake_stored(a.crp, root, 200_000, 1, results)),
                    ("compile", lambda: bench_compile(a.crp, root, 3, 2, 300, 1, results)),
                    ("status", lambda: bench_status(a.crp, root, [20, 200], 1, results)),
                    ("help", lambda: bench_help(a.crp, 3, results)),
                    ("sync", lambda: bench_sync(a.crp, root, 50, 5, 1, results))]
        else:
            sizes = [int(x) for x in a.sizes.split(",")]
            plan = [("intake", lambda: bench_intake(a.crp, root, sizes, a.reps, results)),
                    ("intake", lambda: bench_intake_stored(a.crp, root, 100_000_000, a.reps, results)),
                    ("compile", lambda: bench_compile(a.crp, root, 193, 8, 650, a.reps, results)),
                    ("status", lambda: bench_status(a.crp, root, [1000, 10000], a.reps, results)),
                    ("help", lambda: bench_help(a.crp, 21, results)),
                    ("sync", lambda: bench_sync(a.crp, root, 10000, 1000, a.reps, results)),
                    # The web desk under load (Benchmarks/desk.py): opt in with --only …,desk (needs crp-serve and wrk).
                    ("desk", lambda: __import__("desk").bench_desk(a.crp, root, 10000, 50, 15, results))]
        # The translation memory (issue 24) has its own script and table: Benchmarks/tm.py.
        tm_args = ["--smoke"] if a.smoke else []
        plan.append(("tm", lambda: subprocess.run([sys.executable, os.path.join(HERE, "tm.py"), "--crp", a.crp] + tm_args, check=True)))
        for name, step in plan:
            if name in only:
                step()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print()
    print_table()
    if a.json:
        results["table"] = ROWS
        json.dump(results, open(a.json, "w"), indent=2)
    print("benchmarks: done")


if __name__ == "__main__":
    main()
