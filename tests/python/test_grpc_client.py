"""The driver seen from a Python gRPC client generated from protos/ (Debian's grpcio + protoc).

Starts the built server (src/Driver.Grpc) on a free loopback port with a temp data directory and
checks health, the default hosts against the S822L profile, errors with rich details, a create and
delete on a PowerVM host (served by the embedded emulated HMC), and server reflection.

Run: /usr/bin/python3 -m unittest discover -s tests/python -t tests/python -v
"""

import shutil
import time
import unittest

import pdharness

# Generated modules, imported in setUpModule once the stubs exist.
grpc = None
pb = {}

DEFAULT_HOSTS = {
    # name: (firmware, backend)
    "powervm-1": ("FIRMWARE_PHYP", "BACKEND_KIND_POWERVM"),
    "powervm-2": ("FIRMWARE_PHYP", "BACKEND_KIND_POWERVM"),
    "powerkvm-1": ("FIRMWARE_OPAL", "BACKEND_KIND_POWERKVM"),
    "powerkvm-2": ("FIRMWARE_OPAL", "BACKEND_KIND_POWERKVM"),
}
DEFAULT_PROFILE = "S822L"

# Host capacity field (message.field of powerdrivers.v1.Host) -> hardware profile YAML field.
# Adjust here if the profile's field names change (src/Hardware.Power8/Profiles/*.yaml).
PROFILE_CAPACITY_FIELDS = {
    "processors.installed_cores": "installed_cores",
    "processors.active_cores": "activated_cores",
    "processors.smt_threads": "smt_threads",
    "processors.sockets": "sockets",
    "memory.installed_mb": "installed_memory_mb",
    "memory.active_mb": "activated_memory_mb",
    "memory.lmb_size_mb": "lmb_size_mb",
}

_work_dir = None
_stub_dir = None


def setUpModule():
    global grpc, _stub_dir
    _stub_dir = pdharness.new_work_dir()
    pdharness.generate_stubs(_stub_dir)
    import grpc as grpc_module
    from google.rpc import error_details_pb2, status_pb2
    from grpc.health.v1 import health_pb2, health_pb2_grpc
    from grpc.reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
    from powerdrivers.v1 import (compute_service_pb2, compute_service_pb2_grpc, host_service_pb2,
                                 host_service_pb2_grpc, instance_pb2, operation_pb2)
    grpc = grpc_module
    pb.update(
        status=status_pb2, details=error_details_pb2, health=health_pb2, health_grpc=health_pb2_grpc,
        refl=reflection_pb2, refl_grpc=reflection_pb2_grpc, compute=compute_service_pb2,
        compute_grpc=compute_service_pb2_grpc, host=host_service_pb2, host_grpc=host_service_pb2_grpc,
        instance=instance_pb2, operation=operation_pb2)


def tearDownModule():
    if _stub_dir:
        shutil.rmtree(_stub_dir, ignore_errors=True)


def _field(message, dotted):
    for part in dotted.split("."):
        message = getattr(message, part)
    return message


class DriverGrpcClientTest(unittest.TestCase):
    """One server for the class; stopped by a class cleanup, which runs even when setUpClass fails."""

    server = None
    channel = None

    @classmethod
    def setUpClass(cls):
        cls.work_dir = pdharness.new_work_dir()
        cls.addClassCleanup(shutil.rmtree, cls.work_dir, True)
        cls.server = pdharness.DriverServer(cls.work_dir)
        cls.addClassCleanup(cls.server.stop)
        cls.server.start()
        cls.channel = grpc.insecure_channel(cls.server.address, options=pdharness.CHANNEL_OPTIONS)
        cls.addClassCleanup(cls.channel.close)
        cls.server.wait_serving(cls.channel)
        cls.hosts = pb["host_grpc"].HostServiceStub(cls.channel)
        cls.compute = pb["compute_grpc"].ComputeServiceStub(cls.channel)

    T = pdharness.RPC_TIMEOUT_S

    def rich_status(self, err):
        """The google.rpc.Status of a failed call, from its grpc-status-details-bin trailer."""
        raw = dict(err.trailing_metadata() or ()).get("grpc-status-details-bin")
        self.assertIsNotNone(raw, "no grpc-status-details-bin trailer (%s: %s)" % (err.code(), err.details()))
        return pb["status"].Status.FromString(raw)

    @staticmethod
    def detail(status, message_type):
        """The first detail of `message_type` in a google.rpc.Status, or None."""
        for any_msg in status.details:
            if any_msg.Is(message_type.DESCRIPTOR):
                found = message_type()
                any_msg.Unpack(found)
                return found
        return None

    # (a) health
    def test_a_health_serving(self):
        health = pb["health"]
        reply = pb["health_grpc"].HealthStub(self.channel).Check(
            health.HealthCheckRequest(service=""), timeout=self.T)
        self.assertEqual(reply.status, health.HealthCheckResponse.SERVING)

    # (b) default hosts and their capacity
    def test_b_list_hosts_defaults(self):
        host_pb = pb["host"]
        reply = self.hosts.ListHosts(host_pb.ListHostsRequest(), timeout=self.T)
        by_name = {h.name: h for h in reply.hosts}
        self.assertEqual(sorted(by_name), sorted(DEFAULT_HOSTS), "default host names")
        self.assertEqual([h.name for h in reply.hosts], sorted(by_name), "hosts are ordered by name")
        for name, (firmware, backend) in DEFAULT_HOSTS.items():
            h = by_name[name]
            with self.subTest(host=name):
                self.assertEqual(host_pb.Firmware.Name(h.firmware), firmware)
                self.assertEqual(host_pb.BackendKind.Name(h.backend), backend)
                self.assertEqual(h.profile, DEFAULT_PROFILE)

        profile = pdharness.read_profile(DEFAULT_PROFILE)
        if profile is None:
            self.fail("hardware profile %s not found under %s" % (DEFAULT_PROFILE, pdharness.PROFILES_DIR))
        for name in DEFAULT_HOSTS:
            h = by_name[name]
            for host_field, profile_field in PROFILE_CAPACITY_FIELDS.items():
                with self.subTest(host=name, field=host_field):
                    self.assertIn(profile_field, profile, "profile field %s missing" % profile_field)
                    self.assertEqual(_field(h, host_field), int(profile[profile_field]),
                                     "%s.%s vs profile %s" % (name, host_field, profile_field))
            with self.subTest(host=name, field="processors.frequency_ghz"):
                self.assertAlmostEqual(h.processors.frequency_ghz, float(profile["frequency_ghz"]), places=2)
            if isinstance(profile.get("pcie_slots"), list):
                with self.subTest(host=name, field="pcie_slots"):
                    self.assertEqual(h.pcie_slots, len(profile["pcie_slots"]))
            with self.subTest(host=name, field="mtms"):
                mtm = "%s-%s" % (profile["machine_type"], profile["model_code"])
                self.assertEqual(h.machine_type, str(profile["machine_type"]))
                self.assertTrue(h.mtms.startswith(mtm + "*"), "mtms %r should start with %s*" % (h.mtms, mtm))

    # (c) GetHost
    def test_c_get_host(self):
        host_pb = pb["host"]
        listed = {h.name: h for h in self.hosts.ListHosts(host_pb.ListHostsRequest(), timeout=self.T).hosts}
        self.assertIn("powerkvm-1", listed)
        one = self.hosts.GetHost(host_pb.GetHostRequest(name="powerkvm-1"), timeout=self.T)
        self.assertEqual(one, listed["powerkvm-1"])

    def test_c_get_host_unknown_is_not_found(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.hosts.GetHost(pb["host"].GetHostRequest(name="no-such-host"), timeout=self.T)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND, caught.exception.details())

    # (d) invalid spec -> INVALID_ARGUMENT with BadRequest + ErrorInfo
    def test_d_create_invalid_spec(self):
        inst = pb["instance"]
        spec = inst.InstanceSpec(
            name="",
            host="powervm-1",
            processors=inst.ProcessorSpec(
                mode=inst.PROCESSOR_MODE_SHARED,
                virtual_processors=inst.CountRange(min=1, desired=2, max=2),
                processing_units=inst.UnitsRange(min=0.01, desired=0.01, max=0.01)),
            memory=inst.MemorySpec(min_mb=4096, desired_mb=2048, max_mb=8192))
        with self.assertRaises(grpc.RpcError) as caught:
            self.compute.CreateInstance(pb["compute"].CreateInstanceRequest(spec=spec), timeout=self.T)
        err = caught.exception
        self.assertEqual(err.code(), grpc.StatusCode.INVALID_ARGUMENT, err.details())

        status = self.rich_status(err)
        self.assertEqual(status.code, grpc.StatusCode.INVALID_ARGUMENT.value[0])
        bad_request = self.detail(status, pb["details"].BadRequest)
        error_info = self.detail(status, pb["details"].ErrorInfo)
        self.assertIsNotNone(bad_request, "no google.rpc.BadRequest in details: %s" % status)
        fields = [v.field for v in bad_request.field_violations]
        self.assertTrue(any(f.startswith("spec.name") for f in fields), "violations %s lack spec.name" % fields)
        self.assertTrue(any(f.startswith("spec.memory") for f in fields), "violations %s lack spec.memory" % fields)
        self.assertIsNotNone(error_info, "no google.rpc.ErrorInfo in details: %s" % status)
        self.assertEqual(error_info.reason, "INVALID_SPEC")
        self.assertEqual(error_info.domain, "powerdrivers.v1")

    # (e) a valid spec on a PowerVM host: the embedded emulated HMC defines the LPAR, then removes it
    def wait_operation(self, op):
        done = (pb["operation"].OPERATION_STATE_SUCCEEDED, pb["operation"].OPERATION_STATE_FAILED)
        deadline = time.monotonic() + 30
        while op.state not in done and time.monotonic() < deadline:
            time.sleep(0.05)
            op = self.compute.GetOperation(pb["compute"].GetOperationRequest(id=op.id), timeout=self.T)
        self.assertEqual(pb["operation"].OperationState.Name(op.state), "OPERATION_STATE_SUCCEEDED",
                         "%s: %s" % (op.kind, op.error.message))
        return op

    def test_e_create_on_powervm_defines_an_lpar(self):
        inst = pb["instance"]
        spec = inst.InstanceSpec(
            name="pd-python-check",
            host="powervm-1",
            processors=inst.ProcessorSpec(
                mode=inst.PROCESSOR_MODE_SHARED,
                virtual_processors=inst.CountRange(min=1, desired=1, max=2),
                processing_units=inst.UnitsRange(min=0.1, desired=0.5, max=1.0)),
            memory=inst.MemorySpec(min_mb=1024, desired_mb=2048, max_mb=4096),
            guest=inst.GuestSpec(os_type=inst.OS_TYPE_LINUX, endianness=inst.ENDIANNESS_LITTLE))
        op = self.wait_operation(self.compute.CreateInstance(pb["compute"].CreateInstanceRequest(spec=spec), timeout=self.T))
        created = self.compute.GetInstance(pb["compute"].GetInstanceRequest(id=op.instance_id), timeout=self.T)
        self.assertEqual(created.backend, "powervm")
        self.assertEqual(created.native_state, "not activated")
        self.assertTrue(created.native_id, "the LPAR's UUID is recorded")
        self.wait_operation(self.compute.DeleteInstance(pb["compute"].DeleteInstanceRequest(id=op.instance_id), timeout=self.T))

    # (f) reflection
    def test_f_reflection_lists_compute_service(self):
        refl = pb["refl"]
        stub = pb["refl_grpc"].ServerReflectionStub(self.channel)
        replies = list(stub.ServerReflectionInfo(iter([refl.ServerReflectionRequest(list_services="")]),
                                                 timeout=self.T))
        self.assertEqual(len(replies), 1)
        names = [s.name for s in replies[0].list_services_response.service]
        self.assertIn("powerdrivers.v1.ComputeService", names)
        self.assertIn("powerdrivers.v1.HostService", names)


if __name__ == "__main__":
    unittest.main()
