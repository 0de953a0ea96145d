#!/usr/bin/env bash
# Serve command start-up: time to the first successful gRPC call and idle RSS, the driver beside a bare
# ASP.NET Core gRPC server, alternately, ROUNDS times (default 3), medians last.
# Usage: bash bench/startup.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
dotnet build src/Driver.Grpc -c Release -v quiet -nologo >/dev/null
dotnet build bench/BareGrpc -c Release -v quiet -nologo >/dev/null
dotnet build bench/Probe -c Release -v quiet -nologo >/dev/null
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
dotnet bench/Probe/bin/Release/net10.0/PowerDrivers.Bench.Probe.dll "$rounds" -- \
  "bare=50061=dotnet bench/BareGrpc/bin/Release/net10.0/PowerDrivers.Bench.BareGrpc.dll 50061" \
  "driver=50071=dotnet src/Driver.Grpc/bin/Release/net10.0/PowerDrivers.Driver.Grpc.dll --Driver:DataDirectory=$data --Driver:Grpc:Port=50071 --Logging:LogLevel:Default=Warning"
