#!/bin/bash
# test-install.sh: `meson install` into a throw-away prefix gives a working
# PREFIX/bin/review that finds its schema and translations relative to that
# prefix, with no help from the build tree; and the installed binaries, built
# without -Dtest_hooks, ignore every test hook. Output is TAP.
#
# It installs $REVIEW_RELEASE_BUILDDIR, the build build-aux/test makes
# without test hooks (the tests themselves run in a build with them).
set -u
build=${REVIEW_RELEASE_BUILDDIR:-}
if [ -z "$build" ]; then
  echo "1..0 # SKIP REVIEW_RELEASE_BUILDDIR is not set: run through build-aux/test"
  exit 0
fi
here=$(cd "$(dirname "$0")" && pwd)
dest=$(mktemp -d "${TMPDIR:-/tmp}/review-install-XXXXXX")
trap 'rm -rf "$dest"' EXIT
n=0
fail=0
check() {
  desc=$1; shift
  n=$((n + 1))
  if out=$("$@" 2>&1); then echo "ok $n - $desc"
  else echo "not ok $n - $desc"; echo "$out" | head -15 | sed 's/^/# /'; fail=1; fi
}

prefix=$(meson introspect --buildoptions "$build" | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
root="$dest$prefix"
check "meson install into a fresh prefix" meson install -C "$build" --no-rebuild --destdir "$dest" --quiet
# Move it somewhere else entirely: nothing may depend on the configured prefix.
moved="$dest/elsewhere"
mv "$root" "$moved"
bin="$moved/bin/review"
check "PREFIX/bin/review is installed" test -x "$bin"
check "the schema is installed and compiled" test -f "$moved/share/glib-2.0/schemas/gschemas.compiled"
check "the desktop file and metainfo are installed" \
  test -f "$moved/share/applications/com.example.Review.desktop" -a -f "$moved/share/metainfo/com.example.Review.metainfo.xml"
check "the app icon is installed" test -f "$moved/share/icons/hicolor/scalable/apps/com.example.Review.svg"
check "the Arabic catalogue is installed" test -f "$moved/share/locale/ar/LC_MESSAGES/review.mo"
check "the installed desktop file is translated" grep -q '^Comment\[ar\]=' "$moved/share/applications/com.example.Review.desktop"

env -u GSETTINGS_SCHEMA_DIR -u XDG_DATA_DIRS -u REVIEW_BIN "$bin" --version >/dev/null 2>&1
check "the installed review runs" env -u GSETTINGS_SCHEMA_DIR "$bin" --version
check "it finds its translations relative to the prefix" bash -c \
  "env -u GSETTINGS_SCHEMA_DIR LANG=C.UTF-8 LANGUAGE=ar '$bin' --vault=/nonexistent vault info 2>&1 | LC_ALL=C.UTF-8 grep -qP '[\x{0600}-\x{06FF}]'"
# The window needs its schema: with no schema dir given, it must find
# PREFIX/share through XDG_DATA_DIRS by itself and keep running.
check "the installed window finds its schema and starts" "$here/keyring-session.sh" unlocked bash -c \
  "env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS=/usr/share timeout 4 '$bin' >'$dest/win.log' 2>&1; s=\$?; cat '$dest/win.log'; [ \$s = 124 ] && ! grep -q 'schema' '$dest/win.log'"

# Test hooks are not in builds for use: not the decoder path, not the
# decoder faults or timeout, not the escape attempts, not a stand-in bwrap.
check "the release build was configured without test hooks" bash -c \
  "meson introspect --buildoptions '$build' | python3 -c 'import json,sys; assert not next(o[\"value\"] for o in json.load(sys.stdin) if o[\"name\"]==\"test_hooks\")'"
check "the installed decoder is the one beside it" test -x "$moved/libexec/review-decoder"
photos="$dest/photos"
"${REVIEW_GEN_PHOTOS:?}" "$photos" 3 --width=320 --height=240 >/dev/null
cat >"$dest/evil-decoder" <<'EVIL'
#!/bin/sh
touch "$0.ran"
exit 1
EVIL
chmod +x "$dest/evil-decoder"
cat >"$dest/evil-bwrap" <<'EVIL'
#!/bin/sh
touch "$0.ran"
exit 1
EVIL
chmod +x "$dest/evil-bwrap"
check "the installed review ignores REVIEW_DECODER_PATH, the fault and escape variables" \
  "$here/keyring-session.sh" unlocked bash -c "
    env -u GSETTINGS_SCHEMA_DIR REVIEW_DECODER_PATH='$dest/evil-decoder' \
      REVIEW_TEST_DECODER_FAULTS=crash=photo-00000.jpg,hang=photo-00001.jpg \
      REVIEW_TEST_DECODER_TIMEOUT=1 REVIEW_TEST_BWRAP='$dest/evil-bwrap' \
      REVIEW_TEST_DECODER_ESCAPE=before:write REVIEW_TEST_DECODER_ESCAPE_TARGET='$dest/escaped' \
      '$bin' --vault='$dest/vault' vault create >/dev/null &&
    env -u GSETTINGS_SCHEMA_DIR REVIEW_DECODER_PATH='$dest/evil-decoder' \
      REVIEW_TEST_DECODER_FAULTS=crash=photo-00000.jpg,hang=photo-00001.jpg \
      REVIEW_TEST_DECODER_TIMEOUT=1 REVIEW_TEST_BWRAP='$dest/evil-bwrap' \
      REVIEW_TEST_DECODER_ESCAPE=before:write REVIEW_TEST_DECODER_ESCAPE_TARGET='$dest/escaped' \
      REVIEW_LOCALEDIR='$dest/nowhere' REVIEW_KEYRING_PROMPT_TIMEOUT=0 \
      '$bin' --vault='$dest/vault' import '$photos' >'$dest/import.out' 2>&1
    s=\$?; cat '$dest/import.out'
    [ \$s = 0 ] && grep -q '^Imported 3 (0 damaged), already present 0, rejected 0 ' '$dest/import.out' &&
    test ! -e '$dest/evil-decoder.ran' -a ! -e '$dest/evil-bwrap.ran' -a ! -e '$dest/escaped'"
check "the installed review reports both sandbox layers" \
  "$here/keyring-session.sh" unlocked bash -c "
    env -u GSETTINGS_SCHEMA_DIR REVIEW_TEST_BWRAP='$dest/evil-bwrap' '$bin' --vault='$dest/vault2' vault create >/dev/null &&
    env -u GSETTINGS_SCHEMA_DIR REVIEW_TEST_BWRAP='$dest/evil-bwrap' '$bin' --vault='$dest/vault2' vault info --json |
      python3 -c 'import json,sys; d=json.load(sys.stdin)[\"decoder_sandbox\"]; assert d == {\"namespaces\": True, \"seccomp\": True}, d'"
check "the installed decoder has no escape attempts compiled in" bash -c \
  "! grep -q 'ESCAPED' '$moved/libexec/review-decoder'"
echo "1..$n"
exit $fail
