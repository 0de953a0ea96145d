#!/usr/bin/env bash
# PowerKVM: gRPC create(start)→stop→delete cycles per second on the embedded powerkvm-1 (durable SQLite store,
# libvirt's test driver through our P/Invoke layer) beside raw P/Invoke define→start→destroy→undefine cycles
# with the same domain XML, in one run, ROUNDS times (default 3). It runs the opt-in benchmark test
# PowerKvmOverGrpcTests.Benchmark_GrpcCyclesBesideRawLibvirtCycles, which prints the two rates.
# Usage: bash bench/powerkvm.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
dotnet build tests/Driver.Grpc.Tests -c Release -v quiet -nologo >/dev/null
for r in $(seq 1 "$rounds"); do
  PD_POWERKVM_BENCH=1 dotnet test tests/Driver.Grpc.Tests -c Release --no-build \
    --filter "FullyQualifiedName~Benchmark_GrpcCyclesBesideRawLibvirtCycles" --logger "console;verbosity=detailed" 2>&1 \
    | grep -E "cycles/s" | sed "s/^ */round $r: /"
done
