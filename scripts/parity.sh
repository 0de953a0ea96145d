#!/usr/bin/env bash
# Runs the parity suite alone (tests/Parity: the same scenarios through gRPC against powervm-1 and powerkvm-1) and prints
# the PowerVM-vs-PowerKVM matrix and the per-step timings. PD_UPDATE_DOCS=1 rewrites docs/parity.md and docs/parity.json.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION="${CONFIGURATION:-Release}"
dotnet build tests/Parity -c "$CONFIGURATION" --nologo -v quiet
status=0
dotnet test tests/Parity -c "$CONFIGURATION" --no-build --nologo || status=$?
out="tests/Parity/bin/$CONFIGURATION/net10.0"
if [[ -f "$out/parity-matrix.md" ]]; then
  sed -n '/^## Matrix/,/^## Scenarios/p' "$out/parity-matrix.md" | sed '$d'
  echo
  cat "$out/parity-timings.txt"
fi
exit "$status"
