#!/usr/bin/env bash
# Measures Elsa Studio's budgets in Debian's Chromium against the real server (tests/Vetting.Browser.Tests,
# StudioBudgetProbe) and prints them: bytes of a first load, time until the editor is usable, and p50/p99 of every
# Elsa API call Studio makes with 50 definitions and 1,000 instances stored. Figures only; nothing is asserted on
# time. Record them in docs/performance.md ("Elsa Studio").
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Vetting.Browser.Tests -c Release -v quiet -nologo >/tmp/vetting-studio-budgets-build.log 2>&1 || { grep -E "error" /tmp/vetting-studio-budgets-build.log | sort -u >&2; exit 1; }
rm -f TestResults/studio-budgets.txt
VETTING_STUDIO_BUDGETS=1 dotnet test --project tests/Vetting.Browser.Tests -c Release --no-build --filter-class '*.StudioBudgetProbe' >/tmp/vetting-studio-budgets.log 2>&1 \
  || { tail -n 40 /tmp/vetting-studio-budgets.log >&2; exit 1; }
cat TestResults/studio-budgets.txt
