#!/usr/bin/env python3
"""test-crash.py: commits killed with SIGKILL at random moments, in the
style of SQLite's crash tests. Runs inside tests/keyring-session.sh
(unlocked); output is TAP.

One vault with one photo. For each seed, tests/crash-writer.c commits
numbered notes through the store (each its own transaction and audit entry)
and prints each one's number and UUID only after its COMMIT returned; it is
killed with SIGKILL a random 5-300 ms (random.Random(seed)) after it started
(a quarter of the seeds) or after its first commit (the others).
Then the vault is reopened and each seed is checked completely:

- every note the writer printed is in the vault, with its text;
- at most one note more than it printed (the commit whose line was lost);
- PRAGMA integrity_check is "ok" and PRAGMA cipher_integrity_check is
  clean (the sqlcipher CLI, with the key from the keyring);
- `review audit verify` exits 0.

The next seed goes on on the same vault, for 200 seeds (1-200, 201-400, ...
each on a vault of its own). 200 seeds, 2000 with REVIEW_TEST_LONG=1
(build-aux/test --long). REVIEW_CRASH_SEEDS=A-B runs the seeds A to B only,
on a new vault: every failure names its seed.
"""
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

R = os.environ["REVIEW_BIN"]
WRITER = os.environ["REVIEW_CRASH_WRITER"]
GEN = os.environ["REVIEW_GEN_PHOTOS"]
LONG = os.environ.get("REVIEW_TEST_LONG", "") not in ("", "0")
GROUP = 200

n = 0


def tap(ok, desc, detail=()):
    global n
    n += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n, desc))
    for line in list(detail)[:30]:
        print("# " + line)
    sys.stdout.flush()


def seeds():
    spec = os.environ.get("REVIEW_CRASH_SEEDS", "")
    if spec:
        a, _, b = spec.partition("-")
        return range(int(a), int(b or a) + 1)
    return range(1, (2000 if LONG else 200) + 1)


def vault_key(vault):
    vid = json.load(open(os.path.join(vault, "vault.json")))["vault_id"]
    return subprocess.check_output(["secret-tool", "lookup", "xdg:schema", "com.example.Review.VaultKey",
                                    "vault-id", vid], text=True).strip()


def inspect(vault, key):
    """Integrity, cipher integrity and the crash notes, through sqlcipher."""
    sql = ("PRAGMA key=\"x'%s'\";\n.print @IC\nPRAGMA integrity_check;\n.print @CIC\n"
           "PRAGMA cipher_integrity_check;\n.print @NOTES\n"
           "SELECT uuid || ' ' || text FROM notes WHERE text LIKE 'crash note %%';\n" % key)
    p = subprocess.run(["sqlcipher", os.path.join(vault, "vault.db")], input=sql, text=True,
                       capture_output=True)
    sections = {}
    current = None
    for line in p.stdout.splitlines():
        if line.startswith("@"):
            current = sections.setdefault(line[1:], [])
        elif current is not None:
            current.append(line)
    notes = {}
    for line in sections.get("NOTES", []):
        uuid, text = line.split(" ", 1)
        notes[uuid] = int(text[len("crash note "):])
    return p.returncode, p.stderr, sections.get("IC"), sections.get("CIC"), notes


def main():
    work = tempfile.mkdtemp(prefix="review-crash-", dir=os.environ.get("TMPDIR"))
    subprocess.check_call([GEN, os.path.join(work, "photos"), "1", "--width=64", "--height=48"],
                          stdout=subprocess.DEVNULL)

    failures = {"lost": [], "extra": [], "integrity": [], "cipher": [], "audit": [], "writer": []}
    group = None
    lost_count = 0
    commits = 0
    mid_commits = 0         # seeds killed after their first commit
    started = time.monotonic()
    run = list(seeds())
    for seed in run:
        # A new vault for every GROUP seeds (1-200, 201-400, ...): the long
        # run kills writers on vaults of the same size as the normal run.
        if (seed - 1) // GROUP != group or group is None:
            group = (seed - 1) // GROUP
            vault = os.path.join(work, "vault-%d" % group)
            subprocess.check_call([R, "--vault=" + vault, "vault", "create"], stdout=subprocess.DEVNULL)
            subprocess.check_call([R, "--vault=" + vault, "import", os.path.join(work, "photos")],
                                  stdout=subprocess.DEVNULL)
            key = vault_key(vault)
            printed_all = {}        # uuid -> number, every line a writer printed
            lost_before = set()     # reported once, at the seed that lost them
            next_number = 0
        # A quarter of the kills come 5-300 ms after the writer started (in
        # opening the vault or in its first commits), the rest 5-300 ms
        # after its first commit was printed, however long starting took.
        rng = random.Random(seed)
        from_start = rng.random() < 0.25
        delay = rng.uniform(0.005, 0.300)
        out_path = os.path.join(work, "out")
        with open(out_path, "wb") as out, open(os.path.join(work, "err"), "wb") as err:
            w = subprocess.Popen([WRITER, "--vault=" + vault, "--start=%d" % next_number],
                                 stdout=out, stderr=err)
            if not from_start:
                limit = time.monotonic() + 10
                while (os.path.getsize(out_path) == 0 and w.poll() is None and
                       time.monotonic() < limit):
                    time.sleep(0.001)
            time.sleep(delay)
            w.send_signal(signal.SIGKILL)
            status = w.wait()
        printed = {}
        for line in open(out_path).read().splitlines():
            number, uuid = line.split(" ")
            printed[uuid] = int(number)
        where = "seed %d (killed %.1f ms after %s)" % (seed, delay * 1000,
                                                       "it started" if from_start else "its first commit")
        if status != -signal.SIGKILL:
            failures["writer"].append("%s: the writer ended by itself (status %d): %s"
                                      % (where, status, open(os.path.join(work, "err")).read().strip()))
        if printed:
            mid_commits += 1
        printed_all.update(printed)
        commits += len(printed)

        # Both read the vault: the trail's check runs beside SQLite's.
        audit = subprocess.Popen([R, "--vault=" + vault, "audit", "verify"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        rc, stderr, ic, cic, notes = inspect(vault, key)
        lost = [u for u in printed_all if notes.get(u) != printed_all[u] and u not in lost_before]
        lost_before.update(lost)
        lost_count += len(lost)
        if rc != 0 or lost:
            failures["lost"].append("%s: %d of %d printed notes newly missing (sqlcipher status %d %s), e.g. %s"
                                    % (where, len(lost), len(printed_all), rc, stderr.strip(),
                                       lost[:3]))
        unprinted = [u for u in notes if u not in printed_all]
        if len(unprinted) > 1:
            failures["extra"].append("%s: %d committed notes were never printed" % (where, len(unprinted)))
        if ic != ["ok"]:
            failures["integrity"].append("%s: integrity_check says %s" % (where, ic))
        if cic != []:
            failures["cipher"].append("%s: cipher_integrity_check says %s" % (where, cic))
        audit_out = audit.communicate()[0]
        if audit.returncode != 0:
            failures["audit"].append("%s: audit verify exit %d: %s" % (where, audit.returncode,
                                                                       audit_out.strip()))
        # A note committed but not printed is the vault's too from now on.
        for u in unprinted:
            printed_all[u] = notes[u]
        next_number = max(notes.values(), default=-1) + 1
    elapsed = time.monotonic() - started

    k = len(run)
    tap(not failures["writer"], "the writer was running when killed, %d seeds" % k, failures["writer"])
    tap(not failures["lost"], "every note printed after its COMMIT is in the vault after %d kills" % k,
        failures["lost"])
    tap(not failures["extra"], "at most one note committed but not printed per kill", failures["extra"])
    tap(not failures["integrity"], "PRAGMA integrity_check is ok after every kill", failures["integrity"])
    tap(not failures["cipher"], "PRAGMA cipher_integrity_check is clean after every kill",
        failures["cipher"])
    tap(not failures["audit"], "review audit verify succeeds after every kill", failures["audit"])
    tap(mid_commits * 2 >= k, "most kills came after some commits (%d of %d)" % (mid_commits, k))
    from_start_kills = sum(1 for seed in run if random.Random(seed).random() < 0.25)
    print("# %d commits checked, %d lost, %d seeds (%d-%d, %d killed from the start), "
          "%d killed after commits, %.1f s"
          % (commits, lost_count, k, run[0], run[-1], from_start_kills, mid_commits, elapsed))
    print("1..%d" % n)
    subprocess.run(["rm", "-rf", work])


main()
