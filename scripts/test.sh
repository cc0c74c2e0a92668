#!/usr/bin/env bash
# Installs what the tests need (when missing) and runs every suite:
# JS unit tests (node --test), lint and types, then pytest (pure Python, real Chromium,
# real JupyterLab, tutorial notebooks). PYTHON names the interpreter (default python3);
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

# Debian's chromium for the browser tests, valgrind for the test of the instruction count (burst_cost.py)
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v valgrind >/dev/null || missing+=(valgrind)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's ${missing[*]} for the tests (takes a minute)"
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Debian's ${missing[*]} is needed for the tests: sudo apt-get install -y ${missing[*]}" >&2
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
