#!/bin/bash
# test-report.sh: the signed PDF report from the command line, checked with
# the tools a recipient has (pdfsig, openssl, pdftotext, pdftoppm) and with
# `review verify`. Runs in its own unlocked keyring session
# (tests/keyring-session.sh). Output is TAP; every check can fail.
#
# Rendered pages are kept in $REVIEW_BUILDDIR/meson-logs/screenshots/ for a
# person to look at.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${REVIEW_TEST_KEYRING:-}" != unlocked ]; then
  exec "$here/keyring-session.sh" unlocked "$0" "$@"
fi
R=${REVIEW_BIN:?REVIEW_BIN is set by meson}
GEN=${REVIEW_GEN_PHOTOS:?REVIEW_GEN_PHOTOS is set by meson}
SEED=${REVIEW_SEED_REPORT:?REVIEW_SEED_REPORT is set by meson}
SHOTS=${REVIEW_BUILDDIR:?}/meson-logs/screenshots
mkdir -p "$SHOTS"
T=$(mktemp -d "${TMPDIR:-/tmp}/review-report-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0

check() {   # check DESCRIPTION COMMAND…: ok when COMMAND succeeds
  desc=$1; shift
  n=$((n + 1))
  if "$@" >"$T/out" 2>&1; then echo "ok $n - $desc"
  else echo "not ok $n - $desc"; sed 's/^/# /' "$T/out" | head -30; fi
}
status_is() {   # status_is EXPECTED COMMAND…
  want=$1; shift
  "$@" >"$T/stdout" 2>"$T/stderr"; got=$?
  [ "$got" = "$want" ] || { echo "exit status $got, expected $want"; cat "$T/stdout" "$T/stderr"; return 1; }
}
has() { grep -q -- "$2" "$1" || { echo "“$2” not in $1:"; cat "$1"; return 1; }; }
hasnt() { ! grep -q -- "$2" "$1" || { echo "“$2” in $1:"; cat "$1"; return 1; }; }
pdfsig_says() {   # pdfsig_says FILE LINE…: pdfsig's report has every LINE
  f=$1; shift
  pdfsig -nocert "$f" >"$T/pdfsig" 2>&1
  for line in "$@"; do has "$T/pdfsig" "$line" || return 1; done
}
flip_byte() {   # flip_byte FILE OFFSET
  python3 -c 'import sys; p, o = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, "rb").read()); b[o] ^= 1; open(p, "wb").write(b)' "$1" "$2"
}
# An incremental update by someone else: a new document information
# dictionary, a cross-reference section and a trailer pointing back.
append_update() {   # append_update FILE
  python3 - "$1" <<'PY'
import re, sys
p = sys.argv[1]
d = open(p, "rb").read()
prev = int(re.findall(rb"startxref\s+(\d+)", d)[-1])
size = int(re.findall(rb"/Size\s+(\d+)", d)[-1])
root = re.findall(rb"/Root\s+(\d+ \d+ R)", d)[-1]
obj = b"%d 0 obj\n<< /Producer (someone else) /Title (Changed) >>\nendobj\n" % size
xref = len(d) + len(obj)
tail = (b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (size, len(d), size + 1, root, size, prev, xref))
open(p, "ab").write(obj + tail)
PY
}
# The CMS in the signature's /Contents, as DER, for openssl.
extract_cms() {   # extract_cms PDF OUT
  python3 - "$1" "$2" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
a, b, c, e = map(int, re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", d)[-1])
der = bytes.fromhex(d[b + 1:c - 1].decode())
n = der[1]
length = 2 + n if n < 0x80 else 2 + (n & 0x7f) + int.from_bytes(der[2:2 + (n & 0x7f)], "big")
open(sys.argv[2], "wb").write(der[:length])
PY
}
# Text without the bidi controls Pango or poppler may leave in it.
plain_text() {   # plain_text PDF OUT
  pdftotext -enc UTF-8 "$1" - | python3 -c 'import re, sys; sys.stdout.write(re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", sys.stdin.read()))' > "$2"
}
# The same, laid out as on the page: a label and its value on one line.
layout_text() {   # layout_text PDF OUT
  pdftotext -layout -enc UTF-8 "$1" - | python3 -c 'import re, sys; sys.stdout.write(re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", sys.stdin.read()))' > "$2"
}
json_get() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
no_temp_files() { ! ls -A "$1" | grep -q '^\.'; }

for tool in pdfsig pdftotext pdftoppm openssl; do
  command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool is not installed (build-aux/setup-deps)"; exit 0; }
done

# --- a supervisor's vault with annotations -----------------------------------
V=$HOME/vault
O=$HOME/reports
mkdir -p "$O" "$T/photos"
"$R" --vault="$V" vault create --name="Samir Supervisor" --role=supervisor \
  --recovery-key-file="$T/rk" >/dev/null
"$GEN" "$T/photos" 6 --width=640 --height=480 >/dev/null
"$R" --vault="$V" import "$T/photos" >/dev/null
check "the annotations are seeded" sh -c "\"$SEED\" --vault=\"$V\" --persons=3 > \"$T/seed.json\""
P0=$(json_get "$T/seed.json" person_0)
P1=$(json_get "$T/seed.json" person_1)

check "a report without a signing identity fails (exit 12)" \
  status_is 12 "$R" --vault="$V" report --out="$O/none.pdf"
check "…saying how to create one" has "$T/stderr" "review signer create"
check "…and leaves no file" test ! -e "$O/none.pdf"

"$R" --vault="$V" signer create --name="Samir Najm" --organization="Test Documentation Centre" \
  >/dev/null
"$R" --vault="$V" signer export-cert --out="$T/cert.pem" >/dev/null

check "--images=unblurred without --reason is refused (exit 2)" \
  status_is 2 "$R" --vault="$V" report --out="$O/x.pdf" --images=unblurred
check "…saying a reason is needed" has "$T/stderr" "reason"
check "…and leaves no file" test ! -e "$O/x.pdf"
check "an unknown language is refused (exit 2)" \
  status_is 2 "$R" --vault="$V" report --out="$O/x.pdf" --language=fr
check "a report without --out is refused (exit 2)" status_is 2 "$R" --vault="$V" report

# --- English and Arabic reports of the whole vault ----------------------------
check "the English report is made (exit 0)" \
  status_is 0 "$R" --vault="$V" report --out="$O/en.pdf" --language=en
cp "$T/stdout" "$T/en.out"
check "…and says how many persons and photos it holds" \
  sh -c "grep -q 'Persons: *3' '$T/en.out' && grep -q 'Photos: *6' '$T/en.out'"
check "…and that none of its photos is damaged" grep -q "^Damaged photos: *0$" "$T/en.out"
check "pdfsig: ETSI.CAdES.detached, total, valid" \
  pdfsig_says "$O/en.pdf" "Signature Type: ETSI.CAdES.detached" "Total document signed" \
  "Signature is Valid."
check "pdfsig names the signer" has "$T/pdfsig" "Samir Najm"
cp "$T/pdfsig" "$T/pdfsig-en"
check "review verify accepts it (exit 0)" status_is 0 "$R" verify "$O/en.pdf"
check "…naming signer, time and coverage" \
  sh -c "grep -q 'Signer: *Samir Najm' '$T/stdout' && grep -q 'Time: *20' '$T/stdout' && grep -q 'Coverage: *every byte of the file' '$T/stdout'"
check "…and trust separately: self-signed, not among the trusted" \
  has "$T/stdout" "signer not among your trusted certificates"
check "with --cert naming the signer it is trusted" \
  sh -c "'$R' verify '$O/en.pdf' --cert='$T/cert.pem' | grep -q 'Trust: *trusted'"
check "no temporary file is left beside the report" no_temp_files "$O"

check "the Arabic report is made (exit 0)" \
  status_is 0 "$R" --vault="$V" report --out="$O/ar.pdf" --language=ar
check "pdfsig: the Arabic report is valid and totally signed too" \
  pdfsig_says "$O/ar.pdf" "Signature Type: ETSI.CAdES.detached" "Total document signed" \
  "Signature is Valid."
check "review verify accepts the Arabic report" status_is 0 "$R" verify "$O/ar.pdf"

extract_cms "$O/en.pdf" "$T/en.cms"
openssl cms -cmsout -print -inform DER -in "$T/en.cms" > "$T/cms.txt" 2>&1
check "the CMS has no signing-time attribute" hasnt "$T/cms.txt" "signingTime"
check "…and has signing-certificate-v2" \
  sh -c "grep -Eq 'signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47' '$T/cms.txt'"

# --- what the pages say --------------------------------------------------------
plain_text "$O/en.pdf" "$T/en.txt"
plain_text "$O/ar.pdf" "$T/ar.txt"
check "English text: title, person, finding, annex, checkpoint" \
  sh -c "grep -q 'Documentation report' '$T/en.txt' && grep -q 'Muhammad Hasan' '$T/en.txt' && grep -q 'Contusion' '$T/en.txt' && grep -q 'Annex' '$T/en.txt' && grep -q 'Audit checkpoint' '$T/en.txt'"
check "English text: every original's SHA-256 is listed" \
  sh -c "for h in \$('$R' --vault='$V' search --json | python3 -c 'import json,sys; print(\" \".join(p[\"sha256\"] for p in json.load(sys.stdin)[\"photos\"]))'); do grep -q \$h '$T/en.txt' || exit 1; done"
check "English text: the signature block names the signer" \
  sh -c "grep -q 'Digitally signed' '$T/en.txt' && grep -q 'Samir Najm' '$T/en.txt'"
# The checkpoint is also machine-readable, inside the signed revision, so a
# vault can be checked against the report later: standard tools read it.
pdfinfo -custom "$O/en.pdf" > "$T/info.txt" 2>&1
check "the signed revision carries the audit checkpoint as metadata (pdfinfo -custom)" \
  sh -c "grep -Eq '^ReviewAuditEntries: *[0-9]+$' '$T/info.txt' && grep -Eq '^ReviewAuditHash: *[0-9a-f]{64}$' '$T/info.txt' && grep -q \"^ReviewVaultId: *\$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))[\"vault_id\"])' '$V/vault.json')\" '$T/info.txt'"
check "…the same checkpoint the report's pages show" \
  sh -c "grep -q \"\$(sed -n 's/^ReviewAuditHash: *//p' '$T/info.txt')\" '$T/en.txt'"
check "…and Cairo's own metadata is kept beside it" grep -q "^Title:" "$T/info.txt"
"$R" verify "$O/en.pdf" > "$T/verify-checkpoint.out" 2>&1
check "review verify prints the checkpoint the signed revision carries" \
  sh -c "grep -q \"^Checkpoint: *audit trail up to entry \$(sed -n 's/^ReviewAuditEntries: *//p' '$T/info.txt'), hash \$(sed -n 's/^ReviewAuditHash: *//p' '$T/info.txt')\" '$T/verify-checkpoint.out'"
for word in "محمد حسن" "يوسف عمر" "كدمة" "سحجة" "الصدر" "سجن التجربة"; do
  check "Arabic text holds “$word” in logical order" grep -q "$word" "$T/ar.txt"
done

# --- one changed byte, one appended update ---------------------------------------
cp "$O/en.pdf" "$T/flipped.pdf"
size=$(stat -c %s "$T/flipped.pdf")
flip_byte "$T/flipped.pdf" $((size / 3))
check "one changed byte: pdfsig says the digest does not match" \
  pdfsig_says "$T/flipped.pdf" "Digest Mismatch."
check "…and not that the signature is valid" hasnt "$T/pdfsig" "Signature is Valid."
check "…and review verify fails (exit 10)" status_is 10 "$R" verify "$T/flipped.pdf"
check "…saying NOT VALID" has "$T/stdout" "NOT VALID"

cp "$O/ar.pdf" "$T/appended.pdf"
append_update "$T/appended.pdf"
check "an appended update: pdfsig says not the total document" \
  pdfsig_says "$T/appended.pdf" "Not total document signed"
check "…and review verify fails (exit 10)" status_is 10 "$R" verify "$T/appended.pdf"
check "…saying what was added after the signed revision" has "$T/stdout" "NOT the whole file"

# --- pages, rendered for a look ----------------------------------------------------
rm -f "$SHOTS"/report-*.png
check "pdftoppm renders the English report" pdftoppm -png -r 50 "$O/en.pdf" "$SHOTS/report-en"
check "pdftoppm renders the Arabic report" pdftoppm -png -r 50 "$O/ar.pdf" "$SHOTS/report-ar"
check "…every page of it" \
  sh -c "[ \$(ls '$SHOTS'/report-ar-*.png | wc -l) = \$(pdfinfo '$O/ar.pdf' | awk '/^Pages:/ {print \$2}') ]"

# --- images, scope --------------------------------------------------------------------
check "images=none makes a valid report" \
  sh -c "'$R' --vault='$V' report --out='$O/none.pdf' --images=none >/dev/null && pdfsig -nocert '$O/none.pdf' | grep -q 'Signature is Valid.'"
check "the report without images is smaller" \
  sh -c "[ \$(stat -c %s '$O/none.pdf') -lt \$(stat -c %s '$O/en.pdf') ]"
check "images=unblurred with a reason makes a valid report" \
  status_is 0 "$R" --vault="$V" report --out="$O/unblurred.pdf" --images=unblurred \
  --reason="Requested by the investigating judge"
"$R" --vault="$V" audit list --action=report.exported --json > "$T/audit.json"
check "every report is an audit event with language, images and the file's SHA-256" \
  python3 - "$T/audit.json" "$O" <<'PY'
import hashlib, json, os, sys
events = json.load(open(sys.argv[1]))
assert len(events) == 4, len(events)
by_file = {e["details"]["file"]: e["details"] for e in events}
for name, lang, images in [("en.pdf", "en", "blurred"), ("ar.pdf", "ar", "blurred"),
                           ("none.pdf", "en", "none"), ("unblurred.pdf", "en", "unblurred")]:
    d = by_file[name]
    assert d["language"] == lang and d["images"] == images, d
    assert d["sha256"] == hashlib.sha256(open(os.path.join(sys.argv[2], name), "rb").read()).hexdigest()
assert by_file["unblurred.pdf"]["reason"] == "Requested by the investigating judge"
assert "reason" not in by_file["en.pdf"]
PY
check "audit verify still passes" status_is 0 "$R" --vault="$V" audit verify

check "one person's report (--person) is valid" \
  sh -c "'$R' --vault='$V' report --out='$O/person.pdf' --person='$P0' >/dev/null && pdfsig -nocert '$O/person.pdf' | grep -q 'Total document signed'"
plain_text "$O/person.pdf" "$T/person.txt"
check "…and shows that person only" \
  sh -c "grep -q 'Muhammad Hasan' '$T/person.txt' && ! grep -q 'Yousef Omar' '$T/person.txt' && grep -q 'One person' '$T/person.txt'"
check "a filtered report (--finding=gunshot-wound) names its scope" \
  sh -c "'$R' --vault='$V' report --out='$O/filter.pdf' --finding=gunshot-wound >/dev/null"
plain_text "$O/filter.pdf" "$T/filter.txt"
check "…in words" sh -c "grep -q 'match all of these conditions' '$T/filter.txt' && grep -q 'Gunshot wound' '$T/filter.txt'"
check "an empty scope gives a valid report" \
  sh -c "'$R' --vault='$V' report --out='$O/empty.pdf' --number=NO-SUCH-NUMBER >/dev/null && pdfsig -nocert '$O/empty.pdf' | grep -q 'Signature is Valid.'"
plain_text "$O/empty.pdf" "$T/empty.txt"
check "…that says so" grep -q "no photos and no persons" "$T/empty.txt"
pdftoppm -png -r 50 -f 1 -l 1 "$O/empty.pdf" "$SHOTS/report-empty"

# --- damaged photos ----------------------------------------------------------------
# A photo whose file decodes only in part is imported and flagged, never
# passed off as whole: the summary counts the damaged photos (0 included),
# and each carries a mark with the reason wherever the report shows it.
# Until the decoder reports damage for real files, seed-report --damaged
# flags two photos in the vault as such an import records them: photo 2
# (person 0) missing from row 360 of 480, photo 5 (no person) corrupt from
# row 100.
layout_text "$O/en.pdf" "$T/en-layout.txt"
check "a report without damaged photos states the count: Damaged photos 0 of 6" \
  grep -Eq "^ *Damaged photos +0 of 6: every photo.s file decoded whole" "$T/en-layout.txt"
check "…and marks no photo" hasnt "$T/en-layout.txt" "Damaged file"

V3=$HOME/damaged
mkdir -p "$T/photos3"
"$R" --vault="$V3" vault create --name="Samir Supervisor" --role=supervisor \
  --recovery-key-file="$T/rk3" >/dev/null
"$GEN" "$T/photos3" 6 --width=640 --height=480 >/dev/null
"$R" --vault="$V3" import "$T/photos3" >/dev/null
check "seed-report flags two photos damaged" \
  sh -c "\"$SEED\" --vault=\"$V3\" --persons=3 --damaged > \"$T/seed3.json\""
"$R" --vault="$V3" signer create --name="Samir Najm" --organization="Test Documentation Centre" \
  >/dev/null
DM=$(json_get "$T/seed3.json" damaged_missing)
DC=$(json_get "$T/seed3.json" damaged_corrupt)
export DM DC
"$R" --vault="$V3" search --json > "$T/search3.json"
check "review search --damaged finds exactly those two" \
  sh -c "'$R' --vault='$V3' search --damaged --json | python3 -c 'import json, os, sys; assert sorted(p[\"id\"] for p in json.load(sys.stdin)[\"photos\"]) == sorted([os.environ[\"DM\"], os.environ[\"DC\"]])'"

check "the report of a vault with damaged photos is made (exit 0)" \
  status_is 0 "$R" --vault="$V3" report --out="$O/damaged.pdf" --language=en
check "…says on its summary line that 2 photos are damaged" grep -q "^Damaged photos: *2$" "$T/stdout"
check "…and is validly and totally signed" \
  pdfsig_says "$O/damaged.pdf" "Total document signed" "Signature is Valid."
layout_text "$O/damaged.pdf" "$T/damaged.txt"
plain_text "$O/damaged.pdf" "$T/damaged-plain.txt"
cp "$T/damaged.txt" "$SHOTS/report-damaged.txt"
cp "$T/damaged-plain.txt" "$SHOTS/report-damaged-plain.txt"
pdftoppm -png -r 50 "$O/damaged.pdf" "$SHOTS/report-damaged"
check "its summary states Damaged photos: 2 of 6, imported although decoded in part" \
  grep -Eq "^ *Damaged photos +2 of 6 \(imported although their files decode only in" \
  "$T/damaged.txt"
# In the annex every photo has a row with its SHA-256; a damaged one has its
# mark on the line right under it, and a whole one has none.
check "the annex marks each damaged photo with its reason, and no whole photo" \
  python3 - "$T/damaged.txt" "$T/search3.json" <<'PY'
import json, os, re, sys
lines = open(sys.argv[1]).read().split("\n")
photos = json.load(open(sys.argv[2]))["photos"]
reasons = {os.environ["DM"]: "Damaged file: The last 25 % of the image is missing: the file ends early.",
           os.environ["DC"]: "Damaged file: Corrupt data from row 100 on."}
annex = next(i for i, l in enumerate(lines) if "Annex: the original photos" in l)
assert len(photos) == 6, photos
for p in photos:
    rows = [i for i in range(annex, len(lines)) if p["sha256"] in lines[i]]
    assert len(rows) == 1, (p["id"], rows)
    # The next line of text, after the import number (a line of its own).
    below = next(l.strip() for l in lines[rows[0] + 1:] if l.strip() and not l.strip().isdigit())
    want = reasons.get(p["id"])
    if want is None:
        assert "Damaged" not in below, (p["file_name"], below)
    else:
        assert below == want, (p["file_name"], below, want)
PY
check "each mark is there once in the annex and once under the dossier photo, no more" \
  sh -c "[ \$(grep -c 'Damaged file: The last 25 %' '$T/damaged-plain.txt') = 2 ] && [ \$(grep -c 'Damaged file: Corrupt data from row 100 on' '$T/damaged-plain.txt') = 1 ] && [ \$(grep -c 'Damaged file:' '$T/damaged-plain.txt') = 3 ]"
check "in the dossier the mark follows the caption of the damaged photo (photo 2)" \
  python3 - "$T/damaged-plain.txt" "$T/search3.json" <<'PY'
import json, os, sys
lines = [l.strip() for l in open(sys.argv[1]).read().split("\n") if l.strip()]
photos = json.load(open(sys.argv[2]))["photos"]
name = next(p["file_name"] for p in photos if p["id"] == os.environ["DM"])
caption = next(i for i, l in enumerate(lines) if l.startswith("Photo 2 ") and name in l)
assert lines[caption + 1].startswith("Damaged file: The last 25 %"), lines[caption:caption + 3]
for i, l in enumerate(lines):
    if l.startswith("Photo ") and "·" in l and not l.startswith("Photo 2 "):
        assert not lines[i + 1].startswith("Damaged"), lines[i:i + 2]
PY
check "images=none: the annex still marks both damaged photos" \
  sh -c "'$R' --vault='$V3' report --out='$O/damaged-none.pdf' --images=none >/dev/null && pdftotext '$O/damaged-none.pdf' - | grep -c 'Damaged file:' | grep -qx 2"
check "the Arabic report of the damaged vault is made and counts them" \
  sh -c "'$R' --vault='$V3' report --out='$O/damaged-ar.pdf' --language=ar > '$T/ar3.out' && grep -q '^Damaged photos: *2$' '$T/ar3.out' && pdfsig -nocert '$O/damaged-ar.pdf' | grep -q 'Signature is Valid.'"
pdftoppm -png -r 50 "$O/damaged-ar.pdf" "$SHOTS/report-damaged-ar"

check "report --damaged makes a report of just the damaged photos (exit 0)" \
  status_is 0 "$R" --vault="$V3" report --out="$O/only-damaged.pdf" --damaged
check "…2 photos, both damaged" \
  sh -c "grep -q '^Photos: *2$' '$T/stdout' && grep -q '^Damaged photos: *2$' '$T/stdout'"
layout_text "$O/only-damaged.pdf" "$T/only.txt"
cp "$T/only.txt" "$SHOTS/report-only-damaged.txt"
check "…which says so: Damaged photos 2 of 2" grep -Eq "^ *Damaged photos +2 of 2 " "$T/only.txt"
check "…and names its scope: not the whole vault, only damaged files" \
  sh -c "grep -q 'match all of these conditions' '$T/only.txt' && grep -q 'Files: only damaged ones' '$T/only.txt' && ! grep -q 'The whole vault' '$T/only.txt'"
check "…whose annex lists the damaged photos and no other" \
  python3 - "$T/only.txt" "$T/search3.json" <<'PY'
import json, os, sys
text = open(sys.argv[1]).read()
for p in json.load(open(sys.argv[2]))["photos"]:
    damaged = p["id"] in (os.environ["DM"], os.environ["DC"])
    assert (p["sha256"] in text) == damaged, (p["file_name"], damaged)
PY
"$R" --vault="$V3" audit list --action=report.exported --json > "$T/audit3.json"
check "the audit trail records the damaged scope and count of each report" \
  python3 - "$T/audit3.json" <<'PY'
import json, sys
by_file = {e["details"]["file"]: e["details"] for e in json.load(open(sys.argv[1]))}
assert by_file["damaged.pdf"]["damaged_photos"] == 2, by_file["damaged.pdf"]
assert by_file["damaged.pdf"]["scope"] == {"kind": "vault"}, by_file["damaged.pdf"]
only = by_file["only-damaged.pdf"]
assert only["scope"] == {"kind": "filter", "damaged": True} and only["photos"] == 2, only
PY

# --- 1,000 persons ------------------------------------------------------------------
V2=$HOME/big
mkdir -p "$T/photos2"
"$R" --vault="$V2" vault create --name="Samir Supervisor" --role=supervisor \
  --recovery-key-file="$T/rk2" >/dev/null
"$GEN" "$T/photos2" 40 --width=1024 --height=768 >/dev/null
"$R" --vault="$V2" import "$T/photos2" >/dev/null
"$SEED" --vault="$V2" --persons=1000 >/dev/null
"$R" --vault="$V2" signer create --name="Samir Najm" --organization="Test Documentation Centre" \
  >/dev/null
start=$(date +%s.%N)
check "the 1,000-person report is made" \
  status_is 0 "$R" --vault="$V2" report --out="$O/big.pdf" --language=ar
end=$(date +%s.%N)
pages=$(pdfinfo "$O/big.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
echo "# 1,000-person Arabic report: $(python3 -c "print(f'{$end - $start:.1f}')") s, $pages pages, $(stat -c %s "$O/big.pdf") bytes"
check "…holds 1,000 persons" has "$T/stdout" "Persons: *1000"
check "…and pdfsig finds it valid and totally signed" \
  pdfsig_says "$O/big.pdf" "Total document signed" "Signature is Valid."
pdftoppm -png -r 50 -f 1 -l 3 "$O/big.pdf" "$SHOTS/report-big"

# Ctrl+C while it is being made: nothing at the destination, no temporary file.
"$R" --vault="$V2" report --out="$O/stopped.pdf" >/dev/null 2>"$T/stopped.err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
status=$?
check "an interrupted report stops with a failure" test "$status" != 0
check "…and leaves no file at the destination" test ! -e "$O/stopped.pdf"
check "…and no temporary file" no_temp_files "$O"

echo "1..$n"
