#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real, unlocked gnome-keyring and HOME pointed at
# a temporary folder, so keychain work hits a real Secret Service and never the user's own keyring.
#   usage: scripts/with-test-keyring.sh <command> [args…]
set -euo pipefail
tmp_home=$(mktemp -d /tmp/twofold-home.XXXXXX)
trap 'rm -rf "$tmp_home"' EXIT

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-test-keyring: dbus-run-session or gnome-keyring-daemon is missing (apt-get install dbus gnome-keyring);" \
       "keychain tests will report themselves skipped." >&2
  HOME="$tmp_home" "$@"
  exit $?
fi

dbus-run-session -- bash -c '
  set -e
  home="$1"; shift
  export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home/run"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  # A newline on stdin is the (empty) password that unlocks the new login keyring without a prompt.
  echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  export TWOFOLD_TEST_SECRET_SERVICE=1
  "$@"
' bash "$tmp_home" "$@"
