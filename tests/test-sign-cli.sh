#!/bin/bash
# test-sign-cli.sh: the signing identity (review signer …) and `review
# verify`, against openssl, each keyring state in its own private session
# (tests/keyring-session.sh). Output is TAP; every check can fail.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export REVIEW_BIN=${REVIEW_BIN:?REVIEW_BIN is set by meson}
export SIGN_FILE=${G_TEST_BUILDDIR:?G_TEST_BUILDDIR is set by meson}/sign-file
shared=$(mktemp -d "${TMPDIR:-/tmp}/review-sign-XXXXXX")
trap 'rm -rf "$shared"' EXIT
export SHARED="$shared"

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
  [ "$got" = "$want" ] || { echo "exit status $got, expected $want"; cat "$SHARED/stdout" "$SHARED/stderr"; return 1; }
}
vault_id() { python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["vault_id"])' "$1/vault.json"; }
fpr() { openssl x509 -noout -fingerprint -sha256 -in "$1" | sed 's/.*=//; s/://g' | tr A-F a-f; }
ossl_verify() {   # ossl_verify FILE CAFILE: the recipient's command from the README
  openssl cms -verify -binary -inform DER -in "$1.p7s" -content "$1" -CAfile "$2" -purpose any -out /dev/null
}
fails() { ! "$@"; }
flip_byte() {   # flip_byte FILE OFFSET
  python3 -c 'import sys; p, o = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, "rb").read()); b[o] ^= 1; open(p, "wb").write(b)' "$1" "$2"
}
LIB

run() {   # run STATE SCRIPT
  "$here/keyring-session.sh" "$1" bash -c ". \"\$SHARED/lib.sh\"; $2" 2>&1
}

{
# --- an unlocked keyring ----------------------------------------------------
run unlocked '
V=$HOME/vault
W=$HOME/data
mkdir -p "$W"
"$R" --vault="$HOME/reviewer" vault create --name="A Reviewer" >/dev/null
check "a reviewer may not create a signing identity (exit 2)" \
  status_is 2 "$R" --vault="$HOME/reviewer" signer create --name=R --organization=O
check "…and nothing went into the keyring" \
  sh -c "! secret-tool search --all xdg:schema com.example.Review.SigningKey 2>&1 | grep -q schema"

"$R" --vault="$V" vault create --name="Sam Supervisor" --role=supervisor --recovery-key-file="$SHARED/rk" >/dev/null
ID=$(vault_id "$V")
check "signer info without an identity fails (exit 12)" status_is 12 "$R" --vault="$V" signer info
check "signer create as supervisor exits 0" \
  status_is 0 "$R" --vault="$V" signer create --name="Jane Doe" --organization="Syrian Archive" --email=jane@example.org
FP=$(grep -Eo "[0-9a-f]{64}" "$SHARED/stdout" | head -1)
check "…and prints the fingerprint" test -n "$FP"
check "creating a second identity without --replace is refused (exit 2)" \
  status_is 2 "$R" --vault="$V" signer create --name=Other --organization=Other
check "…naming the current one" grep -q "Jane Doe" "$SHARED/stderr"

check "export-cert prints PEM to standard output" \
  sh -c "\"$R\" --vault=\"$V\" signer export-cert > \"$W/stdout.pem\" && grep -q \"BEGIN CERTIFICATE\" \"$W/stdout.pem\""
check "export-cert --out writes the same certificate" \
  sh -c "\"$R\" --vault=\"$V\" signer export-cert --out=\"$W/cert.pem\" && cmp \"$W/stdout.pem\" \"$W/cert.pem\""
openssl x509 -noout -text -in "$W/cert.pem" > "$W/cert.txt"
check "the certificate names the signer" grep -q "Subject: CN = Jane Doe, O = Syrian Archive, emailAddress = jane@example.org" "$W/cert.txt"
check "…is self-signed, version 3" sh -c "grep -q \"Issuer: CN = Jane Doe\" \"$W/cert.txt\" && grep -q \"Version: 3\" \"$W/cert.txt\""
check "…has an EC P-256 key" grep -q "NIST CURVE: P-256" "$W/cert.txt"
check "…basicConstraints CA:FALSE, critical" grep -A1 -q "Basic Constraints: critical" "$W/cert.txt"
check "…keyUsage digitalSignature, nonRepudiation, critical" \
  sh -c "grep -A1 \"Key Usage: critical\" \"$W/cert.txt\" | grep -q \"Digital Signature, Non Repudiation\""
check "…extendedKeyUsage emailProtection" grep -q "E-mail Protection" "$W/cert.txt"
check "…a subject key identifier" grep -q "Subject Key Identifier" "$W/cert.txt"
check "…valid for five years" \
  sh -c "[ \$(( ( \$(date -d \"\$(openssl x509 -noout -enddate -in \"$W/cert.pem\" | cut -d= -f2)\" +%s) - \$(date +%s) ) / 86400 )) -ge 1824 ]"
check "the printed fingerprint is the certificate SHA-256" test "$(fpr "$W/cert.pem")" = "$FP"

# (Kept outside HOME: the listing shows the secret.)
secret-tool search --all fingerprint "$FP" > "$SHARED/item.txt" 2>&1
check "the private key is in the keyring under com.example.Review.SigningKey" \
  grep -q "schema = com.example.Review.SigningKey" "$SHARED/item.txt"
check "…with the vault id and fingerprint as attributes" \
  sh -c "grep -q \"attribute.vault-id = $ID\" \"$SHARED/item.txt\" && grep -q \"attribute.fingerprint = $FP\" \"$SHARED/item.txt\""
check "…as PKCS#8 PEM" sh -c "secret-tool lookup fingerprint $FP vault-id $ID | grep -q \"BEGIN PRIVATE KEY\""
check "the private key is nowhere on disk (HOME, XDG folders, the vault)" \
  sh -c "! grep -rqa \"PRIVATE KEY\" \"$HOME\" \"$XDG_DATA_HOME\" \"$XDG_CONFIG_HOME\" \"$XDG_CACHE_HOME\" \"$XDG_STATE_HOME\""
check "…nor in the vault database in the clear" sh -c "! grep -qa \"BEGIN\" \"$V/vault.db\""
check "signer info finds the key in the keyring" \
  sh -c "\"$R\" --vault=\"$V\" signer info | grep -q \"in this keyring\""
check "signer info --json" \
  sh -c "\"$R\" --vault=\"$V\" signer info --json | python3 -c \"import json,sys; d=json.load(sys.stdin); assert d[\\\"fingerprint\\\"]==\\\"$FP\\\" and d[\\\"key_in_keyring\\\"] and d[\\\"self_signed\\\"]\""
check "creation and export are audit events" \
  sh -c "\"$R\" --vault=\"$V\" audit list --action=signer.created | grep -q $FP && \"$R\" --vault=\"$V\" audit list --action=signer.certificate-exported | grep -q $FP"
check "the audit trail still verifies" status_is 0 "$R" --vault="$V" audit verify

# A signature made with the identity, as an export makes it.
printf "{\"persons\": [{\"name\": \"سمير\"}]}\n" > "$W/export.json"
check "the identity signs (key from the keyring)" "$SIGN_FILE" "$V" "$W/export.json"
check "openssl cms -verify accepts the signature" ossl_verify "$W/export.json" "$W/cert.pem"
check "…also with -cades (signing-certificate-v2 checked)" \
  openssl cms -verify -cades -binary -inform DER -in "$W/export.json.p7s" -content "$W/export.json" -CAfile "$W/cert.pem" -purpose any -out /dev/null
openssl cms -cmsout -print -inform DER -in "$W/export.json.p7s" > "$W/cms.txt"
check "the CMS has no signing-time attribute" sh -c "! grep -q signingTime \"$W/cms.txt\""
check "…and has signing-certificate-v2" grep -q "id-smime-aa-signingCertificateV2" "$W/cms.txt"
check "…and SHA-256" grep -q "sha256" "$W/cms.txt"

check "review verify: valid (exit 0)" status_is 0 "$R" verify "$W/export.json"
check "…names the signer and fingerprint" \
  sh -c "grep -q \"Jane Doe\" \"$SHARED/stdout\" && grep -q \"Syrian Archive\" \"$SHARED/stdout\" && grep -q $FP \"$SHARED/stdout\""
check "…says every byte is covered" grep -q "every byte" "$SHARED/stdout"
check "…and that the self-signed signer is not among your trusted certificates" \
  grep -q "valid, signer not among your trusted certificates" "$SHARED/stdout"
check "review verify --cert with the signer: trusted (exit 0)" \
  status_is 0 "$R" verify "$W/export.json" --cert="$W/cert.pem"
check "…saying so" grep -q "Trust: *trusted" "$SHARED/stdout"
check "review verify on the .p7s checks the file it signs" \
  status_is 0 "$R" verify "$W/export.json.p7s"
check "review verify writes nothing to the vault by default" \
  sh -c "! \"$R\" --vault=\"$V\" audit list --json | grep -q signature.verified"
check "review verify --record records the verification in the audit trail" \
  sh -c "\"$R\" --vault=\"$V\" verify \"$W/export.json\" --record && \"$R\" --vault=\"$V\" audit list --json | grep -q signature.verified && \"$R\" --vault=\"$V\" audit verify"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$W/other.key" \
  -out "$W/other.pem" -days 30 -subj "/CN=Somebody Else" 2>/dev/null
# A recipient who names the certificate to trust is told "no" (exit 14)
# when the signer is someone else: exit 0 means the expected signer.
check "review verify --cert with another certificate: intact but untrusted (exit 14)" \
  status_is 14 "$R" verify "$W/export.json" --cert="$W/other.pem"
check "…saying so" grep -q "NOT TRUSTED: the signer is not among the certificates given" "$SHARED/stdout"
check "review verify needs no keyring and no vault" \
  sh -c "cd / && env -u DBUS_SESSION_BUS_ADDRESS HOME=/nonexistent XDG_DATA_HOME=/nonexistent REVIEW_VAULT=/nonexistent \"$R\" verify \"$W/export.json\" >/dev/null"

cp "$W/export.json" "$W/changed.json"; cp "$W/export.json.p7s" "$W/changed.json.p7s"
flip_byte "$W/changed.json" 5
check "one changed byte: review verify fails (exit 10)" status_is 10 "$R" verify "$W/changed.json"
check "…saying the file was changed" grep -qi "changed" "$SHARED/stderr"
check "…and openssl fails too" fails ossl_verify "$W/changed.json" "$W/cert.pem"
cp "$W/export.json" "$W/appended.json"; cp "$W/export.json.p7s" "$W/appended.json.p7s"
printf " " >> "$W/appended.json"
check "one appended byte: review verify fails (exit 10)" status_is 10 "$R" verify "$W/appended.json"
cp "$W/export.json" "$W/badsig.json"; cp "$W/export.json.p7s" "$W/badsig.json.p7s"
flip_byte "$W/badsig.json.p7s" $(( $(stat -c %s "$W/badsig.json.p7s") - 4 ))
check "one changed byte in the signature: review verify fails (exit 10)" status_is 10 "$R" verify "$W/badsig.json"
cp "$W/export.json" "$W/unsigned.json"
check "no signature file: review verify fails (exit 11)" status_is 11 "$R" verify "$W/unsigned.json"
check "a missing file: exit 1" status_is 1 "$R" verify "$W/nothing.json"

# A signature made by openssl alone, with a test key.
openssl cms -sign -binary -cades -md sha256 -nosmimecap -in "$W/unsigned.json" -signer "$W/other.pem" \
  -inkey "$W/other.key" -outform DER -out "$W/unsigned.json.p7s"
check "review verify accepts a signature made by openssl cms -sign" \
  status_is 0 "$R" verify "$W/unsigned.json" --cert="$W/other.pem"
check "…trusted with its certificate" grep -q "Trust: *trusted" "$SHARED/stdout"
flip_byte "$W/unsigned.json" 0
check "…and refuses it after one changed byte (exit 10)" status_is 10 "$R" verify "$W/unsigned.json"

# A look-alike: a self-signed certificate with the name of the real signer and
# organisation re-signs the export. Only the certificate the recipient was
# given tells them apart, and then the verdict must not be 0.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$W/lookalike.key" \
  -out "$W/lookalike.pem" -days 30 -subj "/CN=Jane Doe/O=Syrian Archive" 2>/dev/null
cp "$W/export.json" "$W/lookalike.json"
openssl cms -sign -binary -cades -md sha256 -nosmimecap -in "$W/lookalike.json" \
  -signer "$W/lookalike.pem" -inkey "$W/lookalike.key" -outform DER -out "$W/lookalike.json.p7s"
check "a look-alike re-signed export checked with the real certificate: exit 14" \
  status_is 14 "$R" verify "$W/lookalike.json" --cert="$W/cert.pem"
check "…whose fingerprint is not the real one" sh -c "! grep -q $FP \"$SHARED/stdout\""
check "…and the reason is on stderr" grep -q "not among the trusted certificates given" "$SHARED/stderr"
check "without --cert the look-alike is intact, signer not checked (exit 0)" \
  status_is 0 "$R" verify "$W/lookalike.json"
check "…saying the signer was not checked" grep -q "intact, signer not checked" "$SHARED/stdout"
check "with both certificates given, the export of the real signer is trusted (exit 0)" \
  status_is 0 "$R" verify "$W/export.json" --cert="$W/lookalike.pem" --cert="$W/cert.pem"

# A CSV export: a signed SHA256SUMS vouching for the files next to it.
C=$W/csv; mkdir -p "$C"
printf "id,name\n1,a\n" > "$C/persons.csv"; printf "id\n1\n" > "$C/photos.csv"
(cd "$C" && sha256sum persons.csv photos.csv > SHA256SUMS)
"$SIGN_FILE" "$V" "$C/SHA256SUMS"
check "a CSV export folder verifies (exit 0)" status_is 0 "$R" verify "$C"
check "…with every listed file matching" grep -q "2 files listed in the manifest match" "$SHARED/stdout"
check "openssl verifies the manifest" ossl_verify "$C/SHA256SUMS" "$W/cert.pem"
printf "x" >> "$C/notes.txt"
check "an unlisted file makes the folder fail (exit 15)" status_is 15 "$R" verify "$C"
check "…naming it as not covered by the signature" grep -q "notes.txt: not covered" "$SHARED/stdout"
rm "$C/notes.txt"
mv "$C/photos.csv" "$W/photos.csv.away"
check "a listed file missing from the folder fails (exit 15)" status_is 15 "$R" verify "$C"
check "…naming it as missing" grep -q "photos.csv: missing" "$SHARED/stdout"
mv "$W/photos.csv.away" "$C/photos.csv"
printf "2,b\n" >> "$C/persons.csv"
check "a changed CSV file fails (exit 10)" status_is 10 "$R" verify "$C/SHA256SUMS"
check "…naming it" grep -q "persons.csv: changed" "$SHARED/stdout"

# A well-formed PDF that nobody signed: "no signature" (11), not malformed.
python3 - "$W/plain.pdf" <<"PY"
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"]
out = bytearray(b"%PDF-1.7\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
PY
check "a well-formed unsigned PDF: no signature (exit 11)" status_is 11 "$R" verify "$W/plain.pdf"
check "…saying so" grep -q "no signature" "$SHARED/stdout"
printf "%%PDF-1.7\n%%%%EOF\n" > "$W/report.pdf"
check "a PDF goes to PDF verification (which fails for this non-signed PDF)" \
  sh -c "\"$R\" verify \"$W/report.pdf\"; [ \$? -ne 0 ]"

# Importing an identity issued by an organisation.
O=$W/org; mkdir -p "$O"
openssl req -x509 -newkey rsa:3072 -nodes -keyout "$O/ca.key" -out "$O/ca.pem" -days 365 \
  -subj "/CN=Test Org Root/O=Test Org" -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$O/leaf.key" \
  -out "$O/leaf.csr" -subj "/CN=Omar Issued/O=Test Org" 2>/dev/null
printf "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n" > "$O/ext.cnf"
openssl x509 -req -in "$O/leaf.csr" -CA "$O/ca.pem" -CAkey "$O/ca.key" -CAcreateserial \
  -out "$O/leaf.pem" -days 200 -extfile "$O/ext.cnf" 2>/dev/null
openssl pkcs12 -export -inkey "$O/leaf.key" -in "$O/leaf.pem" -certfile "$O/ca.pem" \
  -passout pass:secret-pw -out "$O/leaf.p12"
openssl pkcs12 -export -legacy -inkey "$O/leaf.key" -in "$O/leaf.pem" -certfile "$O/ca.pem" \
  -passout pass:secret-pw -out "$O/legacy.p12" 2>/dev/null
check "import without --replace over an identity is refused (exit 2)" \
  sh -c "echo secret-pw | \"$R\" --vault=\"$V\" signer import \"$O/leaf.p12\"; [ \$? = 2 ]"
check "import with a wrong password fails (exit 6)" \
  sh -c "echo wrong | \"$R\" --vault=\"$V\" signer import --replace \"$O/leaf.p12\"; [ \$? = 6 ]"
check "…and the old identity stays" sh -c "\"$R\" --vault=\"$V\" signer info | grep -q \"Jane Doe\""
check "import --replace with the password on standard input works" \
  sh -c "echo secret-pw | \"$R\" --vault=\"$V\" signer import --replace \"$O/leaf.p12\""
NEWFP=$(fpr "$O/leaf.pem")
check "…the new key is in the keyring" sh -c "secret-tool lookup fingerprint $NEWFP vault-id $ID | grep -q \"PRIVATE KEY\""
check "…the replaced key is gone from the keyring" sh -c "! secret-tool lookup fingerprint $FP vault-id $ID"
"$R" --vault="$V" signer export-cert --out="$W/org-export.pem" 2>/dev/null
check "export-cert gives the certificate and its chain" \
  test "$(grep -c "BEGIN CERTIFICATE" "$W/org-export.pem")" = 2
check "import is an audit event" \
  sh -c "\"$R\" --vault=\"$V\" audit list --action=signer.imported | grep -q $NEWFP"
printf "issued\n" > "$W/issued.txt"
"$SIGN_FILE" "$V" "$W/issued.txt"
check "openssl verifies a signature by the imported identity against the organisation root" \
  ossl_verify "$W/issued.txt" "$O/ca.pem"
check "review verify --cert=ROOT: trusted" \
  sh -c "\"$R\" verify \"$W/issued.txt\" --cert=\"$O/ca.pem\" | grep -q \"Trust: *trusted\""
check "a legacy (RC2/3DES) PKCS#12 file imports too" \
  sh -c "echo secret-pw | \"$R\" --vault=\"$V\" signer import --replace \"$O/legacy.p12\""

# The key disappears from the keyring.
secret-tool clear fingerprint "$NEWFP" vault-id "$ID"
check "without its key in the keyring, signing fails (exit 12)" status_is 12 "$SIGN_FILE" "$V" "$W/issued.txt"
check "…saying the key is not in this keyring" grep -q "not in this keyring" "$SHARED/stderr"
check "…and signer info says so" sh -c "\"$R\" --vault=\"$V\" signer info | grep -q \"not usable here\""
cp -a "$V" "$SHARED/vault-copy"
'

# --- a locked keyring: the signing key's own checks ----------------------
run locked '
V=$HOME/vault
if [ "${REVIEW_TEST_PHASE:-}" = seed ]; then
  "$R" --vault="$V" vault create --role=supervisor --recovery-key-file="$HOME/rk" >/dev/null &&
  "$R" --vault="$V" signer create --name=Locked --organization=Org >/dev/null
  exit $?
fi
echo data > "$HOME/f.txt"
start=$(date +%s)
# The vault opens with its recovery key; the signing key is behind the lock.
export REVIEW_RECOVERY_KEY="$(grep -Eo "([0-9A-Z]{4}-){8}[0-9A-Z]{4}" "$HOME/rk")"
check "locked keyring: signing fails at once (exit 4)" status_is 4 "$SIGN_FILE" "$V" "$HOME/f.txt"
check "…saying the keyring is locked" grep -qi "locked" "$SHARED/stderr"
check "…without hanging" test $(( $(date +%s) - start )) -lt 20
check "…and writes no signature" test ! -e "$HOME/f.txt.p7s"
check "review verify works with a locked keyring" \
  sh -c "\"$R\" verify \"$HOME/f.txt\" 2>&1 | grep -q \"no signature\""
'

# --- no Secret Service at all --------------------------------------------
run none '
check "no keyring service: signer create fails (exit 4)" \
  status_is 4 "$R" --vault="$SHARED/vault-copy" signer create --name=N --organization=O --replace
printf "data\n" > "$HOME/f.txt"
check "no keyring service: signing fails (exit 4)" \
  status_is 4 env REVIEW_RECOVERY_KEY="$(grep -Eo "([0-9A-Z]{4}-){8}[0-9A-Z]{4}" "$SHARED/rk")" \
  "$SIGN_FILE" "$SHARED/vault-copy" "$HOME/f.txt"
check "…saying no keyring service runs" grep -qi "keyring service" "$SHARED/stderr"
printf "hello\n" > "$HOME/x.txt"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$HOME/k.pem" \
  -out "$HOME/c.pem" -days 30 -subj "/CN=No Keyring/O=Org" 2>/dev/null
openssl cms -sign -binary -cades -md sha256 -nosmimecap -in "$HOME/x.txt" -signer "$HOME/c.pem" \
  -inkey "$HOME/k.pem" -outform DER -out "$HOME/x.txt.p7s"
check "no keyring service: review verify still works (exit 0)" \
  status_is 0 "$R" verify "$HOME/x.txt" --cert="$HOME/c.pem"
'
} | awk '
  /^ok / || /^not ok / { n++; sub(/^ok /, "ok " n " "); sub(/^not ok /, "not ok " n " "); print; next }
  /^#/ { print; next }
  { print "# " $0 }
  END { print "1.." n }'
