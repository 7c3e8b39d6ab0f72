#!/usr/bin/python3
"""test-window-sandbox.py: Preferences says when the image decoder is less
isolated, as a reviewer would read it, inside tests/keyring-session.sh under
build-aux/test's Xvfb. Output is TAP; screenshots go to
BUILD/meson-logs/screenshots/.

  - on this machine (bubblewrap and the filter both hold) Preferences shows
    no warning;
  - with a bubblewrap that fails as it does where the kernel allows no user
    namespaces (REVIEW_TEST_BWRAP, a test-build hook), Preferences shows a
    one-line warning whose detail says only the system-call filter is left,
    and photos are still imported and shown blurred;
  - the same in Arabic (a screenshot to look at).
"""
import importlib.util
import os
import stat
import subprocess
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("test_window", os.path.join(_here, "test-window.py"))
tw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tw)

tap, walk, find, click, shown = tw.tap, tw.walk, tw.find, tw.click, tw.shown
screenshot, cli, wait_for, App = tw.screenshot, tw.cli, tw.wait_for, tw.App
HOME = tw.HOME

WARNING = "The image decoder is less isolated on this computer"
WARNING_AR = "مُفكّك الصور أقل عزلًا على هذا الحاسوب"


def fake_bwrap():
    path = os.path.join(HOME, "no-userns-bwrap")
    with open(path, "w") as f:
        f.write("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    os.chmod(path, stat.S_IRWXU)
    return path


def open_preferences(app):
    menu = wait_for(lambda: find(app.node, "push button", "Main Menu")
                    or find(app.node, "push button", "القائمة الرئيسية"), 30)
    if menu is None:
        return None
    click(menu)
    item = wait_for(lambda: next((n for n in walk(app.node) if n.name in ("Preferences", "التفضيلات")
                                  and n.getRoleName() != "label" and shown(n)), None), 5)
    if item is not None:
        click(item)
    return wait_for(lambda: next((a for a in walk(app.node) if a.getRoleName() == "label"
                                  and a.name in ("Protection", "الحماية") and shown(a)), None), 10)


def warning_label(app, text):
    return next((n for n in walk(app.node) if n.getRoleName() == "label"
                 and n.name == text and shown(n)), None)


def body():
    photos = os.path.join(HOME, "photos")
    subprocess.run([os.environ["REVIEW_GEN_PHOTOS"], photos, "3", "--width=640",
                    "--height=480"], check=True, stdout=subprocess.DEVNULL)
    tap(cli("vault", "create").returncode == 0, "a vault is created")

    app = App()
    tap(open_preferences(app) is not None, "Preferences opens")
    # The probe runs in a worker thread: give it time to answer.
    tap(wait_for(lambda: warning_label(app, WARNING), 4) is None,
        "with bubblewrap and the filter in place, no warning is shown")
    screenshot("sandbox-preferences-full.png")
    app.stop()

    env = {"REVIEW_TEST_BWRAP": fake_bwrap()}
    imp = subprocess.run([tw.REVIEW, "import", photos], capture_output=True, text=True,
                         env={**os.environ, **env})
    tap(imp.returncode == 0 and "Imported 3 (0 damaged)," in imp.stdout,
        "without user namespaces photos are still imported", imp.stdout + imp.stderr)
    app = App(env)
    tap(open_preferences(app) is not None, "Preferences opens (no user namespaces)")
    label = wait_for(lambda: warning_label(app, WARNING), 10)
    tap(label is not None, "a one-line warning says the decoder is less isolated")
    detail = find(app.node, "label", pattern=r"system-call filter only")
    tap(detail is not None, "…and its detail says only the system-call filter is left")
    screenshot("sandbox-preferences-fallback.png")
    app.stop()

    app = App({**env, "LANG": "C.UTF-8", "LANGUAGE": "ar"})
    tap(open_preferences(app) is not None, "Preferences opens in Arabic")
    tap(wait_for(lambda: warning_label(app, WARNING_AR), 10) is not None,
        "the warning is translated into Arabic")
    screenshot("sandbox-preferences-fallback-ar.png")
    app.stop()


if __name__ == "__main__":
    tw.run("sandbox", body)
