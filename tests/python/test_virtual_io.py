"""Issue 8's virtual I/O scenarios, driven from a Python gRPC client and checked against each platform.

PowerVM (powervm-1, embedded emulated HMC): a running LPAR gets a thin volume by vSCSI (a mapping of the
shared-storage-pool LU in each VIOS: two paths), a second volume by NPIV (a vFC client adapter with a WWPN pair
per VIOS) and an interface on VLAN 300 (a client network adapter with that port VLAN ID; the VLAN bridged by the
SEA). Each step is read back through the HMC's own REST API like any HMC client would; detaching leaves no
mapping or adapter of the LPAR behind.

PowerKVM (powerkvm-1, libvirt's test driver): a running guest's live attach is refused UNIMPLEMENTED with the
reason (the test driver cannot hot plug); stopped, the volume (virtio-blk, qcow2 thin) and the interface (virtio
NIC with the VLAN tag) go into the domain definition read back from libvirt; NPIV is refused.

Run: /usr/bin/python3 -m unittest discover -s tests/python -t tests/python -v
"""

import shutil
import unittest
import xml.etree.ElementTree as ET

import test_scenarios as scenarios

pb = scenarios.pb
T = scenarios.T


def setUpModule():
    scenarios.setUpModule()
    from powerdrivers.v1 import (host_service_pb2, host_service_pb2_grpc, network_service_pb2, network_service_pb2_grpc,
                                 virtual_io_pb2, volume_service_pb2, volume_service_pb2_grpc)
    pb.update(host=host_service_pb2, host_grpc=host_service_pb2_grpc, network=network_service_pb2,
              network_grpc=network_service_pb2_grpc, vio=virtual_io_pb2, volume=volume_service_pb2,
              volume_grpc=volume_service_pb2_grpc)


def local(tag):
    return tag.rsplit("}", 1)[-1]


def children(element, name):
    return [e for e in element if local(e.tag) == name]


def first_text(element, name):
    for e in element.iter():
        if local(e.tag) == name and e.text is not None:
            return e.text.strip()
    return None


class _VirtualIoMixin:
    def stubs(self):
        self.volumes = pb["volume_grpc"].VolumeServiceStub(self.channel)
        self.networks = pb["network_grpc"].NetworkServiceStub(self.channel)
        self.hosts = pb["host_grpc"].HostServiceStub(self.channel)

    def new_volume(self, name, size_gb=1, thick=False):
        v = pb["vio"]
        op = self.volumes.CreateVolume(pb["volume"].CreateVolumeRequest(
            name=name, size_gb=size_gb, provisioning=v.PROVISIONING_THICK if thick else v.PROVISIONING_THIN), timeout=T)
        return self.succeed(op).volume_id

    def volume_status(self, volume_id):
        return pb["vio"].VolumeStatus.Name(self.volumes.GetVolume(pb["volume"].GetVolumeRequest(id=volume_id), timeout=T).status)

    def attach(self, instance_id, volume_id, kind):
        return self.compute.AttachVolume(pb["compute"].AttachVolumeRequest(
            instance_id=instance_id, volume_id=volume_id, kind=pb["vio"].AttachmentKind.Value(kind)), timeout=T)

    def detach(self, instance_id, volume_id):
        return self.compute.DetachVolume(pb["compute"].DetachVolumeRequest(instance_id=instance_id, volume_id=volume_id), timeout=T)

    def add_nic(self, instance_id, network_id, mac=""):
        return self.compute.AttachInterface(pb["compute"].AttachInterfaceRequest(
            instance_id=instance_id, network_id=network_id, mac_address=mac), timeout=T)

    def remove_nic(self, instance_id, interface_id):
        return self.compute.DetachInterface(pb["compute"].DetachInterfaceRequest(instance_id=instance_id, interface_id=interface_id), timeout=T)

    def create_running(self, name, host, start=True):
        c = pb["compute"]
        op = self.compute.CreateInstance(c.CreateInstanceRequest(
            spec=self.spec(name, host, (1, 2, 4), (0.1, 0.5, 2.0), (2048, 4096, 8192)), start=start), timeout=T)
        return self.succeed(op).instance_id


class PowerVmVirtualIoTest(_VirtualIoMixin, scenarios._PowerVmBase):  # noqa: SLF001
    """vSCSI (dual VIOS), NPIV and a VLAN interface on an LPAR, as the HMC's REST API shows them."""

    def vioses(self):
        feed = ET.fromstring(self.hmc("GET", "/rest/api/uom/VirtualIOServer?group=ViosSCSIMapping,ViosFCMapping",
                                      session=self.session))
        return [e for e in feed.iter() if local(e.tag) == "VirtualIOServer"]

    def mappings_of(self, lpar_uuid, kind):
        """(VIOS name, mapping element) for every mapping whose client is the LPAR."""
        found = []
        for vios in self.vioses():
            for m in vios.iter():
                if local(m.tag) != kind:
                    continue
                client = [e for e in m.iter() if local(e.tag) == "AssociatedLogicalPartition"]
                if client and lpar_uuid.lower() in (client[0].get("href") or "").lower():
                    found.append((first_text(vios, "PartitionName"), m))
        return found

    def lpar_feed(self, lpar_uuid, kind):
        body = self.hmc("GET", "/rest/api/uom/LogicalPartition/%s/%s" % (lpar_uuid, kind), session=self.session)
        if not body.strip():
            return []  # an empty feed is 204 No Content, as on a real HMC
        root = ET.fromstring(body)
        return [e for e in root.iter() if local(e.tag) == kind]

    def test_vscsi_npiv_and_vlan_interface_show_on_the_hmc_and_leave_nothing_behind(self):
        self.stubs()
        lpar = self.create_running("lpar-vio-py", "powervm-1")
        uuid = self.instance(lpar).native_id
        caps = self.hosts.GetCapabilities(pb["host"].GetCapabilitiesRequest(host="powervm-1"), timeout=T)
        self.assertTrue(caps.npiv and caps.shared_storage_pools and caps.live_volume_attach)

        # vSCSI: the LU is mapped to the LPAR in both VIOS (one path each).
        boot = self.new_volume("py-boot")
        self.succeed(self.attach(lpar, boot, "ATTACHMENT_KIND_VSCSI"))
        self.assertEqual(self.volume_status(boot), "VOLUME_STATUS_IN_USE")
        udid = self.volumes.GetVolume(pb["volume"].GetVolumeRequest(id=boot), timeout=T).native_id
        scsi = self.mappings_of(uuid, "VirtualSCSIMapping")
        self.assertEqual(len({vios for vios, _ in scsi}), 2, "a path through each VIOS")
        for _, m in scsi:
            storage = children(m, "Storage")
            self.assertEqual(len(storage), 1)
            self.assertEqual(first_text(storage[0], "UniqueDeviceID"), udid, "the LU is the mapped backing device")

        # NPIV: a vFC client adapter per VIOS, each with a pair of WWPNs, all distinct.
        san = self.new_volume("py-san", size_gb=2)
        self.succeed(self.attach(lpar, san, "ATTACHMENT_KIND_NPIV"))
        vfc = self.lpar_feed(uuid, "VirtualFibreChannelClientAdapter")
        self.assertEqual(len(vfc), 2)
        wwpns = [w for a in vfc for w in (first_text(a, "WWPNs") or "").split()]
        self.assertEqual(len(wwpns), 4)
        self.assertEqual(len(set(w.lower() for w in wwpns)), 4, "WWPNs are never shared")
        self.assertTrue(all(w.lower().startswith("c0") for w in wwpns))

        # Interface on VLAN 300: a client network adapter with that port VLAN ID and the MAC asked for.
        net = self.networks.CreateNetwork(pb["network"].CreateNetworkRequest(name="py-vlan300", vlan_id=300), timeout=T)
        self.succeed(self.add_nic(lpar, net.id, "fa:16:3e:30:00:01"))
        nic = self.instance(lpar).interfaces[0]
        self.assertEqual((nic.vlan_id, nic.mac_address), (300, "fa:16:3e:30:00:01"))
        cnas = self.lpar_feed(uuid, "ClientNetworkAdapter")
        self.assertIn(("300", "FA163E300001"), [(first_text(a, "PortVLANID"), (first_text(a, "MACAddress") or "").upper()) for a in cnas])
        io = self.hosts.GetHostIo(pb["host"].GetHostIoRequest(name="powervm-1"), timeout=T)
        self.assertTrue(any(300 in b.vlans and b.active for b in io.bridges), "VLAN 300 is bridged by an active SEA")

        # Detach everything: no mapping, vFC or client network adapter of the LPAR remains.
        self.succeed(self.remove_nic(lpar, nic.id))
        self.succeed(self.detach(lpar, san))
        self.succeed(self.detach(lpar, boot))
        self.assertEqual(self.mappings_of(uuid, "VirtualSCSIMapping"), [])
        self.assertEqual(self.mappings_of(uuid, "VirtualFibreChannelMapping"), [])
        self.assertEqual(self.lpar_feed(uuid, "VirtualFibreChannelClientAdapter"), [])
        self.assertNotIn("300", [first_text(a, "PortVLANID") for a in self.lpar_feed(uuid, "ClientNetworkAdapter")])
        self.assertEqual(self.volume_status(boot), "VOLUME_STATUS_AVAILABLE")
        self.succeed(self.volumes.DeleteVolume(pb["volume"].DeleteVolumeRequest(id=boot), timeout=T))
        self.succeed(self.volumes.DeleteVolume(pb["volume"].DeleteVolumeRequest(id=san), timeout=T))


class PowerKvmVirtualIoTest(_VirtualIoMixin, scenarios._ScenarioBase):  # noqa: SLF001
    """virtio disk and VLAN NIC on a PowerKVM guest, as libvirt's domain XML shows them."""

    def domain(self, instance_id):
        d = self.compute.GetNativeDescription(pb["compute"].GetNativeDescriptionRequest(id=instance_id), timeout=T)
        return ET.fromstring(d.document)

    def test_live_attach_refused_on_the_test_driver_cold_attach_goes_into_the_definition(self):
        self.stubs()
        c = pb["compute"]
        guest = self.create_running("kvm-vio-py", "powerkvm-1")
        data = self.new_volume("py-kvm-data")
        with self.assertRaises(scenarios.grpc.RpcError) as live:
            self.attach(guest, data, "ATTACHMENT_KIND_VIRTIO_BLK")
        self.assertEqual(live.exception.code().name, "UNIMPLEMENTED")
        self.assertEqual(self.volume_status(data), "VOLUME_STATUS_AVAILABLE", "the refusal changed nothing")

        self.succeed(self.compute.StopInstance(c.StopInstanceRequest(id=guest, mode=c.STOP_MODE_HARD), timeout=T))
        with self.assertRaises(scenarios.grpc.RpcError) as npiv:
            self.attach(guest, data, "ATTACHMENT_KIND_NPIV")
        self.assertEqual(npiv.exception.code().name, "UNIMPLEMENTED")

        self.succeed(self.attach(guest, data, "ATTACHMENT_KIND_VIRTIO_BLK"))
        path = self.volumes.GetVolume(pb["volume"].GetVolumeRequest(id=data), timeout=T).native_id
        disks = [d for d in self.domain(guest).iter("disk") if d.get("device") == "disk"]
        sources = [(d.find("source").get("file") or d.find("source").get("volume") or "") if d.find("source") is not None else "" for d in disks]
        self.assertTrue(any(path.endswith(s) or s.endswith(path) or s in path for s in sources if s), (path, sources))
        self.assertIn("virtio", [d.find("target").get("bus") for d in disks])

        net = self.networks.CreateNetwork(pb["network"].CreateNetworkRequest(name="py-kvm-vlan310", vlan_id=310), timeout=T)
        self.succeed(self.add_nic(guest, net.id))
        nic = self.instance(guest).interfaces[0]
        xml_nics = list(self.domain(guest).iter("interface"))
        self.assertIn(nic.mac_address, [n.find("mac").get("address") for n in xml_nics if n.find("mac") is not None])
        self.assertIn("310", [t.get("id") for n in xml_nics for t in n.iter("tag")])

        self.succeed(self.remove_nic(guest, nic.id))
        self.succeed(self.detach(guest, data))
        self.assertEqual([d for d in self.domain(guest).iter("disk") if d.get("device") == "disk"
                          and d.find("target") is not None and d.find("target").get("bus") == "virtio"], [])
        self.assertNotIn(nic.mac_address, [n.find("mac").get("address") for n in self.domain(guest).iter("interface")
                                           if n.find("mac") is not None], "the NIC is gone from the definition")
        self.succeed(self.volumes.DeleteVolume(pb["volume"].DeleteVolumeRequest(id=data), timeout=T))


if __name__ == "__main__":
    unittest.main()
