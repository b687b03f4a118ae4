#!/usr/bin/env bash
# Build the one-folder bundle here, from the same spec as the Windows build.
#   packaging/build_linux.sh          -> dist/Bidragskollen/Bidragskollen (the window)
#                                        and dist/Bidragskollen/bidragskollen-cli (the command line)
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

# Smoke test of the command-line program: Swedish help and JSON on stdout. Its log goes to a
# temporary BIDRAGSKOLLEN_HOME, removed afterwards.
CLI=dist/Bidragskollen/bidragskollen-cli
SMOKE_HOME=$(mktemp -d)
trap 'rm -rf "$SMOKE_HOME"' EXIT
help=$(BIDRAGSKOLLEN_HOME="$SMOKE_HOME" "$CLI" --help)
case "$help" in
  *"statsbidrag enligt överenskommelserna"*) ;;
  *) echo "$CLI --help skrev inte hjälptexten: $help" >&2; exit 1 ;;
esac
BIDRAGSKOLLEN_HOME="$SMOKE_HOME" "$CLI" catalogue --json \
  | "$PY" -c 'import json, sys; assert any(a["id"] == "gnv-2024" for a in json.load(sys.stdin))'
echo "Byggt: dist/Bidragskollen ($(du -sh dist/Bidragskollen | cut -f1)); kommandoraden: $CLI"
