#!/usr/bin/env bash
# Build the one-folder bundle here, from the same spec as the Windows build.
#   packaging/build_linux.sh          -> dist/Bidragskollen/Bidragskollen
# Uses the project venv (.venv, see README) and installs the pinned build tools into it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "Hittar inte $PY: skapa projektets venv först (se README)." >&2
  exit 1
fi
"$PY" -m pip install --quiet -r packaging/requirements-build.txt
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/bidragskollen.spec
echo "Byggt: dist/Bidragskollen ($(du -sh dist/Bidragskollen | cut -f1))"
