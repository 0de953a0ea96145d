#!/usr/bin/env bash
# The optional PowerKVM real lane: a pseries guest under QEMU TCG through a real libvirtd (qemu:///system).
# Installs what is missing (apt: libvirt-daemon-system, libvirt-daemon-driver-qemu, qemu-system-ppc, seabios for the
# VGA ROM, qemu-utils for qcow2 volumes, openvswitch-switch for the VLAN-tagged NIC ports), starts virtlogd and libvirtd
# in the background when no init system runs them, starts Open vSwitch (userspace datapath) with a bridge of its own,
# then runs the tests of Category=RealLane, bounded in time. Everything it started or made is stopped and removed on
# exit (daemons by their pid, the bridge, the pd-pd-real-* storage pools the volume test leaves in libvirtd).
# Usage (from the repository root):
#   bash tests/Backend.PowerKVM.Tests/real-lane.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
packages=(libvirt-daemon-system libvirt-daemon-driver-qemu qemu-system-ppc seabios qemu-utils openvswitch-switch)
sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
missing=(); for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if (( ${#missing[@]} )); then
  echo "real-lane: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

uri="${PD_POWERKVM_REAL_URI:-qemu:///system}"
bridge="${PD_POWERKVM_REAL_BRIDGE:-pd-real-br}"
started=()
ovs_started=0
bridge_made=0
start_daemon() { # name
  local pidfile="/run/$1.pid"
  if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return; fi
  "${sudo[@]}" "$1" -d
  for _ in $(seq 50); do [[ -f $pidfile ]] && break; sleep 0.1; done
  started+=("$(cat "$pidfile")")
}
cleanup() {
  for pool in $("${sudo[@]}" virsh -c "$uri" pool-list --all --name 2>/dev/null | grep '^pd-pd-real-' || true); do
    "${sudo[@]}" virsh -c "$uri" pool-destroy "$pool" >/dev/null 2>&1 || true
    "${sudo[@]}" virsh -c "$uri" pool-undefine "$pool" >/dev/null 2>&1 || true
  done
  (( bridge_made )) && "${sudo[@]}" ovs-vsctl --timeout=10 --if-exists del-br "$bridge" || true
  (( ovs_started )) && "${sudo[@]}" /usr/share/openvswitch/scripts/ovs-ctl stop >/dev/null 2>&1 || true
  for pid in "${started[@]}"; do "${sudo[@]}" kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
start_daemon virtlogd
start_daemon libvirtd

if ! "${sudo[@]}" ovs-vsctl --timeout=5 show >/dev/null 2>&1; then
  "${sudo[@]}" /usr/share/openvswitch/scripts/ovs-ctl start --system-id=random >/dev/null 2>&1 || true
  ovs_started=1
fi
if ! "${sudo[@]}" ovs-vsctl --timeout=5 br-exists "$bridge"; then
  # The userspace (netdev) datapath needs no kernel module, so the lane runs in containers too.
  "${sudo[@]}" ovs-vsctl --timeout=10 add-br "$bridge" -- set bridge "$bridge" datapath_type=netdev
  bridge_made=1
fi

PD_POWERKVM_REAL_URI="$uri" PD_POWERKVM_REAL_BRIDGE="$bridge" timeout --kill-after=30s 600 \
  dotnet test tests/Backend.PowerKVM.Tests -c "${CONFIGURATION:-Release}" --filter "Category=RealLane" --logger "console;verbosity=minimal"
