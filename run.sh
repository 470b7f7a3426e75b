#!/usr/bin/env bash
# Runs NeoBay Grants locally in one command: installs Azurite (npm ci, pinned) when missing, starts it unless a
# storage connection is configured or Azurite already answers on 10000-10002, then starts the local Functions host
# on http://localhost:7071 and prints a bearer token per role and a curl example. Ctrl+C stops everything it started.
# Arguments go to the host, e.g.  ./run.sh --LocalHost:Port=7072   or   ./run.sh --no-azurite
set -euo pipefail
cd "$(dirname "$0")"
command -v dotnet >/dev/null || { echo "dotnet is not on PATH: install the .NET 10 SDK (global.json pins it)." >&2; exit 1; }
command -v node >/dev/null || echo "warning: node is not on PATH; Azurite cannot start unless AzureWebJobsStorage names a running storage." >&2
if [ ! -f node_modules/azurite/dist/src/azurite.js ] && command -v npm >/dev/null; then
  echo "== npm ci (Azurite, pinned in package-lock.json)"
  npm ci --no-audit --no-fund
fi
echo "== dotnet build (Release; first time takes a minute)"
dotnet build functions/NeoBay.LocalHost -c Release -nologo -v q -clp:ErrorsOnly
exec dotnet run --no-build --project functions/NeoBay.LocalHost -c Release -- "$@"
