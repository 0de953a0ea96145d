#!/usr/bin/env bash
# The emulated HMC (src/Emulator.Hmc, embedded, plain HTTP on loopback, instant jobs): LogicalPartition feed GETs per
# second (LPARS partitions, default 10) and create→power on→power off→delete cycles per second over the REST API, at 1
# and 16 clients, beside a bare ASP.NET Core JSON GET of the same body size; alternately ROUNDS times (default 3),
# SECONDS each (default 5). Prints every measurement, then the medians.
# Usage: bash bench/hmc.sh [rounds] [seconds] [lpars]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; seconds="${2:-5}"; lpars="${3:-10}"
dotnet build bench/HmcLoad -c Release -v quiet -nologo >/dev/null
timeout $((rounds * seconds * 6 + 120)) dotnet bench/HmcLoad/bin/Release/net10.0/PowerDrivers.Bench.HmcLoad.dll "$seconds" "$rounds" "$lpars"
