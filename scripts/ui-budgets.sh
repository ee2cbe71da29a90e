#!/usr/bin/env bash
# Measures the dashboard's budgets in Debian's Chromium against the real server (tests/Vetting.Browser.Tests,
# BudgetProbe) and prints them: initial JavaScript (gzip), first render with 200 hosts, SSE event -> tile, long tasks.
# Figures only; nothing is asserted on time. Record them in docs/performance.md ("Web UI").
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Vetting.Browser.Tests -c Release -v quiet -nologo >/tmp/vetting-ui-budgets-build.log 2>&1 || { grep -E "error" /tmp/vetting-ui-budgets-build.log | sort -u >&2; exit 1; }
rm -f TestResults/ui-budgets.txt
VETTING_UI_BUDGETS=1 dotnet test --project tests/Vetting.Browser.Tests -c Release --no-build --filter-class '*.BudgetProbe' >/tmp/vetting-ui-budgets.log 2>&1 \
  || { tail -n 40 /tmp/vetting-ui-budgets.log >&2; exit 1; }
cat TestResults/ui-budgets.txt
