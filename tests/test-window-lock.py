#!/usr/bin/python3
"""test-window-lock.py: a lock that holds, tried the way an absent reviewer's
passer-by (or an attacker at the desk) would, inside tests/keyring-session.sh
under build-aux/test's Xvfb. Output is TAP; screenshots go to
BUILD/meson-logs/screenshots/.

  test-window-lock.py idle     lock-after-idle = 2 s: input every second keeps
                               the library open; no input locks it (locked page,
                               no photo on screen, vault.locked via=idle, no
                               vault object or key left in the process, the
                               key's bytes gone from its memory); Unlock reopens
                               with one click; the header-bar button locks
                               (via=button)
  test-window-lock.py keyring  lock-keyring-too on: Ctrl+L locks the keyring
                               collection holding the key (its Locked property);
                               Try Again then meets the locked keyring, not the
                               vault; once the keyring is unlocked again
                               (gnome-keyring-daemon --replace --unlock) Unlock
                               reopens the vault

Settings: the tests' GSETTINGS_BACKEND=memory cannot be preset from outside,
so the app is started with GSETTINGS_BACKEND=keyfile and a keyfile written in
this session's throw-away XDG_CONFIG_HOME (GIO's own keyfile backend; no test
hook in the app). The live-object count comes from a report that only test
builds print (REVIEW_TEST_HOOKS, set by -Dtests=true).
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import time

import pyatspi

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("test_window", os.path.join(_here, "test-window.py"))
tw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tw)

tap, walk, find, click, shown = tw.tap, tw.walk, tw.find, tw.click, tw.shown
screenshot, region_diff, cli, xdo, vault_id = tw.screenshot, tw.region_diff, tw.cli, tw.xdo, tw.vault_id
HOME, SHOTS = tw.HOME, tw.SHOTS
KEYRING_PASSWORD = "test-password"   # tests/keyring-session.sh


def wait_for(predicate, timeout=15.0, step=0.2):
    """test-window.py's, but an AT-SPI error (objects going away while the
    window locks) is one more try, not the end of the test."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = predicate()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(step)
    return None


def write_settings(**values):
    """GIO's keyfile backend: values in GVariant text form."""
    folder = os.path.join(os.environ["XDG_CONFIG_HOME"], "glib-2.0", "settings")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "keyfile"), "w") as f:
        f.write("[com/example/Review]\n")
        for k, v in values.items():
            f.write(f"{k.replace('_', '-')}={v}\n")


def start_app():
    return tw.App({"GSETTINGS_BACKEND": "keyfile"})


def photo_tiles(app):
    return [n for n in walk(app.node) if n.getRoleName() == "image"
            and re.match(r"^Photo \d+, ", n.name or "") and shown(n)]


def seed_vault(n=6):
    photos = os.path.join(HOME, "photos")
    subprocess.run([os.environ["REVIEW_GEN_PHOTOS"], photos, str(n), "--width=800",
                    "--height=600"], check=True, stdout=subprocess.DEVNULL)
    tap(cli("vault", "create").returncode == 0, "a vault is created")
    imp = cli("import", photos)
    tap(imp.returncode == 0 and f"Imported {n} (0 damaged)," in imp.stdout, "photos are imported", imp.stdout)


def open_library(app, n):
    def ready():
        t = photo_tiles(app)
        return t if len(t) >= n else None
    tiles = wait_for(ready, 30)
    tap(tiles is not None, "the library shows every photo, blurred",
        [x.name for x in (tiles or [])])
    return tiles


def locked_page(app):
    return find(app.node, "label", "Review Is Locked")


def library_shown(app):
    return find(app.node, "label", pattern=r"^Revealed today") is not None


def lock_events():
    out = cli("audit", "list", "--json", "--action=vault.locked")
    return json.loads(out.stdout) if out.returncode == 0 else None


def hook_reports(app):
    with open(app.log.name, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    return re.findall(r"review-test-hook: after lock, live vaults (\d+), live keys (\d+)", text)


def key_bytes():
    r = subprocess.run(["secret-tool", "lookup", "vault-id", vault_id()], capture_output=True,
                       text=True)
    hexkey = r.stdout.strip()
    return hexkey if re.fullmatch(r"[0-9a-f]{64}", hexkey) else None


def memory_has(pid, needles):
    """Reads every readable mapping of PID (as a debugger would) and says
    which of NEEDLES (bytes) occur."""
    found = set()
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            if "r" not in fields[1] or (len(fields) > 5 and fields[5] in ("[vvar]", "[vsyscall]")):
                continue
            try:
                mem.seek(lo)
                chunk = mem.read(hi - lo)
            except (OSError, ValueError, OverflowError):
                continue
            for n in needles:
                if n in chunk:
                    found.add(n)
    return found


def point_at_window(app, dx=0):
    frame = find(app.node, "frame")
    e = frame.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    xdo("mousemove", e.x + e.width // 2 + dx, e.y + e.height - 30)


class Busy:
    """Someone working: the pointer moves over the window every INTERVAL
    seconds, from a thread of its own, so that slow AT-SPI walks in the test
    never pass for idle time."""

    def __init__(self, app, interval=0.5):
        import threading
        frame = find(app.node, "frame")
        e = frame.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        self.x, self.y = e.x + e.width // 2, e.y + e.height - 30
        self.interval = interval
        self.stop = threading.Event()
        self.moves = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self.stop.is_set():
            xdo("mousemove", self.x + (self.moves % 2) * 40, self.y)
            self.moves += 1
            self.stop.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def idle():
    if os.environ.get("REVIEW_TEST_PHASE") == "seed":
        return
    seed_vault(6)
    write_settings(lock_after_idle="2")
    app = start_app()
    tap(app.node is not None, "the window appears on the accessibility bus")
    if app.node is None:
        return
    with Busy(app):
        tiles = open_library(app, 6)
    if not tiles:
        return

    # Someone working: one movement a second for 5 s.
    with Busy(app, 1.0) as busy:
        time.sleep(5.0)
        tap(library_shown(app) and locked_page(app) is None and busy.moves >= 5,
            "input every second for 5 s (more than twice the idle time) keeps it unlocked",
            busy.moves)
        # Still working while the scene is recorded and the memory read.
        first = next((t for t in photo_tiles(app) if t.name.startswith("Photo 1,")), tiles[0])
        te = first.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        before_png = screenshot("lock-idle-before.png")
        # The key is in the process now: a positive control for the scan below.
        hexkey = key_bytes()
        needles = ([bytes.fromhex(hexkey), hexkey.encode(), hexkey.upper().encode()]
                   if hexkey else [])
        have = memory_has(app.proc.pid, needles) if needles else set()
        tap(locked_page(app) is None and (bytes.fromhex(hexkey) in have if hexkey else False),
            "control: while the vault is open its key's bytes are found in the process's memory",
            f"key {'read' if hexkey else 'not read'} from the keyring; found {len(have)}")

    # Nobody there: no input at all.
    last_input = time.monotonic()
    page = wait_for(lambda: locked_page(app), 8, 0.1)
    took = time.monotonic() - last_input
    tap(page is not None and 1.5 <= took <= 4.0,
        "with no input for the idle time (2 s) the window locks by itself", f"{took:.1f}s")
    time.sleep(0.6)   # the page cross-fade
    locked_png = screenshot("lock-idle-locked.png")
    tap(not photo_tiles(app),
        "…no photo is left in the accessibility tree",
        [t.name for t in photo_tiles(app)])
    tap(region_diff(before_png, locked_png, te) > 0.05,
        "…and none on screen where the first photo was", region_diff(before_png, locked_png, te))
    unlock = find(app.node, "push button", "Unlock")
    tap(unlock is not None, "the locked page offers Unlock")
    tap(find(app.node, "label", pattern=r"Choose Unlock") is not None,
        "…and says what to do")

    reports = wait_for(lambda: hook_reports(app), 8)
    tap(reports and reports[-1] == ("0", "0"),
        "after the lock no vault object and no key is alive in the process", reports)
    if needles:
        left = memory_has(app.proc.pid, needles)
        tap(not left, "…and the key's bytes (raw or hex) are nowhere in its memory",
            [n[:4].hex() + "…" for n in left])

    # Through a second process: the vault is closed, so the command line reads it.
    events = lock_events() or []
    tap(len(events) == 1 and events[0].get("details") == {"via": "idle"},
        "the audit trail has vault.locked with via=idle", events)

    # Unlock: one click while the keyring is unlocked (the preference is off).
    if unlock is not None:
        click(unlock)
    with Busy(app):
        back = wait_for(lambda: photo_tiles(app), 20)
        tap(back, "Unlock reopens the library with one click")
        screenshot("lock-idle-unlocked.png")
        # The header-bar button (while working, so idle is not the cause).
        button = wait_for(lambda: find(app.node, "push button", "Lock"), 5)
        frame = find(app.node, "frame").queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        tap(button is not None and
            button.queryComponent().getExtents(pyatspi.WINDOW_COORDS).y < frame.y + 60,
            "the header bar has a Lock button")
        if button is not None:
            click(button)
    tap(wait_for(lambda: locked_page(app), 3, 0.1) is not None, "the Lock button locks at once")
    screenshot("lock-button.png")
    time.sleep(0.5)
    events = lock_events() or []
    tap([e.get("details") for e in events] == [{"via": "idle"}, {"via": "button"}],
        "…recorded as vault.locked via=button", events)
    tap(cli("audit", "verify").returncode == 0, "the audit trail verifies")
    app.stop()


def collection_of_key():
    """The keyring collection holding the vault's key, from the Secret
    Service itself (gdbus), and its Locked property."""
    r = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.secrets",
                        "--object-path", "/org/freedesktop/secrets",
                        "--method", "org.freedesktop.Secret.Service.SearchItems",
                        "{'vault-id': '%s'}" % vault_id()], capture_output=True, text=True)
    paths = re.findall(r"'(/org/freedesktop/secrets/collection/[^']+)'", r.stdout)
    if not paths:
        return None, r.stdout + r.stderr
    collection = paths[0].rsplit("/", 1)[0]
    p = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.secrets",
                        "--object-path", collection, "--method",
                        "org.freedesktop.DBus.Properties.Get", "org.freedesktop.Secret.Collection",
                        "Locked"], capture_output=True, text=True)
    return collection, p.stdout.strip()


def keyring():
    if os.environ.get("REVIEW_TEST_PHASE") == "seed":
        return
    seed_vault(3)
    write_settings(lock_keyring_too="true")
    collection, state = collection_of_key()
    tap(collection is not None and "false" in state,
        "the key is in an unlocked keyring collection", (collection, state))
    app = start_app()
    tap(app.node is not None, "the window appears on the accessibility bus")
    if app.node is None:
        return
    if not open_library(app, 3):
        return
    point_at_window(app)
    time.sleep(0.3)
    xdo("key", "ctrl+l")
    tap(wait_for(lambda: locked_page(app), 5, 0.1) is not None, "Ctrl+L locks the window")
    locked = wait_for(lambda: (lambda c: c if c[1] and "true" in c[1] else None)(
        collection_of_key()), 10)
    tap(locked is not None, "…and the keyring collection holding the key is Locked",
        collection_of_key())
    tap(find(app.node, "label", pattern=r"keyring locked") is not None,
        "the locked page says the keyring was locked too")
    screenshot("lock-keyring.png")
    out = cli("audit", "list", "--json", "--action=vault.locked")
    tap(out.returncode != 0, "while it is locked, the command line cannot read the vault either",
        out.stdout)

    # A passer-by tries again: the keyring stops them, the vault stays shut.
    click(find(app.node, "push button", "Try Again"))
    page = wait_for(lambda: find(app.node, "label", "The Keyring Is Locked"), 20)
    tap(page is not None and not photo_tiles(app),
        "Try Again meets the locked keyring, not the photos")
    screenshot("lock-keyring-try-again.png")

    # The reviewer unlocks the keyring with its password.
    # Without the tests' G_DEBUG=fatal-warnings: the daemon is not ours, and
    # aborts on warnings of its own (tests/keyring-session.sh).
    r = subprocess.run(["sh", "-c", f"printf {KEYRING_PASSWORD} | gnome-keyring-daemon --replace "
                        "--unlock --components=secrets"], capture_output=True, text=True,
                       env={k: v for k, v in os.environ.items() if k != "G_DEBUG"})
    time.sleep(0.5)
    collection, state = collection_of_key()
    tap(r.returncode == 0 and "false" in (state or ""),
        "gnome-keyring-daemon --replace --unlock unlocks it with the password", (state, r.stderr))
    unlock = wait_for(lambda: find(app.node, "push button", "Unlock Keyring…"), 5)
    tap(unlock is not None, "the locked-keyring page offers Unlock Keyring…")
    if unlock is not None:
        click(unlock)
    tap(wait_for(lambda: photo_tiles(app), 30), "…which reopens the vault once the keyring is open")
    screenshot("lock-keyring-reopened.png")
    app.stop()
    events = lock_events() or []
    tap(len(events) == 1 and events[0].get("details") == {"via": "shortcut"},
        "the audit trail has vault.locked with via=shortcut", events)
    tap(cli("audit", "verify").returncode == 0, "the audit trail verifies")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "idle"
    tw.run(mode, {"idle": idle, "keyring": keyring}[mode])
