#!/bin/bash
# test-install.sh: `meson install` into a throw-away prefix gives a working
# PREFIX/bin/review that finds its schema and translations relative to that
# prefix, with no help from the build tree. Output is TAP.
set -u
build=${REVIEW_BUILDDIR:?}
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
echo "1..$n"
exit $fail
