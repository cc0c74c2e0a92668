#!/usr/bin/env bash
# Installs what the tests need (when missing) and runs every suite:
# JS unit tests (node --test), lint and types, then pytest (pure Python, real Chromium,
# real JupyterLab, tutorial notebooks).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "Debian's chromium is needed for the browser tests: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

python3 -m pip install -q -e ".[test]"   # also builds the front end (npm install && npm run build)
npm run build --silent                   # keep the bundle current with js/ during development

echo "== JS unit tests"
node --test js/test/
echo "== lint and types"
python3 -m ruff check scapi_widget tests benchmarks
python3 -m mypy
echo "== pytest"
python3 -m pytest "$@"
