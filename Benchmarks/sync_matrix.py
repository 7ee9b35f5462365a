#!/usr/bin/env python3
"""Every order of sync between duty stations (issue 22): two and three sites register, translate,
amend and revise the same submission and their own ones, then sync in every order (twice round),
and must end with the same `crp status --json` everywhere and `crp verify` clean.

The suite keeps one representative case (Tests/SubmissionsTests/SyncTests.swift,
threeSitesInAnyOrder); this script runs the matrix and prints one line per case and a table.

    python3 Benchmarks/sync_matrix.py [--crp PATH] [--full]

Without --full, each site count runs every sync order with the work rotated over the sites (2 sites:
4 x 2 cases, 3 sites: 4 x 6); --full runs every assignment of the four kinds of work to the sites
(2 sites: 12 x 2, 3 sites: 24 x 6). Exits 1 if any case ends differently at two sites or verify
finds a problem.
"""
import argparse, itertools, os, subprocess, sys, tempfile, time, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FIX = os.path.join(REPO, "Tests", "Fixtures", "ctoc-cop-2020")
SITES = ["Vienna", "New York", "Geneva"]
STATES = ["Chile", "Mexico", "Spain", "Colombia", "Argentina", "Ecuador"]
WORK = ["translate", "amend", "revise", "register"]
ENV = dict(os.environ, CRP_LOCALES=os.path.join(REPO, "Locales"), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", GIT_TERMINAL_PROMPT="0",
           CRP_USER="bench", NO_COLOR="1", CRP_NOW="2020-09-25T10:00:00Z")


class Failed(Exception):
    pass


def run(crp, args, ws=None, ok=True):
    cmd = [crp] + args + (["--workspace", ws] if ws else [])
    r = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    if ok and r.returncode != 0:
        raise Failed(f"{' '.join(args)} at {os.path.basename(ws or '')}: exit {r.returncode}: {r.stderr.strip()[:400]}")
    return r


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def case(crp, root, n, work, order):
    """One case: n sites, site k does work[k] on the shared submission and registers its own."""
    spanish = open(os.path.join(FIX, "peru-item2.es.txt"), encoding="utf-8").read()
    english = open(os.path.join(FIX, "peru-item2.en.txt"), encoding="utf-8").read()
    remote = os.path.join(root, "shared.git")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", remote], check=True, env=ENV)
    sites = [os.path.join(root, f"site{k}") for k in range(n)]
    run(crp, ["init", sites[0], "--from", os.path.join(FIX, "paper.yaml"), "--remote", remote, "--site", SITES[0]])
    for k in range(1, n):
        run(crp, ["clone", remote, sites[k], "--site", SITES[k]])
    shared = run(crp, ["register", write(os.path.join(root, "shared.es.txt"), spanish), "--state", "Peru", "--language", "es",
                       "--item", "2"], sites[0]).stdout.strip()
    for s in sites:
        run(crp, ["sync"], s)
    for k, s in enumerate(sites):
        what = work[k]
        if what == "translate":
            run(crp, ["translate", shared, write(os.path.join(root, f"tr{k}.en.txt"), english + f"\nTranslated at {SITES[k]}.\n")], s)
        elif what == "amend":
            run(crp, ["amend", shared, "--item", "3", "--reason", f"Concerns item 3 ({SITES[k]})"], s)
        elif what == "revise":
            run(crp, ["revise", shared, write(os.path.join(root, f"rev{k}.es.txt"), spanish + f"\nTexto revisado en {SITES[k]}.\n"),
                      "--reason", "Revised by the State"], s)
        else:
            run(crp, ["register", write(os.path.join(root, f"same{k}.es.txt"), spanish + f"\nOtra nota de {SITES[k]}.\n"), "--state", "Peru",
                      "--language", "es", "--item", "2"], s)
        run(crp, ["register", write(os.path.join(root, f"own{k}.es.txt"), spanish + f"\nNota propia de {SITES[k]}.\n"),
                  "--state", STATES[k], "--language", "es", "--item", "2"], s)
    for _ in range(2):
        for k in order:
            run(crp, ["sync"], sites[k])
    statuses = [run(crp, ["status", "--json"], s).stdout for s in sites]
    if any(st != statuses[0] for st in statuses):
        raise Failed("the sites' `crp status --json` differ")
    for s in sites:
        v = run(crp, ["verify"], s, ok=False)
        if v.returncode != 0:
            raise Failed(f"verify at {os.path.basename(s)}: {v.stdout.strip()[:400]} {v.stderr.strip()[:400]}")
    return statuses[0].count('"id"')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--crp", default=os.path.join(REPO, ".build-release", "release", "crp"))
    ap.add_argument("--full", action="store_true", help="every assignment of the work to the sites")
    a = ap.parse_args()
    if not os.path.exists(a.crp):
        raise SystemExit(f"{a.crp} not found: build it with `swift build -c release --product crp --scratch-path .build-release`")
    # A copy of the binary: a build during the run does not change it under the cases.
    private = tempfile.mkdtemp(prefix="crp-sync-matrix-bin-")
    shutil.copy2(a.crp, os.path.join(private, "crp"))
    a.crp = os.path.join(private, "crp")
    rows, failures = [], 0
    for n in (2, 3):
        if a.full:
            works = list(itertools.permutations(WORK, n))
        else:
            works = [tuple(WORK[(r + k) % len(WORK)] for k in range(n)) for r in range(len(WORK))]
        orders = list(itertools.permutations(range(n)))
        passed, t0 = 0, time.time()
        for work in works:
            for order in orders:
                root = tempfile.mkdtemp(prefix="crp-sync-matrix-")
                label = f"{n} sites, " + ", ".join(f"{SITES[k]} {work[k]}s" for k in range(n)) + "; sync order " + " > ".join(SITES[k] for k in order)
                try:
                    count = case(a.crp, root, n, work, order)
                    passed += 1
                    print(f"  ok    {label} ({count} submissions everywhere, verify clean)", flush=True)
                except Failed as e:
                    failures += 1
                    print(f"  FAIL  {label}: {e}", flush=True)
                finally:
                    shutil.rmtree(root, ignore_errors=True)
        rows.append((n, len(works), len(orders), passed, len(works) * len(orders), time.time() - t0))
    print()
    print("| sites | work assignments | sync orders | cases passed | time |")
    print("|---|---|---|---|---|")
    for n, w, o, p, total, t in rows:
        print(f"| {n} | {w} | {o} | {p} / {total} | {t:.0f} s |")
    shutil.rmtree(private, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
