#!/usr/bin/env bash
# gRPC read path: GetInstance and ListInstances (page of 100) on the driver vs a bare ASP.NET Core gRPC
# unary echo, CALLERS concurrent callers (default 16) for SECONDS each (default 10), alternately ROUNDS
# times (default 3). Instances are seeded into the store (COUNT, default 1000, on powervm-1).
# Usage: bash bench/grpc.sh [rounds] [seconds] [callers] [count]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; seconds="${2:-10}"; callers="${3:-16}"; count="${4:-1000}"
for p in src/Driver.Grpc bench/BareGrpc bench/GrpcLoad; do dotnet build "$p" -c Release -v quiet -nologo >/dev/null; done
load="dotnet bench/GrpcLoad/bin/Release/net10.0/PowerDrivers.Bench.GrpcLoad.dll"
data=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$data"; }
trap cleanup EXIT
id=$($load seed "$data" powervm-1 "$count" | tail -1)
dotnet bench/BareGrpc/bin/Release/net10.0/PowerDrivers.Bench.BareGrpc.dll 50061 >/dev/null 2>&1 & pids+=($!)
dotnet src/Driver.Grpc/bin/Release/net10.0/PowerDrivers.Driver.Grpc.dll --Driver:DataDirectory="$data" --Driver:Grpc:Port=50071 \
  --Logging:LogLevel:Default=Warning >/dev/null 2>&1 & pids+=($!)
for i in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/50061 && exec 4<>/dev/tcp/127.0.0.1/50071) 2>/dev/null; then break; fi; sleep 0.2
done
for r in $(seq 1 "$rounds"); do
  echo "round $r"
  $load run echo http://127.0.0.1:50061 "$callers" "$seconds"
  $load run get http://127.0.0.1:50071 "$callers" "$seconds" "$id"
  $load run list http://127.0.0.1:50071 "$callers" "$seconds" powervm-1
done
