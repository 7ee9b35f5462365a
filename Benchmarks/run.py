#!/usr/bin/env python3
"""RoomPaper benchmark runner.

Makes its own inputs, runs crp and its peers (uconv, pandoc) in the same run, and prints times,
ratios and peak memory (max RSS of the child process, from wait4).

  python3 Benchmarks/run.py                  # full run, release binary (.build/release/crp)
  python3 Benchmarks/run.py --smoke          # tiny sizes: checks that the runner works (CI)
  python3 Benchmarks/run.py --crp PATH       # another binary

Goals (issue 7): register of a 50 MB windows-1256 file <= 1.0x uconv's time, peak RSS <= 4x the
file; compile of 193 States x 8 items >= 10x faster than pandoc (DOCX and HTML); status --json under
0.3 s at 10 000 submissions with linear growth from 1 000; crp --help under 50 ms.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time, uuid

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
    return f"{x / 1e6:.1f} MB"


def bench_intake(crp, root, size, reps, results):
    arabic = open(os.path.join(FIX, "morocco-item2.ar.txt"), encoding="utf-8").read().strip().split("\n\n")
    chunks, total, i = [], 0, 0
    while total < size:
        p = arabic[i % len(arabic)] + "\r\n\r\n"
        b = p.encode("cp1256")
        chunks.append(b)
        total += len(b)
        i += 1
    path = os.path.join(root, "arabic-1256.txt")
    with open(path, "wb") as f:
        f.write(b"".join(chunks))
    fsize = os.path.getsize(path)
    uconv = shutil.which("uconv")
    if not uconv:
        raise SystemExit("uconv is missing: apt-get install icu-devtools")
    tu, ru = best(reps, lambda: run([uconv, "-f", "windows-1256", "-t", "utf-8", "-x", "nfc", path], stdout=os.path.join(root, "uconv.out")))

    def reg():
        ws = init_ws(crp, root)
        r = run([crp, "register", path, "--state", "Morocco", "--language", "ar", "--item", "2", "--received", "2020-09-18", "--workspace", ws], env=env())
        shutil.rmtree(ws)
        return r
    tc, rc = best(reps, reg)
    results["intake"] = {"file_bytes": fsize, "crp_s": tc, "uconv_s": tu, "time_ratio_crp_over_uconv": tc / tu,
                         "crp_peak_rss": rc, "rss_over_file": rc / fsize, "uconv_peak_rss": ru}
    print(f"1. register {mb(fsize)} windows-1256 Arabic: crp {tc:.3f} s, uconv {tu:.3f} s -> crp/uconv = {tc / tu:.2f} (goal <= 1.0); "
          f"crp peak RSS {mb(rc)} = {rc / fsize:.2f}x the file (goal <= 4)")


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
    t0 = time.perf_counter()
    help_out = checked([crp, "--help"], what="crp --help")
    if "import-folder" in help_out:
        checked([crp, "import-folder", folder, "--manifest", manifest, "--workspace", ws], env=env(), what="import-folder")
    else:
        for r in rows[1:]:
            name, rest = r.split(",", 1)
            state = rest.split('"')[1]
            item = rest.rsplit(",", 2)[1]
            run([crp, "register", os.path.join(folder, name), "--state", state, "--language", "en", "--item", item,
                 "--received", "2020-09-20", "--workspace", ws], env=env())
    setup = time.perf_counter() - t0
    # The store must hold every submission before compiling it: an empty or partial store would
    # make a fast, meaningless figure.
    registered = len(json.loads(checked([crp, "status", "--json", "--workspace", ws], env=env(), what="status")))
    if registered != len(rows) - 1:
        raise SystemExit(f"the store holds {registered} submissions, {len(rows) - 1} were imported")
    md = os.path.join(root, "paper.md")
    run([crp, "compile", "--all", "--format", "md", "--output", md, "--workspace", ws], env=env())
    nwords = len(open(md, encoding="utf-8").read().split())
    out = {}
    for fmt in ["docx", "html"]:
        target = os.path.join(root, "paper." + fmt)
        tc, rc = best(reps, lambda: run([crp, "compile", "--all", "--format", fmt, "--output", target, "--workspace", ws], env=env()))
        pandoc = shutil.which("pandoc")
        if not pandoc:
            raise SystemExit("pandoc is missing: apt-get install pandoc")
        extra = ["--standalone", "--metadata", "title=CRP"] if fmt == "html" else []
        tp, rp = best(reps, lambda: run([pandoc, md, "-f", "markdown", "-t", fmt, "-o", os.path.join(root, "pandoc." + fmt)] + extra))
        out[fmt] = {"crp_s": tc, "pandoc_s": tp, "speedup_pandoc_over_crp": tp / tc, "crp_peak_rss": rc, "pandoc_peak_rss": rp}
        print(f"2. compile {n_states} States x {n_items} items ({nwords} words) to {fmt}: crp {tc:.3f} s, pandoc {tp:.3f} s "
              f"-> pandoc/crp = {tp / tc:.1f}x (goal >= 10); peak RSS crp {mb(rc)}, pandoc {mb(rp)}")
    results["compile"] = dict(out, words=nwords, submissions=n_states * n_items, setup_s=setup)
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
        ts, rs = best(reps, lambda: run([crp, "status", "--json", "--workspace", ws], stdout=os.path.join(root, "status.json"), env=env()))
        count = len(json.load(open(os.path.join(root, "status.json"))))
        assert count == n, f"status listed {count} of {n}"
        tv, rv = best(max(1, reps // 2), lambda: run([crp, "verify", "--workspace", ws], env=env()))
        res[n] = {"status_s": ts, "status_rss": rs, "verify_s": tv, "verify_rss": rv}
        print(f"3. store of {n}: status --json {ts:.3f} s (goal < 0.3 s at 10 000), verify {tv:.3f} s; peak RSS {mb(rs)} / {mb(rv)}")
        shutil.rmtree(ws)
    if len(sizes) == 2:
        a, b = sizes
        grow = b / a
        print(f"   growth x{grow:.0f} in size: status x{res[b]['status_s'] / res[a]['status_s']:.1f}, verify x{res[b]['verify_s'] / res[a]['verify_s']:.1f} (linear = x{grow:.0f})")
    results["status"] = res


def bench_help(crp, reps, results):
    ts = sorted(run([crp, "--help"])[0] for _ in range(reps))
    med = statistics.median(ts)
    results["help"] = {"median_s": med, "min_s": ts[0]}
    print(f"4. crp --help: median {med * 1000:.1f} ms, best {ts[0] * 1000:.1f} ms over {reps} runs (goal < 50 ms)")


def main():
    if len(sys.argv) > 3 and sys.argv[1] == "--measure":
        measure(sys.argv[2], sys.argv[4:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--crp", default=os.path.join(REPO, ".build", "release", "crp"))
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition (CI)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--only", default="intake,compile,status,help", help="comma-separated subset to run")
    a = ap.parse_args()
    if not os.path.exists(a.crp):
        raise SystemExit(f"{a.crp} not found: build it with `swift build -c release`")
    root = tempfile.mkdtemp(prefix="crp-bench-")
    results = {"crp": a.crp, "smoke": a.smoke}
    try:
        only = set(a.only.split(","))
        if a.smoke:
            plan = [("intake", lambda: bench_intake(a.crp, root, 200_000, 1, results)),
                    ("compile", lambda: bench_compile(a.crp, root, 3, 2, 300, 1, results)),
                    ("status", lambda: bench_status(a.crp, root, [20, 200], 1, results)),
                    ("help", lambda: bench_help(a.crp, 3, results))]
        else:
            plan = [("intake", lambda: bench_intake(a.crp, root, 50_000_000, 3, results)),
                    ("compile", lambda: bench_compile(a.crp, root, 193, 8, 650, 3, results)),
                    ("status", lambda: bench_status(a.crp, root, [1000, 10000], 3, results)),
                    ("help", lambda: bench_help(a.crp, 21, results))]
        for name, step in plan:
            if name in only:
                step()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if a.json:
        json.dump(results, open(a.json, "w"), indent=2)
    print("benchmarks: done")


if __name__ == "__main__":
    main()
