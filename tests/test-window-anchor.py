#!/usr/bin/python3
"""test-window-anchor.py: a rolled-back vault in the real window, read
through AT-SPI, inside tests/keyring-session.sh under build-aux/test's Xvfb.
Output is TAP; screenshots go to BUILD/meson-logs/screenshots/ (anchor-*.png).

As someone who copies an older vault.db back over the current one (no key
needed) would try it:
  - the window shows a page of its own, "Entries Are Missing From This
    Vault", naming the missing entries N–M, and writes nothing;
  - "Acknowledge and Open" opens the library, and the loss is an audit
    event (audit.rollback-acknowledged) naming N–M; the lock then keeps the
    trail's end in the keyring.
A vault with no kept head (as on another computer) opens normally and says
so.
"""
import importlib.util
import json
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("test_window", os.path.join(HERE, "test-window.py"))
tw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tw)   # its main code is guarded by __name__

App, cli, find, click, wait_for, screenshot, sha256 = (
    tw.App, tw.cli, tw.find, tw.click, tw.wait_for, tw.screenshot, tw.sha256)
tap = tw.tap
VAULT = tw.VAULT
DB = os.path.join(VAULT, "vault.db")


def entries():
    r = cli("vault", "info", "--json")
    return json.loads(r.stdout)["audit_entries"]


def kept_head():
    import subprocess
    r = subprocess.run(["secret-tool", "lookup", "xdg:schema", "com.example.Review.AuditHead",
                        "audit-vault-id", tw.vault_id()], capture_output=True, text=True)
    return r.stdout.strip()


def add_facilities(count, tag):
    for i in range(count):
        r = cli("facility", "add", f"--en=Branch {tag} {i}", "--type=security-branch")
        if r.returncode != 0:
            return False
    return True


def not_anchored():
    import subprocess
    subprocess.run(["secret-tool", "clear", "xdg:schema", "com.example.Review.AuditHead",
                    "audit-vault-id", tw.vault_id()], check=False)
    tap(kept_head() == "", "no kept head (as on another computer)")
    app = App()
    library = wait_for(lambda: find(app.node, "label", "No Photos Yet"), 30)
    tap(library is not None, "…the vault opens normally")
    note = wait_for(lambda: find(app.node, "label", pattern=r"not anchored on this computer yet"), 5)
    tap(note is not None, "…saying its audit trail was not anchored on this computer yet")
    screenshot("anchor-not-anchored.png")
    app.stop()
    tap(kept_head() != "", "…and now it is")


def rolled_back():
    tap(add_facilities(2, "a"), "entries are written")
    old = entries()
    shutil.copy(DB, DB + ".old")
    tap(add_facilities(3, "b"), "more entries are written")
    kept = entries()   # vault info closes the vault: the head is kept
    tap(kept > old, f"the trail grew from {old} to {kept} entries")
    shutil.copy(DB + ".old", DB)
    for extra in ("-wal", "-shm"):
        if os.path.exists(DB + extra):
            os.unlink(DB + extra)
    first, last = old + 1, kept
    before = sha256(DB)

    app = App()
    page = wait_for(lambda: find(app.node, "label", "Entries Are Missing From This Vault"), 30)
    tap(page is not None, "an older vault.db copied back: “Entries Are Missing From This Vault”")
    sentence = find(app.node, "label",
                    pattern=rf"older than the one last used here: entries {first}–{last} are missing")
    tap(sentence is not None, f"…naming entries {first}–{last}")
    tap(find(app.node, "label", "No Photos Yet") is None, "…and no library")
    button = wait_for(lambda: find(app.node, "push button", "Acknowledge and Open"), 5)
    tap(button is not None, "…with an Acknowledge and Open button")
    time.sleep(0.5)
    screenshot("anchor-rolled-back.png")
    tap(sha256(DB) == before, "nothing was written to the vault before acknowledging")
    if button is not None:
        click(button)
    library = wait_for(lambda: find(app.node, "label", "No Photos Yet"), 30)
    tap(library is not None, "Acknowledge and Open: the library is shown")
    screenshot("anchor-acknowledged.png")

    # The lock keeps the head (with vault.locked) outside the vault.
    lock = wait_for(lambda: find(app.node, "push button", "Lock"), 5)
    if lock is not None:
        click(lock)
    tap(wait_for(lambda: find(app.node, "label", "Review Is Locked"), 10) is not None,
        "the Lock button locks the window")
    kept_at_lock = wait_for(lambda: (lambda k: k if k.startswith(f"{old + 3}:") else None)(
        kept_head()), 10)
    app.stop()
    trail = json.loads(cli("audit", "list", "--json").stdout or "[]")
    tap(trail and trail[-1]["action"] == "vault.locked"
        and kept_at_lock == f"{trail[-1]['seq']}:{trail[-1]['hash']}",
        "…and the kept head is then the trail's end, vault.locked included",
        (kept_at_lock, trail[-1] if trail else None))

    events = cli("audit", "list", "--json", "--action=audit.rollback-acknowledged")
    got = json.loads(events.stdout or "[]")
    tap(events.returncode == 0 and len(got) == 1, "the acknowledgement is one audit event",
        events.stdout + events.stderr)
    if got:
        d = got[0]["details"]
        tap(d.get("missing_from") == first and d.get("missing_to") == last
            and len(d.get("kept_hash", "")) == 64,
            f"…naming {first}–{last} and the kept hash", json.dumps(d))
    tap(cli("vault", "info").returncode == 0, "the vault opens from the command line again")
    tap(cli("audit", "verify").returncode == 0, "the audit trail verifies")


def closed():
    """Quitting the window (Ctrl+Q) keeps the head, its own vault.unlocked
    included, from a worker before the process ends."""
    import pyatspi
    app = App()
    library = wait_for(lambda: find(app.node, "label", "No Photos Yet"), 30)
    tap(library is not None, "the window opens the vault again")
    frame = find(app.node, "frame")
    if frame is not None:
        e = frame.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        tw.xdo("mousemove", e.x + e.width // 2, e.y + e.height // 2)
        time.sleep(0.3)
    tw.xdo("key", "ctrl+q")
    try:
        app.proc.wait(15)
    except Exception:
        pass
    tap(app.proc.poll() is not None, "Ctrl+Q ends the application")
    kept = kept_head()
    app.stop()
    trail = json.loads(cli("audit", "list", "--json").stdout or "[]")
    tap(trail and trail[-1]["action"] == "vault.unlocked"
        and kept == f"{trail[-1]['seq']}:{trail[-1]['hash']}",
        "…and the kept head is the trail's end, the window's vault.unlocked included",
        (kept, trail[-1] if trail else None))


def main():
    made = cli("vault", "create", "--recovery-key-file=" + os.path.join(tw.HOME, "rk.txt"))
    tap(made.returncode == 0, "a vault is made with the command line", made.stderr)
    not_anchored()
    rolled_back()
    closed()


if __name__ == "__main__":
    tw.run("anchor", main)
