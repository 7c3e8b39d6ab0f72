#!/bin/bash
# test-verify-forgery.sh: a genuine signed report and forged copies of it
# made by tests/forge-pdf.py, one or more per attack class published by the
# PDF-insecurity research, with a look-alike certificate (same name and
# organisation, another key). `review verify FILE --cert=REAL.pem` must exit
# 0 for the genuine report and the manifest's code for each forgery (10:
# changed after signing, 13: malformed); the structure check alone
# (tests/pdf-check.c) must say the same. pdfsig must still find the genuine
# report valid. A legitimate countersignature (a second signer, another
# certificate, adding only its signature: forge-pdf.py --countersign) must
# verify: exit 0 with both certificates or none, 14 with only the first, and
# 10 when the same revision also changes a page. Runs in its own unlocked
# keyring session
# (tests/keyring-session.sh). Output is TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${REVIEW_TEST_KEYRING:-}" != unlocked ]; then
  exec "$here/keyring-session.sh" unlocked "$0" "$@"
fi
R=${REVIEW_BIN:?REVIEW_BIN is set by meson}
GEN=${REVIEW_GEN_PHOTOS:?REVIEW_GEN_PHOTOS is set by meson}
SEED=${REVIEW_SEED_REPORT:?REVIEW_SEED_REPORT is set by meson}
CHECK=${REVIEW_PDF_CHECK:?REVIEW_PDF_CHECK is set by meson}
T=$(mktemp -d "${TMPDIR:-/tmp}/review-forgery-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
fail=0

for tool in pdfsig openssl python3; do
  command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool is not installed (build-aux/setup-deps)"; exit 0; }
done

result() {   # result OK? DESCRIPTION [OUTPUT FILE]
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"
  else echo "not ok $n - $2"; fail=1; [ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -20; fi
}
exits() {   # exits EXPECTED DESCRIPTION COMMAND…
  want=$1; desc=$2; shift 2
  "$@" >"$T/out" 2>&1; got=$?
  [ "$got" = "$want" ] || echo "exit status $got, expected $want" >>"$T/out"
  result "$([ "$got" = "$want" ]; echo $?)" "$desc" "$T/out"
}

# --- a genuine report ----------------------------------------------------
V=$HOME/vault
mkdir -p "$T/photos" "$T/forged"
"$R" --vault="$V" vault create --name="Samir Supervisor" --role=supervisor \
  --recovery-key-file="$T/rk" >/dev/null
"$GEN" "$T/photos" 2 --width=320 --height=240 >/dev/null
"$R" --vault="$V" import "$T/photos" >/dev/null
"$SEED" --vault="$V" --persons=1 >/dev/null
"$R" --vault="$V" signer create --name="Samir Najm" --organization="Test Documentation Centre" \
  >/dev/null
"$R" --vault="$V" signer export-cert --out="$T/cert.pem" >/dev/null
"$R" --vault="$V" report --out="$T/genuine.pdf" --language=en >/dev/null 2>"$T/report.err"

# The look-alike: the same name and organisation, another key.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=Samir Najm/O=Test Documentation Centre" \
  -keyout "$T/lookalike.key" -out "$T/lookalike.pem" >/dev/null 2>&1

python3 "$here/forge-pdf.py" "$T/genuine.pdf" "$T/lookalike.key" "$T/lookalike.pem" \
  "$T/forged" >"$T/forge.out" 2>&1
forge_status=$?
count=$(( $(wc -l <"$T/forged/manifest.tsv" 2>/dev/null || echo 1) - 1 ))
echo "1..$(( 4 + 16 + 2 * (count > 0 ? count : 0) ))"
result "$forge_status" "forge-pdf.py writes the forged files" "$T/forge.out"
result "$([ "$count" -ge 8 ]; echo $?)" "…at least 8 of them ($count)"

pdfsig -nocert "$T/genuine.pdf" >"$T/pdfsig" 2>&1
result "$(grep -q 'Signature is Valid.' "$T/pdfsig"; echo $?)" \
  "pdfsig: the genuine report is valid" "$T/pdfsig"
exits 0 "review verify --cert: the genuine report (exit 0)" \
  "$R" verify "$T/genuine.pdf" --cert="$T/cert.pem"

# --- a legitimate countersignature ------------------------------------------
# A second signer, with a certificate of its own, countersigns the genuine
# report the way its PDF tool would: only a further signature is added.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=Layla Haddad/O=Second Witness Group" \
  -keyout "$T/second.key" -out "$T/second.pem" >/dev/null 2>&1
CS=$T/countersigned.pdf
CSX=$T/countersigned-page-changed.pdf
{ python3 "$here/forge-pdf.py" --countersign "$T/genuine.pdf" "$T/second.key" "$T/second.pem" \
    "$CS" &&
  python3 "$here/forge-pdf.py" --countersign "$T/genuine.pdf" "$T/second.key" "$T/second.pem" \
    "$CSX" --change-page; } >"$T/countersign.out" 2>&1
result $? "forge-pdf.py --countersign writes the countersigned report (and a variant)" \
  "$T/countersign.out"

pdfsig -nocert "$CS" >"$T/pdfsig-cs" 2>&1
result "$([ "$(grep -c 'Signature is Valid.' "$T/pdfsig-cs")" = 2 ] &&
          ! grep -q '^Signature #3' "$T/pdfsig-cs"; echo $?)" \
  "pdfsig: both signatures of the countersigned report are valid" "$T/pdfsig-cs"
result "$(sed -n '/^Signature #2:/,$p' "$T/pdfsig-cs" | grep -q 'Total document signed' &&
          sed -n '/^Signature #1:/,/^Signature #2:/p' "$T/pdfsig-cs" |
            grep -q 'Not total document signed'; echo $?)" \
  "pdfsig: the countersignature covers the total document, the first does not" \
  "$T/pdfsig-cs"
exits 0 "structure check: the countersigned report is ok (exit 0)" "$CHECK" "$CS"
exits 0 "review verify: the countersigned report, no --cert (exit 0)" "$R" verify "$CS"
cp "$T/out" "$T/verify-cs"
result "$(grep -q '^Signer: *Samir Najm$' "$T/verify-cs" &&
          grep -q '^Signer: *Layla Haddad$' "$T/verify-cs"; echo $?)" \
  "review verify names both signers" "$T/verify-cs"
result "$(grep -q '^Coverage: *the file up to byte [0-9]* of [0-9]*; what follows only adds a further signature' "$T/verify-cs" &&
          ! grep -q 'NOT the whole file' "$T/verify-cs"; echo $?)" \
  "…the first signature's coverage says a further signature follows, not an addition" \
  "$T/verify-cs"
exits 0 "review verify --cert=REAL --cert=SECOND: the countersigned report (exit 0)" \
  "$R" verify "$CS" --cert="$T/cert.pem" --cert="$T/second.pem"
exits 14 "review verify --cert=REAL only: the second signer is not trusted (exit 14)" \
  "$R" verify "$CS" --cert="$T/cert.pem"
cp "$T/out" "$T/verify-cs-14"
result "$([ "$(grep -c 'NOT TRUSTED' "$T/verify-cs-14")" = 1 ]; echo $?)" \
  "…and exactly one signature is reported as not trusted" "$T/verify-cs-14"
exits 10 "structure check: a countersignature that also changes a page (exit 10)" \
  "$CHECK" "$CSX"
exits 10 "review verify --cert=REAL --cert=SECOND: …changed after signing (exit 10)" \
  "$R" verify "$CSX" --cert="$T/cert.pem" --cert="$T/second.pem"
exits 10 "review verify, no --cert: …changed after signing (exit 10)" "$R" verify "$CSX"
CSO=$T/countersigned-overlay.pdf
python3 "$here/forge-pdf.py" --countersign "$T/genuine.pdf" "$T/second.key" "$T/second.pem" \
  "$CSO" --overlay >"$T/overlay.out" 2>&1
result $? "forge-pdf.py --countersign --overlay writes the sneaky signature" "$T/overlay.out"
exits 10 "a countersignature drawn over the page (sneaky signature): changed (exit 10)" \
  "$R" verify "$CSO" --cert="$T/cert.pem" --cert="$T/second.pem"
result "$(grep -q 'drawn on the page' "$T/out"; echo $?)" \
  "…saying that the signature is drawn on the page" "$T/out"

# --- every forgery --------------------------------------------------------
while IFS=$'\t' read -r file class expected code; do
  exits "$code" "structure check: $file ($class) is $expected (exit $code)" \
    "$CHECK" "$T/forged/$file"
  exits "$code" "review verify: $file ($class) exits $code" \
    "$R" verify "$T/forged/$file" --cert="$T/cert.pem"
done < <(tail -n +2 "$T/forged/manifest.tsv")
[ "$fail" = 0 ]
