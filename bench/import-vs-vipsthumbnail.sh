#!/bin/bash
# bench/import-vs-vipsthumbnail.sh [N]: Review's import throughput against
# vipsthumbnail, side by side, on the same N synthetic 2048×1536 JPEGs and
# the same cores, in one run.
#
# Review's import does more than vipsthumbnail: it reads and SHA-256-hashes
# every original, decodes in separate sandboxed helper processes, applies
# EXIF orientation, and commits thumbnails into the encrypted vault. The
# peer only reads, decodes, scales and writes a thumbnail file. Both use all
# cores (2 helpers for Review; two vipsthumbnail batch processes).
#
# Needs libvips-tools (installed here if missing) and a built _build.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(dirname "$here")
build=${REVIEW_BENCH_BUILD:-$src/_build}   # another build folder: REVIEW_BENCH_BUILD=DIR
n=${1:-1000}
cores=$(nproc)

command -v vipsthumbnail >/dev/null || {
  echo "bench: installing libvips-tools (for vipsthumbnail)…" >&2
  apt-get install -y -qq --no-install-recommends libvips-tools >/dev/null
}
[ -x "$build/src/review" ] || { echo "bench: build first (build-aux/test or build-aux/run)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/review-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "bench: generating $n synthetic 2048×1536 JPEGs…" >&2
"$build/tests/gen-photos" "$work/photos" "$n" --width=2048 --height=1536
bytes=$(du -sb "$work/photos" | cut -f1)
sync

# Review, in a private session with a real keyring.
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_DATA_HOME"; mkdir -m 700 "$XDG_RUNTIME_DIR"
review_s=$(dbus-run-session -- bash -c '
  eval "$(printf bench | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
  "$0" --vault="$1/vault" vault create >/dev/null
  s=$(date +%s.%N)
  "$0" --vault="$1/vault" import --jobs="$2" "$1/photos" >/dev/null
  e=$(date +%s.%N)
  echo "$e - $s" | bc' "$build/src/review" "$work" "$cores" 2>/dev/null)

# vipsthumbnail: one batch process per core, each over its share of files.
mkdir -p "$work/vips"
ls "$work"/photos/*.jpg > "$work/list"
split -n "l/$cores" "$work/list" "$work/part."
s=$(date +%s.%N)
for p in "$work"/part.*; do
  xargs -a "$p" vipsthumbnail -s 320 --vips-concurrency=1 -o "$work/vips/%s.jpg" &
done
wait
e=$(date +%s.%N)
vips_s=$(echo "$e - $s" | bc)

printf '\n%-34s %8s %10s %10s\n' "tool ($n files, $cores cores)" "seconds" "images/s" "MB/s"
for row in "review import:$review_s" "vipsthumbnail -s 320 (batch):$vips_s"; do
  name=${row%%:*}; t=${row##*:}
  printf '%-34s %8.2f %10.1f %10.1f\n' "$name" "$t" "$(echo "$n / $t" | bc -l)" \
    "$(echo "$bytes / 1048576 / $t" | bc -l)"
done
printf '\nratio (review / vipsthumbnail, images per second): %.2f\n' \
  "$(echo "$vips_s / $review_s" | bc -l)"
