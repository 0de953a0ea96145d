#!/usr/bin/env python3
"""Drives a running Emulator.Hmc with pypowervm, the open-source HMC REST client, unchanged.

Opt-in (pypowervm is not a package of this machine's registries): put pypowervm's source on PYTHONPATH
(its dependencies are Debian's python3-oslo.*, python3-taskflow, python3-futurist, python3-lxml ...), start
    dotnet run --project src/Emulator.Hmc -- --port 0 --http --data-dir /tmp/hmc --job-ms 50
and run
    PYTHONPATH=/path/to/pypowervm python3 pypowervm_smoke.py PORT
It exits non-zero on the first failed check.
"""
import sys

from pypowervm import adapter as adp
from pypowervm.tasks import power
from pypowervm.utils import lpar_builder as lb
from pypowervm.wrappers import event
from pypowervm.wrappers import logical_partition as lpar
from pypowervm.wrappers import managed_system as ms
from pypowervm.wrappers import management_console as mc
from pypowervm.wrappers import shared_proc_pool as spp
from pypowervm.wrappers import virtual_io_server as vios


def check(condition, what):
    if not condition:
        sys.exit('FAILED: ' + what)
    print('ok   ' + what)


def main(port):
    a = adp.Adapter(adp.Session(host='127.0.0.1', username='hscroot', password='abc123',
                                protocol='http', port=port, conn_tries=1))
    check(len(mc.ManagementConsole.get(a)) == 1, 'ManagementConsole')
    s = ms.System.get(a)[0]
    check(s.memory_region_size == 256 and s.proc_units == 20, 'ManagedSystem capacity and LMB')
    check(all(v.state == 'running' for v in vios.VIOS.get(a, parent=s)), 'two running VIOS')
    check(len(spp.SharedProcPool.get(a, parent=s)) == 64, 'shared processor pools')
    check(event.Event.get(a, 'smoke')[0].etype == 'NEW_CLIENT', 'event feed NEW_CLIENT')
    attrs = {'name': 'smoke-1', 'memory': 2048, 'max_mem': 8192, 'vcpu': 2, 'max_vcpu': 4,
             'proc_units': 0.5, 'max_proc_units': 2}
    part = lb.LPARBuilder(a, attrs, lb.DefaultStandardize(s)).build().create(parent=s)
    check(part.state == 'not activated', 'LPARBuilder create')
    check([x.name for x in lpar.LPAR.search(a, name='smoke-1')] == ['smoke-1'], 'search by name')
    power.power_on(part, s.uuid)
    part = part.refresh()
    check(part.state == 'running' and part.rmc_state == 'active', 'PowerOn job')
    part.mem_config.desired = 4096
    part = part.update()
    check(part.mem_config.current == 4096, 'DLPAR memory through POST with If-Match')
    power.power_off(part, s.uuid)
    part = part.refresh()
    check(part.state == 'not activated', 'PowerOff job')
    part.delete()
    check(lpar.LPAR.search(a, name='smoke-1') == [], 'delete')
    bad = lb.LPARBuilder(a, {'name': 'bad', 'memory': 2048, 'vcpu': 3, 'proc_units': 0.1},
                         lb.DefaultStandardize(s))
    try:
        bad.build().create(parent=s)
        check(False, 'HSCL1566 refusal')
    except Exception as e:  # pypowervm raises HttpError
        check('HSCL1566' in str(e), 'HSCL1566 refusal')


if __name__ == '__main__':
    main(int(sys.argv[1]))
