using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerKVM.Domain;

/// <summary>
/// Writes the libvirt domain XML of a PowerKVM guest: a QEMU <c>pseries</c> machine with a POWER8 (compat mode) CPU,
/// topology sockets × cores × threads covering the maximum vCPUs (<c>vcpu current</c> = desired), memory booted at the
/// maximum with the balloon at the desired size (<c>currentMemory</c>), virtio disk, NIC, balloon and a spapr-vty serial
/// console, <c>ppc64le</c> or <c>ppc64</c> from the guest's byte order. Shared processors carry their processing units as a
/// CPU-time weight (and, when capped, a CPU bandwidth cap) — KVM has no entitlement.
/// </summary>
internal static class DomainXmlBuilder
{
    /// <summary>CFS bandwidth period for a capped guest, µs.</summary>
    public const int CapPeriodMicroseconds = 100_000;

    /// <summary>CPU shares per processing unit for a shared guest (1.0 unit = the kernel's default weight).</summary>
    public const int SharesPerProcessingUnit = 1024;

    private static readonly int[] ThreadChoices = [8, 4, 2, 1];

    /// <summary>
    /// The domain XML for <paramref name="spec"/> with UUID <paramref name="uuid"/>, any hot-plugged <paramref name="extraDevices"/>,
    /// attached volumes (<paramref name="disks"/>, with a virtio-scsi controller for each controller index they use) and NICs.
    /// </summary>
    public static string Build(Guid uuid, InstanceSpec spec, DomainXmlOptions options, IReadOnlyList<GuestDevice>? extraDevices = null,
        IReadOnlyList<VirtualDisk>? disks = null, IReadOnlyList<VirtualNic>? nics = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var p = spec.Processors;
        var m = spec.Memory;
        var topology = TopologyFor(p, options);
        var domain = new XElement("domain", new XAttribute("type", options.DomainType),
            new XElement("name", spec.Name),
            new XElement("uuid", uuid.ToString("D")),
            new XElement("memory", new XAttribute("unit", "KiB"), Kib(m.MaxMb)),
            new XElement("currentMemory", new XAttribute("unit", "KiB"), Kib(m.DesiredMb)),
            new XElement("vcpu", new XAttribute("placement", "static"), new XAttribute("current", p.VirtualProcessors.Desired), p.VirtualProcessors.Max));
        if (CpuTune(p) is { } tune)
        {
            domain.Add(tune);
        }

        domain.Add(
            new XElement("os",
                new XElement("type", new XAttribute("arch", Arch(spec.Guest.Endianness)), new XAttribute("machine", "pseries"), "hvm"),
                new XElement("boot", new XAttribute("dev", "hd"))),
            Cpu(p, topology, options),
            new XElement("clock", new XAttribute("offset", "utc")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", "restart"),
            new XElement("on_crash", "destroy"),
            Devices(spec, extraDevices ?? [], disks ?? [], nics ?? []));
        return domain.ToString(SaveOptions.None) + "\n";
    }

    /// <summary>The device XML of a hot-plug request (virtio disk or NIC; spapr kinds for completeness).</summary>
    public static string Device(GuestDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        XElement element = device.Kind switch
        {
            GuestDeviceKind.VirtioDisk or GuestDeviceKind.SpaprVscsiDisk => new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
                new XElement("driver", new XAttribute("name", "qemu"),
                    new XAttribute("type", device.SourcePath.EndsWith(".qcow2", StringComparison.OrdinalIgnoreCase) ? "qcow2" : "raw")),
                new XElement("source", new XAttribute("file", device.SourcePath)),
                new XElement("target", new XAttribute("dev", device.Target), new XAttribute("bus", device.Kind == GuestDeviceKind.VirtioDisk ? "virtio" : "scsi"))),
            _ => new XElement("interface", new XAttribute("type", "user"),
                device.Target.Length > 0 ? new XElement("mac", new XAttribute("address", device.Target)) : null,
                new XElement("model", new XAttribute("type", device.Kind == GuestDeviceKind.VirtioNic ? "virtio" : "spapr-vlan")),
                device.Kind == GuestDeviceKind.VirtioNic ? new XElement("rom", new XAttribute("enabled", "no")) : null),
        };
        return element.ToString(SaveOptions.None);
    }

    /// <summary>"ppc64le" for little-endian guests, "ppc64" for big-endian ones.</summary>
    public static string Arch(Endianness endianness) => endianness == Endianness.Little ? "ppc64le" : "ppc64";

    /// <summary>The guest topology: the spec's, or one socket of cores with as many threads (≤ SMT8) as divide the maximum.</summary>
    public static CpuTopology TopologyFor(ProcessorSpec processors, DomainXmlOptions options)
    {
        ArgumentNullException.ThrowIfNull(processors);
        ArgumentNullException.ThrowIfNull(options);
        if (processors.Topology is { } t)
        {
            return t;
        }

        var max = processors.VirtualProcessors.Max;
        var limit = options.SingleThreadPerCore ? 1 : options.HostSmtThreads;
        var threads = ThreadChoices.First(n => n <= limit && max % n == 0);
        return new CpuTopology(1, max / threads, threads);
    }

    /// <summary>
    /// KVM on POWER8: <c>host-model</c> with a model is the compatibility mode (the host CPU presented as POWER8 or POWER7).
    /// TCG has no host model: the POWER8 (or POWER7) CPU is emulated as a custom model.
    /// </summary>
    private static XElement Cpu(ProcessorSpec p, CpuTopology topology, DomainXmlOptions options)
    {
        var topologyElement = new XElement("topology", new XAttribute("sockets", topology.Sockets), new XAttribute("cores", topology.Cores), new XAttribute("threads", topology.Threads));
        return options.SingleThreadPerCore
            ? new XElement("cpu", new XAttribute("mode", "custom"), new XAttribute("match", "exact"),
                new XElement("model", new XAttribute("fallback", "forbid"), CompatModel(p.CompatibilityMode).ToUpperInvariant()), topologyElement)
            : new XElement("cpu", new XAttribute("mode", "host-model"), new XElement("model", CompatModel(p.CompatibilityMode)), topologyElement);
    }

    private static XElement? CpuTune(ProcessorSpec p)
    {
        if (p.Mode != ProcessorMode.Shared || p.ProcessingUnits is not { } units)
        {
            return null;
        }

        var tune = new XElement("cputune",
            new XElement("shares", ((int)Math.Max(2m, decimal.Round(units.Desired * SharesPerProcessingUnit))).ToString(CultureInfo.InvariantCulture)));
        if (p.SharingMode == SharingMode.Capped)
        {
            tune.Add(new XElement("global_period", CapPeriodMicroseconds),
                new XElement("global_quota", (long)decimal.Round(units.Desired * CapPeriodMicroseconds)));
        }

        return tune;
    }

    private static XElement Devices(InstanceSpec spec, IReadOnlyList<GuestDevice> extraDevices, IReadOnlyList<VirtualDisk> disks, IReadOnlyList<VirtualNic> nics)
    {
        var devices = new XElement("devices");
        if (spec.Guest.BootImage.Length > 0)
        {
            var qcow2 = spec.Guest.BootImage.EndsWith(".qcow2", StringComparison.OrdinalIgnoreCase);
            devices.Add(new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
                new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", qcow2 ? "qcow2" : "raw")),
                new XElement("source", new XAttribute("file", spec.Guest.BootImage)),
                new XElement("target", new XAttribute("dev", "vda"), new XAttribute("bus", "virtio"))));
        }

        devices.Add(
            new XElement("interface", new XAttribute("type", "user"),
                new XElement("model", new XAttribute("type", "virtio")),
                new XElement("rom", new XAttribute("enabled", "no"))),
            new XElement("serial", new XAttribute("type", "pty"),
                new XElement("target", new XAttribute("port", 0))),
            new XElement("console", new XAttribute("type", "pty"),
                new XElement("target", new XAttribute("type", "serial"), new XAttribute("port", 0))),
            new XElement("graphics", new XAttribute("type", "vnc"), new XAttribute("autoport", "yes"), new XAttribute("listen", "127.0.0.1")),
            new XElement("memballoon", new XAttribute("model", "virtio")));
        devices.Add(extraDevices.Select(d => XElement.Parse(Device(d))));
        devices.Add(disks.Select(VirtualIoXml.Disk));
        devices.Add(disks.Where(d => d.Kind == AttachmentKind.VirtioScsi).Select(d => d.Controller).Distinct().Order().Select(VirtualIoXml.ScsiController));
        devices.Add(nics.Select(VirtualIoXml.Nic));
        return devices;
    }

    private static string CompatModel(string compatibilityMode) =>
        string.Equals(compatibilityMode, "POWER7", StringComparison.OrdinalIgnoreCase) ? "power7" : "power8";

    private static string Kib(long mb) => (mb * 1024).ToString(CultureInfo.InvariantCulture);
}
