#!/bin/bash
# test-export.sh: `review export` as a supervisor and a recipient use it:
# signed JSON and CSV exports that openssl and sha256sum verify, any changed
# byte detected, family contacts only when asked for, the documented schema,
# scopes, refusals, and no half-written export when writing fails. Runs in
# its own unlocked keyring session (tests/keyring-session.sh). Output is TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export REVIEW_BIN=${REVIEW_BIN:?} REVIEW_GEN_PHOTOS=${REVIEW_GEN_PHOTOS:?}
export REVIEW_SEED_ANNOTATIONS=${REVIEW_SEED_ANNOTATIONS:?} REVIEW_FAIL_IO=${REVIEW_FAIL_IO:?}
export SCHEMA="${REVIEW_SRCDIR:-$here/..}/data/export-schema/export-2.schema.json"

if [ -z "${REVIEW_EXPORT_SESSION:-}" ]; then
  shared=$(mktemp -d "${TMPDIR:-/tmp}/review-export-XXXXXX")
  trap 'rm -rf "$shared"' EXIT
  SHARED="$shared" REVIEW_EXPORT_SESSION=1 "$here/keyring-session.sh" unlocked bash "$0"
  exit $?
fi

# --- inside the session ---------------------------------------------------
R=$REVIEW_BIN
n=0
check() {   # check DESCRIPTION COMMAND…: ok when COMMAND succeeds
  desc=$1; shift
  n=$((n + 1))
  if "$@" >"$SHARED/check.out" 2>&1; then echo "ok $n - $desc"
  else echo "not ok $n - $desc"; sed 's/^/# /' "$SHARED/check.out" | head -30; fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
status_is() {   # status_is EXPECTED COMMAND…
  want=$1; shift
  "$@" >"$SHARED/stdout" 2>"$SHARED/stderr"; got=$?
  [ "$got" = "$want" ] || { echo "exit status $got, expected $want"; cat "$SHARED/stdout" "$SHARED/stderr"; return 1; }
}
py() { python3 - "$@"; }   # the script comes on standard input
seed() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$SHARED/seed.json" "$1"; }
events() { "$R" --vault="$V" audit list --json --action=export.created |
           python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
only_files() {   # only_files DIR NAME…: DIR holds exactly these (hidden ones too)
  dir=$1; shift
  diff <(ls -A "$dir" | sort) <(printf '%s\n' "$@" | sed '/^$/d' | sort)
}
verify() {   # verify SIGNATURE CONTENT
  openssl cms -verify -binary -inform DER -in "$1" -content "$2" -CAfile "$SHARED/cert.pem" \
    -purpose any -out /dev/null
}
flip_byte() {   # flip_byte FILE OFFSET: one changed byte
  python3 -c 'import sys; p=sys.argv[1]; o=int(sys.argv[2]); b=bytearray(open(p,"rb").read()); b[o]^=0x01; open(p,"wb").write(b)' "$1" "$2"
}

V="$HOME/vault"
O="$HOME/out"
mkdir -p "$O"
"$REVIEW_GEN_PHOTOS" "$SHARED/photos" 8 --width=320 --height=240 >/dev/null
"$R" --vault="$V" vault create --name="Sara Supervisor" --role=supervisor >/dev/null
"$R" --vault="$V" import "$SHARED/photos" >/dev/null
# --damaged: photo 2 missing from row 120, photo 4 partly decoded, as an
# import of files that decode only in part records them (until the decoder
# reports damage for real files).
check "seed-annotations adds persons, findings, numbers, notes, a family contact, damage" \
  sh -c "\"$REVIEW_SEED_ANNOTATIONS\" --vault=\"$V\" --damaged > \"$SHARED/seed.json\""
A=$(seed person_a); B=$(seed person_b); F0=$(seed facility_parent); F1=$(seed facility)
export A B F0 F1

# --- refusals before anything is written ---------------------------------
check "without a signing identity, export is refused (exit 12)" \
  status_is 12 "$R" --vault="$V" export --format=json --out="$O/x.json"
check "…saying how to create one" grep -q "review signer create" "$SHARED/stderr"
check "…and writes nothing" only_files "$O"

if ! "$R" signer create --help >/dev/null 2>&1; then
  echo "Bail out! review signer is not available yet"
  exit 0
fi
"$R" --vault="$V" signer create --name="Sara Supervisor" --organization="Test Organisation" >/dev/null
"$R" --vault="$V" signer export-cert --out="$SHARED/cert.pem" >/dev/null
check "a supervisor creates a signing identity" test -s "$SHARED/cert.pem"

check "an unknown --format is refused (exit 2)" \
  status_is 2 "$R" --vault="$V" export --format=xml --out="$O/x.xml"
check "…naming the formats" grep -q "json or csv" "$SHARED/stderr"
check "no --format is refused (exit 2)" status_is 2 "$R" --vault="$V" export --out="$O/x.json"
check "no --out is refused (exit 2)" status_is 2 "$R" --vault="$V" export --format=json
check "a destination in a missing folder is refused (exit 2)" \
  status_is 2 "$R" --vault="$V" export --format=json --out="$O/missing/x.json"
check "…and nothing was written" only_files "$O"

V2="$HOME/reviewer-vault"
"$R" --vault="$V2" vault create --name="Rami Reviewer" >/dev/null
check "a reviewer cannot export (exit 2)" \
  status_is 2 "$R" --vault="$V2" export --format=json --out="$O/r.json"
check "…and is told it is a supervisor's task" grep -q "supervisor" "$SHARED/stderr"

# --- JSON ----------------------------------------------------------------
check "export --format=json exits 0" status_is 0 "$R" --vault="$V" export --format=json --out="$O/x.json"
check "…writing FILE and FILE.p7s, and nothing else" only_files "$O" x.json x.json.p7s
check "…files private to the user" test "$(stat -c %a "$O/x.json")" = 600
check "openssl cms -verify accepts the signature" verify "$O/x.json.p7s" "$O/x.json"
check "…also with -cades (the signing-certificate-v2 attribute checked)" \
  openssl cms -verify -cades -binary -inform DER -in "$O/x.json.p7s" -content "$O/x.json" \
  -CAfile "$SHARED/cert.pem" -purpose any -out /dev/null
check "the signature is DER CMS with signing-certificate-v2 and no signing-time" sh -c "
  openssl cms -cmsout -print -inform DER -in \"$O/x.json.p7s\" > \"$SHARED/cms.txt\" &&
  grep -q signingCertificateV2 \"$SHARED/cms.txt\" && ! grep -qi signingTime \"$SHARED/cms.txt\""
cp "$O/x.json" "$SHARED/changed.json"; flip_byte "$SHARED/changed.json" 200
check "one changed byte: openssl verification fails" sh -c "! verify \"$O/x.json.p7s\" \"$SHARED/changed.json\" 2>/dev/null"
cp "$O/x.json" "$SHARED/appended.json"; printf ' ' >> "$SHARED/appended.json"
check "one appended byte: openssl verification fails" sh -c "! verify \"$O/x.json.p7s\" \"$SHARED/appended.json\" 2>/dev/null"
cp "$O/x.json.p7s" "$SHARED/changed.json.p7s"
check "review verify accepts the export with the signer's certificate" \
  status_is 0 "$R" verify "$O/x.json" --cert="$SHARED/cert.pem"
check "review verify rejects the changed copy" \
  sh -c "! \"$R\" verify \"$SHARED/changed.json\" --cert=\"$SHARED/cert.pem\" >/dev/null 2>&1"

check "the JSON validates against data/export-schema/export-2.schema.json" py "$O/x.json" <<'EOF'
import json, os, sys
doc = json.load(open(sys.argv[1]))
schema = json.load(open(os.environ["SCHEMA"]))
try:
    import jsonschema
except ImportError:
    for k in ["schema", "version", "export", "vocabularies", "profiles", "import_batches",
              "photos", "persons", "findings", "facilities", "notes"]:
        assert k in doc, k
    print("jsonschema is not installed: checked the top-level keys only")
    sys.exit(0)
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(doc)
EOF

check "the JSON holds the vault's annotations as documented" py "$O/x.json" "$SHARED/seed.json" <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
e = d["export"]
assert d["schema"] == "https://example.com/review/export/2" and d["version"] == 2
assert e["format"] == "json" and e["scope"] == {"kind": "all"}
assert e["exporter"]["role"] == "supervisor" and e["exporter"]["name"] == "Sara Supervisor"
assert e["signer"]["name"] == "Sara Supervisor", e["signer"]
assert e["family_contacts_included"] is False
assert e["counts"]["photos"] == len(d["photos"]) == 8
assert e["counts"]["persons"] == len(d["persons"]) == 2
assert e["counts"]["findings"] == len(d["findings"]) == 3
assert e["counts"]["identity_numbers"] == 2 and e["counts"]["notes"] == len(d["notes"]) == 3
photos = {p["uuid"]: p for p in d["photos"]}
persons = {p["uuid"]: p for p in d["persons"]}
a = persons[os.environ["A"]]
assert a["name_ar"] == "أحمد الاختبار" and a["name_latin"] == "Ahmad Test"
assert a["age_min"] == 25 and a["age_max"] == 35 and a["sex"] == "male"
assert a["identification_status"] == "possible"
assert a["identification_basis"] == "Detainee number on the card"
assert a["facility_uuid"] == os.environ["F1"]
assert a["photos"] == s["photos"][:2]
assert set(photos[s["photos"][0]]["persons"]) == {a["uuid"]}
nums = {n["kind"]: n for n in a["numbers"]}
assert nums["detainee"]["value"] == "1234/5" and nums["detainee"]["legibility"] == "partial"
assert nums["detainee"]["photo_uuid"] == s["photos"][0]
assert nums["detainee"]["photo_sha256"] == photos[s["photos"][0]]["sha256"]
assert nums["detainee"]["transcribed_by"] == e["exporter"]["id"]
assert nums["branch"]["photo_uuid"] is None
b = persons[os.environ["B"]]
assert b["name_latin"] == 'Person, "Quoted"\nSecond line'
find = {f["uuid"]: f for f in d["findings"]}
rect = find[s["finding_rect"]]
assert rect["region"] == {"shape": "rect", "points": [0.1, 0.2, 0.3, 0.4]}, rect["region"]
assert rect["photo_uuid"] == s["photos"][0]
assert rect["photo_sha256"] == photos[rect["photo_uuid"]]["sha256"]
assert rect["finding_type"] == "abrasion" and rect["body_region"] == "forearm"
assert rect["laterality"] == "left" and rect["method"] == "killing-beating"
assert rect["author"] == e["exporter"]["id"] and rect["created"]
assert find[s["finding_polygon"]]["region"]["points"] == [0.1, 0.1, 0.5, 0.1, 0.3, 0.6]
assert photos[s["photos"][0]]["status"] == "done"
fac = {f["uuid"]: f for f in d["facilities"]}
f1 = fac[os.environ["F1"]]
assert f1["parent_uuid"] == os.environ["F0"] and f1["branch_number"] == "999"
assert f1["name_ar"] == "فرع الاختبار ٩٩٩" and f1["aliases"] == ["Branch 999", "فرع ٩٩٩"]
assert f1["latitude"] == 33.5138 and f1["longitude"] == 36.2765 and f1["precision"] == "city"
assert f1["starter"] is False and any(f["starter"] for f in d["facilities"])
notes = {n["uuid"]: n for n in d["notes"]}
assert notes[s["note_en"]]["translation_of"] == s["note_ar"]
assert notes[s["note_ar"]]["lang"] == "ar" and notes[s["note_ar"]]["target_type"] == "person"
assert notes[s["note_photo"]]["target_type"] == "photo"
voc = d["vocabularies"]
ab = [t for t in voc["finding_types"]["terms"] if t["code"] == "abrasion"][0]
assert ab["en"] == "Abrasion" and ab["ar"] == "سحجة"
assert {t["code"] for t in voc["body_regions"]["terms"]} >= {"forearm", "upper-limb", "chest"}
assert "review_status" in voc and "identification_status" in voc and "legibility" in voc
assert e["exporter"]["id"] in {p["id"] for p in d["profiles"]}
assert {b["uuid"] for b in d["import_batches"]} == {p["import_batch"] for p in d["photos"]}
assert "family_contacts" not in d
EOF
check "family contacts are absent by default" sh -c "! grep -q 'Umm Ahmad' \"$O/x.json\""
check "the signer's certificate fingerprint is in the export" sh -c "
  fp=\$(openssl x509 -in \"$SHARED/cert.pem\" -outform DER | sha256sum | cut -d' ' -f1) &&
  grep -q \"\\\"certificate_sha256\\\": \\\"\$fp\\\"\" \"$O/x.json\""

check "the export is an audit event with its format, scope, choice and SHA-256s" py "$O" <<'EOF'
import hashlib, json, os, subprocess, sys
out = sys.argv[1]
ev = json.loads(subprocess.check_output([os.environ["REVIEW_BIN"], "--vault=" + os.environ["HOME"] + "/vault",
                                         "audit", "list", "--json", "--action=export.created"]))
assert len(ev) == 1, ev
x = json.load(open(out + "/x.json"))["export"]
det = ev[0]["details"]
assert ev[0]["target"] == x["id"]
assert det["format"] == "json" and det["scope"] == {"kind": "all"} and det["family_contacts"] is False
files = {f["name"]: f["sha256"] for f in det["files"]}
for name in ["x.json", "x.json.p7s"]:
    assert files[name] == hashlib.sha256(open(out + "/" + name, "rb").read()).hexdigest(), name
assert x["audit_checkpoint"]["entries"] == ev[0]["seq"] - 1
EOF
check "the audit trail verifies after exports" "$R" --vault="$V" audit verify

sum_before=$(sha256sum < "$O/x.json")
check "an existing FILE is never replaced (exit 2)" \
  status_is 2 "$R" --vault="$V" export --format=json --out="$O/x.json"
check "…and it is byte-for-byte unchanged" test "$(sha256sum < "$O/x.json")" = "$sum_before"
touch "$O/y.json.p7s"
check "an existing FILE.p7s is refused too" status_is 2 "$R" --vault="$V" export --format=json --out="$O/y.json"
check "…leaving no FILE" test ! -e "$O/y.json"
rm -f "$O/y.json.p7s"

check "--include-family-contacts exports them" \
  status_is 0 "$R" --vault="$V" export --format=json --out="$O/family.json" --include-family-contacts
check "…in family_contacts, valid against the schema" py "$O/family.json" <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1]))
assert d["export"]["family_contacts_included"] is True
fc = d["family_contacts"]
assert len(fc) == 1 and fc[0]["name"] == "Umm Ahmad" and fc[0]["relation"] == "mother"
assert fc[0]["contact"] == "+963 11 000 0000" and fc[0]["person_uuid"] == os.environ["A"]
assert d["export"]["counts"]["family_contacts"] == 1
try:
    import jsonschema
    jsonschema.Draft202012Validator(json.load(open(os.environ["SCHEMA"]))).validate(d)
except ImportError:
    pass
EOF
check "…and the audit event records that choice" sh -c "
  \"$R\" --vault=\"$V\" audit list --json --action=export.created |
  python3 -c 'import json,sys; e=json.load(sys.stdin)[-1][\"details\"]; assert e[\"family_contacts\"] is True and e[\"counts\"][\"family_contacts\"] == 1'"

check "the JSON gives the damage of exactly the damaged photos, null for every other" \
  py "$O/x.json" "$SHARED/seed.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
want = {s["photos"][1]: ("missing", 120), s["photos"][3]: ("partly", None)}
assert len(d["photos"]) == 8
for p in d["photos"]:
    assert "damage" in p and "damage_row" in p, p
    assert (p["damage"], p["damage_row"]) == want.get(p["uuid"], (None, None)), p
assert d["export"]["counts"]["damaged_photos"] == 2, d["export"]["counts"]
EOF
check "the schema refuses a damaged photo passed off as whole, or a whole one as damaged" \
  py "$O/x.json" "$SHARED/seed.json" <<'EOF'
import copy, json, os, sys
try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed"); sys.exit(0)
d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
v = jsonschema.Draft202012Validator(json.load(open(os.environ["SCHEMA"])))
i = next(k for k, p in enumerate(d["photos"]) if p["uuid"] == s["photos"][1])
for change in [{"damage": None}, {"damage": "fine"}, {"damage_row": None}, {"damage_row": -1}]:
    bad = copy.deepcopy(d); bad["photos"][i].update(change)
    assert not v.is_valid(bad), change
bad = copy.deepcopy(d); del bad["photos"][i]["damage"]
assert not v.is_valid(bad)
j = next(k for k, p in enumerate(d["photos"]) if p["uuid"] == s["photos"][0])
bad = copy.deepcopy(d); bad["photos"][j]["damage_row"] = 5
assert not v.is_valid(bad)
EOF

# --- CSV -----------------------------------------------------------------
C="$O/tables"
csv_files="SHA256SUMS SHA256SUMS.p7s export.json facilities.csv findings.csv identity_numbers.csv
import_batches.csv notes.csv persons.csv photos.csv profiles.csv vocabularies.csv"
check "export --format=csv exits 0" status_is 0 "$R" --vault="$V" export --format=csv --out="$C"
# shellcheck disable=SC2086
check "…writing one file per table, export.json, SHA256SUMS and its signature" only_files "$C" $csv_files
check "sha256sum -c SHA256SUMS passes" sh -c "cd \"$C\" && sha256sum --strict -c SHA256SUMS"
check "SHA256SUMS lists every other file" sh -c "
  [ \"\$(cut -d' ' -f3 \"$C/SHA256SUMS\" | sort | tr '\n' ' ')\" = \"\$(ls \"$C\" | grep -v '^SHA256SUMS' | sort | tr '\n' ' ')\" ]"
check "openssl cms -verify accepts SHA256SUMS.p7s" verify "$C/SHA256SUMS.p7s" "$C/SHA256SUMS"
cp -a "$C" "$SHARED/tables-changed"; flip_byte "$SHARED/tables-changed/persons.csv" 40
check "one changed byte in a table: sha256sum -c fails" sh -c "cd \"$SHARED/tables-changed\" && ! sha256sum -c --quiet SHA256SUMS 2>/dev/null"
flip_byte "$SHARED/tables-changed/SHA256SUMS" 3
check "one changed byte in SHA256SUMS: openssl verification fails" \
  sh -c "! verify \"$SHARED/tables-changed/SHA256SUMS.p7s\" \"$SHARED/tables-changed/SHA256SUMS\" 2>/dev/null"
check "family contacts are absent from CSV by default" sh -c "! grep -rq 'Umm Ahmad' \"$C\""
check "CSV is RFC 4180: UTF-8 without BOM, CRLF, quoted fields read back exactly" py "$C" "$O/x.json" <<'EOF'
import csv, io, json, os, sys
c = sys.argv[1]; x = json.load(open(sys.argv[2]))
for name in os.listdir(c):
    if not name.endswith(".csv"):
        continue
    raw = open(os.path.join(c, name), "rb").read()
    assert not raw.startswith(b"\xef\xbb\xbf"), name
    text = raw.decode("utf-8")
    # Written again by Python's csv (RFC 4180 quoting, CRLF), it is the same.
    again = io.StringIO(newline="")
    csv.writer(again, lineterminator="\r\n").writerows(csv.reader(io.StringIO(text, newline="")))
    assert again.getvalue() == text, name
def rows(name):
    with open(os.path.join(c, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
persons = {r["uuid"]: r for r in rows("persons.csv")}
assert persons[os.environ["B"]]["name_latin"] == 'Person, "Quoted"\nSecond line'
assert persons[os.environ["A"]]["name_ar"] == "أحمد الاختبار"
assert persons[os.environ["A"]]["age_min"] == "25" and persons[os.environ["B"]]["age_min"] == ""
assert len(persons[os.environ["A"]]["photos"].split(";")) == 2
assert len(rows("photos.csv")) == len(x["photos"])
assert len(rows("findings.csv")) == len(x["findings"])
assert len(rows("facilities.csv")) == len(x["facilities"])
assert len(rows("notes.csv")) == len(x["notes"])
nums = rows("identity_numbers.csv")
assert len(nums) == 2 and {n["person_uuid"] for n in nums} == {os.environ["A"]}
for f in rows("findings.csv"):
    pts = json.loads(f["points"])
    assert all(0 <= p <= 1 for p in pts) and f["shape"] in ("rect", "ellipse", "polygon")
fac = {f["uuid"]: f for f in rows("facilities.csv")}
assert json.loads(fac[os.environ["F1"]]["aliases"]) == ["Branch 999", "فرع ٩٩٩"]
assert fac[os.environ["F1"]]["starter"] == "false" and fac[os.environ["F1"]]["latitude"] == "33.5138"
photos = rows("photos.csv")
assert list(photos[0].keys())[-3:] == ["persons", "damage", "damage_row"], list(photos[0].keys())
damage = {r["uuid"]: (r["damage"], r["damage_row"]) for r in photos}
assert {u: v for u, v in damage.items() if v != ("", "")} == {
    p["uuid"]: (p["damage"], "" if p["damage_row"] is None else str(p["damage_row"]))
    for p in x["photos"] if p["damage"] is not None}
assert sorted(v for v in damage.values() if v != ("", "")) == [("missing", "120"), ("partly", "")]
voc = rows("vocabularies.csv")
assert any(v["list"] == "finding_types" and v["code"] == "abrasion" and v["ar"] == "سحجة" for v in voc)
EOF
check "the folder's export.json validates against the schema" py "$C/export.json" <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1]))
assert d["export"]["format"] == "csv" and "photos" not in d
try:
    import jsonschema
    jsonschema.Draft202012Validator(json.load(open(os.environ["SCHEMA"]))).validate(d)
except ImportError:
    pass
EOF
check "an existing folder is never replaced, even an empty one (exit 2)" sh -c "
  mkdir \"$O/empty\" && \"$R\" --vault=\"$V\" export --format=csv --out=\"$O/empty\" 2>/dev/null; [ \$? = 2 ] && [ -z \"\$(ls -A \"$O/empty\")\" ]"
rmdir "$O/empty"
check "CSV with --include-family-contacts adds family_contacts.csv to the manifest" sh -c "
  \"$R\" --vault=\"$V\" export --format=csv --out=\"$O/tables-family\" --include-family-contacts >/dev/null &&
  grep -q 'Umm Ahmad' \"$O/tables-family/family_contacts.csv\" &&
  grep -q '  family_contacts.csv\$' \"$O/tables-family/SHA256SUMS\" &&
  cd \"$O/tables-family\" && sha256sum --quiet -c SHA256SUMS"

# --- scope ---------------------------------------------------------------
check "a scope narrows the export (--person)" \
  status_is 0 "$R" --vault="$V" export --format=json --out="$O/person.json" --person="$A"
check "…to the person's photos, findings, numbers, notes and facilities (with parents)" \
  py "$O/person.json" "$SHARED/seed.json" <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
e = d["export"]
assert e["scope"] == {"kind": "filter", "filters": {"person": os.environ["A"]}}, e["scope"]
assert [p["uuid"] for p in d["photos"]] == s["photos"][:2]
assert [p["uuid"] for p in d["persons"]] == [os.environ["A"]]
assert [f["uuid"] for f in d["findings"]] == [s["finding_rect"]]
assert {f["uuid"] for f in d["facilities"]} == {os.environ["F0"], os.environ["F1"]}
assert {n["uuid"] for n in d["notes"]} == {s["note_ar"], s["note_en"], s["note_photo"]}
assert len(d["persons"][0]["numbers"]) == 2
try:
    import jsonschema
    jsonschema.Draft202012Validator(json.load(open(os.environ["SCHEMA"]))).validate(d)
except ImportError:
    pass
EOF
check "a scope narrows the export (--status)" \
  status_is 0 "$R" --vault="$V" export --format=csv --out="$O/in-progress" --status=in-progress
check "…to that photo, its person and its finding" py "$O/in-progress" "$SHARED/seed.json" <<'EOF'
import csv, json, os, sys
c = sys.argv[1]; s = json.load(open(sys.argv[2]))
def rows(name):
    with open(os.path.join(c, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
assert [r["uuid"] for r in rows("photos.csv")] == [s["photos"][2]]
assert [r["uuid"] for r in rows("persons.csv")] == [os.environ["B"]]
assert [r["uuid"] for r in rows("findings.csv")] == [s["finding_polygon"]]
assert rows("facilities.csv") == [] and rows("notes.csv") == []
assert json.load(open(os.path.join(c, "export.json")))["export"]["scope"]["filters"] == {"status": "in-progress"}
EOF
check "a scope narrows the export (--damaged)" \
  status_is 0 "$R" --vault="$V" export --format=json --out="$O/damaged.json" --damaged
check "…to exactly the damaged photos, and says so in its scope and counts" \
  py "$O/damaged.json" "$SHARED/seed.json" <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
e = d["export"]
assert e["scope"] == {"kind": "filter", "filters": {"damaged": True}}, e["scope"]
assert sorted(p["uuid"] for p in d["photos"]) == sorted([s["photos"][1], s["photos"][3]])
assert all(p["damage"] in ("missing", "partly") for p in d["photos"])
assert e["counts"]["photos"] == e["counts"]["damaged_photos"] == 2, e["counts"]
try:
    import jsonschema
    jsonschema.Draft202012Validator(json.load(open(os.environ["SCHEMA"]))).validate(d)
except ImportError:
    pass
EOF
check "…and its audit event records that scope and the damaged count" sh -c "
  \"$R\" --vault=\"$V\" audit list --json --action=export.created |
  python3 -c 'import json,sys; e=json.load(sys.stdin)[-1][\"details\"]; assert e[\"scope\"][\"filters\"] == {\"damaged\": True} and e[\"counts\"][\"damaged_photos\"] == 2, e'"
check "a scope that matches nothing gives a valid, empty export" py <<'EOF'
import json, os, subprocess
out = os.environ["HOME"] + "/out/none.json"
subprocess.check_call([os.environ["REVIEW_BIN"], "--vault=" + os.environ["HOME"] + "/vault", "export",
                       "--format=json", "--out=" + out, "--status=verified"], stdout=subprocess.DEVNULL)
d = json.load(open(out))
assert d["photos"] == [] and d["persons"] == [] and d["findings"] == [] and d["export"]["counts"]["photos"] == 0
try:
    import jsonschema
    jsonschema.Draft202012Validator(json.load(open(os.environ["SCHEMA"]))).validate(d)
except ImportError:
    pass
EOF

# --- failures while writing: never a half-written export ------------------
F="$HOME/failures"
mkdir -p "$F"
before=$(events)
check "a write that fails (JSON, signature not synced) exits 1" \
  status_is 1 env LD_PRELOAD="$REVIEW_FAIL_IO" REVIEW_FAIL_FSYNC=f1.json.p7s \
  "$R" --vault="$V" export --format=json --out="$F/f1.json"
check "…and leaves nothing behind, not even temporary files" only_files "$F"
check "a rename that fails after the data file is in place (JSON) exits 1" \
  status_is 1 env LD_PRELOAD="$REVIEW_FAIL_IO" REVIEW_FAIL_RENAME=f2.json.p7s \
  "$R" --vault="$V" export --format=json --out="$F/f2.json"
check "…and the data file is taken back" only_files "$F"
check "a write that fails in the middle of a CSV folder exits 1" \
  status_is 1 env LD_PRELOAD="$REVIEW_FAIL_IO" REVIEW_FAIL_FSYNC=identity_numbers.csv \
  "$R" --vault="$V" export --format=csv --out="$F/c1"
check "…and leaves no folder, not even a temporary one" only_files "$F"
check "a CSV folder that cannot be renamed into place exits 1" \
  status_is 1 env LD_PRELOAD="$REVIEW_FAIL_IO" REVIEW_FAIL_RENAME=c2 \
  "$R" --vault="$V" export --format=csv --out="$F/c2"
check "…and leaves nothing behind" only_files "$F"
check "failed exports leave no export.created event" test "$(events)" = "$before"
check "the audit trail still verifies" "$R" --vault="$V" audit verify
if [ "$(id -u)" != 0 ]; then
  mkdir "$F/ro"; chmod 555 "$F/ro"
  check "an unwritable destination folder fails (exit 1) and leaves nothing" sh -c "
    \"$R\" --vault=\"$V\" export --format=json --out=\"$F/ro/x.json\" 2>/dev/null; [ \$? = 1 ] && [ -z \"\$(ls -A \"$F/ro\")\" ]"
  chmod 755 "$F/ro"
else
  skip "an unwritable destination folder fails and leaves nothing" "root may write anywhere"
fi

# --- last, as it breaks the vault: a broken audit trail stops exports -----
ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["vault_id"])' "$V/vault.json")
KEY=$(secret-tool lookup xdg:schema com.example.Review.VaultKey vault-id "$ID")
sqlcipher "$V/vault.db" "PRAGMA key=\"x'$KEY'\"; DROP TRIGGER audit_no_update;
  UPDATE audit SET details='{\"forged\":1}' WHERE seq = 3;" >/dev/null
check "with a broken audit trail, export is refused (exit 7)" \
  status_is 7 "$R" --vault="$V" export --format=json --out="$O/after-tamper.json"
check "…and writes nothing" test ! -e "$O/after-tamper.json" -a ! -e "$O/after-tamper.json.p7s"

echo "1..$n"
