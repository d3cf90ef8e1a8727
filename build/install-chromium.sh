#!/usr/bin/env bash
# Installs Debian's chromium (/usr/bin/chromium) for the usage report's browser tests
# (tests/Metering.Cli.Tests/Reporting), when it is missing. Called by build/Chromium.targets on the first build of the
# test project on a machine with apt; safe to run again. Not root: sudo, without a password prompt (-n), so a build
# never hangs waiting for one.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
run() {
  if [ "$(id -u)" = "0" ]; then
    "$@"
  else
    sudo -n "$@"
  fi
}
echo "Installing chromium (Debian package) for the report's browser tests..."
run env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
