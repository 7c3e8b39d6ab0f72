#!/usr/bin/python3
"""test-window-damaged.py: a damaged photo in the window (issue 12), as a
screen reader reads it, inside tests/keyring-session.sh under build-aux/test's
Xvfb. Output is TAP; screenshots go to BUILD/meson-logs/screenshots/.

  - three whole photos and one JPEG cut at 40 % of its scan (then an EOI
    marker) are imported; `review import` lists the cut one as damaged;
  - in the library the damaged photo's tile has a "Damaged" badge and says
    "damaged" in its accessible name and its reason in its description; the
    three others say nothing of the kind;
  - Filters → "Damaged only" leaves exactly that photo, and an export of
    what the library shows holds that photo only;
  - opened in the workspace, a message above it says the file is damaged,
    why (the missing part), and that the original is kept;
  - the same in Arabic, checked by structure (the badge, the filter, the
    message holding the reason the command line gives in Arabic), not by
    English words.
"""
import importlib.util
import json
import os
import subprocess
import time

import pyatspi

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("test_window", os.path.join(_here, "test-window.py"))
tw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tw)

tap, walk, find, click, shown = tw.tap, tw.walk, tw.find, tw.click, tw.shown
cli, wait_for, App, xdo = tw.cli, tw.wait_for, tw.App, tw.xdo
HOME = tw.HOME

ARABIC = {"LANG": "C.UTF-8", "LANGUAGE": "ar"}
# The filters button's name, in English and in Arabic (po/ar.po).
MORE_FILTERS = ("More Filters", "مزيد من عوامل التصفية")


screenshot = tw.screenshot


def cut_scan(path, keep=0.4):
    """Keeps KEEP of the entropy-coded data after the first SOS marker (FF DA
    and its header), then ends the file with EOI (FF D9): a JPEG that ends
    early, as a file cut short in a leak does."""
    with open(path, "rb") as f:
        data = f.read()
    sos = data.index(b"\xff\xda")
    header = int.from_bytes(data[sos + 2:sos + 4], "big")
    start = sos + 2 + header
    scan = len(data) - 2 - start          # the scan, without the final EOI
    with open(path, "wb") as f:
        f.write(data[:start + int(scan * keep)] + b"\xff\xd9")


def tiles(app):
    return [n for n in walk(app.node) if n.getRoleName() == "image" and n.name
            and shown(n) and tile_like(n)]


def tile_like(node):
    """A photo tile: an image whose accessible name starts with the photo's
    word and number (any language)."""
    name = node.name or ""
    return any(name.startswith(w) for w in ("Photo ", "الصورة ")) and \
        node.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width < 400


def badge(tile):
    """The badge: a label shown inside the tile."""
    return next((n for n in walk(tile) if n is not tile and n.getRoleName() == "label"
                 and n.name and shown(n)), None)


def description(node):
    try:
        return node.description or ""
    except Exception:
        return ""


def set_damaged_filter(app, on, shot=None):
    """Filters → "Damaged only", as a keyboard user does: opens the popover,
    tabs to the check box, presses Space, closes it with Escape. (GTK 4.8
    gives check buttons no AT-SPI action, and reports a popover's extents in
    its own surface's coordinates, so a pointer click would miss.) Returns
    what went wrong, or None."""
    button = wait_for(lambda: next((n for n in walk(app.node) if n.name in MORE_FILTERS
                                    and n.getRoleName() != "label" and shown(n)), None), 10)
    if button is None:
        return "no Filters button"
    # X focus follows the pointer here (no window manager): point at the window.
    e = button.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    xdo("mousemove", e.x + e.width // 2, e.y + e.height // 2)
    click(button)
    check = wait_for(lambda: next((n for n in walk(app.node) if n.getRoleName() == "check box"
                                   and shown(n)), None), 5)
    if check is None:
        return "no check box in the Filters popover"
    for _ in range(12):
        if check.getState().contains(pyatspi.STATE_FOCUSED):
            break
        xdo("key", "Tab")
        time.sleep(0.15)
    else:
        xdo("key", "Escape")
        return "Tab never reached the check box"
    if check.getState().contains(pyatspi.STATE_CHECKED) != on:
        xdo("key", "space")
        wait_for(lambda: check.getState().contains(pyatspi.STATE_CHECKED) == on, 3)
    state = check.getState().contains(pyatspi.STATE_CHECKED)
    if shot is not None:
        screenshot(shot)
    xdo("key", "Escape")
    time.sleep(0.5)
    return None if state == on else f"the check box {check.name!r} stayed {state}"


def export_data(app, path):
    """Ctrl+E in the library, "Signed data, JSON" (the second kind, chosen
    with the keyboard: a popover's extents are in its own coordinates), the
    scope it offers first (what the library shows now), written to PATH.
    Returns the JSON, or what went wrong as a string."""
    frame = find(app.node, "frame")
    f = frame.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    xdo("mousemove", f.x + f.width * 3 // 4, f.y + f.height - 40)
    time.sleep(0.3)
    xdo("key", "ctrl+e")
    button = wait_for(lambda: (lambda b: b if b is not None and tw.sensitive(b) else None)(
        find(app.node, "push button", "Export…")), 15)
    if button is None:
        return "no export dialog"
    row = wait_for(lambda: find(app.node, "combo box", "What"), 5)
    if row is None:
        click(find(app.node, "push button", "Cancel"))
        return "no What row"
    e = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    xdo("mousemove", e.x + e.width // 2, e.y + e.height // 2, "click", "1")
    time.sleep(0.8)
    xdo("key", "Down")
    time.sleep(0.2)
    xdo("key", "Return")
    time.sleep(0.5)
    screenshot("damaged-export-dialog-en.png")
    click(button)
    time.sleep(1.5)
    xdo("key", "ctrl+a")
    tw.type_text(path)
    xdo("key", "Return")
    done = wait_for(lambda: os.path.exists(path) and
                    find(app.node, "label", None, r"is ready"), 60)
    cancel = find(app.node, "push button", "Cancel")
    if cancel is not None:
        click(cancel)
    time.sleep(0.5)
    if done is None:
        return "the export was not written"
    with open(path, "rb") as fp:
        raw = fp.read()
    try:
        return json.loads(raw)
    except ValueError:
        return f"not JSON: {raw[:16]!r}"


def patient_wait(app, predicate, timeout):
    """wait_for, but an AT-SPI call that times out (seen once in a while
    here, while the workspace's widgets appear) is retried as long as the
    app is alive, with a note in the TAP output."""
    start = time.monotonic()
    for _ in range(3):
        try:
            return wait_for(predicate, timeout)
        except RuntimeError as ex:   # GLib.GError: no reply
            print(f"# after {time.monotonic() - start:.1f} s, alive {app.alive()}: {ex}",
                  flush=True)
            if not app.alive():
                return None
    return None


def damaged_reason(env):
    """The reason as the command line words it in ENV's language."""
    out = subprocess.run([tw.REVIEW, "search", "--damaged", "--json"], capture_output=True,
                         text=True, env={**os.environ, **env})
    try:
        photos = json.loads(out.stdout)["photos"]
    except (ValueError, KeyError):
        return None
    return photos[0].get("damage_reason") if len(photos) == 1 else None


def window_pass(lang, env):
    english = lang == "en"
    reason = damaged_reason(env)
    tap(reason is not None, f"[{lang}] review search --damaged gives one photo and its reason",
        reason)
    app = App(env)
    tap(app.node is not None, f"[{lang}] the window appears on the accessibility bus")
    if app.node is None:
        return
    all4 = wait_for(lambda: tiles(app) if len(tiles(app)) >= 4 else None, 30)
    tap(all4 is not None and len(all4) == 4, f"[{lang}] the grid shows the four photos",
        [n.name for n in (all4 or [])])
    if not all4:
        screenshot(f"damaged-grid-missing-{lang}.png")
        app.stop()
        return
    time.sleep(1.0)   # thumbnails load in the background
    badged = [t for t in all4 if badge(t) is not None]
    tap(len(badged) == 1, f"[{lang}] exactly one tile carries a badge",
        [(t.name, badge(t).name if badge(t) else None) for t in all4])
    damaged = badged[0] if len(badged) == 1 else None
    if english:
        tap(damaged is not None and ", damaged, " in damaged.name and
            badge(damaged).name == "Damaged",
            "[en] the damaged photo's tile is named “damaged” and its badge says “Damaged”",
            damaged.name if damaged else None)
        others = [t for t in all4 if t is not damaged]
        tap(all(", blurred, " in t.name and "damaged" not in t.name.lower() for t in others),
            "[en] the three whole photos are not marked", [t.name for t in others])
    if damaged is not None:
        tap(reason is not None and reason in description(damaged),
            f"[{lang}] the damaged tile's accessible description gives the reason",
            description(damaged))
        tap(reason is not None and reason in description(badge(damaged)),
            f"[{lang}] …and so does its badge (its tooltip)", description(badge(damaged)))
        te = damaged.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        be = badge(damaged).queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        at_end = (be.x + be.width > te.x + te.width * 0.6) if english else \
            (be.x < te.x + te.width * 0.4)
        tap(at_end and be.y < te.y + te.height * 0.4,
            f"[{lang}] the badge is at the tile's top end corner",
            f"tile {te.x},{te.y} {te.width}x{te.height}; badge {be.x},{be.y} {be.width}x{be.height}")
    screenshot(f"damaged-grid-{lang}.png")
    if damaged is not None:
        # The reason as the badge's tooltip, to look at.
        xdo("mousemove", be.x + be.width // 2, be.y + be.height // 2)
        time.sleep(1.5)
        screenshot(f"damaged-tooltip-{lang}.png")

    trouble = set_damaged_filter(app, True, f"damaged-filters-popover-{lang}.png")
    tap(trouble is None, f"[{lang}] Filters has a “Damaged only” check, turned on", trouble)
    one = wait_for(lambda: tiles(app) if len(tiles(app)) == 1 else None, 10)
    tap(one is not None and badge(one[0]) is not None,
        f"[{lang}] with it on, exactly the damaged photo is left",
        [n.name for n in tiles(app)])
    screenshot(f"damaged-filter-{lang}.png")
    if english:
        data = export_data(app, os.path.join(HOME, "damaged-only.json"))
        tap(isinstance(data, dict) and len(data.get("photos", [])) == 1,
            "[en] an export of what the library shows keeps “Damaged only”: one photo",
            data if not isinstance(data, dict) else
            [p.get("file_name") for p in data.get("photos", [])])

    # Open the damaged photo large (double-click), the filter still on.
    target = one[0] if one else damaged
    if target is None:
        app.stop()
        return
    e = target.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    xdo("mousemove", e.x + e.width // 2, e.y + e.height // 2, "click", "--repeat", "2",
        "--delay", "80", "1")
    message = patient_wait(app, lambda: next((n for n in walk(app.node)
                                              if n.getRoleName() == "label" and reason
                                              and reason in (n.name or "") and shown(n)
                                              and n.queryComponent().getExtents(
                                                  pyatspi.WINDOW_COORDS).width > 300), None), 10)
    tap(message is not None, f"[{lang}] the workspace shows a message holding the reason",
        reason)
    if english and message is not None:
        tap(message.name.startswith("This file is damaged: ") and "missing" in message.name
            and "the original is kept as it was" in message.name,
            "[en] …“This file is damaged: …missing… the original is kept as it was.”",
            message.name)
    big = wait_for(lambda: next((n for n in walk(app.node) if n.getRoleName() == "image"
                                 and tile_like_any(n) and shown(n)
                                 and n.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width
                                 > 400), None), 5)
    tap(big is not None and reason in description(big) and badge(big) is None,
        f"[{lang}] the large photo says it is damaged to a screen reader, with no badge over it",
        (big.name, description(big)) if big else None)
    if message is not None and big is not None:
        me = message.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        ie = big.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        tap(me.y + me.height <= ie.y + 2, f"[{lang}] the message is above the photo",
            f"message y {me.y}+{me.height}, photo y {ie.y}")
    time.sleep(1.0)   # the original is decoded and blurred in a helper
    screenshot(f"damaged-workspace-{lang}.png")
    xdo("key", "Escape")
    time.sleep(0.5)
    trouble = set_damaged_filter(app, False)
    tap(trouble is None, f"[{lang}] “Damaged only” turns off", trouble)
    tap(wait_for(lambda: len(tiles(app)) == 4, 10) is not None,
        f"[{lang}] …and the four photos are back", [n.name for n in tiles(app)])
    app.stop()


def tile_like_any(node):
    name = node.name or ""
    return any(name.startswith(w) for w in ("Photo ", "الصورة "))


def body():
    photos = os.path.join(HOME, "photos")
    subprocess.run([os.environ["REVIEW_GEN_PHOTOS"], photos, "4", "--width=640",
                    "--height=480"], check=True, stdout=subprocess.DEVNULL)
    cut = os.path.join(photos, "photo-00003.jpg")
    cut_scan(cut)
    # A supervisor's vault with a signing identity: the export is checked too.
    tap(cli("vault", "create", "--name=Sam Supervisor", "--role=supervisor",
            "--recovery-key-file=" + os.path.join(HOME, "rk")).returncode == 0,
        "a supervisor's vault is created")
    tap(cli("signer", "create", "--name=Sam Supervisor",
            "--organization=Test Documentation Group").returncode == 0,
        "a signing identity is created")
    imp = cli("import", photos)
    lines = [l for l in imp.stdout.splitlines() if l.startswith("damaged: ")]
    tap(imp.returncode == 0 and len(lines) == 1 and "photo-00003.jpg" in lines[0],
        "review import lists the cut JPEG as damaged", imp.stdout + imp.stderr)
    tap("Imported 4 (1 damaged)," in imp.stdout, "…and imports all four, one damaged",
        imp.stdout)
    window_pass("en", {})
    window_pass("ar", ARABIC)


if __name__ == "__main__":
    tw.run("damaged", body)
