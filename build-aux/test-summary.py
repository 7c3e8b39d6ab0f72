#!/usr/bin/env python3
"""Reads meson's testlog.json and prints a summary that counts test cases:
each TAP line of a TAP test (every GTest case, every script check) and each
non-TAP test as one. A skipped case is reported as skipped; a test that timed
out or died counts as failed even if some of its cases passed. The last line
is "N passed, N failed[, N skipped]". Exit status 1 if anything failed."""
import json
import re
import sys

path = sys.argv[1]
passed = failed = skipped = 0
rows = []
try:
    entries = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
except FileNotFoundError:
    print("test-summary: no test log: the build or the test run failed before any test ran")
    print("0 passed, 1 failed")
    sys.exit(1)

TAP = re.compile(r"^(not )?ok\b(?:\s+\d+)?(?:\s*-?\s*)(.*)$")
for e in entries:
    name = e.get("name", "?")
    result = e.get("result", "?")
    out = e.get("stdout") or ""
    p = f = s = 0
    failures = []
    if e.get("protocol") == "tap" or re.search(r"^1\.\.\d+", out, re.M):
        for line in out.splitlines():
            m = TAP.match(line)
            if not m:
                continue
            desc = m.group(2)
            if re.search(r"#\s*SKIP", desc, re.I):
                s += 1
            elif re.search(r"#\s*TODO", desc, re.I):
                # A known gap: its failure is expected (counted with the
                # skipped); the day it passes, the list of gaps is wrong.
                if m.group(1):
                    s += 1
                else:
                    f += 1
                    failures.append(desc + " (a known gap that now passes: take it off the list)")
            elif m.group(1):
                f += 1
                failures.append(desc)
            else:
                p += 1
        if result in ("TIMEOUT", "ERROR", "FAIL") and f == 0:
            f += 1
            failures.append(f"(the test ended with {result})")
        elif result == "TIMEOUT":
            f += 1
            failures.append("(timed out)")
    else:
        if result in ("OK", "EXPECTEDFAIL"):
            p = 1
        elif result == "SKIP":
            s = 1
        else:
            f = 1
            failures.append(result)
    passed += p
    failed += f
    skipped += s
    rows.append((name, result, p, f, s, failures))

print()
print("Summary of test cases")
width = max((len(r[0]) for r in rows), default=10)
for name, result, p, f, s, failures in rows:
    extra = f", {s} skipped" if s else ""
    print(f"  {name:<{width}}  {result:<8} {p} passed, {f} failed{extra}")
    for d in failures[:10]:
        print(f"  {'':<{width}}    failed: {d}")
print()
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
