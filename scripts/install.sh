#!/usr/bin/env bash
# Installs everything Sotto needs on Debian/Ubuntu: the Debian packages it uses and the npm
# packages (native modules built and checked). Safe to run again; needs root or sudo for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

# softhsm2: the PKCS#11 key provider; pocketsphinx + pocketsphinx-en-us: local speech recognition
# (libpocketsphinx.so.3 with the en-us model); flite: local speech synthesis; sox: test audio;
# chromium (optional): the operator console's browser tests and bench (headless, driven by
# playwright-core). Debian ships it as a package; Ubuntu only as a snap, so a failed install is a
# warning: the browser tests then skip (CI sets SOTTO_REQUIRE_BROWSER=1 and fails instead).
DEBIAN_PACKAGES=(softhsm2 pocketsphinx pocketsphinx-en-us flite sox)
OPTIONAL_PACKAGES=(chromium)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install: apt-get install ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for pkg in "${OPTIONAL_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    echo "install: apt-get install $pkg (optional)" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null \
      || echo "install: warning: $pkg could not be installed; the console's browser tests will skip" >&2
  fi
done

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "install: Node.js 20 or later is required (found $(node --version))" >&2
  exit 1
fi

if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "install: npm packages up to date" >&2
else
  npm ci --no-audit --no-fund --loglevel=error
fi

# npm 11 may skip install scripts it has not been told to trust; fail here, not in a test.
node -e "
  const Database = require('better-sqlite3'); new Database(':memory:').close();
  require('pkcs11js');
  const koffi = require('koffi');
  koffi.load('libpocketsphinx.so.3'); koffi.load('libflite_cmu_us_slt.so.1');
" || { echo 'install: native modules (better-sqlite3, pkcs11js, koffi with pocketsphinx and flite) did not load' >&2; exit 1; }
# The operator console (web/ → web/dist), served by `sotto serve` under /console/.
npm run --silent build:web || { echo 'install: the operator console (web/) did not build' >&2; exit 1; }
echo "install: ok" >&2
