"""The PowerVM and PowerKVM scenarios of the backend issues, driven from a Python gRPC client.

PowerKVM: a 4-vCPU (max 8) / 4 GB (max 8 GB) little-endian guest is created and started, paused,
unpaused, grown live to 8 vCPUs and 6 GB, a big-endian guest is refused on the same host, then the
guest is stopped and deleted; at each step the domain XML read back from libvirt
(ComputeService.GetNativeDescription) agrees with what the driver reports.

PowerVM: a shared-processor LPAR (0.5 PU, 2 VP, 4 GB) is created and started, DLPARed to 1.0 PU /
8 GB while running, 0.05 PU with 2 VP is refused with the HMC's reason, then it is stopped and
deleted; at each step the embedded emulated HMC's own REST API (logged on like any HMC client)
agrees.

Run: /usr/bin/python3 -m unittest discover -s tests/python -t tests/python -v
"""

import shutil
import ssl
import unittest
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pdharness

grpc = None
pb = {}
T = pdharness.RPC_TIMEOUT_S
OP_TIMEOUT_S = 60


def setUpModule():
    global grpc
    stub_dir = pdharness.new_work_dir()
    unittest.addModuleCleanup(shutil.rmtree, stub_dir, True)
    pdharness.generate_stubs(stub_dir)
    import grpc as grpc_module
    from powerdrivers.v1 import compute_service_pb2, compute_service_pb2_grpc, instance_pb2, operation_pb2
    grpc = grpc_module
    pb.update(compute=compute_service_pb2, compute_grpc=compute_service_pb2_grpc, instance=instance_pb2,
              operation=operation_pb2)


class _ScenarioBase(unittest.TestCase):
    extra_args = ()

    @classmethod
    def setUpClass(cls):
        cls.work_dir = pdharness.new_work_dir()
        cls.addClassCleanup(shutil.rmtree, cls.work_dir, True)
        cls.server = pdharness.DriverServer(cls.work_dir, cls.server_args())
        cls.addClassCleanup(cls.server.stop)
        cls.server.start()
        cls.channel = grpc.insecure_channel(cls.server.address, options=pdharness.CHANNEL_OPTIONS)
        cls.addClassCleanup(cls.channel.close)
        cls.server.wait_serving(cls.channel)
        cls.compute = pb["compute_grpc"].ComputeServiceStub(cls.channel)

    @classmethod
    def server_args(cls):
        return []

    def wait(self, op):
        """Streams WatchOperation until the operation ends; returns its last state."""
        last = op
        for update in self.compute.WatchOperation(pb["compute"].WatchOperationRequest(id=op.id), timeout=OP_TIMEOUT_S):
            last = update
        return last

    def succeed(self, op):
        done = self.wait(op)
        self.assertEqual(pb["operation"].OperationState.Name(done.state), "OPERATION_STATE_SUCCEEDED",
                         "operation %s failed: %s" % (pb["operation"].OperationKind.Name(done.kind), done.error.message))
        return done

    def instance(self, instance_id):
        return self.compute.GetInstance(pb["compute"].GetInstanceRequest(id=instance_id), timeout=T)

    def state(self, instance_id):
        return pb["instance"].InstanceState.Name(self.instance(instance_id).state)

    def spec(self, name, host, vp, pu, mem, endianness="ENDIANNESS_LITTLE"):
        i = pb["instance"]
        return i.InstanceSpec(
            name=name, host=host,
            processors=i.ProcessorSpec(
                mode=i.PROCESSOR_MODE_SHARED,
                virtual_processors=i.CountRange(min=vp[0], desired=vp[1], max=vp[2]),
                processing_units=i.UnitsRange(min=pu[0], desired=pu[1], max=pu[2])),
            memory=i.MemorySpec(min_mb=mem[0], desired_mb=mem[1], max_mb=mem[2]),
            guest=i.GuestSpec(os_type=i.OS_TYPE_LINUX, endianness=i.Endianness.Value(endianness)))

    def resize(self, instance_id, vp, pu, mem):
        s = self.spec("unused", "", vp, pu, mem)
        return self.compute.ResizeInstance(
            pb["compute"].ResizeInstanceRequest(id=instance_id, processors=s.processors, memory=s.memory), timeout=T)


class PowerKvmScenarioTest(_ScenarioBase):
    """Issue 6's scenario on powerkvm-1 (libvirt's test driver through the backend's P/Invoke layer)."""

    def domain(self, instance_id):
        d = self.compute.GetNativeDescription(pb["compute"].GetNativeDescriptionRequest(id=instance_id), timeout=T)
        self.assertEqual(d.format, "libvirt-domain-xml")
        return ET.fromstring(d.document)

    def assert_domain(self, instance_id, vcpus, vcpus_max, memory_mb, memory_max_mb):
        xml = self.domain(instance_id)
        vcpu = xml.find("vcpu")
        self.assertEqual(int(vcpu.text), vcpus_max, "libvirt's maximum vCPUs")
        self.assertEqual(int(vcpu.get("current", vcpu.text)), vcpus, "libvirt's current vCPUs")
        self.assertEqual(int(xml.find("memory").text), memory_max_mb * 1024, "libvirt's maximum memory (KiB)")
        self.assertEqual(int(xml.find("currentMemory").text), memory_mb * 1024, "libvirt's current memory (KiB)")
        self.assertEqual(xml.find("os/type").get("arch"), "ppc64le")
        self.assertEqual(xml.find("os/type").get("machine").split("-")[0], "pseries")

    def test_le_guest_lifecycle_with_live_growth_and_endianness_refusal(self):
        c = pb["compute"]
        op = self.compute.CreateInstance(c.CreateInstanceRequest(
            spec=self.spec("kvm-le-1", "powerkvm-1", (1, 4, 8), (1, 4, 8), (1024, 4096, 8192)), start=True), timeout=T)
        done = self.succeed(op)
        guest = done.instance_id
        self.assertEqual(self.state(guest), "INSTANCE_STATE_RUNNING")
        self.assert_domain(guest, 4, 8, 4096, 8192)

        self.succeed(self.compute.PauseInstance(c.PauseInstanceRequest(id=guest), timeout=T))
        self.assertEqual(self.state(guest), "INSTANCE_STATE_PAUSED")
        self.assertEqual(self.instance(guest).native_state, "paused")
        self.succeed(self.compute.UnpauseInstance(c.UnpauseInstanceRequest(id=guest), timeout=T))
        self.assertEqual(self.state(guest), "INSTANCE_STATE_RUNNING")

        self.succeed(self.resize(guest, (1, 8, 8), (1, 8, 8), (1024, 6144, 8192)))
        self.assertEqual(self.state(guest), "INSTANCE_STATE_RESIZE_VERIFY")
        self.assert_domain(guest, 8, 8, 6144, 8192)
        self.succeed(self.compute.ConfirmResize(c.ConfirmResizeRequest(id=guest), timeout=T))
        self.assertEqual(self.state(guest), "INSTANCE_STATE_RUNNING")
        self.assertEqual(self.instance(guest).allocation.virtual_processors, 8)

        with self.assertRaises(grpc.RpcError) as refused:
            self.compute.CreateInstance(c.CreateInstanceRequest(
                spec=self.spec("kvm-be-1", "powerkvm-1", (1, 2, 2), (1, 2, 2), (1024, 2048, 2048), "ENDIANNESS_BIG")), timeout=T)
        # A host runs one byte order: PowerKVM lacks mixed endianness (Capabilities.mixed_endianness), so UNIMPLEMENTED.
        self.assertEqual(refused.exception.code().name, "UNIMPLEMENTED")
        self.assertIn("endian", refused.exception.details().lower())

        self.succeed(self.compute.StopInstance(c.StopInstanceRequest(id=guest, mode=c.STOP_MODE_SOFT), timeout=T))
        self.assertEqual(self.state(guest), "INSTANCE_STATE_STOPPED")
        self.succeed(self.compute.DeleteInstance(c.DeleteInstanceRequest(id=guest), timeout=T))
        self.assertEqual(self.state(guest), "INSTANCE_STATE_DELETED")
        with self.assertRaises(grpc.RpcError) as gone:
            self.domain(guest)
        self.assertEqual(gone.exception.code().name, "FAILED_PRECONDITION")


class _PowerVmBase(_ScenarioBase):
    """A driver whose powervm hosts use an embedded emulated HMC on a known port, read back like any HMC client."""

    @classmethod
    def server_args(cls):
        cls.hmc_port = pdharness.free_port()
        return ["--Driver:Backends:powervm:Embedded:Port=%d" % cls.hmc_port,
                "--Driver:Backends:powervm:Embedded:InstantJobs=true"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A loopback HMC with a self-signed certificate: no verification, as for any lab HMC on 127.0.0.1.
        cls.tls = ssl._create_unverified_context()  # noqa: SLF001
        cls.session = cls.hmc_logon()

    @classmethod
    def hmc(cls, method, path, body=None, content_type=None, session=None):
        request = urllib.request.Request("https://127.0.0.1:%d%s" % (cls.hmc_port, path), data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        if session:
            request.add_header("X-API-Session", session)
        request.add_header("Accept", "application/atom+xml, application/vnd.ibm.powervm.web+xml")
        with urllib.request.urlopen(request, context=cls.tls, timeout=T) as reply:
            return reply.read().decode("utf-8")

    @classmethod
    def hmc_logon(cls):
        ns = "http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/"
        body = ('<LogonRequest xmlns="%s" schemaVersion="V1_0"><Metadata><Atom/></Metadata>'
                '<UserID kb="CUR" kxe="false">hscroot</UserID><Password kb="CUR" kxe="false">abc123</Password>'
                '</LogonRequest>' % ns).encode("utf-8")
        reply = cls.hmc("PUT", "/rest/api/web/Logon", body, "application/vnd.ibm.powervm.web+xml; type=LogonRequest")
        return ET.fromstring(reply).find("{%s}X-API-Session" % ns).text.strip()


class PowerVmScenarioTest(_PowerVmBase):
    """Issue 5's scenario on powervm-1, checked against the embedded emulated HMC's REST API."""

    def lpar(self, uuid):
        """The HMC's view of a partition: {element local name: first text} for the fields we compare."""
        root = ET.fromstring(self.hmc("GET", "/rest/api/uom/LogicalPartition/" + uuid, session=self.session))
        wanted = {"PartitionState", "PartitionName", "DesiredProcessingUnits", "CurrentProcessingUnits",
                  "DesiredVirtualProcessors", "DesiredMemory", "CurrentMemory"}
        view = {}
        for e in root.iter():
            local = e.tag.rsplit("}", 1)[-1]
            if local in wanted and local not in view and e.text is not None:
                view[local] = e.text.strip()
        return view

    def test_shared_lpar_create_start_dlpar_refuse_stop_delete(self):
        c = pb["compute"]
        op = self.compute.CreateInstance(c.CreateInstanceRequest(
            spec=self.spec("lpar-py-1", "powervm-1", (1, 2, 4), (0.05, 0.5, 2.0), (2048, 4096, 8192))), timeout=T)
        lpar_id = self.succeed(op).instance_id
        uuid = self.instance(lpar_id).native_id
        view = self.lpar(uuid)
        self.assertEqual(view["PartitionName"], "lpar-py-1")
        self.assertEqual(view["PartitionState"], "not activated")
        self.assertEqual(float(view["DesiredProcessingUnits"]), 0.5)
        self.assertEqual(int(view["DesiredVirtualProcessors"]), 2)
        self.assertEqual(int(view["DesiredMemory"]), 4096)

        self.succeed(self.compute.StartInstance(c.StartInstanceRequest(id=lpar_id), timeout=T))
        self.assertEqual(self.state(lpar_id), "INSTANCE_STATE_RUNNING")
        view = self.lpar(uuid)
        self.assertEqual(view["PartitionState"], "running")
        self.assertEqual(float(view["CurrentProcessingUnits"]), 0.5)
        self.assertEqual(int(view["CurrentMemory"]), 4096)

        self.succeed(self.resize(lpar_id, (1, 2, 4), (0.05, 1.0, 2.0), (2048, 8192, 8192)))
        self.assertEqual(self.state(lpar_id), "INSTANCE_STATE_RESIZE_VERIFY")
        view = self.lpar(uuid)
        self.assertEqual(view["PartitionState"], "running", "DLPAR keeps the partition running")
        self.assertEqual(float(view["CurrentProcessingUnits"]), 1.0)
        self.assertEqual(int(view["CurrentMemory"]), 8192)
        self.succeed(self.compute.ConfirmResize(c.ConfirmResizeRequest(id=lpar_id), timeout=T))

        # 0.05 PU for 2 VPs breaks POWER8's 0.05-per-VP minimum: the HMC refuses it (HSCL1566).
        refusal = ""
        try:
            done = self.wait(self.resize(lpar_id, (1, 2, 4), (0.05, 0.05, 2.0), (2048, 8192, 8192)))
            self.assertEqual(pb["operation"].OperationState.Name(done.state), "OPERATION_STATE_FAILED")
            refusal = done.error.message
        except grpc.RpcError as e:
            refusal = e.details()
        self.assertIn("HSCL1566", refusal)
        self.assertEqual(float(self.lpar(uuid)["CurrentProcessingUnits"]), 1.0, "the refusal changed nothing")
        self.assertEqual(self.state(lpar_id), "INSTANCE_STATE_RUNNING")

        self.succeed(self.compute.StopInstance(c.StopInstanceRequest(id=lpar_id, mode=c.STOP_MODE_SOFT), timeout=T))
        self.assertEqual(self.lpar(uuid)["PartitionState"], "not activated")
        self.succeed(self.compute.DeleteInstance(c.DeleteInstanceRequest(id=lpar_id), timeout=T))
        with self.assertRaises(urllib.error.HTTPError) as gone:
            self.lpar(uuid)
        self.assertEqual(gone.exception.code, 404)


if __name__ == "__main__":
    unittest.main()
