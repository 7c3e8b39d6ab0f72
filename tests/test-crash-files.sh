#!/bin/bash
# test-crash-files.sh: reports and exports killed with SIGKILL mid-way, and a
# full disk (tests/fail-io.c, REVIEW_FAIL_ENOSPC) under an annotation, an
# import, an export and a report. After each: never a partial file under the
# name the user chose, the vault intact (vault check, integrity_check,
# cipher_integrity_check, audit verify) with everything committed before,
# and for a full disk a message that says so. Kill moments are random and
# seeded (the seed is in every check's description); 6 seeds each, 20 with
# REVIEW_TEST_LONG=1 (build-aux/test --long). Runs in its own unlocked
# keyring session (tests/keyring-session.sh). Output is TAP.
#
# A killed report or export may leave a hidden temporary file ".NAME.XXXXXX"
# (a hidden ".NAME.XXXXXX" folder for CSV) beside the destination, private
# to the user (0600, 0700): it is never under the destination name, and a
# finished or failed run removes its own. The checks allow these and count
# them; anything else beside the destination fails.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${REVIEW_TEST_KEYRING:-}" != unlocked ]; then
  exec "$here/keyring-session.sh" unlocked "$0" "$@"
fi
R=${REVIEW_BIN:?REVIEW_BIN is set by meson}
GEN=${REVIEW_GEN_PHOTOS:?}
SEED=${REVIEW_SEED_REPORT:?}
WRITER=${REVIEW_CRASH_WRITER:?}
FAIL_IO=${REVIEW_FAIL_IO:?}
T=$(mktemp -d "${TMPDIR:-/tmp}/review-crash-files-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
seeds=6
[ -n "${REVIEW_TEST_LONG:-}" ] && [ "$REVIEW_TEST_LONG" != 0 ] && seeds=20

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
empty() { [ -z "$(ls -A "$1")" ] || { echo "left in $1:"; ls -lA "$1"; return 1; }; }
ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
now_ms() { date +%s%3N; }

V=$HOME/vault
ID=
KEY=
sql() {   # sql SQL: through the sqlcipher CLI with the vault's key
  sqlcipher "$V/vault.db" "PRAGMA key=\"x'$KEY'\"; $*" | sed 1d
}
vault_intact() {   # the project's check, SQLite's and SQLCipher's, and the trail
  "$R" --vault="$V" vault check &&
  [ "$(sql "PRAGMA integrity_check; PRAGMA cipher_integrity_check;")" = ok ] &&
  "$R" --vault="$V" audit verify
}
# Only complete exports or reports, and hidden temporaries, in DIR.
# only_complete DIR KIND: KIND is pdf, json or csv.
temporaries=0
only_complete() {
  dir=$1 kind=$2
  for f in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$f" ] || continue
    name=${f##*/}
    case "$name" in
      .*.??????)   # a temporary left by the kill: private to the user
        if [ -d "$f" ]; then [ "$(stat -c %a "$f")" = 700 ] || { echo "$f is not private"; return 1; }
        else [ "$(stat -c %a "$f")" = 600 ] || { echo "$f is not private"; return 1; }; fi
        temporaries=$((temporaries + 1)); rm -rf "$f"; continue ;;
    esac
    case "$kind" in
      pdf) "$R" verify "$f" >/dev/null || { echo "$name is in place but does not verify"; return 1; } ;;
      json)
        case "$name" in
          *.json.p7s) [ -e "${f%.p7s}" ] || { echo "$name without its data file"; return 1; }
                      "$R" verify "${f%.p7s}" --cert="$T/cert.pem" >/dev/null ||
                        { echo "${name%.p7s} does not verify"; return 1; } ;;
          # Renamed before its signature: complete, not yet a finished export.
          *.json) python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$f" ||
                    { echo "$name is not complete JSON"; return 1; } ;;
          *) echo "unexpected $name"; return 1 ;;
        esac ;;
      csv) [ -d "$f" ] && [ -e "$f/SHA256SUMS.p7s" ] && (cd "$f" && sha256sum --quiet --strict -c SHA256SUMS) ||
             { echo "$name is not a complete CSV export"; return 1; } ;;
    esac
  done
}

for tool in sqlcipher secret-tool pdfsig openssl; do
  command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool is not installed (build-aux/setup-deps)"; exit 0; }
done

# --- a supervisor vault big enough to stop a report or export mid-way ------
mkdir -p "$T/photos" "$T/more"
"$R" --vault="$V" vault create --name="Samir Supervisor" --role=supervisor \
  --recovery-key-file="$T/rk" >/dev/null
"$GEN" "$T/photos" 24 --width=640 --height=480 >/dev/null
"$R" --vault="$V" import "$T/photos" >/dev/null
"$SEED" --vault="$V" --persons=400 >/dev/null
"$R" --vault="$V" signer create --name="Samir Najm" --organization="Test Documentation Centre" >/dev/null
"$R" --vault="$V" signer export-cert --out="$T/cert.pem" >/dev/null
ID=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["vault_id"])' "$V/vault.json")
KEY=$(secret-tool lookup xdg:schema com.example.Review.VaultKey vault-id "$ID")
check "the vault is made, seeded and intact" vault_intact

# How long each takes whole, to draw kill moments across it.
O=$T/whole
mkdir -p "$O"
t0=$(now_ms); "$R" --vault="$V" report --out="$O/r.pdf" >/dev/null 2>&1; t1=$(now_ms)
"$R" --vault="$V" export --format=json --out="$O/x.json" >/dev/null 2>&1; t2=$(now_ms)
"$R" --vault="$V" export --format=csv --out="$O/c" >/dev/null 2>&1; t3=$(now_ms)
report_ms=$((t1 - t0)) json_ms=$((t2 - t1)) csv_ms=$((t3 - t2))
echo "# whole: report $report_ms ms, JSON export $json_ms ms, CSV export $csv_ms ms"
check "a whole report, JSON export and CSV export are made" sh -c "
  test -e \"$O/r.pdf\" -a -e \"$O/x.json.p7s\" -a -e \"$O/c/SHA256SUMS.p7s\"" &&
  cp "$O/r.pdf" "$T/previous.pdf"
check "…complete and signed" sh -c "\"$R\" verify \"$O/r.pdf\" &&
  \"$R\" verify \"$O/x.json\" --cert=\"$T/cert.pem\" && cd \"$O/c\" && sha256sum --quiet --strict -c SHA256SUMS"
rm -rf "$O"

# --- killed with SIGKILL at random moments ---------------------------------
killed_mid=0
for kind in pdf json csv; do
  case $kind in pdf) whole=$report_ms ;; json) whole=$json_ms ;; csv) whole=$csv_ms ;; esac
  for seed in $(seq 1 "$seeds"); do
    RANDOM=$((seed * 3 + ${#kind}))
    delay=$((20 + RANDOM % (whole + whole / 5 + 1)))
    O=$T/killed-$kind-$seed
    mkdir -p "$O"
    # A report replaces an earlier one of the same name: one is there whole.
    [ $kind = pdf ] && cp "$T/previous.pdf" "$O/r.pdf"
    case $kind in
      pdf) "$R" --vault="$V" report --out="$O/r.pdf" >/dev/null 2>&1 & ;;
      json) "$R" --vault="$V" export --format=json --out="$O/x.json" >/dev/null 2>&1 & ;;
      csv) "$R" --vault="$V" export --format=csv --out="$O/c" >/dev/null 2>&1 & ;;
    esac
    pid=$!
    sleep "$(ms "$delay")"
    kill -9 $pid 2>/dev/null && killed_mid=$((killed_mid + 1))
    wait $pid 2>/dev/null
    what="$kind, seed $seed, killed after $delay of $whole ms"
    if [ $kind = pdf ]; then
      check "$what: the destination holds a whole report, the earlier or the new one" \
        sh -c "test -e \"$O/r.pdf\" && \"$R\" verify \"$O/r.pdf\""
    fi
    check "$what: nothing partial under the destination name" only_complete "$O" $kind
    check "$what: the vault is intact" vault_intact
  done
done
echo "# $killed_mid of $((3 * seeds)) runs were still running when killed; $temporaries hidden temporaries were left"
check "most runs were killed before they ended ($killed_mid of $((3 * seeds)))" test $((killed_mid * 2)) -ge $((3 * seeds))

# --- a full disk -------------------------------------------------------------
enospc() {   # enospc TEXT BYTES COMMAND…: COMMAND with a disk full after BYTES
  text=$1 bytes=$2; shift 2
  env LD_PRELOAD="$FAIL_IO" REVIEW_FAIL_ENOSPC="$text" REVIEW_FAIL_ENOSPC_AFTER="$bytes" "$@"
}
notes_before=$(sql "SELECT count(*) FROM notes;")
"$WRITER" --vault="$V" --count=3 >"$T/notes-before"
enospc vault.db 200000 "$WRITER" --vault="$V" --start=3 >"$T/notes-full" 2>"$T/notes-full.err"
status=$?
check "annotations on a full disk: the writer stops with an error (exit 1)" test $status = 1
check "…saying the disk is full" has "$T/notes-full.err" "The disk is full"
check "…after committing some notes ($(wc -l <"$T/notes-full"))" test -s "$T/notes-full"
check "…and every note committed before or printed since is in the vault" sh -c "
  cut -d' ' -f2 \"$T/notes-before\" \"$T/notes-full\" | sort > \"$T/printed\"
  sqlcipher \"$V/vault.db\" \"PRAGMA key=\\\"x'$KEY'\\\"; SELECT uuid FROM notes;\" | sed 1d | sort > \"$T/in-vault\"
  test -z \"\$(comm -23 \"$T/printed\" \"$T/in-vault\")\" &&
  test \$(wc -l < \"$T/in-vault\") = \$(($notes_before + \$(wc -l < \"$T/printed\")))"
check "…with the vault intact" vault_intact

# Another size: photos of their own, none the same as the first ones.
"$GEN" "$T/more" 200 --width=600 --height=400 >/dev/null
sql "SELECT sha256 FROM photos ORDER BY sha256;" >"$T/photos-before"
enospc vault.db 3000000 "$R" --vault="$V" import --jobs=1 "$T/more" >"$T/import.out" 2>"$T/import.err"
status=$?
check "an import on a full disk fails (exit 1)" test $status = 1
check "…saying the disk is full" has "$T/import.err" "The disk is full"
kept=$(($(sql "SELECT count(*) FROM photos;") - $(wc -l <"$T/photos-before")))
check "…and how many photos it imported before stay in the vault ($kept)" \
  has "$T/import.err" " $kept photos imported before this stay in the vault"
sql "SELECT sha256 FROM photos ORDER BY sha256;" >"$T/photos-after"
check "…keeping every photo committed before" sh -c "test -z \"\$(comm -23 \"$T/photos-before\" \"$T/photos-after\")\""
check "…with the vault intact" vault_intact
check "run again with space, the import finishes the rest" \
  sh -c "\"$R\" --vault=\"$V\" import \"$T/more\" | grep -q \"^Imported $((200 - kept)) (0 damaged), already present $kept, rejected 0 \""

events() { "$R" --vault="$V" audit list --json --action="$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
F=$T/full
mkdir -p "$F"
exports=$(events export.created) reports=$(events report.exported)
check "a JSON export on a full disk fails (exit 1)" \
  status_is 1 enospc /full/ 1000 "$R" --vault="$V" export --format=json --out="$F/x.json"
check "…saying No space left on device" has "$T/stderr" "No space left on device"
check "…and leaves nothing behind" empty "$F"
check "a CSV export on a full disk fails (exit 1)" \
  status_is 1 enospc /full/ 20000 "$R" --vault="$V" export --format=csv --out="$F/c"
check "…saying No space left on device" has "$T/stderr" "No space left on device"
check "…and leaves nothing behind" empty "$F"
check "a report on a full disk fails (exit 1)" \
  status_is 1 enospc /full/ 1000 "$R" --vault="$V" report --out="$F/r.pdf"
check "…saying No space left on device" has "$T/stderr" "No space left on device"
check "…and leaves nothing behind" empty "$F"
check "the failed exports and report left no audit event" \
  test "$(events export.created) $(events report.exported)" = "$exports $reports"
check "an export when the vault disk is full fails (exit 1)" \
  status_is 1 enospc vault.db 0 "$R" --vault="$V" export --format=json --out="$F/y.json"
check "…saying the disk is full" has "$T/stderr" "The disk is full"
check "…and leaves nothing behind" empty "$F"
check "after all this the vault is intact" vault_intact
check "…and still holds every photo" test "$(sql "SELECT count(*) FROM photos;")" = 224

echo "1..$n"
