#!/usr/bin/env bash
# Installs what the tests need (when missing) and runs every suite:
# JS unit tests (node --test), lint and types, then pytest (pure Python, real Chromium,
# real JupyterLab, tutorial notebooks). PYTHON names the interpreter (default python3);
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests (takes a minute)"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "Debian's chromium is needed for the browser tests: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

echo "installing scapi-widget and its test tools into $PYTHON, building the front end (takes a minute the first time)"
"$PYTHON" -m pip install -q -e ".[test]"   # also builds the front end (npm install && npm run build)
npm run build --silent                     # keep the bundle current with js/ during development

echo "== JS unit tests"
node --test js/test/
echo "== lint and types"
"$PYTHON" -m ruff check scapi_widget tests benchmarks
"$PYTHON" -m mypy
echo "== pytest (pure Python, real Chromium and JupyterLab, in two workers: the first browser start takes a few seconds)"
# Two workers, each taking whole test files (their servers and module fixtures stay one per file):
# the browser tests spend much of their time waiting on pages and servers, so two share the 2 cores well.
"$PYTHON" -m pytest -n 2 --dist loadfile "$@"
