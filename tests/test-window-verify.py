#!/usr/bin/python3
"""test-window-verify.py: Verify… in the real `review` window, read through
AT-SPI as a screen reader reads it, inside tests/keyring-session.sh (its own
D-Bus session, HOME and keyring) under build-aux/test's Xvfb. Output is TAP;
screenshots go to BUILD/meson-logs/screenshots/ (verify-*.png).

As an attacker would try it:
  - Verify… is there before any vault exists (the welcome page);
  - a genuine signed report with the signer's certificate: valid, trusted;
  - the same without a certificate: intact, signer not checked, with the
    fingerprint to compare;
  - the report with one byte changed: NOT VALID, changed after signing;
  - a JSON export re-signed by a look-alike self-signed certificate with the
    same name and organisation, checked with the real certificate: NOT
    VALID, not signed by a certificate given;
  - a signer whose organisation holds a newline and a right-to-left
    override: shown with the same visible escapes as `review verify`, and no
    forged line;
  - the same dialog in Arabic, mirrored.
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time

import pyatspi

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("test_window", os.path.join(HERE, "test-window.py"))
tw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tw)   # its main code is guarded by __name__

App, cli, find, click, walk, shown, wait_for, screenshot, xdo, type_text, sensitive = (
    tw.App, tw.cli, tw.find, tw.click, tw.walk, tw.shown, tw.wait_for, tw.screenshot, tw.xdo,
    tw.type_text, tw.sensitive)
tap = tw.tap
HOME = tw.HOME
W = os.path.join(HOME, "verify")

NAME = "Sam Supervisor"
ORG = "Test Documentation Group"
DIALOG = "Verify a Signed File"


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, **kw)


def fingerprint(pem):
    out = run("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", pem).stdout
    return out.split("=", 1)[-1].strip().replace(":", "").lower()


def in_dir(name, src, extra=()):
    """A copy of SRC alone in its own folder (the chooser's completion then
    has nothing to offer but the file)."""
    d = os.path.join(W, name)
    os.makedirs(d, exist_ok=True)
    dst = os.path.join(d, os.path.basename(src))
    shutil.copyfile(src, dst)
    for e in extra:
        shutil.copyfile(e, os.path.join(d, os.path.basename(e)))
    return dst


def change_one_byte(path):
    """One byte inside a content stream of the signed revision: the file
    still parses; only the signature can tell."""
    data = bytearray(open(path, "rb").read())
    m = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", data)
    end_of_first = int(m.group(2)) if m else len(data) // 2
    streams = [s.end() for s in re.finditer(rb"stream\r?\n", data) if s.end() + 64 < end_of_first]
    at = streams[len(streams) // 2] + 32
    data[at] ^= 0x01
    open(path, "wb").write(bytes(data))


def make_files():
    """A vault, a signer, a signed report, a signed JSON export, through the
    command line; then the look-alike and the hostile certificate."""
    os.makedirs(W, exist_ok=True)
    photos = os.path.join(HOME, "photos")
    subprocess.run([os.environ["REVIEW_GEN_PHOTOS"], photos, "3", "--width=640",
                    "--height=480"], check=True, stdout=subprocess.DEVNULL)
    ok = cli("vault", "create", "--name=" + NAME, "--role=supervisor",
             "--recovery-key-file=" + os.path.join(HOME, "rk")).returncode == 0
    ok = ok and cli("import", photos).returncode == 0
    ok = ok and cli("signer", "create", "--name=" + NAME, "--organization=" + ORG).returncode == 0
    report = os.path.join(W, "report.pdf")
    export = os.path.join(W, "export.json")
    cert = os.path.join(W, "signer.pem")
    csv = os.path.join(W, "csv", "export")
    os.makedirs(os.path.dirname(csv))
    r = cli("report", "--out=" + report)
    e = cli("export", "--format=json", "--out=" + export)
    v = cli("export", "--format=csv", "--out=" + csv)
    c = cli("signer", "export-cert", "--out=" + cert)
    tap(ok and r.returncode == 0 and e.returncode == 0 and v.returncode == 0 and
        c.returncode == 0, "the command line makes a vault, a signer, a signed report, a "
        "signed JSON export and a signed CSV export", r.stderr + e.stderr + v.stderr + c.stderr)
    # A file slipped into the CSV export's folder, its name forging a line.
    with open(os.path.join(csv, "notes\nTrust: trusted.csv"), "w") as f:
        f.write("id,note\n1,added later\n")

    files = {"cert": in_dir("certs", cert), "report": in_dir("genuine", report),
             "export": in_dir("json", export, [export + ".p7s"]), "csv": csv}
    files["changed"] = in_dir("changed", report)
    change_one_byte(files["changed"])

    # The look-alike: a self-signed certificate with the same name and
    # organisation re-signs the export.
    key, pem = os.path.join(W, "lookalike.key"), os.path.join(W, "lookalike.pem")
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", key, "-out", pem, "-days", "30", "-subj", f"/CN={NAME}/O={ORG}")
    files["lookalike"] = in_dir("lookalike", export)
    run("openssl", "cms", "-sign", "-binary", "-cades", "-md", "sha256", "-nosmimecap",
        "-in", files["lookalike"], "-signer", pem, "-inkey", key, "-outform", "DER",
        "-out", files["lookalike"] + ".p7s")

    # A signer whose organisation has a newline (a forged second line) and a
    # right-to-left override; openssl's config turns \n into a newline.
    conf = os.path.join(W, "hostile.cnf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\n"
                f"CN = {NAME}\nO = {ORG}\\nTrust: trusted \u202etxet.pdf\n")
    hkey, hpem = os.path.join(W, "hostile.key"), os.path.join(W, "hostile.pem")
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", hkey, "-out", hpem, "-days", "30", "-utf8", "-config", conf)
    subj = run("openssl", "x509", "-noout", "-subject", "-nameopt",
               "RFC2253,-esc_ctrl,-esc_msb,utf8", "-in", hpem).stdout
    tap("\nTrust: trusted \u202e" in subj, "the hostile certificate's organisation has a raw "
        "newline and a right-to-left override", repr(subj))
    files["hostile"] = in_dir("hostile", export)
    run("openssl", "cms", "-sign", "-binary", "-cades", "-md", "sha256", "-nosmimecap",
        "-in", files["hostile"], "-signer", hpem, "-inkey", hkey, "-outform", "DER",
        "-out", files["hostile"] + ".p7s")
    return files


# --- driving the dialog -----------------------------------------------------

def top_window(app, name):
    for child in app.node:
        if child is not None and child.name == name and shown(child):
            return child
    return None


def dialog(app):
    return top_window(app, DIALOG)


def point_at(node):
    e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    xdo("mousemove", e.x + e.width // 2, e.y + e.height // 2)
    time.sleep(0.3)


def choose(app, button, title, path):
    """Presses BUTTON of the dialog, then types PATH into the file chooser
    titled TITLE (no window manager: keys go where the pointer is)."""
    d = dialog(app)
    b = find(d, "push button", button)
    if b is None or not sensitive(b):
        return False
    click(b)
    chooser = wait_for(lambda: top_window(app, title), 10)
    if chooser is None:
        return False
    time.sleep(0.8)
    point_at(chooser)
    xdo("key", "ctrl+l")
    time.sleep(0.3)
    type_text(path)
    time.sleep(0.4)
    xdo("key", "Return")
    gone = wait_for(lambda: top_window(app, title) is None, 10)
    point_at(dialog(app))
    return gone is not None


def open_file(app, path):
    ok = choose(app, "Open File…", "Open a Signed Report or Export", path)
    base = os.path.basename(path)
    return ok and wait_for(lambda: find(dialog(app), "label", base), 5) is not None


def open_folder(app, path):
    """Open Folder…: the folder's path typed, then the chooser's Select."""
    d = dialog(app)
    title = "Open the Folder of a CSV Export"
    b = find(d, "push button", "Open Folder…")
    if b is None:
        return False
    click(b)
    chooser = wait_for(lambda: top_window(app, title), 10)
    if chooser is None:
        return False
    time.sleep(0.8)
    point_at(chooser)
    xdo("key", "ctrl+l")
    time.sleep(0.3)
    type_text(path + "/")
    time.sleep(0.8)
    select = find(chooser, "push button", "Select")
    if select is not None:
        click(select)
    else:
        xdo("key", "Return")
    wait_for(lambda: top_window(app, title) is None, 10)
    point_at(dialog(app))
    return wait_for(lambda: find(dialog(app), "label", "SHA256SUMS") or
                    find(dialog(app), "label", os.path.basename(path)), 5) is not None


def add_certificate(app, path):
    ok = choose(app, "Add Certificate…", "Add Certificates You Trust", path)
    base = os.path.basename(path)
    return ok and wait_for(lambda: find(dialog(app), "push button", "Remove " + base), 5)


VERDICT_RX = r"^(Valid: |Intact, |NOT VALID|Could not verify)"


def verify(app):
    """Presses Verify and returns the verdict line, the reason, and every
    label of the details (their text, as AT-SPI reads it)."""
    d = dialog(app)
    button = find(d, "push button", "Verify")
    if button is None:
        return None, None, []
    click(button)
    verdict = wait_for(lambda: find(dialog(app), "label", pattern=VERDICT_RX), 20)
    time.sleep(0.3)
    labels = [n.name for n in walk(dialog(app)) if n.getRoleName() == "label" and n.name]
    items = [n.name for n in walk(dialog(app)) if n.getRoleName() in ("list item", "row")
             and n.name]
    reason = None
    if verdict is not None and verdict.name in labels:
        i = labels.index(verdict.name)
        reason = labels[i + 1] if i + 1 < len(labels) else None
    return (verdict.name if verdict else None), reason, labels + items


def detail(labels, title):
    """The value after the label TITLE in a row of the details."""
    for i, text in enumerate(labels[:-1]):
        if text == title:
            return labels[i + 1]
    return None


def scroll_details(app):
    """Scrolls the dialog down to the details, for a screenshot."""
    point_at(dialog(app))
    xdo("click", "--repeat", "12", "--delay", "30", "5")
    time.sleep(0.6)


def close_dialog(app):
    d = dialog(app)
    if d is not None:
        point_at(d)
        xdo("key", "Escape")
        wait_for(lambda: dialog(app) is None, 5)


def open_from_menu(app):
    click(find(app.node, "push button", "Main Menu"))
    item = wait_for(lambda: next((n for n in walk(app.node) if n.name == "Verify a Signed File…"
                                  and n.getRoleName() != "label" and shown(n)), None), 5)
    if item is None:
        return None
    click(item)
    return wait_for(lambda: dialog(app), 10)


# --- the test -----------------------------------------------------------------

def main():
    # Before any vault: a recipient who only has Review.
    app = App()
    tap(app.node is not None, "the window appears on the accessibility bus")
    if app.node is None:
        return
    button = wait_for(lambda: find(app.node, "push button", "Only Checking a Signed File? Verify…"))
    tap(button is not None, "the welcome page offers Verify… before any vault exists")
    screenshot("verify-welcome.png")
    if button is not None:
        click(button)
    d = wait_for(lambda: dialog(app), 10)
    tap(d is not None, "…and it opens the Verify dialog without a vault")
    if d is not None:
        tap(not sensitive(find(d, "push button", "Verify")),
            "…whose Verify button waits for a file")
        screenshot("verify-empty.png")
    close_dialog(app)
    tap(dialog(app) is None, "Escape closes it")
    app.stop()

    files = make_files()
    real_fpr = fingerprint(files["cert"])

    app = App()
    wait_for(lambda: find(app.node, "push button", "Main Menu"), 20)
    frame = find(app.node, "frame")
    if frame is not None:
        point_at(frame)
    d = open_from_menu(app)
    tap(d is not None, "with a vault open, the main menu offers Verify a Signed File…")
    if d is None:
        app.stop()
        return
    point_at(d)

    # 1. The genuine report with its certificate.
    tap(open_file(app, files["report"]), "a PDF is chosen with Open File…",
        files["report"])
    tap(bool(add_certificate(app, files["cert"])), "a certificate is added to the list")
    verdict, reason, labels = verify(app)
    tap(verdict == "Valid: the file as it is was signed, by a trusted signer",
        "the genuine report with its certificate: valid, by a trusted signer", verdict)
    tap(detail(labels, "Signer") == NAME and detail(labels, "Organisation") == ORG,
        "…the signer and organisation are shown", labels)
    tap(detail(labels, "Fingerprint (SHA-256)") == real_fpr, "…and the fingerprint", real_fpr)
    trust = detail(labels, "Trust") or ""
    tap(trust.startswith("Trusted:"), "…trusted", trust)
    tap((detail(labels, "Coverage") or "").startswith("Every byte of the file ("),
        "…covering every byte of the file", detail(labels, "Coverage"))
    tap(re.search(r"\(as the signer’s computer stated it\)$", detail(labels, "Time") or "")
        is not None, "…with the time as the signer's computer stated it",
        detail(labels, "Time"))
    screenshot("verify-valid.png")
    scroll_details(app)
    screenshot("verify-valid-details.png")

    # 2. The same without a certificate.
    remove = find(dialog(app), "push button", "Remove signer.pem")
    if remove is not None:
        click(remove)
    tap(wait_for(lambda: find(dialog(app), "push button", "Remove signer.pem") is None, 5)
        is not None, "the certificate is removed from the list")
    tap(find(dialog(app), "label", pattern=VERDICT_RX) is None,
        "…and the verdict made with it is no longer shown")
    verdict, reason, labels = verify(app)
    tap(verdict == "Intact, signer not checked: compare the fingerprint",
        "without a certificate: intact, signer not checked", verdict)
    tap(detail(labels, "Fingerprint (SHA-256)") == real_fpr,
        "…with the fingerprint to compare", labels)
    fp_label = find(dialog(app), "label", real_fpr)
    states = [pyatspi.stateToString(st) for st in fp_label.getState().getStates()] \
        if fp_label is not None else []
    tap("focusable" in states, "…which can be focused, selected and copied", states)
    tap((detail(labels, "Trust") or "").startswith("Signer not checked"),
        "…and the trust says the signer was not checked", detail(labels, "Trust"))
    screenshot("verify-intact.png")

    # The genuine JSON export with the certificate: valid, with the audit
    # checkpoint it carries.
    tap(open_file(app, files["export"]), "a JSON export is chosen")
    add_certificate(app, files["cert"])
    verdict, reason, labels = verify(app)
    tap(verdict == "Valid: the file as it is was signed, by a trusted signer",
        "the genuine JSON export with its certificate: valid, by a trusted signer", verdict)
    tap(re.fullmatch(r"\d+", detail(labels, "Audit entry") or "") is not None and
        re.fullmatch(r"[0-9a-f]{64}", detail(labels, "Hash of the last entry") or "") is not None,
        "…with the audit checkpoint it carries", labels)
    tap((detail(labels, "Signature") or "").endswith(".p7s (detached CMS)"),
        "…and its detached signature file", detail(labels, "Signature"))

    # A CSV export's folder with a file the signed manifest does not list,
    # its name holding a newline.
    tap(open_folder(app, files["csv"]), "a CSV export's folder is chosen with Open Folder…")
    verdict, reason, labels = verify(app)
    tap(verdict == "NOT VALID: the export’s folder does not match its signed manifest",
        "a CSV folder with an unlisted file: NOT VALID, does not match its manifest", verdict)
    tap(detail(labels, "not covered by the signature (not in the manifest)") ==
        "notes\\nTrust: trusted.csv",
        "…the file is listed as not covered, its name's newline a visible escape", labels)
    tap(not any("\n" in t for t in labels), "…and no text holds a raw newline")
    scroll_details(app)
    screenshot("verify-csv-details.png")

    # 3. One byte changed.
    tap(open_file(app, files["changed"]), "the changed report is chosen")
    tap(find(dialog(app), "label", pattern=VERDICT_RX) is None,
        "…and the previous verdict is no longer shown")
    add_certificate(app, files["cert"])
    verdict, reason, labels = verify(app)
    tap(verdict == "NOT VALID: changed after signing",
        "the report with one byte changed: NOT VALID, changed after signing", verdict)
    tap(reason is not None and len(reason) > 10, "…with the reason", reason)
    tap(not any(t.startswith("Valid") or t.startswith("Trusted") for t in labels),
        "…and nothing says valid or trusted", labels)
    screenshot("verify-changed.png")

    # 4. The look-alike, checked with the real certificate.
    tap(open_file(app, files["lookalike"]), "the look-alike's JSON export is chosen")
    verdict, reason, labels = verify(app)
    tap(verdict == "NOT VALID: intact, but not signed by a certificate given",
        "a JSON export re-signed by a look-alike with the same name and organisation: NOT "
        "VALID, not signed by a certificate given", verdict)
    tap(detail(labels, "Signer") == NAME and detail(labels, "Fingerprint (SHA-256)") != real_fpr,
        "…its fingerprint is not the real one", labels)
    tap((detail(labels, "Trust") or "").startswith("NOT TRUSTED"), "…NOT TRUSTED",
        detail(labels, "Trust"))
    cl = run(tw.REVIEW, "verify", files["lookalike"], "--cert=" + files["cert"])
    tap(cl.returncode == 14 and "NOT VALID: intact, but not signed by a certificate given"
        in cl.stdout, "…the same verdict as `review verify` (exit 14)", cl.stdout)
    screenshot("verify-lookalike.png")

    # 5. A hostile organisation: shown with visible escapes, no forged line.
    remove = find(dialog(app), "push button", "Remove signer.pem")
    if remove is not None:
        click(remove)
    tap(open_file(app, files["hostile"]), "an export signed by a hostile certificate is chosen")
    verdict, reason, labels = verify(app)
    cl = run(tw.REVIEW, "verify", files["hostile"])
    cli_org = next((l.split(":", 1)[1].strip() for l in cl.stdout.splitlines()
                    if l.startswith("Organisation:")), None)
    org = detail(labels, "Organisation")
    tap(verdict == "Intact, signer not checked: compare the fingerprint",
        "…it is intact, signer not checked", verdict)
    tap(org is not None and "\\n" in org and "\\u{202E}" in org.upper().replace("\\U{", "\\u{"),
        "the organisation's newline and right-to-left override show as visible escapes",
        repr(org))
    tap(org == cli_org, "…exactly as `review verify` escapes them", f"{org!r} / {cli_org!r}")
    everything = labels + [n.name or "" for n in walk(dialog(app))]
    tap(not any("\n" in t or "\u202e" in t for t in everything),
        "no text in the dialog holds a raw newline or override", [t for t in everything
                                                                  if "\n" in t or "\u202e" in t])
    tap(not any(t.startswith("Trust: trusted") for t in everything),
        "…so no forged “Trust: trusted” line appears")
    screenshot("verify-hostile.png")
    scroll_details(app)
    screenshot("verify-hostile-details.png")
    close_dialog(app)
    tap(dialog(app) is None, "the dialog closes")
    app.stop()

    # Arabic: the same dialog, mirrored. Found by structure, not by name,
    # so that it holds once the new strings are translated.
    app = App({"LANG": "C.UTF-8", "LANGUAGE": "ar"})
    frame = wait_for(lambda: find(app.node, "frame"), 20)
    time.sleep(1.0)
    if frame is not None:
        point_at(frame)
    xdo("key", "ctrl+shift+v")
    d = wait_for(lambda: next((c for c in app.node if c is not None and shown(c)
                               and c.name != frame.name), None), 10)
    tap(d is not None, "in Arabic, Ctrl+Shift+V opens Verify…")
    if d is None:
        app.stop()
        return
    point_at(d)
    de = d.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    # In tree order: Open File…, Open Folder…, Add Certificate…
    dots = [n for n in walk(d) if n.getRoleName() == "push button" and shown(n)
            and "…" in (n.name or "")]
    xs = [n.queryComponent().getExtents(pyatspi.WINDOW_COORDS).x for n in dots[:2]]
    tap(len(xs) == 2 and max(xs) < de.x + de.width / 2 and xs[0] > xs[1],
        "…mirrored: the file row's buttons are at its end, on the left, Open File… first "
        "from the right", xs)
    screenshot("verify-empty-ar.png")
    if len(dots) >= 3:
        before = {c.name for c in app.node if c is not None}
        click(dots[0])
        chooser = wait_for(lambda: next((c for c in app.node if c is not None and shown(c)
                                         and c.name not in before), None), 10)
        if chooser is not None:
            time.sleep(0.8)
            point_at(chooser)
            xdo("key", "ctrl+l")
            time.sleep(0.3)
            type_text(files["changed"])
            time.sleep(0.4)
            xdo("key", "Return")
            title = chooser.name
            wait_for(lambda: not any(c is not None and c.name == title and shown(c)
                                     for c in app.node), 10)
        point_at(d)
        pill = next((b for b in walk(d) if b.getRoleName() == "push button" and shown(b)
                     and sensitive(b) and "…" not in (b.name or "") and b.name and
                     abs(b.queryComponent().getExtents(pyatspi.WINDOW_COORDS).x +
                         b.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width / 2 -
                         (de.x + de.width / 2)) < 40), None)
        tap(pill is not None, "…the file is chosen and Verify is enabled")
        if pill is not None:
            click(pill)
        # The verdict is the first label with a description (“Verdict”).
        verdict = wait_for(lambda: next((n for n in walk(d) if n.getRoleName() == "label"
                                         and shown(n) and n.description and n.name), None), 20)
        tap(verdict is not None, "…and the verdict is shown", verdict.name if verdict else None)
        if verdict is not None:
            ve = verdict.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            tap(ve.x + ve.width > de.x + de.width / 2,
                "…starting from the right", (ve.x, ve.width, de.x, de.width))
        time.sleep(0.5)
        screenshot("verify-changed-ar.png")
        xdo("click", "--repeat", "12", "--delay", "30", "5")
        time.sleep(0.6)
        screenshot("verify-changed-ar-details.png")
    app.stop()


if __name__ == "__main__":
    tw.run("verify", main)
