#!/bin/bash
# test-corpus.sh: the regression corpus of issue 12. Makes the synthetic
# damaged, unsupported and valid files (tests/corpus/make-corpus), imports
# them into a fresh vault and checks each file's verdict against
# tests/corpus/made.tsv: imported, damaged (with its kind) or rejected (with
# its reason). When REVIEW_PEER_CORPUS names a folder that
# tests/corpus/get-peer-corpus filled, the peers' own test files are imported
# too and checked against tests/corpus/manifest.tsv; otherwise those checks
# are skipped. Then a second import of the same folders changes nothing.
# Output is TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export REVIEW_BIN=${REVIEW_BIN:?} REVIEW_GEN_PHOTOS=${REVIEW_GEN_PHOTOS:?}
# The peer files are not in this repository (data fetched from other
# repositories may only be kept in the steering repository's shared/): they
# come from REVIEW_PEER_CORPUS, or from ../shared/corpus/peer beside the
# project when the steering repository holds them there.
peer_default="$here/../../shared/corpus/peer"
[ -d "$peer_default" ] || peer_default=
export CORPUS="$here/corpus" PEER=${REVIEW_PEER_CORPUS:-$peer_default}
shared=$(mktemp -d "${TMPDIR:-/tmp}/review-corpus-XXXXXX")
trap 'rm -rf "$shared"' EXIT
export SHARED="$shared"
# The reasons are matched in English.
export LANGUAGE=C LC_ALL=C.UTF-8

"$here/keyring-session.sh" unlocked bash -c '
R=$REVIEW_BIN
n=0
check() {
  desc=$1; shift
  n=$((n + 1))
  if "$@" >"$SHARED/check.out" 2>&1; then echo "ok $n - $desc"
  else echo "not ok $n - $desc"; sed "s/^/# /" "$SHARED/check.out" | head -20; fi
}
skip() {
  n=$((n + 1))
  echo "ok $n - $1 # SKIP $2"
}
photos() {
  "$R" --vault="$V" vault info --json | python3 -c "import json,sys; print(json.load(sys.stdin)[\"photos\"])"
}
# Runs check-verdicts for one manifest and folder, one TAP line per file.
verdicts() {
  manifest=$1 root=$2 out=$3 label=$4
  "$R" --vault="$V" search --json >"$SHARED/photos.json"
  "$R" --vault="$V" search --damaged --json >"$SHARED/damaged.json" 2>/dev/null || : >"$SHARED/damaged.json"
  "$CORPUS/check-verdicts" --manifest="$manifest" --root="$root" --import-out="$out" \
    --photos-json="$SHARED/photos.json" --damaged-json="$SHARED/damaged.json" >"$SHARED/verdicts.tsv"
  check "$label: every file of the manifest has a verdict" \
    test "$(wc -l <"$SHARED/verdicts.tsv")" = "$(grep -vc "^#" "$manifest")"
  while IFS="	" read -r result file expected observed; do
    # A known gap (known-gaps.tsv) is a TAP TODO: expected to fail.
    gap=$(awk -F "\t" -v f="$file" "\$1 == f { print \$2 }" "$CORPUS/known-gaps.tsv")
    check "$label $file: $expected (got $observed)${gap:+ # TODO $gap}" test "$result" = PASS
  done <"$SHARED/verdicts.tsv"
}
# After verdicts: the summary and search --damaged agree with what was seen
# file by file (kept: imported or damaged; damaged: any damaged kind).
summary() {
  label=$1
  kept=$(cut -f4 "$SHARED/verdicts.tsv" | grep -c "^\(imported\|damaged\)")
  damaged=$(cut -f4 "$SHARED/verdicts.tsv" | grep -c "^damaged")
  check "$label: the summary counts the $kept files kept" grep -q "^Imported $kept\(,\| \)" "$out"
  check "$label: one damaged line per damaged file ($damaged)" test "$(grep -c "^damaged: " "$out")" = "$damaged"
  check "$label: search --damaged --json answers (each damaged file is in it: above)" python3 -c "import json,sys; d=json.loads(open(sys.argv[1]).read() or \"null\"); assert isinstance(d, dict), \"search --damaged --json printed no JSON object\"; assert d[\"total\"] >= int(sys.argv[2]) > 0, d[\"total\"]" \
    "$SHARED/damaged.json" "$damaged"
}

V="$HOME/vault"
M="$SHARED/made"
"$R" --vault="$V" vault create >/dev/null
check "make-corpus makes every case of made.tsv" "$CORPUS/make-corpus" --gen-photos="$REVIEW_GEN_PHOTOS" "$M"
check "…and nothing else" test "$(ls "$M" | sort)" = "$("$CORPUS/make-corpus" --list | sort)"

"$R" --vault="$V" import "$M" >"$SHARED/made.out" 2>"$SHARED/made.err"; status=$?
check "the made corpus: exit 9 (there are rejections)" test $status = 9
check "…nothing on stderr" test ! -s "$SHARED/made.err"
verdicts "$CORPUS/made.tsv" "$M" "$SHARED/made.out" made
summary made

if [ -n "$PEER" ] && [ -d "$PEER" ]; then
  "$R" --vault="$V" import "$PEER" >"$SHARED/peer.out" 2>"$SHARED/peer.err"; status=$?
  check "the peer corpus: exit 9 (there are rejections)" test $status = 9
  check "…nothing on stderr" test ! -s "$SHARED/peer.err"
  verdicts "$CORPUS/manifest.tsv" "$PEER" "$SHARED/peer.out" peer
  summary peer
else
  skip "the peer corpus is imported and every verdict of manifest.tsv checked" \
    "REVIEW_PEER_CORPUS is not set and ../shared/corpus/peer is absent (fill a folder with tests/corpus/get-peer-corpus)"
fi

# A second import of the same folders changes nothing.
before=$(photos)
if [ -n "$PEER" ] && [ -d "$PEER" ]; then set -- "$M" "$PEER"; else set -- "$M"; fi
"$R" --vault="$V" import "$@" >"$SHARED/again.out" 2>&1
check "a second import imports nothing" grep -q "^Imported 0\(,\| \)" "$SHARED/again.out"
check "…finds every kept file already present ($before)" grep -q "already present $before\\([^0-9]\\|\$\\)" "$SHARED/again.out"
check "…reports no file damaged again" test "$(grep -c "^damaged: " "$SHARED/again.out")" = 0
check "…leaves the photo count unchanged" test "$(photos)" = "$before"
check "…and the audit trail verifies" "$R" --vault="$V" audit verify
echo "1..$n"
'
