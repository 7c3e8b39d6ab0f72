#!/usr/bin/python3
"""test-window-vault.py: the vault's lifecycle in the real window, read
through AT-SPI, inside tests/keyring-session.sh under build-aux/test's Xvfb.
Output is TAP; screenshots go to BUILD/meson-logs/screenshots/ (vault-*.png).

As someone who can write the vault folder, but has no key, would try it:
  - vault.db emptied: the window says the vault is damaged; it never shows
    the first run, and vault.db stays empty (never re-made);
  - vault.db moved away beside vault.json: the same;
  - one character of vault.json changed: the window says vault.json is
    damaged (not "wrong key"), offers Repair, and Repair opens the library;
    the repair is an audit event;
  - Preferences → Make a New Recovery Key…: the new key is shown once, the
    old one stops opening the vault, the new one opens it.
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

App, cli, find, click, wait_for, screenshot, sha256, walk, shown = (
    tw.App, tw.cli, tw.find, tw.click, tw.wait_for, tw.screenshot, tw.sha256, tw.walk, tw.shown)
tap = tw.tap
VAULT = tw.VAULT
DB = os.path.join(VAULT, "vault.db")
INFO = os.path.join(VAULT, "vault.json")


def damaged_page(app, title):
    page = wait_for(lambda: find(app.node, "label", title), 20)
    welcome = find(app.node, "label", "Welcome to Review")
    return page, welcome


def emptied():
    before_info = sha256(INFO)
    shutil.copy(DB, DB + ".saved")
    open(DB, "wb").close()
    app = App()
    page, welcome = damaged_page(app, "The Vault Is Damaged")
    tap(page is not None, "an emptied vault.db: the window says the vault is damaged")
    tap(welcome is None, "…never a first run")
    tap(find(app.node, "label", pattern=r"vault\.db is missing or empty") is not None,
        "…saying vault.db is missing or empty")
    screenshot("vault-emptied.png")
    app.stop()
    tap(os.path.getsize(DB) == 0, "vault.db is still empty: nothing was re-made")
    tap(sha256(INFO) == before_info, "vault.json is unchanged")

    os.unlink(DB)
    app = App()
    page, welcome = damaged_page(app, "The Vault Is Damaged")
    tap(page is not None and welcome is None,
        "vault.db missing beside vault.json: damaged, never a first run")
    app.stop()
    tap(not os.path.exists(DB), "…and no vault.db was made")
    shutil.move(DB + ".saved", DB)
    tap(cli("vault", "info").returncode == 0, "the vault opens again once vault.db is back")


def info_damaged():
    with open(INFO) as f:
        info = json.load(f)
    check = info["key_check"]
    info["key_check"] = ("0" if check[0] != "0" else "1") + check[1:]
    with open(INFO, "w") as f:
        json.dump(info, f)
    before_db = sha256(DB)
    app = App()
    page, welcome = damaged_page(app, "vault.json Is Damaged")
    tap(page is not None, "one character of vault.json changed: “vault.json Is Damaged”")
    tap(find(app.node, "label", "This Key Does Not Open This Vault") is None,
        "…not “wrong key”")
    repair = wait_for(lambda: find(app.node, "push button", "Repair vault.json"), 5)
    tap(repair is not None, "…with a Repair vault.json button")
    tap(sha256(DB) == before_db, "nothing was written before the repair")
    screenshot("vault-info-damaged.png")
    if repair is not None:
        click(repair)
    library = wait_for(lambda: find(app.node, "label", "No Photos Yet"), 30)
    tap(library is not None, "Repair opens the vault: the library is shown")
    screenshot("vault-repaired.png")
    app.stop()
    with open(INFO) as f:
        tap(json.load(f)["key_check"] == check, "vault.json holds the right key check again")
    events = cli("audit", "list", "--json", "--action=vault.repaired")
    tap(events.returncode == 0 and len(json.loads(events.stdout or "[]")) == 1,
        "the repair is one audit event", events.stdout + events.stderr)
    tap(cli("audit", "verify").returncode == 0, "the audit trail verifies")


def rekey():
    import re
    import subprocess
    old_key = os.path.join(tw.HOME, "rk.txt")
    app = App()
    library = wait_for(lambda: find(app.node, "label", "No Photos Yet"), 30)
    tap(library is not None, "the vault opens in the window")
    click(find(app.node, "push button", "Main Menu"))
    item = wait_for(lambda: next((n for n in walk(app.node) if n.name == "Preferences"
                                  and n.getRoleName() != "label" and shown(n)), None), 5)
    if item is not None:
        click(item)
    button = wait_for(lambda: find(app.node, "push button", "Make a New Recovery Key…"), 10)
    tap(button is not None, "Preferences offers Make a New Recovery Key…")
    if button is None:
        app.stop()
        return
    click(button)
    # libadwaita 1.2 names a response button "_Label Label".
    make = wait_for(lambda: find(app.node, "push button", pattern=r"Make New Key$"), 5)
    tap(make is not None, "…asking first")
    click(make)
    key = wait_for(lambda: find(app.node, "label", pattern=r"^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$"), 30)
    tap(key is not None, "the new recovery key is shown once")
    screenshot("vault-new-recovery-key.png")
    new_key = key.name if key is not None else ""
    done = find(app.node, "push button", pattern=r"Done$")
    if done is not None:
        click(done)
    app.stop()
    events = cli("audit", "list", "--json", "--action=vault.recovery-key-replaced")
    tap(events.returncode == 0 and len(json.loads(events.stdout or "[]")) == 1,
        "the new recovery key is an audit event", events.stdout + events.stderr)
    with open(INFO) as f:
        vid = json.load(f)["vault_id"]
    subprocess.run(["secret-tool", "clear", "vault-id", vid])
    old = cli("vault", "recover", "--recovery-key-file=" + old_key)
    tap(old.returncode == 6, "with the key gone from the keyring, the old recovery key is refused",
        old.stderr)
    fresh = cli("vault", "recover", stdin=new_key + "\n")
    tap(fresh.returncode == 0, "…and the new one opens the vault", fresh.stderr)


def main():
    made = cli("vault", "create", "--recovery-key-file=" + os.path.join(tw.HOME, "rk.txt"))
    tap(made.returncode == 0, "a vault is made with the command line", made.stderr)
    emptied()
    info_damaged()
    rekey()


if __name__ == "__main__":
    tw.run("vault", main)
