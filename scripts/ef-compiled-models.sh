#!/usr/bin/env bash
# Regenerates EF Core's compiled models (Vetting.Server/Data/CompiledModels/{Sqlite,Postgres}), which the server loads at
# start-up instead of building its model from VettingDbContext.OnModelCreating (docs/performance.md, "Start-up and
# memory"). Run it after any change to an entity or to the model's configuration, in the same commit as the migrations
# that change needs; CompiledModelTests fails until it is run. Uses the repository's dotnet-ef (dotnet-tools.json).
# Usage: ./scripts/ef-compiled-models.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for pair in "VettingDbContext Sqlite" "PostgresVettingDbContext Postgres"; do
  set -- $pair
  context="$1" provider="$2"
  out="Vetting.Server/Data/CompiledModels/$provider"
  # Start from an empty folder so an entity that was removed leaves no file behind.
  rm -rf "$out"
  dotnet dotnet-ef dbcontext optimize --project Vetting.Server --context "$context" --configuration Release \
    --output-dir "Data/CompiledModels/$provider" --namespace "Vetting.Server.Data.CompiledModels.$provider" >/dev/null
  echo "ef-compiled-models: $context -> $out ($(ls "$out" | wc -l) files)"
done
