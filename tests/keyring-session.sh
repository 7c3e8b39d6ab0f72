#!/bin/sh
# keyring-session.sh STATE COMMAND [ARGS…]
#
# Runs COMMAND in a private D-Bus session with its own throw-away HOME and
# XDG folders, so keyring states never leak between tests running in
# parallel. STATE is the keyring the command finds:
#   unlocked  a real gnome-keyring-daemon, login keyring unlocked
#   locked    the same keyring, locked again by a second daemon started
#             without --unlock (COMMAND is first run once with
#             REVIEW_TEST_PHASE=seed while it is unlocked)
#   none      no Secret Service on the bus at all
#   fresh     gnome-keyring auto-started on a new account, never unlocked
set -eu
state=$1; shift
here=$(cd "$(dirname "$0")" && pwd)

root=$(mktemp -d "${TMPDIR:-/tmp}/review-keyring-XXXXXX")
trap 'rm -rf "$root"' EXIT INT TERM
export HOME="$root/home" XDG_DATA_HOME="$root/data" XDG_CONFIG_HOME="$root/config" \
       XDG_CACHE_HOME="$root/cache" XDG_STATE_HOME="$root/state" XDG_RUNTIME_DIR="$root/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"
export REVIEW_TEST_KEYRING="$state"
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DBUS_SESSION_BUS_ADDRESS

# G_DEBUG (fatal-warnings, from tests/meson.build) is for COMMAND, not for
# the session's own services: gnome-keyring-daemon, and what the bus starts
# (the prompter), abort on warnings of their own under it, and the keyring
# is then gone. They start without it; COMMAND gets it back.
export REVIEW_TEST_G_DEBUG="${G_DEBUG-}"
unset G_DEBUG

# Services the bus starts (the AT-SPI registry, the keyring prompter) print
# to the bus's stdout: send that to stderr, and keep stdout for COMMAND's
# TAP output (fd 3).
exec 3>&1 1>&2
case "$state" in
  unlocked)
    dbus-run-session -- sh -c '
      eval "$(printf "test-password" | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
      G_DEBUG=$REVIEW_TEST_G_DEBUG exec "$@" >&3' sh "$@" ;;
  locked)
    dbus-run-session -- sh -c '
      eval "$(printf "test-password" | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
      G_DEBUG=$REVIEW_TEST_G_DEBUG REVIEW_TEST_PHASE=seed "$@" || exit 1
      gnome-keyring-daemon --replace --components=secrets </dev/null >/dev/null 2>&1
      sleep 0.5
      G_DEBUG=$REVIEW_TEST_G_DEBUG exec "$@" >&3' sh "$@" ;;
  none)
    dbus-run-session --config-file="$here/dbus-no-secret-service.conf" -- sh -c 'G_DEBUG=$REVIEW_TEST_G_DEBUG exec "$@" >&3' sh "$@" ;;
  fresh)
    dbus-run-session -- sh -c 'G_DEBUG=$REVIEW_TEST_G_DEBUG exec "$@" >&3' sh "$@" ;;
  *)
    echo "keyring-session.sh: unknown state '$state'" >&2; exit 2 ;;
esac
