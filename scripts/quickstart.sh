#!/usr/bin/env bash
# Opens the quickstart notebook in JupyterLab: what `make quickstart` runs once the package is
# installed. PYTHON names the interpreter (default python3); extra arguments go to `jupyter lab`
# (e.g. --no-browser --port=8899).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
NOTEBOOK=notebooks/01-quickstart.ipynb

# LabApp.default_url (not ServerApp's, which JupyterLab overrides) makes the URL JupyterLab
# prints and opens the notebook itself rather than the Launcher.
args=("--LabApp.default_url=/lab/tree/$NOTEBOOK")
if [ "$(id -u)" = 0 ]; then
  args+=(--allow-root)  # JupyterLab refuses to run as root without it (common in containers)
fi

echo "starting JupyterLab on $NOTEBOOK: a browser opens it, or open the URL printed below (ctrl-C stops)"
# -m jupyterlab, not -m jupyter lab: the latter looks jupyter-lab up on PATH, which may be another Python's.
exec "$PYTHON" -m jupyterlab "${args[@]}" "$@"
