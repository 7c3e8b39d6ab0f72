#!/bin/bash
# test-vault-lifecycle.sh: what someone who can write the vault folder, but
# has no key, can do to a vault, and what Review then says; and the
# lifecycle's repairs (vault repair, vault rekey-recovery). Runs in its own
# unlocked keyring session (tests/keyring-session.sh). Output is TAP.
#
#   - vault.db emptied, or moved away: exit 7, never a new vault;
#   - vault create over any vault file: refused, nothing written;
#   - a create that fails removes only what it made;
#   - one changed character of vault.json: "vault.json is damaged" (not
#     "wrong key"), for the keyring's key and the recovery key; repair;
#   - a damaged recovery.json is found by vault check, long before the
#     recovery key is needed; rekey-recovery makes a new key and the old
#     one stops working;
#   - a vault with a zeroed page: export and report refuse to sign (exit 7).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${REVIEW_TEST_KEYRING:-}" != unlocked ]; then
  exec "$here/keyring-session.sh" unlocked "$0" "$@"
fi
R=${REVIEW_BIN:?REVIEW_BIN is set by meson}
T=$(mktemp -d "${TMPDIR:-/tmp}/review-lifecycle-XXXXXX")
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
sums() { (cd "$1" && sha256sum -- * 2>/dev/null); }
keys() { secret-tool search --all xdg:schema com.example.Review.VaultKey 2>&1 | grep -c "^\[/" ; }
vid() { python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["vault_id"])' "$1/vault.json"; }
flip_char() {   # flip_char FILE KEY: one character of a JSON string member changed
  python3 - "$1" "$2" <<'PY'
import json, sys
p, k = sys.argv[1], sys.argv[2]
d = json.load(open(p))
v = d[k]
d[k] = ("0" if v[0] != "0" else "1") + v[1:]
json.dump(d, open(p, "w"), indent=2)
PY
}

V=$T/vault
"$R" --vault="$V" vault create --name="Sam Supervisor" --role=supervisor \
  --recovery-key-file="$T/rk1" >/dev/null 2>&1
check "a vault is made" test -s "$V/vault.db"
ID=$(vid "$V")

# --- an emptied or missing vault.db --------------------------------------------
cp "$V/vault.db" "$T/vault.db.saved"
: > "$V/vault.db"
sums "$V" > "$T/before"
check "vault.db emptied: vault info exits 7" status_is 7 "$R" --vault="$V" vault info
check "…saying vault.db is missing or empty" has "$T/stderr" "vault.db is missing or empty"
sums "$V" > "$T/after"
check "…and nothing was re-made (vault.db still empty, every file unchanged)" \
  sh -c "test ! -s '$V/vault.db' && diff '$T/before' '$T/after'"
check "vault create over it is refused (exit 3)" status_is 3 "$R" --vault="$V" vault create
sums "$V" > "$T/after"
check "…and writes nothing" diff "$T/before" "$T/after"
rm "$V/vault.db"
check "vault.db moved away: vault info exits 7" status_is 7 "$R" --vault="$V" vault info
check "…and no vault.db was made" test ! -e "$V/vault.db"
check "vault create with vault.json and recovery.json there: refused (exit 3)" \
  status_is 3 "$R" --vault="$V" vault create
sums "$V" > "$T/after"; grep -v vault.db "$T/before" > "$T/before-json"
check "…recovery.json and vault.json untouched" diff "$T/before-json" "$T/after"
check "…the vault id the same" test "$(vid "$V")" = "$ID"
check "vault recover does not re-make it either (exit 7)" \
  status_is 7 "$R" --vault="$V" vault recover --recovery-key-file="$T/rk1"
cp "$T/vault.db.saved" "$V/vault.db"
check "with vault.db back, the vault opens" status_is 0 "$R" --vault="$V" vault info
for f in vault.db-wal recovery.json; do
  W=$T/only-$f; mkdir -p "$W"; echo x > "$W/$f"
  check "a folder holding only $f is never initialised (exit 3)" \
    status_is 3 "$R" --vault="$W" vault create
  check "…$f untouched, nothing added" sh -c "test \"\$(ls '$W')\" = '$f' && test \"\$(cat '$W/$f')\" = x"
done

# --- a create that fails takes back only what it made --------------------------
F=$T/fresh; mkdir -p "$F"; echo "mine" > "$F/notes.txt"
before_keys=$(keys)
check "a create whose recovery key file cannot be written fails" \
  sh -c "! '$R' --vault='$F' vault create --recovery-key-file='$T/no/such/dir/rk' >/dev/null 2>&1"
check "…leaves no vault file, and the file that was there" \
  sh -c "test \"\$(ls '$F')\" = notes.txt && test \"\$(cat '$F/notes.txt')\" = mine"
check "…and no key in the keyring" test "$(keys)" = "$before_keys"

# --- a damaged vault.json ----------------------------------------------------------
cp "$V/vault.json" "$T/vault.json.good"
flip_char "$V/vault.json" key_check
check "key_check changed: vault info exits 7" status_is 7 "$R" --vault="$V" vault info
check "…saying vault.json is damaged and to repair it" \
  sh -c "grep -q 'vault.json' '$T/stderr' && grep -q 'review vault repair' '$T/stderr'"
check "…not that the key does not open the vault" hasnt "$T/stderr" "does not open this vault"
check "vault recover says the same, not that the recovery key is wrong (exit 7)" \
  status_is 7 "$R" --vault="$V" vault recover --recovery-key-file="$T/rk1"
check "…naming vault.json" has "$T/stderr" "review vault repair"
check "vault repair exits 0" status_is 0 "$R" --vault="$V" vault repair
check "…vault.json is right again" cmp "$V/vault.json" "$T/vault.json.good"
check "…the vault opens" status_is 0 "$R" --vault="$V" vault info
check "…and the repair is an audit event" \
  sh -c "'$R' --vault='$V' audit list --json --action=vault.repaired | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 1'"
flip_char "$V/vault.json" vault_id
check "vault_id changed: exit 7, vault.json damaged (the key found under recovery.json's id)" \
  status_is 7 "$R" --vault="$V" vault info
check "…naming the repair" has "$T/stderr" "review vault repair"
check "vault repair with the recovery key instead of the keyring's" \
  status_is 0 "$R" --vault="$V" vault repair --recovery-key-file="$T/rk1"
check "…vault.json is right again" cmp "$V/vault.json" "$T/vault.json.good"
check "the audit trail verifies" status_is 0 "$R" --vault="$V" audit verify

# --- recovery.json ---------------------------------------------------------------------
check "vault check passes, the recovery file included" status_is 0 "$R" --vault="$V" vault check
check "…saying so" has "$T/stdout" "recovery file is intact"
cp "$V/recovery.json" "$T/recovery.json.good"
flip_char "$V/recovery.json" wrapped_key
check "a damaged wrapped_key: vault check fails (exit 7)" status_is 7 "$R" --vault="$V" vault check
check "…naming recovery.json and rekey-recovery" \
  sh -c "grep -q recovery.json '$T/stderr' && grep -q rekey-recovery '$T/stderr'"
cp "$T/recovery.json.good" "$V/recovery.json"
check "rekey-recovery writes a new recovery key to a new file" \
  status_is 0 "$R" --vault="$V" vault rekey-recovery --recovery-key-file="$T/rk2"
check "…which differs from the old one" sh -c "! cmp -s '$T/rk1' '$T/rk2'"
check "…and is an audit event" \
  sh -c "'$R' --vault='$V' audit list --json --action=vault.recovery-key-replaced | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 1'"
check "vault check passes with the new recovery file" status_is 0 "$R" --vault="$V" vault check
secret-tool clear vault-id "$ID"
check "with the key gone from the keyring, the OLD recovery key is refused (exit 6)" \
  status_is 6 "$R" --vault="$V" vault recover --recovery-key-file="$T/rk1"
check "the NEW recovery key opens the vault (exit 0)" \
  status_is 0 "$R" --vault="$V" vault recover --recovery-key-file="$T/rk2"
check "rekey-recovery refuses to overwrite an existing file (exit 2)" \
  status_is 2 "$R" --vault="$V" vault rekey-recovery --recovery-key-file="$T/rk2"
check "…and the recovery key in it still works" status_is 0 "$R" --vault="$V" vault check

# --- a zeroed page: no signed output over a damaged vault ------------------------------
"$R" --vault="$V" signer create --name="Sam Supervisor" --organization="Test Org" >/dev/null 2>&1
check "an export works on the whole vault" \
  status_is 0 "$R" --vault="$V" export --format=json --out="$T/good.json"
python3 - "$V/vault.db" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
page = 4096
assert len(b) >= 4 * page, len(b)
b[2 * page:3 * page] = bytes(page)
open(p, "wb").write(b)
PY
check "a zeroed page: export refuses (exit 7)" \
  status_is 7 "$R" --vault="$V" export --format=json --out="$T/bad.json"
check "…saying the vault is damaged" has "$T/stderr" "damaged"
check "…and writes no file" sh -c "test ! -e '$T/bad.json' && test ! -e '$T/bad.json.p7s'"
check "a zeroed page: report refuses (exit 7)" \
  status_is 7 "$R" --vault="$V" report --out="$T/bad.pdf"
check "…and writes no file" test ! -e "$T/bad.pdf"

echo "1..$n"
