#!/usr/bin/env bash
# Publishes the orchestrator for linux-x64 as a self-contained single-file `vetting` into OUT_DIR (default
# bin/vetting-linux-amd64). The folder is the unit deploy/install.sh installs: the binary reads workflows/*.json
# and appsettings.json from its own folder and loads libe_sqlite3.so from there, so they travel together.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bin/vetting-linux-amd64}"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet (the .NET 10 SDK) is not on PATH; install it first: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 2
fi

# Start from an empty folder so a file dropped from the source (say a retired workflow) does not linger.
rm -rf "$out"
# DebugType=embedded: symbols go inside the binary, so stack traces keep line numbers without loose .pdb files.
# PublishReadyToRun: our assemblies and the libraries ship precompiled, so a start jits far less (about 2.2 s to
# /healthz instead of 4.1 s on the 2-core VM; docs/performance.md).
# PublishReadyToRunComposite=false: with PublishSingleFile the SDK would otherwise compile the framework and every
# library into one composite image, which starts about 0.1 s sooner but keeps about 20 MB more resident at idle
# (docs/performance.md, "Start-up and memory").
dotnet publish Vetting.Server -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
  -p:PublishReadyToRunComposite=false -p:PublishSingleFile=true -p:DebugType=embedded -o "$out"

for required in vetting appsettings.json workflows/vetting.json; do
  if [ ! -e "$out/$required" ]; then
    echo "publish-orchestrator: $out/$required is missing from the publish output" >&2
    exit 1
  fi
done
# The dashboard is built only where npm is installed; without it the server shows how to build the UI.
if [ ! -e "$out/wwwroot/index.html" ]; then
  echo "publish-orchestrator: warning: $out/wwwroot/index.html is missing: the web UI was not built (is npm, Node.js 20, on PATH?)" >&2
elif [ ! -e "$out/wwwroot/studio/_framework/blazor.webassembly.js" ]; then
  echo "publish-orchestrator: warning: $out/wwwroot/studio/ is incomplete: Elsa Studio was not copied (npm ci in web/ installs it)" >&2
fi
echo "published $(du -sh "$out" | cut -f1) to $out/"
