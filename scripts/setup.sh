#!/usr/bin/env bash
# Prepares a Debian machine to build, serve and test PowerDrivers. Idempotent:
#   - installs the apt packages that are missing (apt-get update runs once, only if needed),
#   - checks for a .NET 10 SDK,
#   - restores and builds Drivers.sln (CONFIGURATION, default Release).
# Environment: CONFIGURATION (Release|Debug), PD_SKIP_BUILD=1 to stop after the checks.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONFIGURATION="${CONFIGURATION:-Release}"

log() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# protoc + grpc_python_plugin + the Python gRPC runtime generate and run the Python client test;
# libvirt0 is the hypervisor library of the PowerKVM backend; sqlite3 inspects the driver's store;
# python3-openstackclient and python3-novaclient are the real OpenStack clients the Compat.Nova tests drive.
APT_PACKAGES=(protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf python3-yaml libvirt0 sqlite3 python3-openstackclient python3-novaclient python3-cinderclient python3-neutronclient python3-openstacksdk)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  log "installing apt packages: ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${missing[*]}"
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq </dev/null
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
  log "installed: ${missing[*]}"
else
  log "apt packages present: ${APT_PACKAGES[*]}"
fi

command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (10 or newer) is required: 'dotnet' is not on PATH"
sdk_version="$(dotnet --version 2>/dev/null || true)"
sdk_major="${sdk_version%%.*}"
[[ "$sdk_major" =~ ^[0-9]+$ ]] || die "could not read the .NET SDK version ('dotnet --version' printed '${sdk_version}')"
((sdk_major >= 10)) || die ".NET SDK 10 or newer is required (found ${sdk_version})"
log "dotnet SDK ${sdk_version}"

if [[ "${PD_SKIP_BUILD:-0}" == "1" ]]; then
  log "PD_SKIP_BUILD=1: not restoring or building"
  exit 0
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log "dotnet restore Drivers.sln"
dotnet restore Drivers.sln --verbosity quiet </dev/null || die "dotnet restore failed"
log "dotnet build Drivers.sln -c ${CONFIGURATION} --no-restore"
dotnet build Drivers.sln -c "${CONFIGURATION}" --no-restore --nologo --verbosity quiet -clp:NoSummary </dev/null \
  || die "dotnet build failed (${CONFIGURATION})"
log "build ok (${CONFIGURATION})"
