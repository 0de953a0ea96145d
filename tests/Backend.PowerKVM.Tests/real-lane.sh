#!/usr/bin/env bash
# The optional PowerKVM real lane: a pseries guest under QEMU TCG through a real libvirtd (qemu:///system).
# Installs what is missing (apt: libvirt-daemon-system, libvirt-daemon-driver-qemu, qemu-system-ppc, seabios for the
# VGA ROM), starts virtlogd and libvirtd in the background when no init system runs them (and stops those it started),
# then runs the tests of Category=RealLane, bounded in time. Usage (from the repository root):
#   bash tests/Backend.PowerKVM.Tests/real-lane.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
packages=(libvirt-daemon-system libvirt-daemon-driver-qemu qemu-system-ppc seabios)
sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
missing=(); for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if (( ${#missing[@]} )); then
  echo "real-lane: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

started=()
start_daemon() { # name
  local pidfile="/run/$1.pid"
  if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return; fi
  "${sudo[@]}" "$1" -d
  for _ in $(seq 50); do [[ -f $pidfile ]] && break; sleep 0.1; done
  started+=("$(cat "$pidfile")")
}
cleanup() { for pid in "${started[@]}"; do "${sudo[@]}" kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
start_daemon virtlogd
start_daemon libvirtd

PD_POWERKVM_REAL_URI="${PD_POWERKVM_REAL_URI:-qemu:///system}" timeout --kill-after=30s 600 \
  dotnet test tests/Backend.PowerKVM.Tests --filter "Category=RealLane" --logger "console;verbosity=normal"
