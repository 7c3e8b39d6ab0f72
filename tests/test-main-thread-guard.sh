#!/bin/bash
# test-main-thread-guard.sh: the running application has the main-thread
# guard on (test builds): a statement run from its main loop aborts it
#
# Every window test relies on it: the store service runs each statement in
# its worker, and one on the main thread would pass unnoticed without the
# guard (with WAL, readers never wait for a writer). So the attacker here
# is the application itself: asked to run one statement from its main
# loop (REVIEW_TEST_GUARD_PROBE), it must die saying so, not carry on.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

echo "1..3"
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
       XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"

REVIEW_TEST_GUARD_PROBE=1 timeout 60 "$REVIEW_BIN" --vault="$tmp/vault" \
  >"$tmp/out" 2>"$tmp/err"
status=$?

if [ "$status" -ne 0 ] && [ "$status" -ne 124 ]; then
  ok 'the application stopped'
else
  not_ok 'the application stopped'
  echo "# exit status $status"
fi
if grep -q 'The database was prepared on the main thread' "$tmp/err"; then
  ok 'it said a statement was prepared on the main thread'
else
  not_ok 'it said a statement was prepared on the main thread'
  sed 's/^/# /' "$tmp/err" | head -20
fi
if grep -q 'let a statement through' "$tmp/err" "$tmp/out"; then
  not_ok 'the statement did not run'
else
  ok 'the statement did not run'
fi
