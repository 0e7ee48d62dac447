#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: installs what the tests need (Debian and
# npm packages), makes sure the services they talk to are up, then runs the suites.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
# tmux drives `convection top` in a real terminal; Chromium runs the dashboard's end-to-end tests.
command -v tmux >/dev/null 2>&1 || need_apt+=(tmux)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${need_apt[@]}"
fi

bash scripts/ensure-services.sh
# A real Keystone on loopback (installs Debian's keystone, openstackclient and mistralclient if missing).
bash scripts/keystone.sh start

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npx tsc --noEmit -p tsconfig.json
npx vitest run
npx tsc --noEmit -p tsconfig.e2e.json
# The dashboard in Chromium: the suite's global setup builds it (type-checking it) into .next-e2e.
npx playwright test
