#!/bin/bash
# test-cli.sh: the command line and the acceptance checks of the vault, each
# keyring state in its own private session (tests/keyring-session.sh).
# Output is TAP; every check can fail.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export REVIEW_BIN=${REVIEW_BIN:?REVIEW_BIN is set by meson}
shared=$(mktemp -d "${TMPDIR:-/tmp}/review-cli-XXXXXX")
trap 'rm -rf "$shared"' EXIT
export SHARED="$shared"

# Helpers available inside each session.
cat > "$shared/lib.sh" <<'LIB'
R=$REVIEW_BIN
check() {   # check DESCRIPTION COMMAND…: ok when COMMAND succeeds
  desc=$1; shift
  if "$@" >"$SHARED/out" 2>&1; then echo "ok - $desc"
  else echo "not ok - $desc"; sed 's/^/# /' "$SHARED/out" | head -20; fi
}
status_is() {   # status_is EXPECTED COMMAND…
  want=$1; shift
  "$@" >"$SHARED/stdout" 2>"$SHARED/stderr"; got=$?
  [ "$got" = "$want" ] || { echo "exit status $got, expected $want"; cat "$SHARED/stderr"; return 1; }
}
vault_id() { python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["vault_id"])' "$1/vault.json"; }
LIB

run() {   # run STATE SCRIPT
  "$here/keyring-session.sh" "$1" bash -c ". \"\$SHARED/lib.sh\"; $2" 2>&1
}

{
# --- an unlocked keyring: the whole acceptance flow ----------------------
run unlocked '
V=$HOME/vault
check "vault create exits 0 and prints a recovery key" \
  sh -c "\"$R\" --vault=\"$V\" vault create --name=\"Test Reviewer\" >\"$SHARED/create.out\" && grep -Eq \"^ +([0-9A-Z]{4}-){8}[0-9A-Z]{4}\$\" \"$SHARED/create.out\""
grep -Eo "([0-9A-Z]{4}-){8}[0-9A-Z]{4}" "$SHARED/create.out" | head -1 > "$SHARED/rk"
check "vault.db does not begin with the SQLite header" \
  sh -c "! head -c 16 \"$V/vault.db\" | grep -q \"SQLite format 3\""
check "vault folder and files are private" \
  sh -c "[ \$(stat -c %a \"$V\") = 700 ] && [ \$(stat -c %a \"$V/vault.db\") = 600 ]"
check "the system sqlite3 cannot read the vault" \
  sh -c "! sqlite3 \"$V/vault.db\" \"SELECT count(*) FROM sqlite_master\""
check "sqlcipher without the key cannot read the vault" \
  sh -c "! sqlcipher \"$V/vault.db\" \"SELECT count(*) FROM sqlite_master\""
ID=$(vault_id "$V")
check "secret-tool finds the key by vault-id" \
  sh -c "secret-tool search vault-id $ID 2>&1 | grep -q \"^secret = [0-9a-f]\\{64\\}\$\""
check "vault info --json has the documented keys" \
  sh -c "\"$R\" --vault=\"$V\" vault info --json | python3 -c \"import json,sys; d=json.load(sys.stdin); assert d[\\\"path\\\"]==\\\"$V\\\"; assert d[\\\"vault_id\\\"]==\\\"$ID\\\"; assert isinstance(d[\\\"schema_version\\\"],int); assert d[\\\"cipher_version\\\"].startswith(\\\"4.\\\"); assert d[\\\"photos\\\"]==0\""
check "REVIEW_VAULT selects the vault too" \
  sh -c "REVIEW_VAULT=\"$V\" \"$R\" vault info | grep -q \"$ID\""
check "audit verify passes" status_is 0 "$R" --vault="$V" audit verify
check "vault check passes" status_is 0 "$R" --vault="$V" vault check
check "creating over an existing vault is refused (exit 3)" \
  status_is 3 "$R" --vault="$V" vault create
KEY=$(secret-tool lookup vault-id "$ID")
cp -a "$V" "$SHARED/vault-copy"
before=$(sha256sum < "$V/vault.db")
secret-tool clear vault-id "$ID"
check "with the key item deleted, vault info fails (exit 5)" \
  status_is 5 "$R" --vault="$V" vault info
check "…naming the recovery key" grep -qi "recovery key" "$SHARED/stderr"
check "…and vault.db is byte-for-byte unchanged" \
  sh -c "[ \"\$(sha256sum < \"$V/vault.db\")\" = \"$before\" ]"
check "a mistyped recovery key is refused (exit 6)" \
  sh -c "echo 0000-0000-0000-0000-0000-0000-0000-0000-0000 | \"$R\" --vault=\"$V\" vault recover; [ \$? = 6 ]"
check "…and nothing went into the keyring" \
  sh -c "! secret-tool lookup vault-id $ID"
check "vault recover with the recovery key on stdin works" \
  sh -c "\"$R\" --vault=\"$V\" vault recover < \"$SHARED/rk\""
check "vault info works again after recovery" status_is 0 "$R" --vault="$V" vault info
check "the recovered key is the original one" \
  sh -c "[ \"\$(secret-tool lookup vault-id $ID)\" = \"$KEY\" ]"
check "audit verify passes after recovery" status_is 0 "$R" --vault="$V" audit verify
sqlcipher "$V/vault.db" "PRAGMA key=\"x'"'"'$KEY'"'"'\"; DROP TRIGGER audit_no_update; UPDATE audit SET details='"'"'{\"forged\":1}'"'"' WHERE seq = 2;" >/dev/null
check "audit verify fails after a row is altered (exit 7)" \
  status_is 7 "$R" --vault="$V" audit verify
check "…naming the altered row" grep -q "entry 2" "$SHARED/stderr"
check "--recovery-key-file writes a private one-line file" \
  sh -c "\"$R\" --vault=\"$HOME/v2\" vault create --recovery-key-file=\"$HOME/rk.txt\" >/dev/null && [ \$(stat -c %a \"$HOME/rk.txt\") = 600 ] && [ \$(wc -l < \"$HOME/rk.txt\") = 1 ] && grep -Eq \"^([0-9A-Z]{4}-){8}[0-9A-Z]{4}\$\" \"$HOME/rk.txt\""
check "vault info on a missing vault fails (exit 3)" \
  status_is 3 "$R" --vault="$HOME/nowhere" vault info
check "…and creates nothing" test ! -e "$HOME/nowhere"
check "an unknown command fails (exit 2)" status_is 2 "$R" frobnicate
check "an unknown option fails (exit 2)" status_is 2 "$R" --frobnicate
check "--help exits 0 and lists the commands" \
  sh -c "\"$R\" --help | grep -q \"vault recover\""
check "--version names SQLCipher 4" sh -c "\"$R\" --version | grep -q \"SQLCipher 4\\.\""
check "a bad --role is refused (exit 2)" status_is 2 "$R" --vault="$HOME/v3" vault create --role=boss
check "vocab --json lists finding types, body regions, methods and statuses in both languages" \
  sh -c "\"$R\" vocab --json | python3 -c \"import json,sys; d=json.load(sys.stdin); assert len(d[\\\"finding_types\\\"]) >= 25 and len(d[\\\"body_regions\\\"]) >= 40 and d[\\\"methods\\\"]; assert [s[\\\"code\\\"] for s in d[\\\"statuses\\\"]] == [\\\"unreviewed\\\", \\\"in-progress\\\", \\\"done\\\", \\\"second-review\\\", \\\"verified\\\"]; assert all(e[\\\"en\\\"] and e[\\\"ar\\\"] for e in d[\\\"finding_types\\\"])\""
check "facility list finds a starter entry by branch number, marked as starter" \
  sh -c "\"$R\" --vault=\"$V\" facility list 215 --json | python3 -c \"import json,sys; f=json.load(sys.stdin)[\\\"facilities\\\"]; assert len(f) == 1 and f[0][\\\"starter\\\"] and \\\"215\\\" in f[0][\\\"en\\\"]\""
check "facility list folds Arabic as the search index does (المداهمة finds المُداهَمة)" \
  sh -c "\"$R\" --vault=\"$V\" facility list \"المُداهَمة\" | grep -q 215"
check "facility add, set and merge (the duplicate kept, marked, no longer listed)" \
  sh -c "d=\$(\"$R\" --vault=\"$V\" facility add --en=\"Raid Branch dup\" --type=security-branch) && \"$R\" --vault=\"$V\" facility set \"\$d\" aliases \"[\\\"215 dup\\\"]\" && \"$R\" --vault=\"$V\" facility merge \"\$d\" c1a3f45e-7509-41d5-86b9-0e75a317d3fa && ! \"$R\" --vault=\"$V\" facility list \"Raid Branch dup\" | grep -q . && \"$R\" --vault=\"$V\" audit list --json | grep -q facility.merged"
check "facility set refuses a bad coordinate (exit 2)" \
  status_is 2 "$R" --vault="$V" facility set c1a3f45e-7509-41d5-86b9-0e75a317d3fa latitude 999
check "errors are translated (Arabic)" \
  sh -c "LANG=C.UTF-8 LANGUAGE=ar \"$R\" --vault=\"$HOME/nowhere\" vault info 2>&1 | LC_ALL=C.UTF-8 grep -qP \"[\\\\x{0600}-\\\\x{06FF}]\""
'

# --- a locked keyring -----------------------------------------------------
run locked '
V=$XDG_DATA_HOME/com.example.Review
if [ "${REVIEW_TEST_PHASE:-}" = seed ]; then
  "$R" vault create >/dev/null && sha256sum < "$V/vault.db" > "$SHARED/locked.sha"
  exit $?
fi
start=$(date +%s)
check "locked keyring: vault info fails at once (exit 4)" status_is 4 "$R" vault info
check "…saying the keyring is locked" grep -qi "locked" "$SHARED/stderr"
check "…without hanging" test $(( $(date +%s) - start )) -lt 20
check "…and vault.db is unchanged" sh -c "[ \"\$(sha256sum < \"$V/vault.db\")\" = \"\$(cat \"$SHARED/locked.sha\")\" ]"
check "locked keyring: vault create fails (exit 4) and writes nothing" \
  sh -c "\"$R\" --vault=\"$HOME/new\" vault create; [ \$? = 4 ] && [ ! -e \"$HOME/new\" ]"
'

# --- no Secret Service at all ---------------------------------------------
run none '
before=$(sha256sum < "$SHARED/vault-copy/vault.db")
check "no keyring service: vault info fails (exit 4)" status_is 4 "$R" --vault="$SHARED/vault-copy" vault info
check "…saying no keyring service runs" grep -qi "keyring service" "$SHARED/stderr"
check "…and vault.db is unchanged" sh -c "[ \"\$(sha256sum < \"$SHARED/vault-copy/vault.db\")\" = \"$before\" ]"
check "no keyring service: vault create fails (exit 4) and writes nothing" \
  sh -c "\"$R\" --vault=\"$HOME/new\" vault create; [ \$? = 4 ] && [ ! -e \"$HOME/new\" ]"
'

# --- a fresh account: no default keyring ---------------------------------
run fresh '
check "no default keyring: vault create fails (exit 4) and writes nothing" \
  sh -c "\"$R\" --vault=\"$HOME/new\" vault create 2>\"$SHARED/fresh.err\"; [ \$? = 4 ] && [ ! -e \"$HOME/new\" ]"
check "…saying there is no keyring yet and how to make one" grep -qi "unlock" "$SHARED/fresh.err"
check "no default keyring: vault info fails (exit 4), vault unchanged" \
  sh -c "b=\$(sha256sum < \"$SHARED/vault-copy/vault.db\"); \"$R\" --vault=\"$SHARED/vault-copy\" vault info; [ \$? = 4 ] && [ \"\$(sha256sum < \"$SHARED/vault-copy/vault.db\")\" = \"\$b\" ]"
'
} | awk '
  /^ok / || /^not ok / { n++; sub(/^ok /, "ok " n " "); sub(/^not ok /, "not ok " n " "); print; next }
  /^#/ { print; next }
  { print "# " $0 }
  END { print "1.." n }'
