#!/usr/bin/env bash
# Runs the orchestrator from source on embedded defaults (SQLite under ./data, http://127.0.0.1:8080).
# Extra arguments go to the server, e.g.: ./scripts/run.sh --config deploy/vetting.example.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet (the .NET 10 SDK) is not on PATH; install it first: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 2
fi
# The build also builds the dashboard (web/, see README "The dashboard") when npm is here; without it the server
# starts anyway and http://127.0.0.1:8080/ says how to build the UI.
if ! command -v npm >/dev/null 2>&1; then
  echo "npm (Node.js 20) is not on PATH: starting without building the web UI" >&2
fi
exec dotnet run --project Vetting.Server -c Release -- serve "$@"
