#!/bin/sh
# check-po.sh SOURCE_DIR: for every language in po/LINGUAS, msgfmt --check,
# and every message of a freshly extracted template translated (msgcmp).
# Output is TAP.
set -u
src=$1
dir=$src/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The same keywords as meson's i18n.gettext(preset: 'glib').
xgettext --package-name=review --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_set_error:4:c-format --flag=g_printerr:1:c-format --flag=g_print:1:c-format \
  -D "$src" -f "$dir/POTFILES.in" -o "$tmp/review.pot" 2>"$tmp/xgettext.err"
n=0
fail=0
langs=$(grep -v '^#' "$dir/LINGUAS")
echo "1..$(( $(echo "$langs" | wc -w) * 2 + 1 ))"
for lang in $langs; do
  n=$((n + 1))
  if out=$(msgfmt --check --check-format -o /dev/null "$dir/$lang.po" 2>&1); then
    echo "ok $n - msgfmt --check $lang.po"
  else
    echo "not ok $n - msgfmt --check $lang.po"; echo "$out" | sed 's/^/# /'; fail=1
  fi
  n=$((n + 1))
  if out=$(msgcmp "$dir/$lang.po" "$tmp/review.pot" 2>&1); then
    echo "ok $n - $lang.po translates every message of the sources"
  else
    echo "not ok $n - $lang.po translates every message of the sources"
    echo "$out" | head -20 | sed 's/^/# /'; fail=1
  fi
done
# Every source file with translatable strings is listed, or its strings
# would silently stay in English.
n=$((n + 1))
missing=$(cd "$src" && find src ui -name '*.c' -o -name '*.ui' | sort | while read -r f; do
  if grep -q -e '_(' -e 'translatable="yes"' -e 'g_dngettext' "$f" &&
     ! grep -qx "$f" po/POTFILES.in; then echo "$f"; fi; done)
if [ -z "$missing" ]; then
  echo "ok $n - po/POTFILES.in lists every source file with translatable strings"
else
  echo "not ok $n - po/POTFILES.in lists every source file with translatable strings"
  echo "$missing" | sed 's/^/# missing: /'; fail=1
fi
exit $fail
