#!/usr/bin/env bash
# The whole test suite: type-check, build, then every test (unit, keychain, crash, browser) with a real
# Secret Service around the run. Extra arguments go to vitest (e.g. a path filter).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.json --noEmit
node scripts/build.mjs
exec scripts/with-test-keyring.sh npx vitest run "$@"
