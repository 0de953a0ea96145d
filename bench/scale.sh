#!/usr/bin/env bash
# Scale: HOSTS hosts (default 100, S822L under PHYP) with PER_HOST instances each (default 1000: 100k in all)
# seeded into the store; the driver serves them; one caller pages through the listing (random depth 1-20,
# pages of 100) for SECONDS (default 20) and the page latency p50/p99 is printed, then the server's RSS.
# Usage: bash bench/scale.sh [hosts] [perHost] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
hosts="${1:-100}"; per="${2:-1000}"; seconds="${3:-20}"
for p in src/Driver.Grpc bench/GrpcLoad; do dotnet build "$p" -c Release -v quiet -nologo >/dev/null; done
load="dotnet bench/GrpcLoad/bin/Release/net10.0/PowerDrivers.Bench.GrpcLoad.dll"
data=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
start=$(date +%s)
$load seedmany "$data" host- "$hosts" "$per"
echo "seeding took $(( $(date +%s) - start )) s"
args=()
for ((h = 0; h < hosts; h++)); do
  n=$(printf 'host-%03d' "$h")
  args+=("--Driver:Hosts:$h:Name=$n" "--Driver:Hosts:$h:Profile=S822L" "--Driver:Hosts:$h:Firmware=phyp" "--Driver:Hosts:$h:Backend=powervm")
done
dotnet src/Driver.Grpc/bin/Release/net10.0/PowerDrivers.Driver.Grpc.dll --Driver:DataDirectory="$data" --Driver:Grpc:Port=50081 \
  --Logging:LogLevel:Default=Warning "${args[@]}" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/50081) 2>/dev/null && break; sleep 0.2; done
$load run listall http://127.0.0.1:50081 1 "$seconds"
echo "server RSS after the run: $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"
