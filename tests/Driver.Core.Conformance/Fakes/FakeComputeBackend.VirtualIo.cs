using System.Globalization;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Storage;

namespace PowerDrivers.Driver.Core.Conformance.Fakes;

/// <summary>Volumes (per-host storage with a capacity), attachments and interfaces of the fake.</summary>
public sealed partial class FakeComputeBackend : IDisposable
{
    private int _disposeCount;

    /// <summary>How often <see cref="Dispose"/> was called (the fake keeps working: a platform outlives the driver).</summary>
    public int DisposeCount => Volatile.Read(ref _disposeCount);

    /// <inheritdoc/>
    public void Dispose() => Interlocked.Increment(ref _disposeCount);

    private readonly Dictionary<string, FakeVolume> _volumes = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<string>> _devices = [];
    private int _nextVolume;

    /// <summary>Native ids of the volumes on the platform now.</summary>
    public IReadOnlyCollection<string> VolumeIds
    {
        get
        {
            lock (_gate)
            {
                return _volumes.Keys.ToArray();
            }
        }
    }

    /// <summary>The devices the platform shows attached to an instance ("disk:vol-1", "nic:aa:bb:…").</summary>
    public IReadOnlyList<string> DevicesOf(Guid instanceId)
    {
        lock (_gate)
        {
            return _devices.TryGetValue(instanceId, out var d) ? d.ToArray() : [];
        }
    }

    /// <inheritdoc/>
    public async Task<string> CreateVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await EnterAsync(nameof(CreateVolumeAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _ = Host(volume.Host);
            var used = _volumes.Values.Where(v => v.Host == volume.Host && v.Thick).Sum(v => v.SizeGb);
            if (volume.Provisioning == Provisioning.Thick && used + volume.SizeGb > _options.VolumeCapacityGb)
            {
                throw new InsufficientCapacityError(ErrorReasons.InsufficientCapacity,
                    $"host {volume.Host} has {_options.VolumeCapacityGb - used} GiB of storage free, {volume.SizeGb} asked",
                    volume.Host, volume.SizeGb, _options.VolumeCapacityGb - used, "GiB");
            }

            var id = "vol-" + (++_nextVolume).ToString(CultureInfo.InvariantCulture);
            _volumes[id] = new FakeVolume(volume.Host, volume.SizeGb, volume.Provisioning == Provisioning.Thick);
            return id;
        }
    }

    /// <inheritdoc/>
    public async Task DeleteVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await EnterAsync(nameof(DeleteVolumeAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_devices.Values.Any(d => d.Contains("disk:" + volume.NativeId)))
            {
                throw new BackendFailureError(Kind, $"volume {volume.NativeId} is still mapped", "FAKE_IN_USE");
            }

            _volumes.Remove(volume.NativeId);
        }
    }

    /// <inheritdoc/>
    public async Task<AttachResult> AttachVolumeAsync(InstanceRecord instance, VolumeRecord volume, AttachmentKind kind, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(volume);
        await EnterAsync(nameof(AttachVolumeAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _ = GuestOf(instance);
            if (!_volumes.ContainsKey(volume.NativeId))
            {
                throw new NotFoundError("volume", volume.NativeId);
            }

            var devices = DeviceList(instance.Id);
            devices.Add("disk:" + volume.NativeId);
            var name = "vd" + (char)('a' + devices.Count(d => d.StartsWith("disk:", StringComparison.Ordinal)));
            return new AttachResult(name, new Dictionary<string, string> { ["volume"] = volume.NativeId, ["kind"] = kind.ToString() });
        }
    }

    /// <inheritdoc/>
    public async Task DetachVolumeAsync(InstanceRecord instance, VolumeRecord volume, VolumeAttachment attachment, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(volume);
        await EnterAsync(nameof(DetachVolumeAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            DeviceList(instance.Id).Remove("disk:" + volume.NativeId);
        }
    }

    /// <inheritdoc/>
    public async Task<InterfaceResult> AttachInterfaceAsync(InstanceRecord instance, InterfaceRequest request, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(request);
        await EnterAsync(nameof(AttachInterfaceAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _ = GuestOf(instance);
            var mac = request.MacAddress.Length > 0 ? request.MacAddress : "fa:16:3e:00:00:" + (_devices.Values.Sum(d => d.Count) % 256).ToString("x2", CultureInfo.InvariantCulture);
            if (_devices.Values.Any(d => d.Contains("nic:" + mac)))
            {
                throw new ConflictError($"MAC {mac} is in use on the host", ErrorReasons.Conflict);
            }

            var devices = DeviceList(instance.Id);
            devices.Add("nic:" + mac);
            return new InterfaceResult(mac, "net" + devices.Count(d => d.StartsWith("nic:", StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture),
                new Dictionary<string, string> { ["vlan"] = request.VlanId.ToString(CultureInfo.InvariantCulture) });
        }
    }

    /// <inheritdoc/>
    public async Task DetachInterfaceAsync(InstanceRecord instance, InterfaceAttachment attachment, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(attachment);
        await EnterAsync(nameof(DetachInterfaceAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            DeviceList(instance.Id).Remove("nic:" + attachment.MacAddress);
        }
    }

    /// <inheritdoc/>
    public Task<HostIo> GetHostIoAsync(string host, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _ = Host(host);
            var mappings = _devices.Where(kv => _guests.TryGetValue(kv.Key, out var g) && g.Host == host)
                .SelectMany(kv => kv.Value.Select(d => new IoMapping(d.StartsWith("disk:", StringComparison.Ordinal) ? "virtio-blk" : "virtual-ethernet",
                    host, "", _guests[kv.Key].Spec.Name, "", d[(d.IndexOf(':', StringComparison.Ordinal) + 1)..], [], "Enabled")))
                .ToArray();
            return Task.FromResult(new HostIo([new IoServer(host, host, "host", "running")], [], mappings, []));
        }
    }

    private List<string> DeviceList(Guid instanceId) =>
        _devices.TryGetValue(instanceId, out var d) ? d : _devices[instanceId] = [];

    private sealed record FakeVolume(string Host, long SizeGb, bool Thick);
}
