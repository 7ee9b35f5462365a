"""crp sync against plain git, in the same run (issue 22): 10,000 submissions at site A and 1,000
new ones at site B. Site B's first sync (record its 1,000, take in A's 10,000, send) and then a sync
with nothing new, each beside the same work done with plain git commands (add, commit, fetch, merge,
push) on an identical copy of site B and of the remote: the floor. Goal: <= 1.2x plain git.

Called by run.py (`--only sync`); `runner` is run.py's module (its timing, table and store helpers).
"""
import os, shutil, subprocess, uuid

PLAIN_FIRST = ("git add -A && git commit -q -m sync && git fetch -q --no-tags origin main && "
               "git merge -q --no-edit --no-ff FETCH_HEAD && git push -q origin HEAD:main")
PLAIN_AGAIN = ("git add -A && git diff --cached --quiet; git fetch -q --no-tags origin main && "
               "git merge -q --no-edit --no-ff FETCH_HEAD && git push -q origin HEAD:main")


def git_env(runner):
    return runner.env(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", GIT_AUTHOR_NAME="bench",
                      GIT_AUTHOR_EMAIL="bench@example.org", GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")


def fill(runner, template, ws, count, root):
    """Adds `count` submissions (copies of the template's one, under new ids) to the workspace `ws`."""
    tmp = os.path.join(root, "fill-" + uuid.uuid4().hex[:8])
    runner.clone_store(template, tmp, count + 1, runner.state_names())
    for d in os.listdir(tmp):
        if d.startswith("bench-"):
            shutil.move(os.path.join(tmp, d), os.path.join(ws, d))
    shutil.rmtree(tmp)


def copy_site(site, remote, root, tag):
    """An identical copy of site B and of the remote, the copy of B pointing at the copy of the remote."""
    b, r = os.path.join(root, f"b-{tag}"), os.path.join(root, f"remote-{tag}.git")
    for d in (b, r):
        shutil.rmtree(d, ignore_errors=True)
    subprocess.run(["cp", "-a", site, b], check=True)
    subprocess.run(["cp", "-a", remote, r], check=True)
    subprocess.run(["git", "-C", b, "remote", "set-url", "origin", r], check=True)
    return b


def bench(runner, crp, root, n_a, n_b, reps, results):
    e = git_env(runner)
    remote = os.path.join(root, "shared.git")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", remote], check=True, env=e)
    template = runner.init_ws(crp, root)
    runner.run([crp, "register", os.path.join(runner.FIX, "peru-item2.es.txt"), "--state", "Peru", "--language", "es",
                "--item", "2", "--received", "2020-09-20", "--workspace", template], env=e)
    first = os.path.join(root, "first")
    runner.checked([crp, "init", first, "--from", os.path.join(runner.FIX, "paper.yaml"), "--remote", remote], env=e)
    site_a, site_b = os.path.join(root, "site-a"), os.path.join(root, "site-b")
    runner.checked([crp, "clone", remote, site_a, "--site", "Vienna"], env=e)
    runner.checked([crp, "clone", remote, site_b, "--site", "New York"], env=e)
    fill(runner, template, site_a, n_a, root)
    t_a, _ = runner.run([crp, "sync", "--workspace", site_a], env=e)
    print(f"  … site A sends {n_a} submissions: {runner.fmt_s(t_a)}", flush=True)
    fill(runner, template, site_b, n_b, root)
    rounds = []
    for k in range(reps):
        bc = copy_site(site_b, remote, root, f"crp{k}")
        bg = copy_site(site_b, remote, root, f"git{k}")
        c1 = runner.run([crp, "sync", "--workspace", bc], env=e)
        g1 = runner.run(["sh", "-c", PLAIN_FIRST], env=e, cwd=bg)
        c2 = runner.run([crp, "sync", "--workspace", bc], env=e)
        g2 = runner.run(["sh", "-c", PLAIN_AGAIN], env=e, cwd=bg)
        rounds.append((c1, g1, c2, g2))
        got = int(subprocess.run(["sh", "-c", f"ls -d {bc}/*/ | wc -l"], capture_output=True, text=True).stdout)
        if got != n_a + n_b:
            raise SystemExit(f"site B holds {got} submissions after the sync, not {n_a + n_b}")
    med = lambda i: sorted(r[i][0] for r in rounds)[len(rounds) // 2]
    ratio = lambda i, j: sorted(r[i][0] / r[j][0] for r in rounds)[len(rounds) // 2]
    size = f"{n_a} at A + {n_b} new at B"
    r1, r2 = ratio(0, 1), ratio(2, 3)
    runner.row("crp sync (first) vs plain git", size, med(0), "git", med(1), r1, "<= 1.2", r1 <= 1.2,
               max(r[0][1] for r in rounds), max(r[1][1] for r in rounds))
    runner.row("crp sync (nothing new) vs plain git", size, med(2), "git", med(3), r2, "<= 1.2", r2 <= 1.2,
               max(r[2][1] for r in rounds), max(r[3][1] for r in rounds))
    results["sync"] = {"site_a_first_s": t_a, "first_s": med(0), "git_first_s": med(1), "first_over_git": r1,
                       "again_s": med(2), "git_again_s": med(3), "again_over_git": r2}
