using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Wire;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Tests;

public sealed class PlatformFeatureTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(10.01)]
    [InlineData(1.005)]
    public void Ame_FactorOutsideOneToTenOrFinerThanHundredths_IsRefused(double factor)
    {
        using var hmc = new TestHmc();
        Refusals.Expect(Hscl.MemoryFeature, () => hmc.System.Create(TestHmc.Shared("ame") with { ExpansionFactor = (decimal)factor }));
    }

    [Fact]
    public async Task Ame_ChangesOnlyWhileOff_AndShowsInTheEntry()
    {
        using var hmc = new TestHmc();
        var p = hmc.System.Create(TestHmc.Shared("ame") with { ExpansionFactor = 1.5m });
        await hmc.PowerOnAsync(p.Uuid);
        Refusals.Expect(Hscl.MustBeOff, () => hmc.System.Update(p.Uuid, p.Definition with { ExpansionFactor = 2m }));
        var body = PartitionXml.Body(hmc.System.Find(p.Uuid)!, new LinkBuilder("http://x"));
        Assert.Equal("1.50", body.Descendants(Uom.Ns + "CurrentExpansionFactor").Single().Value);
        await hmc.PowerOffAsync(p.Uuid);
        Assert.Equal(2m, hmc.System.Update(p.Uuid, p.Definition with { ExpansionFactor = 2m }).Definition.ExpansionFactor);
    }

    [Fact]
    public void Ame_WithoutSystemCapability_IsRefused()
    {
        using var hmc = new TestHmc(o => o with { Systems = [new() { Name = "no-ame", ActiveMemoryExpansionCapable = false }] });
        var ex = Refusals.Expect(Hscl.MemoryFeature, () => hmc.System.Create(TestHmc.Shared("ame") with { ExpansionFactor = 2m }));
        Assert.Contains("not capable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ams_WithoutSharedMemoryPool_IsRefused_AndNeedsSharedProcessors()
    {
        using var hmc = new TestHmc();
        Refusals.Expect(Hscl.MemoryFeature, () => hmc.System.Create(TestHmc.Shared("ams") with { SharedMemory = true }));
        var ex = Refusals.Expect(Hscl.MemoryFeature, () => hmc.System.Create(TestHmc.Dedicated("ams-ded", 1, 1, 1) with { SharedMemory = true }));
        Assert.Contains("shared processors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CapacityOnDemand_InactiveCoresCannotBeConfigured()
    {
        using var hmc = new TestHmc(o => o with { Systems = [new() { Name = "e870", Profile = "E870" }] });
        var profile = hmc.System.Machine.Profile;
        Assert.True(profile.InstalledCores > profile.ActivatedCores);
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Dedicated("all-cores", 1, 1, profile.InstalledCores)));
        Assert.Equal(profile.ActivatedCores, hmc.System.Create(TestHmc.Dedicated("activated", 1, 1, profile.ActivatedCores)).Definition.Processors.MaximumProcessors);
        var body = ManagedSystemXml.Body(hmc.System, new LinkBuilder("http://x"));
        Assert.Equal($"{profile.ActivatedCores}.00", body.Descendants(Uom.Ns + "ConfigurableSystemProcessorUnits").Single().Value);
        Assert.Equal($"{profile.InstalledCores}.00", body.Descendants(Uom.Ns + "InstalledSystemProcessorUnits").Single().Value);
    }

    [Fact]
    public async Task Vios_PowerOffAndOn_ThroughJobs_ReleasesAndRetakesItsCapacity()
    {
        using var hmc = new TestHmc();
        var vios = hmc.System.Partitions(vios: true)[0];
        var free = hmc.System.Machine.Snapshot();
        var off = await TestHmc.WaitAsync(hmc.Model.SubmitJob("VirtualIOServer", vios.Uuid, "PowerOff", [new("operation", "osshutdown")], "x"));
        Assert.Equal(JobStatus.CompletedOk, off.Status);
        Assert.Equal(free.FreeProcessingUnitsCenti + 100, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
        Assert.Equal(free.UsedSlots - vios.Definition.Slots.Count, hmc.System.Machine.Snapshot().UsedSlots);
        var on = await TestHmc.WaitAsync(hmc.Model.SubmitJob("VirtualIOServer", vios.Uuid, "PowerOn", [], "x"));
        Assert.Equal(JobStatus.CompletedOk, on.Status);
        Assert.Equal(free.FreeProcessingUnitsCenti, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
    }

    [Fact]
    public void Embedding_WithMachineBuiltByTheHost_SharesItsCapacityBookkeeping()
    {
        var catalog = ProfileCatalog.LoadBuiltIn();
        var machine = new ManagedSystem(catalog.Get("S822L"), Firmware.Phyp, "shared-host");
        using var hmc = new TestHmc(o => o with { Systems = [new() { Name = "shared-host", Machine = machine }] });
        Assert.Same(machine, hmc.System.Machine);
        Assert.Equal(2, machine.Snapshot().ReservationCount);
        machine.Reserve(new CapacityRequest { ProcessingUnitsCenti = 1750 }, "someone-else");
        var p = hmc.System.Create(TestHmc.Shared("late", minCenti: 100, desiredCenti: 100, maxCenti: 100));
        Refusals.Expect(Hscl.InsufficientResources, () => hmc.System.BeginPowerOn(p.Uuid));
    }

    [Fact]
    public void Options_Validation_RejectsDuplicateSystemsAndEmptyUsers()
    {
        Assert.Throws<ArgumentException>(() => new HmcOptions { DataDirectory = "x", Systems = [new() { Name = "a" }, new() { Name = "a" }] }.Validate());
        Assert.Throws<ArgumentException>(() => new HmcOptions { DataDirectory = "x", Users = new Dictionary<string, string>() }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new HmcOptions { DataDirectory = "x", Port = 70000 }.Validate());
    }

    [Fact]
    public async Task Faults_FromConfiguration_AreArmedAtStart()
    {
        using var hmc = new TestHmc(o => o with { Faults = [new Faults.FaultRule { Kind = Faults.FaultKind.JobError, Operation = "PowerOn", Code = "HSCL1575", Message = "configured" }] });
        var p = hmc.System.Create(TestHmc.Shared("configured-fault"));
        var job = await hmc.PowerOnAsync(p.Uuid);
        Assert.Equal(JobStatus.CompletedWithError, job.Status);
        Assert.Equal("HSCL1575 configured", job.Results.Single(r => r.Key == "result").Value);
    }

    [Fact]
    public void Embedding_WithFspBuiltByTheHost_UsesItsNvram()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hmc-fsp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var machine = new ManagedSystem(ProfileCatalog.LoadBuiltIn().Get("S822L"), Firmware.Phyp, "host-fsp");
            var fsp = new Fsp(machine, directory);
            using var hmc = new TestHmc(o => o with { Systems = [new() { Name = "host-fsp", Fsp = fsp }] });
            Assert.Same(fsp, hmc.System.Fsp);
            var p = hmc.System.Create(TestHmc.Shared("in-host-nvram"));
            Assert.Contains("lpar/" + p.Uuid, fsp.Nvram.Keys);
        }
        finally
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public void CommandLine_Urls_SetsPortAndScheme()
    {
        var options = CommandLine.Parse(["--urls", "http://127.0.0.1:18443"])!;
        Assert.Equal(18443, options.Port);
        Assert.False(options.UseHttps);
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--urls", "https://10.0.0.1:12443"]));
    }
}
