#!/usr/bin/python3
"""check-vocabularies.py DIR: checks the controlled vocabularies in DIR
(data/vocabularies): finding-types.json, body-regions.json, methods.json and
scales.json. Python 3 standard library only. Output is TAP; the exit status
is 1 if any check fails.

An entry is an object with a code (lower-case ASCII words joined by "-",
unique within its list), non-empty "en" and "ar" labels (the Arabic one with
Arabic letters), and optionally "parent" (a code of the same list), "group",
"paired", "huridocs" (a 14-digit HURIDOCS vocab number), "ar_huridocs",
"note" and "deprecated".

It also checks the starter facility list, FACILITIES_FILE (by default
../facilities/starter-facilities.json next to DIR): see
data/facilities/README.md for its format.
"""
import json
import os
import re
import sys
import unicodedata

CODE_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HURIDOCS_RE = re.compile(r"^[0-9]{14}$")
KNOWN_KEYS = {"code", "en", "ar", "parent", "group", "paired", "huridocs",
              "ar_huridocs", "note", "deprecated"}

FILES = ["finding-types.json", "body-regions.json", "methods.json", "scales.json"]
SCALE_LISTS = ["timing", "consistency", "certainty", "review_status",
               "identification_status", "legibility", "facility_type",
               "coordinate_precision"]
REVIEW_STATUS = {"unreviewed", "in-progress", "done", "second-review", "verified"}
MIN_ENTRIES = {"finding-types.json": 25, "body-regions.json": 40}

results = []


def check(ok, name, problems=()):
    results.append((bool(ok), name, list(problems)))


def has_arabic_letter(s):
    return any("\u0600" <= c <= "\u06ff" and unicodedata.category(c).startswith("L")
               for c in s)


def no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dups = sorted({k for k in keys if keys.count(k) > 1})
    if dups:
        raise ValueError("duplicate key(s) in one object: " + ", ".join(dups))
    return dict(pairs)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=no_duplicate_keys)


def entry_problems(where, entries):
    """Shape, codes, labels, parents. Returns a dict of check name -> problems."""
    p = {"objects": [], "codes": [], "unique": [], "labels": [], "parents": [], "fields": []}
    if not isinstance(entries, list) or not entries:
        p["objects"].append(f"{where}: not a non-empty array")
        return p
    seen = {}
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            p["objects"].append(f"{where}[{i}]: not an object")
            continue
        code = e.get("code")
        label = f"{where}[{i}] {code!r}"
        if not isinstance(code, str) or not CODE_RE.match(code):
            p["codes"].append(f"{label}: code does not match {CODE_RE.pattern}")
        elif code in seen:
            p["unique"].append(f"{label}: code also used by entry {seen[code]}")
        else:
            seen[code] = i
        en, ar = e.get("en"), e.get("ar")
        if not isinstance(en, str) or not en.strip():
            p["labels"].append(f"{label}: missing or empty \"en\"")
        if not isinstance(ar, str) or not ar.strip():
            p["labels"].append(f"{label}: missing or empty \"ar\"")
        elif not has_arabic_letter(ar):
            p["labels"].append(f"{label}: \"ar\" has no Arabic letter (U+0600-U+06FF)")
        unknown = sorted(set(e) - KNOWN_KEYS)
        if unknown:
            p["fields"].append(f"{label}: unknown field(s) {', '.join(unknown)}")
        if "deprecated" in e and not isinstance(e["deprecated"], bool):
            p["fields"].append(f"{label}: \"deprecated\" is not true/false")
        if "paired" in e and not isinstance(e["paired"], bool):
            p["fields"].append(f"{label}: \"paired\" is not true/false")
        for k in ("group", "note", "ar_huridocs"):
            if k in e and (not isinstance(e[k], str) or not e[k].strip()):
                p["fields"].append(f"{label}: \"{k}\" is not a non-empty string")
        if "huridocs" in e and (not isinstance(e["huridocs"], str)
                                or not HURIDOCS_RE.match(e["huridocs"])):
            p["fields"].append(f"{label}: \"huridocs\" is not a 14-digit string")
    parents = {}
    for i, e in enumerate(entries):
        if isinstance(e, dict) and "parent" in e:
            parent = e["parent"]
            if parent == e.get("code"):
                p["parents"].append(f"{where}[{i}] {e.get('code')!r}: its own parent")
            elif not isinstance(parent, str) or parent not in seen:
                p["parents"].append(f"{where}[{i}] {e.get('code')!r}: parent {parent!r} is not a code of this list")
            else:
                parents[e.get("code")] = parent
    for start in parents:  # cycles
        code, steps = start, 0
        while code in parents and steps <= len(parents):
            code, steps = parents[code], steps + 1
        if steps > len(parents):
            p["parents"].append(f"{where}: parent chain from {start!r} loops")
    return p


def check_entries(fname, where, entries):
    p = entry_problems(where, entries)
    check(not p["objects"], f"{fname}: {where} is an array of objects", p["objects"])
    check(not p["codes"], f"{fname}: {where} codes match {CODE_RE.pattern}", p["codes"])
    check(not p["unique"], f"{fname}: {where} codes are unique", p["unique"])
    check(not p["labels"], f"{fname}: {where} have non-empty en and Arabic ar labels", p["labels"])
    check(not p["parents"], f"{fname}: {where} parents exist", p["parents"])
    check(not p["fields"], f"{fname}: {where} optional fields are well-formed", p["fields"])


def codes(entries):
    if not isinstance(entries, list):
        return []
    return [e.get("code") for e in entries if isinstance(e, dict)]


UUID4_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DATE_RE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
FACILITY_KEYS = {"id", "name_en", "name_ar", "aliases", "type", "branch_number", "agency",
                 "parent", "governorate", "latitude", "longitude", "precision",
                 "location_note", "note", "sources"}
SOURCE_KEYS = {"publisher", "title", "date", "url"}
SYRIA_BOX = (32.0, 37.5, 35.5, 42.5)  # latitude min, max; longitude min, max


def nonempty(v):
    return isinstance(v, str) and bool(v.strip())


def check_facilities(path, types, precisions):
    """The starter facility list: stable ids, both names, known codes, sources."""
    fname = os.path.basename(path)
    try:
        doc = load(path)
    except (OSError, ValueError) as err:
        check(False, f"{fname}: parses as JSON", [str(err)])
        return
    head = []
    if not isinstance(doc, dict):
        doc = {}
        head.append("top level is not an object")
    v = doc.get("version")
    if type(v) is not int or v < 1:
        head.append(f"version is {v!r}")
    if not nonempty(doc.get("note")):
        head.append("no \"note\" marking it as a starter list")
    entries = doc.get("facilities")
    if not isinstance(entries, list) or not entries:
        head.append("\"facilities\" is not a non-empty array")
        entries = []
    check(not head, f"{fname}: a version, a note and facilities", head)

    p = {"ids": [], "names": [], "types": [], "sources": [], "parents": [], "places": [],
         "fields": []}
    seen = set()
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            p["fields"].append(f"facilities[{i}]: not an object")
            continue
        fid = e.get("id")
        label = f"facilities[{i}] {e.get('name_en')!r}"
        if not isinstance(fid, str) or not UUID4_RE.match(fid):
            p["ids"].append(f"{label}: id {fid!r} is not a lower-case UUID v4")
        elif fid in seen:
            p["ids"].append(f"{label}: id {fid} used twice")
        if not nonempty(e.get("name_en")):
            p["names"].append(f"{label}: no \"name_en\"")
        if not nonempty(e.get("name_ar")) or not has_arabic_letter(e["name_ar"]):
            p["names"].append(f"{label}: no Arabic \"name_ar\"")
        if e.get("type") not in types:
            p["types"].append(f"{label}: type {e.get('type')!r} is not a facility_type code")
        unknown = sorted(set(e) - FACILITY_KEYS)
        if unknown:
            p["fields"].append(f"{label}: unknown field(s) {', '.join(unknown)}")
        for k in ("branch_number", "agency", "governorate", "location_note", "note"):
            if k in e and not nonempty(e[k]):
                p["fields"].append(f"{label}: \"{k}\" is not a non-empty string")
        aliases = e.get("aliases", [])
        if not isinstance(aliases, list) or not all(nonempty(a) for a in aliases):
            p["fields"].append(f"{label}: \"aliases\" is not a list of names")
        elif len(set(aliases)) != len(aliases):
            p["fields"].append(f"{label}: an alias is listed twice")
        if "parent" in e and (e["parent"] == fid or e["parent"] not in seen):
            p["parents"].append(f"{label}: parent {e['parent']!r} is not an entry listed before it")
        sources = e.get("sources")
        if not isinstance(sources, list) or not sources:
            p["sources"].append(f"{label}: no sources")
            sources = []
        for j, s in enumerate(sources):
            where = f"{label} sources[{j}]"
            if not isinstance(s, dict) or not nonempty(s.get("publisher")) \
                    or not nonempty(s.get("title")):
                p["sources"].append(f"{where}: needs a publisher and a title")
                continue
            if set(s) - SOURCE_KEYS:
                p["sources"].append(f"{where}: unknown field(s) {', '.join(sorted(set(s) - SOURCE_KEYS))}")
            if "date" in s and (not isinstance(s["date"], str) or not DATE_RE.match(s["date"])):
                p["sources"].append(f"{where}: date {s['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            if "url" in s and (not isinstance(s["url"], str)
                               or not s["url"].startswith(("https://", "http://"))):
                p["sources"].append(f"{where}: url {s['url']!r} is not a web address")
        lat, lon = e.get("latitude"), e.get("longitude")
        if lat is None and lon is None:
            if "precision" in e:
                p["places"].append(f"{label}: a precision without coordinates")
        elif not all(type(x) in (int, float) for x in (lat, lon)):
            p["places"].append(f"{label}: latitude and longitude must both be numbers")
        else:
            if not (SYRIA_BOX[0] <= lat <= SYRIA_BOX[1] and SYRIA_BOX[2] <= lon <= SYRIA_BOX[3]):
                p["places"].append(f"{label}: {lat}, {lon} is outside Syria")
            if e.get("precision") not in precisions:
                p["places"].append(f"{label}: precision {e.get('precision')!r} is not a "
                                   "coordinate_precision code")
        if isinstance(fid, str):
            seen.add(fid)
    check(entries and not p["ids"], f"{fname}: ids are unique lower-case UUIDs (v4)", p["ids"])
    check(entries and not p["names"], f"{fname}: every facility has an English and an Arabic name",
          p["names"])
    check(entries and not p["types"], f"{fname}: types are facility_type codes", p["types"])
    check(entries and not p["sources"], f"{fname}: every facility names its sources", p["sources"])
    check(not p["parents"], f"{fname}: parents are listed before their children", p["parents"])
    check(not p["places"], f"{fname}: coordinates are inside Syria, with a known precision",
          p["places"])
    check(not p["fields"], f"{fname}: fields are known and well-formed", p["fields"])


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: check-vocabularies.py VOCABULARIES_DIR [FACILITIES_FILE]", file=sys.stderr)
        return 2
    folder = sys.argv[1]
    facilities = sys.argv[2] if len(sys.argv) == 3 else \
        os.path.join(folder, os.pardir, "facilities", "starter-facilities.json")
    scales = {}
    for fname in FILES:
        path = os.path.join(folder, fname)
        try:
            doc = load(path)
        except (OSError, ValueError) as err:
            check(False, f"{fname}: parses as JSON", [str(err)])
            continue
        check(isinstance(doc, dict), f"{fname}: parses as JSON",
              [] if isinstance(doc, dict) else ["top level is not an object"])
        if not isinstance(doc, dict):
            continue
        v = doc.get("version")
        check(type(v) is int and v >= 1, f"{fname}: integer \"version\" >= 1",
              [] if type(v) is int and v >= 1 else [f"version is {v!r}"])
        name = fname[:-len(".json")]
        check(doc.get("vocabulary") == name, f"{fname}: \"vocabulary\" is {name!r}",
              [] if doc.get("vocabulary") == name else [f"vocabulary is {doc.get('vocabulary')!r}"])
        src = doc.get("source")
        check(isinstance(src, str) and src.strip(), f"{fname}: non-empty \"source\"")

        if fname == "scales.json":
            lists = doc.get("lists")
            if not isinstance(lists, dict):
                check(False, f"{fname}: \"lists\" is an object", ["missing or not an object"])
                continue
            missing = [k for k in SCALE_LISTS if k not in lists]
            check(not missing, f"{fname}: has lists {', '.join(SCALE_LISTS)}",
                  [f"missing: {', '.join(missing)}"] if missing else [])
            for key in lists:
                check_entries(fname, f"lists.{key}", lists[key])
            scales = lists
            got = codes(lists.get("review_status"))
            check(sorted(got) == sorted(REVIEW_STATUS),
                  f"{fname}: review_status codes are exactly {', '.join(sorted(REVIEW_STATUS))}",
                  [] if sorted(got) == sorted(REVIEW_STATUS) else [f"got: {', '.join(map(str, got))}"])
            continue

        entries = doc.get("entries")
        check_entries(fname, "entries", entries)
        n = len(entries) if isinstance(entries, list) else 0
        if fname in MIN_ENTRIES:
            check(n >= MIN_ENTRIES[fname], f"{fname}: at least {MIN_ENTRIES[fname]} entries ({n})")
        if fname == "body-regions.json":
            for key, need in (("laterality", {"left", "right", "midline", "bilateral", "unknown"}),
                              ("aspect", {"anterior", "posterior", "lateral", "medial",
                                          "dorsal", "palmar", "plantar"})):
                check_entries(fname, key, doc.get(key))
                lacking = sorted(need - set(codes(doc.get(key))))
                check(not lacking, f"{fname}: {key} has {', '.join(sorted(need))}",
                      [f"missing: {', '.join(lacking)}"] if lacking else [])
        if fname == "methods.json":
            bad, seen = [], {}
            for i, e in enumerate(entries if isinstance(entries, list) else []):
                h = e.get("huridocs") if isinstance(e, dict) else None
                if not isinstance(h, str) or not HURIDOCS_RE.match(h) or not h.endswith("05"):
                    bad.append(f"entries[{i}]: huridocs {h!r} is not a 14-digit micro-thesaurus 5 number")
                elif h in seen:
                    bad.append(f"entries[{i}]: huridocs {h} also used by entry {seen[h]}")
                else:
                    seen[h] = i
            check(n > 0 and not bad, f"{fname}: every entry keeps a unique 14-digit HURIDOCS number", bad)
            # The hierarchy follows the numbering: a parent's number, without
            # its list suffix and trailing "00" pairs, starts the child's.
            by_code = {e.get("code"): e.get("huridocs") for e in entries if isinstance(e, dict)}
            stem = lambda h: re.sub(r"(00)+$", "", h[:12]) if isinstance(h, str) else ""
            wrong = []
            for i, e in enumerate(entries if isinstance(entries, list) else []):
                if isinstance(e, dict) and e.get("parent") in by_code:
                    c, p = stem(e.get("huridocs")), stem(by_code[e["parent"]])
                    if not (p and c.startswith(p) and len(c) > len(p)):
                        wrong.append(f"entries[{i}] {e.get('code')!r}: {e.get('huridocs')} is not under "
                                     f"its parent {e['parent']!r} ({by_code[e['parent']]})")
            check(n > 0 and not wrong, f"{fname}: parents follow the HURIDOCS numbering", wrong)

    if os.path.exists(facilities):
        check_facilities(facilities, set(codes(scales.get("facility_type"))),
                         set(codes(scales.get("coordinate_precision"))))

    failed = 0
    for n, (ok, name, problems) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        for line in problems:
            print(f"# {line}")
        failed += not ok
    print(f"1..{len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
