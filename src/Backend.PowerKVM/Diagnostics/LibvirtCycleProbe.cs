using System.Diagnostics;
using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Diagnostics;

/// <summary>
/// The raw libvirt rate for benchmarks: define → start → destroy → undefine cycles through this backend's P/Invoke
/// layer on a private test:/// connection, with the domain XML the backend would write — no policy, records or driver.
/// </summary>
public static class LibvirtCycleProbe
{
    /// <summary>Runs <paramref name="cycles"/> cycles of <paramref name="spec"/> on a node file of <paramref name="profile"/> under <paramref name="directory"/>.</summary>
    public static TimeSpan Run(HardwareProfile profile, string directory, InstanceSpec spec, int cycles)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cycles);
        using var connection = Libvirt.LibvirtConnection.Open("test://" + NodeXml.Write(profile, directory));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < cycles; i++)
        {
            var xml = DomainXmlBuilder.Build(Guid.NewGuid(), spec with { Name = $"{spec.Name}-{i}" }, DomainXmlOptions.Kvm);
            using var domain = connection.Define(xml);
            Libvirt.LibvirtConnection.Create(domain);
            Libvirt.LibvirtConnection.Destroy(domain);
            Libvirt.LibvirtConnection.Undefine(domain);
        }

        return watch.Elapsed;
    }
}
