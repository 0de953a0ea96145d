using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Tests.Rest;
using static PowerDrivers.Emulator.Hmc.Tests.Rest.HmcClient;

namespace PowerDrivers.Emulator.Hmc.Tests;

/// <summary>Active Memory Sharing: the shared memory pool, its paging VIOS partitions, overcommit, weight, refusals, persistence.</summary>
public sealed class SharedMemoryTests
{
    private static TestHmc WithPool(long poolMb = 4096, long maxMb = 8192, string? dir = null) =>
        new(o => o with { Systems = [new() { Name = "ams", SharedMemoryPool = new SharedMemoryPoolSetup(poolMb, maxMb) }] }, dir);

    [Fact]
    public async Task Ams_LogicalMemoryBeyondThePool_ActivatesWithoutSystemMemory()
    {
        using var hmc = WithPool();
        var freeBefore = hmc.System.Machine.Snapshot().FreeMemoryMb;
        var a = hmc.System.Create(TestHmc.Shared("ams-a", minMb: 1024, desiredMb: 3072, maxMb: 4096) with { SharedMemory = true, MemoryWeight = 200 });
        var b = hmc.System.Create(TestHmc.Shared("ams-b", minMb: 1024, desiredMb: 3072, maxMb: 4096) with { SharedMemory = true, MemoryWeight = 10 });

        Assert.Equal(Jobs.JobStatus.CompletedOk, (await hmc.PowerOnAsync(a.Uuid)).Status);
        Assert.Equal(Jobs.JobStatus.CompletedOk, (await hmc.PowerOnAsync(b.Uuid)).Status);

        // 6 GB of logical memory over a 4 GB pool (overcommit); no dedicated memory was taken from the system.
        Assert.Equal(6144, hmc.System.SharedMemoryLogicalMb);
        Assert.True(hmc.System.SharedMemoryLogicalMb > hmc.System.MemoryPool!.PoolSizeMb);
        Assert.True(hmc.System.Machine.Snapshot().FreeMemoryMb >= freeBefore - 1024, "only processors (and no dedicated memory) were reserved");
        Assert.Equal(200, hmc.System.Find(a.Uuid)!.Definition.MemoryWeight);
    }

    [Fact]
    public void Ams_Pool_TakesSystemMemoryButNoPartitionSlot()
    {
        using var plain = new TestHmc();
        using var hmc = WithPool(poolMb: 8192, maxMb: 16384);
        // The pool's 8 GB plus PHYP's page table for it.
        var taken = plain.System.Machine.Snapshot().FreeMemoryMb - hmc.System.Machine.Snapshot().FreeMemoryMb;
        Assert.InRange(taken, 8192, 8192 + 1024);
        Assert.Equal(plain.System.Machine.Snapshot().PartitionCount, hmc.System.Machine.Snapshot().PartitionCount);
    }

    [Fact]
    public void Ams_Refusals_AreHsclErrors()
    {
        using var hmc = WithPool();
        var ex = Refusals.Expect(Hscl.MemoryFeature, () => hmc.System.Create(TestHmc.Dedicated("ams-ded", 1, 1, 1) with { SharedMemory = true }));
        Assert.Contains("shared processors", ex.Message, StringComparison.Ordinal);
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Shared("ams-w") with { SharedMemory = true, MemoryWeight = 256 }));
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Shared("ams-neg") with { MemoryWeight = -1 }));
        var slot = hmc.System.Machine.Profile.PcieSlots.First(s => hmc.System.Machine.SlotOwner(s.LocationCode) is null).LocationCode;
        ex = Refusals.Expect(Hscl.MemoryFeature, () => hmc.System.Create(TestHmc.Shared("ams-io") with { SharedMemory = true, Slots = [slot] }));
        Assert.Contains("physical I/O", ex.Message, StringComparison.Ordinal);

        // Pool rules: LMB multiples, size within the maximum, paging VIOS partitions that exist and differ.
        Refusals.Expect(Hscl.MemoryNotLmbMultiple, () => hmc.System.SetMemoryPool(4000, 8192, 1, 2));
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.SetMemoryPool(8192, 4096, 1, 2));
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.SetMemoryPool(4096, 8192, 9, null));
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.SetMemoryPool(4096, 8192, 1, 1));
        Refusals.Expect(Hscl.InsufficientResources, () => hmc.System.SetMemoryPool(hmc.System.Machine.Profile.InstalledMemoryMb, hmc.System.Machine.Profile.InstalledMemoryMb, 1, 2));
        Assert.Equal(4096, hmc.System.MemoryPool!.PoolSizeMb);
    }

    [Fact]
    public void Ams_WithoutCapabilityOrPool_IsRefused()
    {
        using var incapable = new TestHmc(o => o with { Systems = [new() { Name = "no-ams", ActiveMemorySharingCapable = false }] });
        var ex = Refusals.Expect(Hscl.MemoryFeature, () => incapable.System.Create(TestHmc.Shared("ams") with { SharedMemory = true }));
        Assert.Contains("not capable", ex.Message, StringComparison.Ordinal);
        Refusals.Expect(Hscl.MemoryFeature, () => incapable.System.SetMemoryPool(4096, 8192, 1, 2));

        using var noPool = new TestHmc();
        ex = Refusals.Expect(Hscl.MemoryFeature, () => noPool.System.Create(TestHmc.Shared("ams") with { SharedMemory = true }));
        Assert.Contains("shared memory pool", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ams_NoPagingViosRunning_RefusesActivation_AndPoolInUseCannotBeRemoved()
    {
        using var hmc = WithPool();
        var a = hmc.System.Create(TestHmc.Shared("ams-a") with { SharedMemory = true });
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            Assert.Equal(Jobs.JobStatus.CompletedOk, (await hmc.PowerOffAsync(vios.Uuid, "shutdown", immediate: true)).Status);
        }

        var job = await hmc.PowerOnAsync(a.Uuid);
        Assert.NotEqual(Jobs.JobStatus.CompletedOk, job.Status);
        Refusals.Expect(Hscl.MemoryFeature, () => hmc.System.DeleteMemoryPool());
        hmc.System.Delete(a.Uuid);
        hmc.System.DeleteMemoryPool();
        Assert.Null(hmc.System.MemoryPool);
    }

    [Fact]
    public void Ams_PoolAndPartitions_SurviveARestart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hmc-ams-" + Guid.NewGuid().ToString("N"));
        try
        {
            string uuid;
            using (var first = WithPool(dir: dir))
            {
                first.System.SetMemoryPool(6144, 8192, 2, 1);
                uuid = first.System.Create(TestHmc.Shared("ams-a") with { SharedMemory = true, MemoryWeight = 77 }).Uuid;
            }

            using var again = new TestHmc(o => o with { Systems = [new() { Name = "ams" }] }, dir);
            var pool = again.System.MemoryPool!;
            Assert.Equal((6144L, 8192L, 2, (int?)1), (pool.PoolSizeMb, pool.MaximumPoolSizeMb, pool.PrimaryPagingViosId, pool.SecondaryPagingViosId));
            Assert.True(again.System.Machine.TryGetReservation("mempool", out var held));
            Assert.Equal(6144, held.Request.MemoryMb);
            Assert.Equal(77, again.System.Find(uuid)!.Definition.MemoryWeight);
        }
        finally
        {
            TestDirectories.Delete(dir);
        }
    }

    [Fact]
    public async Task Ams_OverRest_PoolEntryAndPartitionMemoryConfiguration()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o with { Systems = [new() { Name = "ams", SharedMemoryPool = new SharedMemoryPoolSetup(4096, 8192) }] });
        using var client = await fixture.LoggedOnClientAsync();
        var system = await client.GetXmlAsync(fixture.SystemPath());
        Assert.Equal("true", system.Descendants(Uom + "ActiveMemorySharingCapable").Single().Value);

        var feed = await client.GetXmlAsync($"{fixture.SystemPath()}/SharedMemoryPool");
        var entry = feed.Elements(Atom + "entry").Single();
        Assert.Equal("4096", Content(entry, "CurrentPoolMemory"));
        Assert.Equal(2, Body(entry).Element(Uom + "PagingServicePartitions")!.Elements(Uom + "link").Count());

        var xml = LparXml("ams-rest").Replace("<MinimumMemory kb=\"CUD\" kxe=\"false\">1024</MinimumMemory>",
            "<MinimumMemory kb=\"CUD\" kxe=\"false\">1024</MinimumMemory><SharedMemoryEnabled kb=\"CUD\" kxe=\"false\">true</SharedMemoryEnabled><MemoryWeight kb=\"CUD\" kxe=\"false\">128</MemoryWeight>", StringComparison.Ordinal);
        using var created = await client.SendAsync(HttpMethod.Put, $"{fixture.SystemPath()}/LogicalPartition", xml, "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, text);
        var memory = Body(System.Xml.Linq.XElement.Parse(text)).Element(Uom + "PartitionMemoryConfiguration")!;
        Assert.Equal("true", memory.Element(Uom + "SharedMemoryEnabled")!.Value);
        Assert.Equal("128", memory.Element(Uom + "MemoryWeight")!.Value);
        Assert.NotNull(memory.Element(Uom + "PrimaryPagingServicePartition")!.Attribute("href"));
    }

    [Fact]
    public async Task Ams_OverRest_PoolIsCreatedUpdatedAndRemoved()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var client = await fixture.LoggedOnClientAsync();
        var path = $"{fixture.SystemPath()}/SharedMemoryPool";
        using (var empty = await client.GetAsync(path))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, empty.StatusCode);
        }

        var vioses = fixture.Server.Model.Systems[0].Partitions(vios: true);
        string Body(long size, long max, params PowerDrivers.Emulator.Hmc.Model.PartitionView[] paging) => $"""
            <SharedMemoryPool:SharedMemoryPool xmlns:SharedMemoryPool="{Uom.NamespaceName}" xmlns="{Uom.NamespaceName}" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
              <PendingMaximumPoolMemory kb="CUD" kxe="false">{max}</PendingMaximumPoolMemory><PendingPoolMemory kb="CUD" kxe="false">{size}</PendingPoolMemory>
              <PagingServicePartitions kb="CUD" kxe="false">{string.Concat(paging.Select(v => $"<link href=\"{fixture.Server.BaseAddress}rest/api/uom/{fixture.Server.Model.Systems[0].PartitionUri(v)}\" rel=\"related\"/>"))}</PagingServicePartitions>
            </SharedMemoryPool:SharedMemoryPool>
            """;
        const string type = "application/vnd.ibm.powervm.uom+xml; type=SharedMemoryPool";
        using (var bad = await client.SendAsync(HttpMethod.Put, path, Body(4000, 8192, vioses[0]), type))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(Hscl.MemoryNotLmbMultiple, await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var created = await client.SendAsync(HttpMethod.Put, path, Body(4096, 8192, vioses[0], vioses[1]), type);
        var entry = System.Xml.Linq.XElement.Parse(await created.Content.ReadAsStringAsync());
        Assert.True(created.IsSuccessStatusCode, entry.ToString());
        Assert.Equal("4096", Content(entry, "CurrentPoolMemory"));
        var uuid = entry.Element(Atom + "id")!.Value;

        using var updated = await client.SendAsync(HttpMethod.Post, $"{path}/{uuid}", Body(6144, 8192, vioses[1]), type, RawETag(created));
        Assert.True(updated.IsSuccessStatusCode, await updated.Content.ReadAsStringAsync());
        var pool = fixture.Server.Model.Systems[0].MemoryPool!;
        Assert.Equal((6144L, 2, (int?)null), (pool.PoolSizeMb, pool.PrimaryPagingViosId, pool.SecondaryPagingViosId));

        using var stale = await client.SendAsync(HttpMethod.Post, $"{path}/{uuid}", Body(4096, 8192, vioses[0]), type, RawETag(created));
        Assert.Equal(System.Net.HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var removed = await client.Http.DeleteAsync($"{path}/{uuid}");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Null(fixture.Server.Model.Systems[0].MemoryPool);
    }
}
