#!/usr/bin/env bash
# test-fuzz.sh SRCDIR HARNESS…: each libFuzzer harness for a few seconds
# (REVIEW_FUZZ_SECONDS, default 15) over its corpus and regressions, with
# build-aux/fuzz --no-build, in the clang folder build-aux/test builds and
# names in REVIEW_FUZZ_BUILDDIR. Output is TAP, one line per harness:
#   ok 1 - fuzz-decode: 123456 runs in 15 s, no crash
# Skipped when no clang folder was built (meson test run by hand).
set -u
src=$(cd "$1/../.." && pwd)
shift
if [ -z "${REVIEW_FUZZ_BUILDDIR:-}" ]; then
  echo "1..0 # SKIP REVIEW_FUZZ_BUILDDIR is not set: build-aux/test builds the clang folder"
  exit 0
fi
echo "1..$#"
n=0
for h in "$@"; do
  n=$((n + 1))
  line=$("$src/build-aux/fuzz" --no-build "${REVIEW_FUZZ_SECONDS:-15}" "$h" 2>&1)
  if [ $? = 0 ]; then
    echo "ok $n - $line"
  else
    echo "not ok $n - $line"
    log=$(printf '%s\n' "$line" | sed -n 's/.*, log \(.*\)$/\1/p')
    [ -n "$log" ] && grep -E 'ERROR|SUMMARY|invariant|runtime error|#[0-9]+ ' "$log" |
      grep -Ev 'fuzzer::|libc\.so|sanitizer_print' | head -n 30 | sed 's/^/# /'
  fi
done
