#!/bin/bash
# test-audit-anchor.sh: cutting the end of the audit trail, as an attacker
# would, and what Review then says. Runs in its own unlocked keyring
# session (tests/keyring-session.sh). Output is TAP.
#
#   - truncated (with the key: the trigger dropped, the last rows deleted):
#     every command exits 7 naming the missing entries, writes nothing;
#     `audit acknowledge` records the loss, then the vault opens;
#   - rolled back (an older vault.db copied back, no key needed): the same;
#   - a vault copied to another keyring (no kept head): opens, "not
#     anchored on this computer yet", then anchored;
#   - `audit verify --against` a signed report and a signed JSON export:
#     the same trail passes; a cut one and another vault's checkpoint fail;
#   - `audit list --json` shows each entry's hash, forming the chain.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${REVIEW_TEST_KEYRING:-}" != unlocked ]; then
  exec "$here/keyring-session.sh" unlocked "$0" "$@"
fi
R=${REVIEW_BIN:?REVIEW_BIN is set by meson}
T=$(mktemp -d "${TMPDIR:-/tmp}/review-anchor-XXXXXX")
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
vid() { python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["vault_id"])' "$1/vault.json"; }
entries() { "$R" --vault="$1" vault info --json | python3 -c 'import json,sys;print(json.load(sys.stdin)["audit_entries"])'; }
anchor() { "$R" --vault="$1" vault info --json | python3 -c 'import json,sys;print(json.load(sys.stdin)["audit_anchor"])'; }
kept() { secret-tool lookup xdg:schema com.example.Review.AuditHead audit-vault-id "$1"; }
sums() { (cd "$1" && sha256sum -- * 2>/dev/null); }
add_facilities() {   # add_facilities VAULT COUNT TAG
  for i in $(seq "$2"); do
    "$R" --vault="$1" facility add --en="Branch $3 $i" --type=security-branch >/dev/null || return 1
  done
}
sqlq() {   # sqlq VAULT SQL: with the key, as someone holding it would
  local key
  key=$(secret-tool lookup xdg:schema com.example.Review.VaultKey vault-id "$(vid "$1")")
  sqlcipher "$1/vault.db" "PRAGMA key=\"x'$key'\"; $2" | grep -v '^ok$'
}
sql() { sqlq "$@" >/dev/null; }

V=$T/vault
O=$T/signed
mkdir -p "$O"
"$R" --vault="$V" vault create --name="Sam Supervisor" --role=supervisor \
  --recovery-key-file="$T/rk" >/dev/null 2>&1
check "a vault is made" test -s "$V/vault.db"
ID=$(vid "$V")
check "its head is kept in the keyring at once" sh -c "kept=\$(secret-tool lookup xdg:schema com.example.Review.AuditHead audit-vault-id $ID) && echo \"\$kept\" | grep -q '^[0-9]*:[0-9a-f]\\{64\\}\$'"
check "…under its own schema, so the vault-id lookup still gives the key" \
  sh -c "secret-tool lookup vault-id $ID | grep -q '^[0-9a-f]\\{64\\}\$'"
check "facility add five times" add_facilities "$V" 5 a
"$R" --vault="$V" signer create --name="Sam Najm" --organization="Test Centre" >/dev/null
"$R" --vault="$V" signer export-cert --out="$T/cert.pem" >/dev/null 2>&1
check "a signed report" status_is 0 "$R" --vault="$V" report --out="$O/report1.pdf" --images=none
check "a signed JSON export" status_is 0 "$R" --vault="$V" export --format=json --out="$O/export1.json"
check "vault info says anchored" test "$(anchor "$V")" = anchored
check "…and prints it" sh -c "'$R' --vault='$V' vault info | grep -q 'Audit head: *anchored on this computer'"
N0=$(entries "$V")
check "the kept head is the vault's head ($N0 entries)" test "$(kept "$ID" | cut -d: -f1)" = "$N0"

# --- audit list --json: each entry's hash, forming the chain ------------------------
check "audit list --json shows each entry's hash, each the next one's prev" \
  sh -c "'$R' --vault='$V' audit list --json | python3 -c '
import json, sys
e = json.load(sys.stdin)
assert len(e) == $N0, len(e)
assert all(len(x[\"hash\"]) == 64 for x in e)
assert len(set(x[\"hash\"] for x in e)) == len(e)
assert [x[\"seq\"] for x in e] == list(range(1, len(e) + 1))
for k in (\"seq\", \"time\", \"actor\", \"action\", \"target\", \"details\"): assert k in e[0]
'"
check "…and the last hash is the one vault info names" \
  sh -c "[ \"\$('$R' --vault='$V' audit list --json | python3 -c 'import json,sys;print(json.load(sys.stdin)[-1][\"hash\"])')\" = \"\$('$R' --vault='$V' vault info --json | python3 -c 'import json,sys;print(json.load(sys.stdin)[\"audit_last_hash\"])')\" ]"

# --- --against: the same trail ---------------------------------------------------
check "audit verify --against the signed report: exit 0" \
  status_is 0 "$R" --vault="$V" audit verify --against="$O/report1.pdf" --cert="$T/cert.pem"
check "…saying it holds the checkpoint" has "$T/stdout" "holds the signed checkpoint"
check "audit verify --against the signed JSON export: exit 0" \
  status_is 0 "$R" --vault="$V" audit verify --against="$O/export1.json"
cp "$O/export1.json" "$O/forged.json"
cp "$O/export1.json.p7s" "$O/forged.json.p7s"
python3 - "$O/forged.json" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read())
i = b.find(b'"audit_checkpoint"'); j = b.find(b'"entries"', i)
k = j + len(b'"entries"')
while not chr(b[k]).isdigit(): k += 1
b[k] = ord("1") if b[k] != ord("1") else ord("2")
open(p, "wb").write(bytes(b))
PY
check "a JSON export with its checkpoint edited: refused, the signature does not hold (exit 10)" \
  status_is 10 "$R" --vault="$V" audit verify --against="$O/forged.json"

# --- another vault's checkpoint -------------------------------------------------
W=$T/other
"$R" --vault="$W" vault create --role=supervisor --recovery-key-file="$T/rk2" >/dev/null 2>&1
"$R" --vault="$W" signer create --name="Other" --organization="Elsewhere" >/dev/null
"$R" --vault="$W" report --out="$O/other.pdf" --images=none >/dev/null
check "--against another vault's signed report: exit 7" \
  status_is 7 "$R" --vault="$V" audit verify --against="$O/other.pdf"
check "…saying the vault id differs" has "$T/stderr" "another vault"

# --- (a) truncation, with the key -----------------------------------------------------
N1=$(entries "$V")
sql "$V" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > $((N1 - 3));"
check "the last 3 rows are gone (sqlcipher, with the key)" test "$(sqlq "$V" "SELECT max(seq) FROM audit;")" = "$((N1 - 3))"
sums "$V" > "$T/before"
check "truncated: vault info exits 7" status_is 7 "$R" --vault="$V" vault info
check "…saying entries $((N1 - 2))–$N1 are missing" \
  has "$T/stderr" "older than the one last used here: entries $((N1 - 2))–$N1 are missing"
check "…and how to open it anyway" has "$T/stderr" "review audit acknowledge"
check "truncated: audit verify (which used to say intact) exits 7" \
  status_is 7 "$R" --vault="$V" audit verify
check "…naming $((N1 - 2))–$N1" has "$T/stderr" "entries $((N1 - 2))–$N1 are missing"
check "truncated: facility add exits 7 too" \
  status_is 7 "$R" --vault="$V" facility add --en="Not written" --type=security-branch
check "…and none of them changed a byte of the vault folder" diff <(sums "$V") "$T/before"
check "…nor the kept head" test "$(kept "$ID" | cut -d: -f1)" = "$N1"
check "audit acknowledge exits 0" status_is 0 "$R" --vault="$V" audit acknowledge
check "…naming the entries" has "$T/stdout" "entries $((N1 - 2))–$N1 are missing"
check "…recorded as an audit event with the range and the kept hash" \
  sh -c "'$R' --vault='$V' audit list --json --action=audit.rollback-acknowledged | python3 -c '
import json, sys
e = json.load(sys.stdin)
assert len(e) == 1, e
d = e[0][\"details\"]
assert d[\"missing_from\"] == $((N1 - 2)) and d[\"missing_to\"] == $N1, d
assert len(d[\"kept_hash\"]) == 64
'"
check "then vault info exits 0" status_is 0 "$R" --vault="$V" vault info
check "…and the chain verifies" status_is 0 "$R" --vault="$V" audit verify
check "audit acknowledge again: nothing to acknowledge (exit 0)" \
  status_is 0 "$R" --vault="$V" audit acknowledge
check "…saying so" has "$T/stdout" "Nothing to acknowledge"

# --- (d) --against after the cut ---------------------------------------------------
check "--against the older report after the cut: exit 7" \
  status_is 7 "$R" --vault="$V" audit verify --against="$O/report1.pdf"
check "…naming the entry the checkpoint has that the vault lacks" \
  has "$T/stderr" "Entry [0-9]* of the vault’s audit trail is not the one"
check "--against the older JSON export: exit 7 (its checkpoint is past the cut)" \
  status_is 7 "$R" --vault="$V" audit verify --against="$O/export1.json"
check "…naming the missing entry" has "$T/stderr" "shorter than the signed checkpoint: entr"
check "a new report after acknowledging" \
  status_is 0 "$R" --vault="$V" report --out="$O/report2.pdf" --images=none
check "--against it: exit 0" status_is 0 "$R" --vault="$V" audit verify --against="$O/report2.pdf"

# --- (b) rollback: an older vault.db copied back ------------------------------------
cp "$V/vault.db" "$T/vault.db.old"
N2=$(entries "$V")
check "more entries are written" add_facilities "$V" 4 b
check "vault info (closes, so the head is kept)" status_is 0 "$R" --vault="$V" vault info
N3=$(entries "$V")
check "the kept head moved to $N3" test "$(kept "$ID" | cut -d: -f1)" = "$N3" -a "$N3" -gt "$N2"
cp "$T/vault.db.old" "$V/vault.db"
rm -f "$V/vault.db-wal" "$V/vault.db-shm"
sums "$V" > "$T/before"
check "rolled back: vault info exits 7" status_is 7 "$R" --vault="$V" vault info
check "…saying entries $((N2 + 1))–$N3 are missing" \
  has "$T/stderr" "entries $((N2 + 1))–$N3 are missing"
check "rolled back: audit verify exits 7" status_is 7 "$R" --vault="$V" audit verify
check "…and nothing was written" diff <(sums "$V") "$T/before"
check "audit acknowledge exits 0" status_is 0 "$R" --vault="$V" audit acknowledge
check "…naming $((N2 + 1))–$N3" has "$T/stdout" "entries $((N2 + 1))–$N3 are missing"
check "…and the event is in the trail" \
  sh -c "'$R' --vault='$V' audit list --json --action=audit.rollback-acknowledged | python3 -c '
import json, sys
e = json.load(sys.stdin)
assert len(e) == 2 and e[-1][\"details\"][\"missing_from\"] == $((N2 + 1)) and e[-1][\"details\"][\"missing_to\"] == $N3, e'"
check "then the vault opens" status_is 0 "$R" --vault="$V" vault info

# --- (c) another computer: no kept head -------------------------------------------
KEY=$(secret-tool lookup xdg:schema com.example.Review.VaultKey vault-id "$ID")
cat > "$T/elsewhere.sh" <<EOF
#!/bin/bash
# elsewhere.sh OUT ARGS…: review ARGS… in a keyring of its own (another
# computer): the vault key stored there, no audit head.
out=\$1; shift
printf %s '$KEY' | secret-tool store --label=k xdg:schema com.example.Review.VaultKey vault-id '$ID'
'$R' "\$@" > "\$out" 2>&1; st=\$?
secret-tool lookup xdg:schema com.example.Review.AuditHead audit-vault-id '$ID' > "\$out.kept"
exit \$st
EOF
chmod +x "$T/elsewhere.sh"
elsewhere() { env -u REVIEW_TEST_KEYRING "$here/keyring-session.sh" unlocked "$T/elsewhere.sh" "$@" 2>/dev/null; }
cp -r "$V" "$T/moved"
check "moved to another keyring (no kept head): the vault opens" \
  elsewhere "$T/moved-info1" --vault="$T/moved" vault info
check "…saying the head is not anchored on this computer yet" \
  has "$T/moved-info1" "not anchored on this computer yet"
check "…in JSON too" elsewhere "$T/moved-info2" --vault="$T/moved" vault info --json
check "…as not-anchored" has "$T/moved-info2" '"audit_anchor" : "not-anchored"'
check "…and then it is anchored there" grep -q '^[0-9]*:[0-9a-f]\{64\}$' "$T/moved-info2.kept"

# --- a replaced trail: an older copy written on another computer, now longer ---------
cp "$V/vault.db" "$T/vault.db.old2"
N4=$(entries "$V")
add_facilities "$V" 2 c
"$R" --vault="$V" vault info >/dev/null
N5=$(entries "$V")
cp "$T/vault.db.old2" "$V/vault.db"
for i in 1 2 3; do
  elsewhere "$T/else-add" --vault="$V" facility add --en="Elsewhere $i" --type=security-branch
done
elsewhere "$T/else-info" --vault="$V" vault info --json
N6=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["audit_entries"])' "$T/else-info")
check "the old copy, written elsewhere, is longer ($N6) than the kept head ($N5)" test "$N6" -gt "$N5"
check "replaced trail: vault info exits 7" status_is 7 "$R" --vault="$V" vault info
check "…naming entry $N5 as not the one last recorded here" \
  has "$T/stderr" "its entry $N5 is not the one last recorded here"
check "audit acknowledge records it" status_is 0 "$R" --vault="$V" audit acknowledge
check "then the vault opens" status_is 0 "$R" --vault="$V" vault info

echo "1..$n"
