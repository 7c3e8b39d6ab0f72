#!/bin/sh
# Compiles the GSettings schema inside the install prefix, also when
# installing into a DESTDIR (meson's own post-install step skips that), so
# that PREFIX/bin/review works wherever PREFIX is moved.
set -eu
dir="${MESON_INSTALL_DESTDIR_PREFIX:?}/share/glib-2.0/schemas"
if [ -d "$dir" ]; then
  glib-compile-schemas "$dir"
fi
