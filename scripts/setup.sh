#!/usr/bin/env bash
# Installs whatever is missing for uiagent, and nothing when all is there (the fast path checks, it does not install).
#   system: Debian chromium, fonts, tesseract-ocr + English data   (as root, or through sudo)
#   python: .venv with uiagent in editable mode and its dev extras   (redone when pyproject.toml changes)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium fonts-dejavu-core fonts-liberation tesseract-ocr tesseract-ocr-eng)
PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.uiagent-installed

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup: missing Debian packages: ${missing[*]}; run as root or install sudo" >&2
    exit 2
  fi
  echo "setup: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV" >&2
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "setup: installing uiagent (editable) with dev extras into $VENV" >&2
  log=$VENV/uiagent-install.log
  # pip and setuptools are chatty; keep their output in a log and show it only when the install fails.
  if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip &&
         "$VENV/bin/python" -m pip install --disable-pip-version-check -e '.[dev]'; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "setup: pip install failed; full log in $log" >&2
    exit 2
  fi
  touch "$STAMP"
fi
