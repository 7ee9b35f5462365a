#!/usr/bin/env python3
"""Translation memory benchmark (issue 24).

Makes its own memory (N units es->en, Zipf-distributed made-up vocabulary, 8-30 words a sentence)
and a 5,000-word submission whose sentences are copies of memory units, copies with 1-2, 3-4 or 5+
words changed, and new sentences. Then, in the same run:

  - `crp tm import` of the memory (time, peak RSS);
  - `crp show ID --matches --json`: every sentence of the submission against the memory through
    the index (time, peak RSS: the goal is <= 2 s and <= 256 MiB at 1,000,000 units);
  - the same with `--full-scan` (every unit compared): recall of the index per band;
  - the peer: Translate Toolkit's matcher (translate.search.match.matcher, what pot2po uses; the
    tmserver/build_tmdb of older releases are not in Translate Toolkit 3.x) on the same lookups
    over the first P units (time of its lookups alone, peak RSS, recall against crp's full scan),
    and crp over the same P units, for the ratio.

  python3 Benchmarks/tm.py                      # N = 1,000,000, P = 20,000
  python3 Benchmarks/tm.py --units 100000 --peer-units 10000
  python3 Benchmarks/tm.py --smoke              # tiny sizes: checks that the script works
"""
import argparse, json, os, random, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FIX = os.path.join(REPO, "Tests", "Fixtures", "ctoc-cop-2020")
sys.path.insert(0, HERE)
from run import run, checked  # noqa: E402  (the one measuring helper: time and peak RSS of a child)


def vocabulary(rng, n):
    syll = ["ra", "to", "me", "si", "la", "co", "pe", "du", "na", "vi", "ter", "mon", "sal", "per", "cion", "dad", "es", "ul", "gra", "bri"]
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))))
    words = sorted(words)
    cum, total = [], 0.0
    for i in range(n):
        total += 1.0 / (i + 1)
        cum.append(total)
    return words, cum


def sentence(rng, words, weights, k=None):
    k = k or rng.randint(8, 30)
    return rng.choices(words, cum_weights=weights, k=k)


def mutate(rng, toks, words, changes):
    t = list(toks)
    for _ in range(changes):
        t[rng.randrange(len(t))] = rng.choice(words[1000:])
    return t


def text(toks):
    s = " ".join(toks)
    return s[0].upper() + s[1:] + "."


def write_tmx(path, units):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="es" datatype="plaintext"/>\n<body>\n')
        for i, s in enumerate(units):
            f.write(f'<tu><tuv xml:lang="es"><seg>{text(s)}</seg></tuv><tuv xml:lang="en"><seg>Translation {i}.</seg></tuv></tu>\n')
        f.write("</body>\n</tmx>\n")


PEER = r'''
import json, sys, time
from translate.storage import tmx
from translate.search import match
store = tmx.tmxfile.parsefile(sys.argv[1])
store.settargetlanguage("en"); store.setsourcelanguage("es")
m = match.matcher(store, max_candidates=1, min_similarity=75, max_length=2000)
queries = json.load(open(sys.argv[2]))
t0 = time.perf_counter()
found = []
for q in queries:
    c = m.matches(q)
    found.append(len(c) > 0)
print(json.dumps({"lookup_seconds": time.perf_counter() - t0, "found": found}))
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--peer-units", type=int, default=20_000)
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--crp", default=os.path.join(REPO, ".build-release", "release", "crp"))
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--quick", action="store_true", help="import and index lookups only (no full scan, no peer)")
    a = ap.parse_args()
    if a.smoke:
        a.units, a.peer_units, a.words = 3000, 500, 800
    rng = random.Random(24)
    words, weights = vocabulary(rng, 50_000)
    tmp = tempfile.mkdtemp(prefix="crp-tm-bench-")
    env = dict(os.environ, CRP_USER="bench", CRP_NOW="2020-10-06T10:00:00Z", NO_COLOR="1")
    try:
        # The submission first, from units that will be in the memory (the first peer_units of
        # them, so that the peer's smaller memory holds them too).
        memory = [sentence(rng, words, weights) for _ in range(a.units)]
        sub, total, kinds = [], 0, []
        while total < a.words:
            r = rng.random()
            src = memory[rng.randrange(min(a.peer_units, a.units))]
            if r < 0.2: toks, kind = src, "exact"
            elif r < 0.4: toks, kind = mutate(rng, src, words, rng.randint(1, 2)), "1-2 changed"
            elif r < 0.6: toks, kind = mutate(rng, src, words, rng.randint(3, 4)), "3-4 changed"
            else: toks, kind = sentence(rng, words, weights), "new"
            sub.append(toks); kinds.append(kind); total += len(toks)
        paras = [" ".join(text(s) for s in sub[i:i + 5]) for i in range(0, len(sub), 5)]
        with open(os.path.join(tmp, "sub.es.txt"), "w") as f:
            f.write("\n\n".join(paras) + "\n")
        write_tmx(os.path.join(tmp, "big.tmx"), memory)
        write_tmx(os.path.join(tmp, "peer.tmx"), memory[:a.peer_units])
        size = os.path.getsize(os.path.join(tmp, "big.tmx"))
        rows = []

        def workspace(name, tmxname):
            ws = os.path.join(tmp, name)
            checked([a.crp, "init", ws, "--from", os.path.join(FIX, "paper.yaml")], env=env, what="init")
            sid = checked([a.crp, "register", os.path.join(tmp, "sub.es.txt"), "--state", "Chile", "--language", "es", "--item", "2", "--received", "2020-09-20", "--workspace", ws], env=env, what="register").strip()
            t, rss = run([a.crp, "tm", "import", os.path.join(tmp, tmxname), "--origin", "bench", "--workspace", ws], env=env)
            return ws, sid, t, rss

        ws, sid, t, rss = workspace("big", "big.tmx")
        rows.append((f"tm import {a.units:,} units ({size / 2**20:.0f} MiB TMX)", t, rss))
        times = []
        for _ in range(3):
            out = os.path.join(tmp, "idx.json")
            t, rss = run([a.crp, "show", sid, "--matches", "--json", "--workspace", ws], stdout=out, env=env)
            times.append((t, rss))
        t, rss = sorted(times)[1]
        rows.append((f"lookups: {len(sub)} sentences ({total} words) vs {a.units:,} units, index", t, rss))
        idx = json.load(open(os.path.join(tmp, "idx.json")))
        if a.quick:
            for name, t, rss in rows:
                print(f"{name:70} {t:9.3f} {rss / 2**20:8.1f} MiB")
            return
        scan_out = os.path.join(tmp, "scan.json")
        t, rss = run([a.crp, "show", sid, "--matches", "--json", "--full-scan", "--workspace", ws], stdout=scan_out, env=env)
        rows.append((f"same lookups, full scan of {a.units:,} units", t, rss))
        scan = json.load(open(scan_out))

        def recall(lo, hi):
            want = [i for i, s in enumerate(scan) if s.get("quality") is not None and lo <= s["quality"] <= hi]
            got = [i for i in want if idx[i].get("quality") == scan[i]["quality"]]
            return len(got), len(want)

        # The peer over the first peer_units units, and crp over the same.
        pws, psid, _, _ = workspace("peer", "peer.tmx")
        t, rss = run([a.crp, "show", psid, "--matches", "--json", "--workspace", pws], stdout=os.path.join(tmp, "pidx.json"), env=env)
        crp_small = (t, rss)
        run([a.crp, "show", psid, "--matches", "--json", "--full-scan", "--workspace", pws], stdout=os.path.join(tmp, "pscan.json"), env=env)
        pscan = json.load(open(os.path.join(tmp, "pscan.json")))
        json.dump([s["sentence"] for s in pscan], open(os.path.join(tmp, "q.json"), "w"))
        with open(os.path.join(tmp, "peer.py"), "w") as f:
            f.write(PEER)
        pt, prss = run([sys.executable, os.path.join(tmp, "peer.py"), os.path.join(tmp, "peer.tmx"), os.path.join(tmp, "q.json")], stdout=os.path.join(tmp, "peer.json"), env=env)
        peer = json.load(open(os.path.join(tmp, "peer.json")))
        want = [i for i, s in enumerate(pscan) if s.get("quality") is not None]
        peer_recall = sum(1 for i in want if peer["found"][i])
        pidx = json.load(open(os.path.join(tmp, "pidx.json")))
        crp_recall = sum(1 for i in want if pidx[i].get("quality") == pscan[i]["quality"])

        print(f"\nTranslation memory benchmark: {len(sub)} sentences, {total} words; memory {a.units:,} units es->en\n")
        print(f"{'figure':70} {'seconds':>9} {'peak RSS':>10}")
        for name, t, rss in rows:
            print(f"{name:70} {t:9.3f} {rss / 2**20:8.1f} MiB")
        print(f"\nGoal at 1,000,000 units: lookups <= 2 s and <= 256 MiB.")
        print("\nRecall of the index against the full scan (sentences whose best match the scan puts in the band, found at the same quality):")
        for lo, hi in [(75, 84), (85, 94), (95, 99), (100, 101)]:
            g, w = recall(lo, hi)
            print(f"  {lo}-{hi}: {g}/{w} = {100.0 * g / w if w else 100.0:.2f} %")
        print(f"\nPeer at {a.peer_units:,} units (the same sentences):")
        print(f"  crp show --matches (whole command: start, store, index, lookups): {crp_small[0]:.3f} s, {crp_small[1] / 2**20:.1f} MiB")
        print(f"  Translate Toolkit matcher, lookups alone (loading the TMX not counted): {peer['lookup_seconds']:.3f} s; whole process {pt:.3f} s, {prss / 2**20:.1f} MiB")
        print(f"  ratio (peer lookups alone / crp whole command): {peer['lookup_seconds'] / crp_small[0]:.1f}x  (goal >= 10x)")
        print(f"  recall of the >= 75 % matches crp's full scan finds: crp {crp_recall}/{len(want)}, Translate Toolkit {peer_recall}/{len(want)} (its own similarity: characters)")
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
