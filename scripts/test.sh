#!/usr/bin/env bash
# Runs every PowerDrivers test: scripts/setup.sh (apt packages, restore, build), the .NET test
# projects of Drivers.sln, then the Python gRPC client test (tests/python) against the built server.
# Ends with one summary line "N passed, N failed[, N skipped]" summing both; exits non-zero if
# anything failed (or if setup/build failed).
# Environment:
#   CONFIGURATION        Release (default) or Debug
#   PD_TEST_FILTER       passed to `dotnet test --filter` (the Python test still runs)
#   PD_DOTNET_TIMEOUT    seconds for the whole `dotnet test` run (default 1800)
#   PD_PYTHON_TIMEOUT    seconds for the Python client test (default 600)
#   PD_REAL_LANE         1: also run the PowerKVM real lane (qemu:///system, TCG guests; installs qemu and libvirtd
#                        with apt), bounded by PD_REAL_LANE_TIMEOUT seconds (default 600); 0: skip it. Default: 1
#                        under CI (CI set), 0 otherwise.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONFIGURATION="${CONFIGURATION:-Release}"
export CONFIGURATION DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
PY=/usr/bin/python3

if ! bash scripts/setup.sh; then
  echo "test: setup or build failed; no tests ran"
  echo "0 passed, 1 failed"
  exit 1
fi

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

filter=()
if [[ -n "${PD_TEST_FILTER:-}" ]]; then
  filter=(--filter "$PD_TEST_FILTER")
  echo "test: dotnet test filter: ${PD_TEST_FILTER}"
fi

echo "test: dotnet test Drivers.sln -c ${CONFIGURATION} --no-build${PD_TEST_FILTER:+ --filter ${PD_TEST_FILTER}}"
timeout --kill-after=30s "${PD_DOTNET_TIMEOUT:-1800}" \
  dotnet test Drivers.sln -c "$CONFIGURATION" --no-build --nologo \
  --logger "console;verbosity=minimal" "${filter[@]}" </dev/null 2>&1 | tee "$logs/dotnet.log"
dotnet_rc=${PIPESTATUS[0]}

echo "test: python client test (tests/python)"
timeout --kill-after=30s "${PD_PYTHON_TIMEOUT:-600}" \
  "$PY" -m unittest discover -s tests/python -t tests/python -v </dev/null 2>&1 | tee "$logs/python.log"
python_rc=${PIPESTATUS[0]}

real_args=()
if [[ "${PD_REAL_LANE:-$([[ -n "${CI:-}" ]] && echo 1 || echo 0)}" == 1 && -z "${PD_TEST_FILTER:-}" ]]; then
  echo "test: PowerKVM real lane (tests/Backend.PowerKVM.Tests/real-lane.sh)"
  timeout --kill-after=30s "${PD_REAL_LANE_TIMEOUT:-600}" \
    bash tests/Backend.PowerKVM.Tests/real-lane.sh </dev/null 2>&1 | tee "$logs/real.log"
  real_args=(--real-log "$logs/real.log" --real-rc "${PIPESTATUS[0]}")
fi

"$PY" scripts/test_summary.py --dotnet-log "$logs/dotnet.log" --dotnet-rc "$dotnet_rc" \
  --python-log "$logs/python.log" --python-rc "$python_rc" "${real_args[@]}"
