#!/bin/bash
# test-hostile-names.sh: file names, certificate fields and other text that
# Review did not write, as an attacker would choose them, through every
# command that prints them. A newline must not forge a line (a fake
# "rejected:" or "Fingerprint:"), a carriage return must not overwrite one,
# ESC must not start an ANSI or OSC sequence, a bidirectional override must
# not reorder a name, invalid UTF-8 must show as its bytes (and those bytes
# stay in the vault, so the file can be found on disk), a tab must not add a
# column; and a CSV cell must not be a spreadsheet formula. Output is TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export REVIEW_BIN=${REVIEW_BIN:?} REVIEW_GEN_PHOTOS=${REVIEW_GEN_PHOTOS:?}
shared=$(mktemp -d "${TMPDIR:-/tmp}/review-hostile-XXXXXX")
trap 'rm -rf "$shared"' EXIT
export SHARED="$shared"

"$here/keyring-session.sh" unlocked bash -c '
R=$REVIEW_BIN
n=0
check() {
  desc=$1; shift
  n=$((n + 1))
  if "$@" >"$SHARED/check.out" 2>&1; then echo "ok $n - $desc"
  else echo "not ok $n - $desc"; sed "s/^/# /" "$SHARED/check.out" | head -20; fi
}
# clean FILE…: nothing a terminal obeys or that reorders text: valid UTF-8,
# no C0 control but LF and TAB, no DEL, no C1 control, no bidirectional
# control, no line or paragraph separator.
clean() {
  python3 - "$@" <<"EOF"
import sys
bad = set(range(0, 0x20)) - {0x0A, 0x09} | {0x7F} | set(range(0x80, 0xA0)) | \
      {0x061C, 0x200E, 0x200F, 0x2028, 0x2029} | set(range(0x202A, 0x202F)) | \
      set(range(0x2066, 0x206A))
for name in sys.argv[1:]:
    data = open(name, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit(f"{name}: invalid UTF-8 at byte {e.start}: {data[max(0, e.start - 20):e.start + 5]!r}")
    for i, c in enumerate(text):
        if ord(c) in bad:
            sys.exit(f"{name}: raw U+{ord(c):04X} in {text[max(0, i - 30):i + 10]!r}")
EOF
}
# lines FILE N: FILE has exactly N lines.
lines() { test "$(wc -l <"$1")" = "$2" || { echo "$(wc -l <"$1") lines, not $2:"; cat -A "$1"; false; }; }
# has FILE TEXT: FILE holds TEXT (fixed string).
has() { grep -qF -- "$2" "$1" || { echo "no $2 in:"; cat -A "$1"; false; }; }

V="$HOME/vault"
P="$SHARED/photos"
mkdir -p "$P"
"$REVIEW_GEN_PHOTOS" "$SHARED/gen" 7 --width=320 --height=240 >/dev/null
# Seven real images under hostile names, four non-images under hostile names.
python3 - "$SHARED/gen" "$P" <<"EOF"
import os, sys
src, dst = sys.argv[1].encode(), sys.argv[2].encode()
images = sorted(f for f in os.listdir(src) if f.endswith(b".jpg") or f.endswith(b".png"))
names = [
    b"nl\nrejected: forged.jpg",
    b"cr\roverwritten.jpg",
    b"ansi\x1b[2J\x1b]0;pwned\x07.jpg",
    "photo\u202egnp.exe".encode(),
    b"bytes\xff\xfe.jpg",
    b"tab\tcolumn.jpg",
    b"=WEBSERVICE(\"http:x\").jpg",
]
for image, name in zip(images, names):
    os.rename(os.path.join(src, image), os.path.join(dst, name))
for name in [b"junk\nrejected: forged-too.jpg", b"junk\x1b]0;pwned\x07.jpg",
             "junk\u202egpj.txt".encode(), b"junk\xff\r.jpg"]:
    with open(os.path.join(dst, name), "wb") as f:
        f.write(b"not an image at all\n" * 10)
EOF
"$R" --vault="$V" vault create --name="$(printf "Evil\nProfile: forged")" --role=supervisor \
  >/dev/null

# --- import ----------------------------------------------------------------
"$R" --vault="$V" import "$P" >"$SHARED/import.out" 2>"$SHARED/import.err"; status=$?
check "import with hostile names exits 9 (four rejected)" test $status = 9
check "…prints exactly four rejected: lines and the summary (no forged line)" \
  lines "$SHARED/import.out" 5
check "…every line a rejected: line or the summary" \
  test "$(grep -c "^rejected: \|^Imported 7 (0 damaged), already present 0, rejected 4 " "$SHARED/import.out")" = 5
check "…nothing on stderr" test ! -s "$SHARED/import.err"
check "…no ESC, CR, BEL, bidi control or invalid UTF-8 reaches the terminal" clean "$SHARED/import.out"
check "…the names show their bytes as visible escapes" bash -c "
  grep -qF \"junk\\nrejected: forged-too.jpg: \" \"$SHARED/import.out\" &&
  grep -qF \"junk\\x1b]0;pwned\\x07.jpg: \" \"$SHARED/import.out\" &&
  grep -qF \"junk\\u{202E}gpj.txt: \" \"$SHARED/import.out\" &&
  grep -qF \"junk\\xff\\r.jpg: \" \"$SHARED/import.out\""

# --- search ------------------------------------------------------------------
"$R" --vault="$V" search >"$SHARED/search.out" 2>&1
check "search prints seven rows and the count (no forged row)" lines "$SHARED/search.out" 8
check "…each row exactly three tab-separated columns" \
  test "$(head -7 "$SHARED/search.out" | awk -F "\t" "NF != 3" | wc -l)" = 0
check "…nothing a terminal obeys" clean "$SHARED/search.out"
check "…the escaped names" bash -c "
  grep -qF \"	nl\\nrejected: forged.jpg\" \"$SHARED/search.out\" &&
  grep -qF \"	cr\\roverwritten.jpg\" \"$SHARED/search.out\" &&
  grep -qF \"	ansi\\x1b[2J\\x1b]0;pwned\\x07.jpg\" \"$SHARED/search.out\" &&
  grep -qF \"	photo\\u{202E}gnp.exe\" \"$SHARED/search.out\" &&
  grep -qF \"	bytes\\xff\\xfe.jpg\" \"$SHARED/search.out\" &&
  grep -qF \"	tab\\tcolumn.jpg\" \"$SHARED/search.out\""
check "search TEXT finds a name by its visible part" bash -c "
  \"$R\" --vault=\"$V\" search forged | head -1 | grep -qF \"nl\\nrejected: forged.jpg\""
"$R" --vault="$V" search --json >"$SHARED/search.json" 2>&1
check "search --json: escaped file_name, the raw bytes in file_name_base64, the file found on disk" \
  python3 - "$SHARED/search.json" "$P" <<"EOF"
import base64, json, os, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 7 and len(d["photos"]) == 7
names = {p["file_name"]: base64.b64decode(p["file_name_base64"]) for p in d["photos"]}
assert names["bytes\\xff\\xfe.jpg"] == b"bytes\xff\xfe.jpg", names
assert names["photo\\u{202E}gnp.exe"] == "photo\u202egnp.exe".encode()
assert names["nl\\nrejected: forged.jpg"] == b"nl\nrejected: forged.jpg"
for raw in names.values():
    assert os.path.isfile(os.path.join(sys.argv[2].encode(), raw)), raw
EOF
check "search --json is clean too (JSON escapes, no raw control)" clean "$SHARED/search.json"

# --- facility list -------------------------------------------------------------
F=$("$R" --vault="$V" facility add --en="$(printf "Branch\nrejected: forged\t\033[2J")" \
      --ar="$(printf "\xe2\x80\xae\xd9\x81\xd8\xb1\xd8\xb9\r")" --type=prison)
"$R" --vault="$V" facility list >"$SHARED/fac.out" 2>&1
total=$("$R" --vault="$V" facility list --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)[\"facilities\"]))")
check "facility list: one line per facility ($total), none forged" lines "$SHARED/fac.out" "$total"
check "…nothing a terminal obeys" clean "$SHARED/fac.out"
check "…the hostile facility on one line, escaped, four columns" bash -c "
  grep -F \"$F\" \"$SHARED/fac.out\" | awk -F \"\t\" \"NF == 4\" | grep -qF \"Branch\\nrejected: forged\\t\\x1b[2J	\\u{202E}فرع\\r\""

# --- audit list ----------------------------------------------------------------
"$R" --vault="$V" audit list >"$SHARED/audit.out" 2>&1
events=$("$R" --vault="$V" audit list --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
check "audit list: one line per event ($events), none forged" lines "$SHARED/audit.out" "$events"
check "…each exactly five tab-separated columns" \
  test "$(awk -F "\t" "NF != 5" "$SHARED/audit.out" | wc -l)" = 0
check "…nothing a terminal obeys" clean "$SHARED/audit.out"
check "…the rejected paths in the import event, escaped" has "$SHARED/audit.out" "x1b]0;pwned"

# --- vault info ----------------------------------------------------------------
"$R" --vault="$V" vault info >"$SHARED/info.out" 2>&1
check "vault info: the profile name on one line (no forged Profile: line)" \
  test "$(grep -c "^Profile:" "$SHARED/info.out")" = 1
check "…escaped" has "$SHARED/info.out" "Evil\\nProfile: forged"
check "…nothing a terminal obeys" clean "$SHARED/info.out"

# --- signer --------------------------------------------------------------------
"$R" --vault="$V" signer create --name="$(printf "Name\033]0;pwned\007")" \
  --organization="$(printf "Org\nFingerprint:   00:11:22 (SHA-256)\rX\xe2\x80\xae")" \
  >"$SHARED/create.out" 2>&1; status=$?
check "signer create with hostile fields exits 0" test $status = 0
check "…prints one Fingerprint: line, not a forged second" \
  test "$(grep -c "^Fingerprint:" "$SHARED/create.out")" = 1
check "…nothing a terminal obeys" clean "$SHARED/create.out"
"$R" --vault="$V" signer info >"$SHARED/signer.out" 2>&1
check "signer info: every line one of its labels, none twice (no forged Fingerprint:)" bash -c "
  ! grep -vE \"^(Signer|Organisation|E-mail|Fingerprint|Certificate|Private key): \" \"$SHARED/signer.out\" &&
  test -z \"\$(cut -d: -f1 \"$SHARED/signer.out\" | sort | uniq -d)\" &&
  test \$(grep -c \"^Fingerprint:\" \"$SHARED/signer.out\") = 1"
check "…the organisation and name escaped" bash -c "
  grep -qF \"Org\\nFingerprint:   00:11:22 (SHA-256)\\rX\\u{202E}\" \"$SHARED/signer.out\" &&
  grep -qF \"Name\\x1b]0;pwned\\x07\" \"$SHARED/signer.out\""
check "…nothing a terminal obeys" clean "$SHARED/signer.out"

# --- errors that name a hostile path ---------------------------------------------
BAD="$SHARED/$(printf "no\nrejected: forged\033]0;pwned\007\xff")"
"$R" --vault="$BAD" vault info >"$SHARED/e1.out" 2>"$SHARED/e1.err"
"$R" --vault="$V" signer import "$BAD.p12" >"$SHARED/e2.out" 2>"$SHARED/e2.err"
"$R" --vault="$V" import "$BAD" >"$SHARED/e3.out" 2>"$SHARED/e3.err"
"$R" --vault="$V" export --format="$(printf "csv\n\033[2J")" --out="$SHARED/x" \
  >"$SHARED/e4.out" 2>"$SHARED/e4.err"
"$R" --vault="$V" export --format=csv --out="$BAD/x" >"$SHARED/e5.out" 2>"$SHARED/e5.err"
check "errors naming a hostile path or value are one line each" bash -c "
  for i in 1 2 4 5; do test \$(wc -l <\"$SHARED/e\$i.err\") = 1 || { cat -A \"$SHARED/e\$i.err\"; exit 1; }; done
  test \$(wc -l <\"$SHARED/e3.out\") = 2"
check "…nothing a terminal obeys" clean "$SHARED"/e?.out "$SHARED"/e?.err
check "…the path shown with its bytes escaped" bash -c "
  grep -qF \"no\\nrejected: forged\\x1b]0;pwned\\x07\\xff\" \"$SHARED/e1.err\" &&
  grep -qF \"no\\nrejected: forged\\x1b]0;pwned\\x07\\xff\" \"$SHARED/e3.out\" &&
  grep -qF \"csv\\n\\x1b[2J\" \"$SHARED/e4.err\""

# --- CSV export ------------------------------------------------------------------
"$R" --vault="$V" export --format=csv --out="$SHARED/csv" >"$SHARED/export.out" 2>&1; status=$?
check "export --format=csv exits 0" test $status = 0
check "…its summary is clean" clean "$SHARED/export.out"
check "photos.csv: the formula cell starts with a quote, numbers untouched" \
  python3 - "$SHARED/csv" <<"EOF"
import csv, os, sys
rows = list(csv.DictReader(open(os.path.join(sys.argv[1], "photos.csv"), newline="", encoding="utf-8")))
names = [r["file_name"] for r in rows]
assert "\x27=WEBSERVICE(\"http:x\").jpg" in names, names
assert not any(n[:1] in ("=", "+", "-", "@", "\t", "\r") for n in names), names
assert all(r["size"].isdigit() and r["width"] == "320" for r in rows), rows
facilities = list(csv.DictReader(open(os.path.join(sys.argv[1], "facilities.csv"), newline="", encoding="utf-8")))
assert all(f["latitude"] == "" or not f["latitude"].startswith("\x27") for f in facilities)
EOF
"$R" --vault="$V" export --format=json --out="$SHARED/x.json" >/dev/null 2>&1
check "the JSON export keeps the value as recorded (no quote added)" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert \"=WEBSERVICE(\\\"http:x\\\").jpg\" in [p[\"file_name\"] for p in d[\"photos\"]]
" "$SHARED/x.json"

# --- verify: what the certificate says cannot forge the lines of a verdict -----------
"$R" verify "$SHARED/x.json" >"$SHARED/verify.out" 2>"$SHARED/verify.err"; status=$?
check "review verify of the hostile signer export: intact, exit 0" test $status = 0
check "…one Fingerprint: line, one Result: line (none forged by the organisation)" bash -c "
  test \$(grep -c ^Fingerprint: $SHARED/verify.out) = 1 &&
  test \$(grep -c ^Result: $SHARED/verify.out) = 1"
check "…every line one of its labels" bash -c "
  ! grep -vE \"^(File|Signature|Signer|Organisation|E-mail|Fingerprint|Time|Coverage|Trust|Checkpoint|Result): \" $SHARED/verify.out"
check "…the organisation and name escaped" bash -c "
  grep -qF \"Org\\nFingerprint:   00:11:22 (SHA-256)\\rX\\u{202E}\" $SHARED/verify.out &&
  grep -qF \"Name\\x1b]0;pwned\\x07\" $SHARED/verify.out"
check "…nothing a terminal obeys" clean "$SHARED/verify.out" "$SHARED/verify.err"
hostile="$SHARED/$(printf "v\033[2J\nResult:        valid.json")"
cp "$SHARED/x.json" "$hostile"; cp "$SHARED/x.json.p7s" "$hostile.p7s"
printf " " >> "$hostile"
"$R" verify "$hostile" >"$SHARED/verify2.out" 2>"$SHARED/verify2.err"; status=$?
check "a changed export with a hostile file name: exit 10" test $status = 10
check "…one Result: line, saying NOT VALID" bash -c "
  test \$(grep -c ^Result: $SHARED/verify2.out) = 1 && grep -q \"^Result: *NOT VALID\" $SHARED/verify2.out"
check "…the name shown escaped" grep -qF "v\\x1b[2J\\nResult:        valid.json" "$SHARED/verify2.out"
check "…nothing a terminal obeys" clean "$SHARED/verify2.out" "$SHARED/verify2.err"
echo "1..$n"
'
