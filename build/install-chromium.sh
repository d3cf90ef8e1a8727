#!/usr/bin/env bash
# Installs Debian's chromium for the usage report's browser tests (tests/Metering.Cli.Tests/Reporting), when it is
# missing. Called by build/Chromium.targets on the first build of the test project; safe to run again.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != "0" ]; then
  sudo="sudo"
fi
echo "Installing chromium (Debian package) for the report's browser tests..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium
