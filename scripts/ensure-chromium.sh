#!/usr/bin/env bash
# The editor check's browser: Debian's chromium package, installed when missing (CI runs as root).
# Never a browser download: playwright-core drives this binary.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium
test -x /usr/bin/chromium
