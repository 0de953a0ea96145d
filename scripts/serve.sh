#!/usr/bin/env bash
# Serves PowerDrivers on loopback with the embedded defaults (gRPC h2c on 127.0.0.1:50051,
# state under ./.data). Runs scripts/setup.sh first (apt packages, restore, build).
# Arguments are passed to the server, e.g.:
#   bash scripts/serve.sh --Driver:Grpc:Port=50052 --Driver:DataDirectory=/tmp/pd
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONFIGURATION="${CONFIGURATION:-Release}"
export CONFIGURATION

bash scripts/setup.sh

dll="src/Driver.Grpc/bin/${CONFIGURATION}/net10.0/PowerDrivers.Driver.Grpc.dll"
[[ -f "$dll" ]] || { echo "serve: error: $dll was not built" >&2; exit 1; }

echo "serve: starting the driver (Ctrl-C stops it): dotnet $dll $*"
exec dotnet "$dll" "$@"
