using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>HSCL refusals of virtual I/O requests → the typed errors the driver layer sees.</summary>
public sealed class HmcVirtualIoErrorTests
{
    private static readonly HmcErrorContext Attach = new("powervm-1", "i-1", InstanceState.Running, InstanceAction.AttachDevice, Subject: "volume", SubjectId: "v-1");

    [Fact]
    public void RmcInactive_IsInvalidStateWithTheHmcWords()
    {
        var e = Assert.IsType<InvalidStateError>(HmcErrorMapper.Map(new HmcException(409, "HSCL0DB4", "HSCL0DB4 Adding a virtual adapter requires an active RMC connection."), Attach));

        Assert.Equal(ErrorReasons.InvalidState, e.Reason);
        Assert.Contains("requires an active RMC connection", e.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceAction.AttachDevice, e.Action);
    }

    [Theory]
    [InlineData("HSCL2922", "The physical Fibre Channel port fcs0 of vios1 already serves its maximum of 64 virtual ports.")]
    [InlineData("HSCL9A01", "The NPIV port fcs1 has reached its maximum number of client connections.")]
    public void NpivPortFull_IsInsufficientCapacityInNpivPorts(string code, string message)
    {
        var e = Assert.IsType<InsufficientCapacityError>(HmcErrorMapper.Map(new HmcException(409, code, message), Attach));

        Assert.Equal("NPIV ports", e.Unit);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThickLuBeyondTheFreeSpace_IsInsufficientCapacityInGb()
    {
        var e = Assert.IsType<InsufficientCapacityError>(HmcErrorMapper.Map(new HmcException(409, "HSCL1575", "The shared storage pool has 100 GB free."),
            Attach with { Unit = "GB", Requested = 200, Available = 100 }));

        Assert.Equal((ErrorReasons.InsufficientCapacity, 200m, 100m, "GB"), (e.Reason, e.Requested, e.Available, e.Unit));
    }

    [Fact]
    public void NoFreeVirtualSlot_IsInsufficientCapacityInSlots()
    {
        var e = Assert.IsType<InsufficientCapacityError>(HmcErrorMapper.Map(new HmcException(409, "HSCL1575", "Partition vm1 has no free virtual I/O slot (maximum 64)."), Attach));

        Assert.Equal(("virtual I/O slots", 1m, 0m), (e.Unit, e.Requested, e.Available));
    }

    [Fact]
    public void DeviceInUse_IsVolumeInUseForAVolumeAndConflictOtherwise()
    {
        var inUse = new HmcException(409, "HSCL2971", "The logical unit is mapped to a client partition; remove the mapping first.");

        Assert.Equal(ErrorReasons.VolumeInUse, Assert.IsType<PreconditionError>(HmcErrorMapper.Map(inUse, Attach)).Reason);
        Assert.IsType<ConflictError>(HmcErrorMapper.Map(inUse, Attach with { Subject = "interface" }));
    }

    [Fact]
    public void ValueTaken_IsConflictButAnInvalidValueStaysInvalidSpec()
    {
        Assert.IsType<ConflictError>(HmcErrorMapper.Map(new HmcException(409, "HSCL1504", "The MAC address FA163E000001 is already in use."), Attach));
        Assert.IsType<InvalidSpecError>(HmcErrorMapper.Map(new HmcException(400, "HSCL1504", "The VLAN ID 0 is not valid."), Attach));
    }

    [Fact]
    public void NotFound_NamesTheSubject()
    {
        var e = Assert.IsType<NotFoundError>(HmcErrorMapper.Map(new HmcException(404, "HSCL0100", "The logical unit with identifier x was not found."), Attach));

        Assert.Equal(("volume", "v-1", ErrorReasons.VolumeNotFound), (e.ResourceType, e.ResourceId, e.Reason));
    }
}
