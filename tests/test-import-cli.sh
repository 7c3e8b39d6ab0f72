#!/bin/bash
# test-import-cli.sh: `review import` as a user or a script runs it: hostile
# files rejected one per line with a reason, the documented exit statuses,
# nothing imported twice, and an import killed with SIGKILL (once, then at
# several random seeded moments) finished by running it again. Output is TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export REVIEW_BIN=${REVIEW_BIN:?} REVIEW_GEN_PHOTOS=${REVIEW_GEN_PHOTOS:?}
shared=$(mktemp -d "${TMPDIR:-/tmp}/review-import-XXXXXX")
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
V="$HOME/vault"
P="$SHARED/photos"
"$REVIEW_GEN_PHOTOS" "$P" 30 --width=1024 --height=768 --rotate-every=7 --png-every=10 --hostile
"$R" --vault="$V" vault create >/dev/null

"$R" --vault="$V" import "$P" >"$SHARED/first.out" 2>"$SHARED/first.err"; status=$?
check "an import with rejected files exits with status 9" test $status = 9
check "…prints one line per rejected file, with its path and reason" \
  test "$(grep -c "^rejected: $P/hostile-[a-z-]*\.\(jpg\|png\): ." "$SHARED/first.out")" = 4
check "…names each reason" bash -c "grep -q \"hostile-pixel-bomb.png: The image is larger than the pixel limit\" \"$SHARED/first.out\" &&
  grep -q \"hostile-xpm-named.jpg: Not a JPEG\" \"$SHARED/first.out\" &&
  grep -q \"hostile-empty.jpg: The file is empty\" \"$SHARED/first.out\""
check "a JPEG cut short is kept, on a damaged line with the share that is missing (not rejected)" \
  bash -c "grep -q \"^damaged: $P/hostile-truncated.jpg: The last [0-9]* % of the image is missing\" \"$SHARED/first.out\" &&
  ! grep -q \"^rejected: .*hostile-truncated\" \"$SHARED/first.out\""
check "…and ends with a one-line summary" grep -q "^Imported 31 (1 damaged), already present 0, rejected 4 " "$SHARED/first.out"
check "…with nothing on stderr" test ! -s "$SHARED/first.err"
"$R" --vault="$V" import "$P" >"$SHARED/second.out" 2>&1
check "a second run adds nothing" grep -q "^Imported 0 (0 damaged), already present 31, rejected 4 " "$SHARED/second.out"
check "…and repeats no damaged line" test "$(grep -c "^damaged: " "$SHARED/second.out")" = 0
"$R" --vault="$V" import "$P"/photo-0000[0-4].jpg >"$SHARED/third.out" 2>&1; status=$?
check "importing files already present exits 0" test $status = 0
check "vault info counts the photos" bash -c "\"$R\" --vault=\"$V\" vault info --json | python3 -c \"import json,sys; assert json.load(sys.stdin)[\\\"photos\\\"] == 31\""
check "the audit trail verifies after imports" "$R" --vault="$V" audit verify
check "search --json lists every unreviewed photo with its SHA-256" bash -c "\"$R\" --vault=\"$V\" search --status=unreviewed --json | python3 -c \"import json,sys; d=json.load(sys.stdin); assert d[\\\"total\\\"] == 31 == len(d[\\\"photos\\\"]); assert all(len(p[\\\"sha256\\\"]) == 64 and p[\\\"status\\\"] == \\\"unreviewed\\\" for p in d[\\\"photos\\\"])\""
check "search --damaged finds the damaged photo only, with its reason" bash -c "\"$R\" --vault=\"$V\" search --damaged --json | python3 -c \"import json,sys; d=json.load(sys.stdin); assert d[\\\"total\\\"] == 1, d; p=d[\\\"photos\\\"][0]; assert p[\\\"file_name\\\"] == \\\"hostile-truncated.jpg\\\" and p[\\\"damage\\\"] == \\\"missing\\\" and p[\\\"damage_reason\\\"].startswith(\\\"The last \\\"), p\""
check "…and in text, under the photo" bash -c "\"$R\" --vault=\"$V\" search --damaged >\"$SHARED/d.out\" && grep -q \"	hostile-truncated.jpg\$\" \"$SHARED/d.out\" && grep -q \"^	damaged: The last [0-9]* % of the image is missing\" \"$SHARED/d.out\" && grep -q \"^1 photo\$\" \"$SHARED/d.out\""
check "search TEXT matches file names" bash -c "\"$R\" --vault=\"$V\" search photo-00003 --json | python3 -c \"import json,sys; assert json.load(sys.stdin)[\\\"total\\\"] == 1\""
check "search with an unknown status is refused (exit 2)" bash -c "\"$R\" --vault=\"$V\" search --status=finished; test \$? = 2"
check "import with no path is refused (exit 2)" bash -c "\"$R\" --vault=\"$V\" import; test \$? = 2"
check "a missing path is rejected, the rest goes on (exit 9)" bash -c "\"$R\" --vault=\"$V\" import \"$P/photo-00001.jpg\" \"$SHARED/nowhere\" >\"$SHARED/m.out\"; test \$? = 9 && grep -q \"^rejected: $SHARED/nowhere: \" \"$SHARED/m.out\""

# Damaged files are kept: an import of damaged files only exits 0 (exit 9 is
# for rejections only).
D="$SHARED/damaged-only"
mkdir -p "$D"
head -c "$(( $(stat -c %s "$P/photo-00005.jpg") * 3 / 5 ))" "$P/photo-00005.jpg" >"$D/cut.jpg"
check "an import whose only trouble is a damaged file exits 0, and says so" bash -c "\"$R\" --vault=\"$V\" import \"$D\" >\"$SHARED/d-only.out\"; test \$? = 0 &&
  grep -q \"^damaged: $D/cut.jpg: \" \"$SHARED/d-only.out\" &&
  grep -q \"^Imported 1 (1 damaged), already present 0, rejected 0 \" \"$SHARED/d-only.out\""

# A valid but unsupported variant, and a TIFF over the pixel limit from its
# header: rejections with their own reasons, not "damaged".
U="$SHARED/unsupported"
mkdir -p "$U"
printf "\377\330\377\301\000\013\014\000\060\000\100\001\001\021\000\377\332\000\010\001\001\000\000\077\000\022\377\331" >"$U/twelve-bit.jpg"
printf "II*\000\010\000\000\000\002\000\000\001\004\000\001\000\000\000\240\206\001\000\001\001\004\000\001\000\000\000\240\206\001\000\000\000\000\000" >"$U/huge.tif"
check "an unsupported variant is rejected as unsupported, by name (exit 9)" bash -c "\"$R\" --vault=\"$V\" import \"$U\" >\"$SHARED/u.out\"; test \$? = 9 &&
  grep -q \"^rejected: $U/twelve-bit.jpg: Unsupported: 12-bit JPEG\\.\$\" \"$SHARED/u.out\" &&
  grep -q \"^rejected: $U/huge.tif: The image is larger than the pixel limit\" \"$SHARED/u.out\""

# Killed in the middle, then run again.
V2="$HOME/vault2"
P2="$SHARED/many"
N2=720
"$REVIEW_GEN_PHOTOS" "$P2" $N2 --width=1280 --height=960
"$R" --vault="$V2" vault create >/dev/null
"$R" --vault="$V2" import --jobs=1 "$P2" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 200); do
  c=$("$R" --vault="$V2" vault info --json 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)[\"photos\"])" 2>/dev/null || echo 0)
  [ "${c:-0}" -ge 1 ] && break
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
partial=$("$R" --vault="$V2" vault info --json | python3 -c "import json,sys; print(json.load(sys.stdin)[\"photos\"])")
check "an import killed with SIGKILL keeps what it committed ($partial of $N2)" test "$partial" -ge 1 -a "$partial" -lt $N2
check "…and the vault is intact" "$R" --vault="$V2" vault check
"$R" --vault="$V2" import "$P2" >"$SHARED/resume.out" 2>&1; status=$?
check "running it again finishes the rest (exit 0)" test $status = 0
check "…importing exactly the missing photos" grep -q "^Imported $((N2 - partial)) (0 damaged), already present $partial, rejected 0 " "$SHARED/resume.out"
check "…and the audit trail verifies" "$R" --vault="$V2" audit verify

# Killed at several random, seeded moments, one after the other on the same
# vault: after each kill the vault is intact, every photo committed before
# (by this or an earlier run) is still there, each batch holds exactly the
# photos its committed counter says, nothing is there twice; then one more
# run finishes the rest. The command line prints what it committed only in
# its summary, so a killed run promised nothing beyond what was committed.
V3="$HOME/vault3"
new_vault3() {   # a new, empty vault3 (also once a run has finished it all)
  rm -rf "$V3"
  "$R" --vault="$V3" vault create >/dev/null
  ID3=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"vault_id\"])" "$V3/vault.json")
  KEY3=$(secret-tool lookup xdg:schema com.example.Review.VaultKey vault-id "$ID3")
  : >"$SHARED/kept.before"
}
sql3() { sqlcipher "$V3/vault.db" "PRAGMA key=\"x$(printf "\047")$KEY3$(printf "\047")\"; $*" | sed 1d; }
new_vault3
seeds=6
[ -n "${REVIEW_TEST_LONG:-}" ] && [ "$REVIEW_TEST_LONG" != 0 ] && seeds=20
for seed in $(seq 1 $seeds); do
  [ "$(wc -l <"$SHARED/kept.before")" -ge $N2 ] && new_vault3
  RANDOM=$seed
  delay=$((100 + RANDOM % 1900))
  "$R" --vault="$V3" import --jobs=1 "$P2" >"$SHARED/kill.out" 2>&1 &
  pid=$!
  sleep "$(printf "%d.%03d" $((delay / 1000)) $((delay % 1000)))"
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  what="seed $seed, killed after $delay ms"
  check "$what: the vault opens and is intact (vault check)" "$R" --vault="$V3" vault check
  check "$what: integrity_check and cipher_integrity_check are clean" \
    test "$(sql3 "PRAGMA integrity_check;" "PRAGMA cipher_integrity_check;")" = ok
  sql3 "SELECT sha256 FROM photos ORDER BY sha256;" >"$SHARED/kept.after"
  check "$what: every photo committed before is still there ($(wc -l <"$SHARED/kept.after") of $N2 now)" \
    bash -c "test -z \"\$(comm -23 \"$SHARED/kept.before\" \"$SHARED/kept.after\")\""
  check "$what: each batch holds exactly the photos its committed count says" \
    test "$(sql3 "SELECT count(*) FROM import_batches b WHERE b.imported <>
      (SELECT count(*) FROM photos p WHERE p.batch_id = b.id);")" = 0
  # What the run printed: nothing, or (when it ended before the kill) its
  # summary, whose photos must all be there.
  check "$what: every photo the run reported is in the vault" bash -c "
    ! grep -q ^Imported \"$SHARED/kill.out\" || {
      test \"\$(awk -F\"[ ,]+\" \"/^Imported/ {print \\\$2 + \\\$7}\" \"$SHARED/kill.out\")\" = $N2 &&
      test \$(wc -l <\"$SHARED/kept.after\") = $N2; }"
  cp "$SHARED/kept.after" "$SHARED/kept.before"
done
kept=$(wc -l <"$SHARED/kept.before")
"$R" --vault="$V3" import "$P2" >"$SHARED/resume3.out" 2>&1; status=$?
check "after $seeds kills, running it again finishes the rest (exit 0)" test $status = 0
check "…importing exactly the $((N2 - kept)) missing photos" \
  grep -q "^Imported $((N2 - kept)) (0 damaged), already present $kept, rejected 0 " "$SHARED/resume3.out"
check "…so that every photo is there once" \
  test "$(sql3 "SELECT count(*), count(DISTINCT sha256) FROM photos;")" = "$N2|$N2"
check "…every file path once" \
  test "$(sql3 "SELECT count(*), count(DISTINCT path) FROM photo_paths;")" = "$N2|$N2"
check "…and the audit trail verifies" "$R" --vault="$V3" audit verify
echo "1..$n"
'
