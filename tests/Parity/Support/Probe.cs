using System.Diagnostics;
using Grpc.Core;
using PowerDrivers.Parity.Matrix;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Support;

/// <summary>
/// Runs one scenario's calls on one host through the gRPC API and records each as a <see cref="StepRecord"/>: outcome,
/// state afterwards (GetInstance), time taken. Instances it creates are deleted by <see cref="CleanupAsync"/>.
/// </summary>
internal sealed class Probe(string backend, string host, Func<ParityServer> server)
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(30);
    private readonly List<StepRecord> _steps = [];
    private readonly List<string> _created = [];
    private readonly List<string> _volumes = [];
    private readonly List<string> _networks = [];

    /// <summary>"powervm" or "powerkvm".</summary>
    public string Backend { get; } = backend;

    /// <summary>The host the calls go to.</summary>
    public string Host { get; } = host;

    public Api.ComputeService.ComputeServiceClient Compute => server().Compute;

    public Api.HostService.HostServiceClient Hosts => server().Hosts;

    public Api.VolumeService.VolumeServiceClient Volumes => server().Volumes;

    public Api.NetworkService.NetworkServiceClient Networks => server().Networks;

    /// <summary>A raw invoker on the same channel, to call a method the contract does not (yet) have.</summary>
    public Grpc.Core.CallInvoker Invoker => server().Channel.CreateCallInvoker();

    public IReadOnlyList<StepRecord> Steps => _steps;

    /// <summary>Instance ids this probe created (kept across a driver restart).</summary>
    public IReadOnlyList<string> Created => _created;

    /// <summary>The last step of the given name.</summary>
    public StepRecord Step(string name) => _steps.Last(s => s.Name == name);

    /// <summary>Creates (and optionally starts) an instance; returns its id when the create was accepted.</summary>
    public async Task<(StepRecord Step, string? Id)> CreateAsync(string step, Api.InstanceSpec spec, bool start)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Host = Host;
        string? id = null;
        var record = await RecordAsync(step, async () =>
        {
            var op = await Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = spec, Start = start });
            id = op.InstanceId;
            _created.Add(id);
            return await WaitAsync(op);
        }, () => ObserveAsync(id));
        return (record, record.Ok ? id : null);
    }

    /// <summary>Runs an operation-returning call on <paramref name="id"/> and waits for it to end.</summary>
    public Task<StepRecord> OperationAsync(string step, string? id, Func<Api.ComputeService.ComputeServiceClient, AsyncUnaryCall<Api.Operation>> call) =>
        RecordAsync(step, async () => await WaitAsync(await call(Compute)), () => ObserveAsync(id));

    /// <summary>Creates a volume on the probe's host; returns its id when the create was accepted.</summary>
    public async Task<(StepRecord Step, string? Id)> CreateVolumeAsync(string step, string name, ulong sizeGb, Api.Provisioning provisioning)
    {
        string? id = null;
        var record = await RecordAsync(step, async () =>
        {
            var op = await Volumes.CreateVolumeAsync(new Api.CreateVolumeRequest { Name = name, SizeGb = sizeGb, Provisioning = provisioning, Host = Host });
            id = op.VolumeId;
            _volumes.Add(id);
            return await WaitAsync(op);
        }, () => ObserveVolumeAsync(id));
        return (record, record.Ok ? id : null);
    }

    /// <summary>Creates a driver-wide network (synchronous); its id, or null when refused.</summary>
    public async Task<(StepRecord Step, string? Id)> CreateNetworkAsync(string step, string name, uint vlan)
    {
        string? id = null;
        var record = await ReadAsync(step, async () =>
        {
            var n = await Networks.CreateNetworkAsync(new Api.CreateNetworkRequest { Name = name, VlanId = vlan });
            id = n.Id;
            _networks.Add(id);
            return $"network {n.Name}, VLAN {n.VlanId}";
        });
        return (record, record.Ok ? id : null);
    }

    /// <summary>An instance operation observed with its volumes and interfaces (attach/detach).</summary>
    public Task<StepRecord> IoOperationAsync(string step, string id, Func<Api.ComputeService.ComputeServiceClient, AsyncUnaryCall<Api.Operation>> call) =>
        RecordAsync(step, async () => await WaitAsync(await call(Compute)), () => ObserveIoAsync(id));

    /// <summary>A call that returns a reading rather than an operation; <paramref name="read"/> says what was seen.</summary>
    public async Task<StepRecord> ReadAsync(string step, Func<Task<string>> read)
    {
        var watch = Stopwatch.StartNew();
        StepRecord record;
        try
        {
            var seen = await read();
            record = new StepRecord { Name = step, Outcome = "ok", Observed = seen, Milliseconds = watch.Elapsed.TotalMilliseconds };
        }
        catch (RpcException ex)
        {
            record = Refused(step, Refusal.From(ex), null, watch.Elapsed.TotalMilliseconds);
        }

        _steps.Add(record);
        return record;
    }

    /// <summary>The host's capabilities (HostService.GetCapabilities).</summary>
    public async Task<Api.Capabilities> CapabilitiesAsync() =>
        await Hosts.GetCapabilitiesAsync(new Api.GetCapabilitiesRequest { Host = Host });

    /// <summary>Records a capability reading: the flag, or the Unsupported reason for the feature.</summary>
    public Task<StepRecord> CapabilityAsync(string step, string feature, Func<Api.Capabilities, bool>? flag = null) =>
        ReadAsync(step, async () =>
        {
            var caps = await CapabilitiesAsync();
            var reason = UnsupportedReason(caps, feature);
            var declared = flag is null ? "no flag in Capabilities" : $"{feature}={(flag(caps) ? "true" : "false")}";
            return reason is null ? $"{declared}; not listed as unsupported" : $"{declared}; unsupported: {reason}";
        });

    /// <summary>The Unsupported reason a host gives for <paramref name="feature"/>, or null.</summary>
    /// <remarks><paramref name="feature"/> may list alternatives separated by '|' (the first one found wins).</remarks>
    public static string? UnsupportedReason(Api.Capabilities caps, string feature) =>
        feature.Split('|').Select(f => caps?.Unsupported.FirstOrDefault(u => u.Feature == f)?.Reason).FirstOrDefault(r => r is not null);

    /// <summary>
    /// Reads the platform's own description (GetNativeDescription) and records excerpts: each query is a path of element local
    /// names ("cputune/shares", "CurrentProcessingUnits") with an optional attribute ("vcpu@current"); queries the document
    /// lacks are left out, so one list serves the libvirt domain XML and the HMC LogicalPartition XML alike.
    /// </summary>
    public Task<StepRecord> NativeAsync(string id, params string[] queries) =>
        ReadAsync("native description", async () =>
        {
            var d = await Compute.GetNativeDescriptionAsync(new Api.GetNativeDescriptionRequest { Id = id });
            return $"{d.Format}: {NativeExcerpt.Read(d.Document, queries)}";
        });

    public async Task<Api.Instance> InstanceAsync(string id) => await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });

    public async Task<Api.Host> HostAsync() => await Hosts.GetHostAsync(new Api.GetHostRequest { Name = Host });

    /// <summary>What GetInstance shows: state (native state) and the allocation.</summary>
    public static string Describe(Api.Instance i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var a = i.Allocation ?? new Api.Allocation();
        var cpu = i.Spec?.Processors?.Mode == Api.ProcessorMode.Dedicated
            ? $"{a.DedicatedCores} dedicated cores, {a.VirtualProcessors} VP"
            : $"{a.VirtualProcessors} VP, {Words.Num(a.ProcessingUnits)} PU";
        var max = i.Spec?.Processors?.VirtualProcessors?.Max ?? 0;
        return $"{Words.Upper(i.State)} ({i.NativeState}): {cpu} (max {max}), {a.MemoryMb} MB (max {i.Spec?.Memory?.MaxMb ?? 0})";
    }

    /// <summary>Deletes every instance this probe created (forced), ignoring refusals.</summary>
    public async Task CleanupAsync()
    {
        // Attached volumes first: stop their instance (a live detach may be refused), then detach, so every volume can go.
        foreach (var id in _volumes)
        {
            try
            {
                var v = await Volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = id });
                if (v.InstanceId.Length == 0)
                {
                    continue;
                }

                if ((await InstanceAsync(v.InstanceId)).State is not (Api.InstanceState.Stopped or Api.InstanceState.Deleted))
                {
                    await WaitAsync(await Compute.StopInstanceAsync(new Api.StopInstanceRequest { Id = v.InstanceId, Mode = Api.StopMode.Hard }));
                }

                await WaitAsync(await Compute.DetachVolumeAsync(new Api.DetachVolumeRequest { InstanceId = v.InstanceId, VolumeId = id }));
            }
            catch (RpcException)
            {
            }
        }

        foreach (var id in _created.AsEnumerable().Reverse())
        {
            try
            {
                var i = await InstanceAsync(id);
                if (i.State is Api.InstanceState.Deleted)
                {
                    continue;
                }

                if (i.State is Api.InstanceState.ResizeVerify)
                {
                    await WaitAsync(await Compute.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id }));
                }

                await WaitAsync(await Compute.DeleteInstanceAsync(new Api.DeleteInstanceRequest { Id = id, Force = true }));
            }
            catch (RpcException)
            {
            }
        }

        foreach (var id in _volumes)
        {
            try
            {
                var v = await Volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = id });
                if (v.Status is not (Api.VolumeStatus.Deleted or Api.VolumeStatus.Deleting))
                {
                    await WaitAsync(await Volumes.DeleteVolumeAsync(new Api.DeleteVolumeRequest { Id = id }));
                }
            }
            catch (RpcException)
            {
            }
        }

        foreach (var id in _networks)
        {
            try
            {
                await Networks.DeleteNetworkAsync(new Api.DeleteNetworkRequest { Id = id });
            }
            catch (RpcException)
            {
            }
        }
    }

    public Cell Cell(Verdict verdict, string reason, Evidence evidence = Evidence.Behaviour) => new(verdict, reason, evidence, [.. _steps]);

    private async Task<StepRecord> RecordAsync(string step, Func<Task<Api.Operation>> run, Func<Task<string?>> observe)
    {
        var watch = Stopwatch.StartNew();
        StepRecord record;
        try
        {
            var done = await run();
            var ms = watch.Elapsed.TotalMilliseconds;
            var observed = await observe();
            record = done.State == Api.OperationState.Succeeded
                ? new StepRecord { Name = step, Outcome = "ok", Observed = observed, Milliseconds = ms }
                : Refused(step, Refusal.From(done.Error ?? new Google.Rpc.Status { Message = $"operation ended {done.State}" }), observed, ms);
        }
        catch (RpcException ex)
        {
            var ms = watch.Elapsed.TotalMilliseconds;
            record = Refused(step, Refusal.From(ex), await observe(), ms);
        }

        _steps.Add(record);
        return record;
    }

    private async Task<string?> ObserveVolumeAsync(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        try
        {
            return DescribeVolume(await Volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = id }));
        }
        catch (RpcException ex)
        {
            return $"GetVolume: {Words.Upper(ex.StatusCode)}";
        }
    }

    private async Task<string?> ObserveIoAsync(string id)
    {
        try
        {
            return DescribeIo(await InstanceAsync(id));
        }
        catch (RpcException ex)
        {
            return $"GetInstance: {Words.Upper(ex.StatusCode)}";
        }
    }

    /// <summary>A volume as GetVolume shows it (no platform ids).</summary>
    public static string DescribeVolume(Api.Volume v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var attached = v.Attachment is { } a && v.InstanceId.Length > 0 ? $", attached as {Words.Upper(a.Kind)} {a.Device}" : "";
        return $"{Words.Upper(v.Status)}: {v.SizeGb} GB {Words.Upper(v.Provisioning)}{attached}";
    }

    /// <summary>An instance's state with its volume attachments and interfaces (no MACs or platform ids).</summary>
    public static string DescribeIo(Api.Instance i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var volumes = i.Volumes.Count == 0 ? "no volumes" : "volumes: " + string.Join(", ", i.Volumes.Select(v => $"{Words.Upper(v.Kind)} {v.Device}"));
        var nics = i.Interfaces.Count == 0 ? "no interfaces" : "interfaces: " + string.Join(", ", i.Interfaces.Select(n => $"VLAN {n.VlanId} {n.Device}"));
        return $"{Words.Upper(i.State)} ({i.NativeState}); {volumes}; {nics}";
    }

    private async Task<string?> ObserveAsync(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        try
        {
            return Describe(await InstanceAsync(id));
        }
        catch (RpcException ex)
        {
            return $"GetInstance: {Words.Upper(ex.StatusCode)}";
        }
    }

    private static StepRecord Refused(string step, Refusal r, string? observed, double ms) => new()
    {
        Name = step,
        Outcome = "refused",
        Code = r.Code,
        Reason = r.Reason,
        Facts = r.Facts,
        Message = r.Message,
        Observed = observed,
        Milliseconds = ms,
    };

    private async Task<Api.Operation> WaitAsync(Api.Operation op)
    {
        using var cts = new CancellationTokenSource(OperationTimeout);
        using var call = Compute.WatchOperation(new Api.WatchOperationRequest { Id = op.Id }, cancellationToken: cts.Token);
        var last = op;
        while (await call.ResponseStream.MoveNext(cts.Token))
        {
            last = call.ResponseStream.Current;
        }

        return last;
    }
}
