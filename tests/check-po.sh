#!/bin/sh
# check-po.sh PO_DIR: msgfmt --check on every language in LINGUAS, as TAP,
# and a check that every language translates every message.
set -u
dir=$1
n=0
fail=0
langs=$(grep -v '^#' "$dir/LINGUAS")
echo "1..$(( $(echo "$langs" | wc -w) * 2 ))"
for lang in $langs; do
  n=$((n + 1))
  if out=$(msgfmt --check --check-format -o /dev/null "$dir/$lang.po" 2>&1); then
    echo "ok $n - msgfmt --check $lang.po"
  else
    echo "not ok $n - msgfmt --check $lang.po"; echo "$out" | sed 's/^/# /'; fail=1
  fi
  n=$((n + 1))
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$dir/$lang.po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "not ok $n - $lang.po complete # $stats"; fail=1 ;;
    *) echo "ok $n - $lang.po complete ($stats)" ;;
  esac
done
exit $fail
