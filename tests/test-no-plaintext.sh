#!/bin/bash
# test-no-plaintext.sh: after a run that records a known canary string, the
# canary is in no file under HOME, the vault folder or TMPDIR; SQLite opened
# no etilqs_* temp file (it unlinks them at once, so strace watches the
# opens); and nothing was written outside the vault but the documented
# allow-list (tests/outside-vault-allowlist.txt). Output is TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export REVIEW_BIN=${REVIEW_BIN:?REVIEW_BIN is set by meson}
export ALLOWLIST="$here/outside-vault-allowlist.txt"
export REVIEW_GEN_PHOTOS=${REVIEW_GEN_PHOTOS:?}
shared=$(mktemp -d "${TMPDIR:-/tmp}/review-plain-XXXXXX")
trap 'rm -rf "$shared"' EXIT
export SHARED="$shared"

"$here/keyring-session.sh" unlocked bash -c '
R=$REVIEW_BIN
n=0
ok()  { n=$((n+1)); echo "ok $n - $1"; }
bad() { n=$((n+1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
CANARY="REVIEWCANARY$(od -An -N8 -tx1 /dev/urandom | tr -d " \n")"
export TMPDIR="$HOME/tmp" SQLITE_TMPDIR="$HOME/tmp"
mkdir -p "$TMPDIR"
V="$HOME/vault"
log="$SHARED/strace"
# -y names the folder behind a descriptor: bubblewrap writes the decoder
# uid_map through a descriptor of /proc/PID, which must resolve to /proc.
trace() { strace -f -qq -y -o "$log.$1" -e trace=open,openat,creat,rename,renameat,renameat2 "${@:2}"; }

trace create "$R" --vault="$V" vault create --name="$CANARY" \
  --recovery-key-file="$HOME/recovery-key.txt" >/dev/null 2>&1 || bad "vault create ran" "exit $?"
trace info "$R" --vault="$V" vault info --json >/dev/null 2>&1 || bad "vault info ran"
trace check "$R" --vault="$V" vault check >/dev/null 2>&1 || bad "vault check ran"
trace audit "$R" --vault="$V" audit verify >/dev/null 2>&1 || bad "audit verify ran"
# An import: the decoder helpers are traced too (-f).
"$REVIEW_GEN_PHOTOS" "$SHARED/photos" 6 --width=640 --height=480 --png-every=3 --hostile
trace import "$R" --vault="$V" import "$SHARED/photos" >/dev/null 2>&1
[ $? = 9 ] || bad "review import ran (exit 9 with hostile files)"
if [ -e "$HOME/.cache/thumbnails" ] || [ -e "${XDG_CACHE_HOME:-$HOME/.cache}/thumbnails" ]; then
  bad "no thumbnail cache was written" "$(find "$HOME/.cache" -maxdepth 3 | head -5)"
else ok "no thumbnail cache was written"; fi
if [ -e "$HOME/.local/share/recently-used.xbel" ]; then
  bad "no recent-files entry was written"
else ok "no recent-files entry was written"; fi

if "$R" --vault="$V" vault info --json 2>/dev/null | grep -q "$CANARY"; then
  ok "the canary is in the vault (the test can see it)"
else
  bad "the canary is in the vault (the test can see it)"
fi

hits=$(grep -r -a -l -- "$CANARY" "$HOME" "$V" "$TMPDIR" /tmp/review-* 2>/dev/null | grep -v "^$SHARED" || true)
if [ -z "$hits" ]; then ok "the canary is in no file under HOME, the vault or TMPDIR"
else bad "the canary is in no file under HOME, the vault or TMPDIR" $hits; fi

if grep -h "etilqs_" "$log".* >/dev/null 2>&1; then
  bad "SQLite opened no etilqs_* temp file" "$(grep -h etilqs_ "$log".* | head -3)"
else ok "SQLite opened no etilqs_* temp file"; fi

left=$(find "$TMPDIR" -mindepth 1 2>/dev/null)
if [ -z "$left" ]; then ok "nothing was left in TMPDIR"; else bad "nothing was left in TMPDIR" $left; fi

# Every file opened for writing is in the vault or on the allow-list.
out=$(python3 - "$V" "$HOME" "$ALLOWLIST" "$log".* <<"PY"
import fnmatch, os, re, sys
vault, home, allow = sys.argv[1], sys.argv[2], sys.argv[3]
pats = []
for line in open(allow):
    line = line.strip()
    if line and not line.startswith("#"):
        pats.append(os.path.join(home, line[2:]) if line.startswith("~/") else line)
bad = set()
rx = re.compile(r"(?:open|openat|creat)\((?:AT_FDCWD, |\d+<([^>]*)>, |\d+, )?\"([^\"]+)\", ([A-Z_|]+)")
for log in sys.argv[4:]:
    for line in open(log):
        m = rx.search(line)
        if not m or "= -1" in line:
            continue
        folder, path, flags = m.group(1), m.group(2), m.group(3)
        if folder and not path.startswith("/"):
            path = os.path.join(folder, path)
        if not any(f in flags for f in ("O_WRONLY", "O_RDWR", "O_CREAT")) and "creat(" not in line:
            continue
        path = os.path.normpath(path)
        if path == vault or path.startswith(vault + "/"):
            continue
        if any(fnmatch.fnmatch(path, p) for p in pats):
            continue
        bad.add(path)
print("\n".join(sorted(bad)))
PY
)
if [ -z "$out" ]; then ok "nothing was written outside the vault but the allow-list"
else bad "nothing was written outside the vault but the allow-list" $out; fi

echo "1..$n"
'
