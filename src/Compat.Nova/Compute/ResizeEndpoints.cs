using System.Text.Json.Nodes;
using Grpc.Core;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// resize / confirmResize / revertResize. The new flavor is mapped to a processor and memory spec for the instance's
/// host (<see cref="FlavorSpecMapper"/>); the flavor ids live in the instance metadata (current and, until confirmed
/// or reverted, the old one).
/// </summary>
internal static class ResizeEndpoints
{
    private static readonly TimeSpan StepWait = TimeSpan.FromSeconds(30);

    public static async Task ResizeAsync(ComputeContext c, Api.Instance instance, JsonObject args)
    {
        var flavorRef = Wire.String(args, "flavorRef") ?? (args["flavorRef"] is JsonValue v ? v.ToString() : null)
            ?? throw NovaFault.BadRequest("Invalid input for field/attribute resize. 'flavorRef' is a required property");
        var flavor = c.Service<FlavorStore>().Find(flavorRef);
        if (flavor is null || !flavor.VisibleTo(c.Token.Project.Id, c.Token.IsAdmin))
        {
            throw NovaFault.BadRequest($"Unable to find flavor '{flavorRef}'");
        }

        var oldFlavor = NovaMetadata.Get(instance, NovaMetadata.FlavorId);
        if (oldFlavor == flavor.Id)
        {
            throw NovaFault.BadRequest("When resizing, instances must change flavor!");
        }

        await ServerActionEndpoints.CheckStateAsync(c, instance, "resize", ["active", "stopped"]).ConfigureAwait(false);
        var hosts = await c.HostsAsync().ConfigureAwait(false);
        var host = hosts.GetValueOrDefault(instance.Host) ?? throw NovaFault.Conflict($"Compute service of {instance.Host} is unavailable at this time.");
        var (processors, memory) = KeepRanges(FlavorSpecMapper.Map(flavor, host), instance.Spec);

        // Record the flavors first: metadata cannot change while the resize operation runs.
        await SetFlavorsAsync(c, instance.Id, flavor.Id, oldFlavor, restart: false).ConfigureAwait(false);
        try
        {
            await ResizeOnceAsync(c, instance.Id, processors, memory).ConfigureAwait(false);
        }
        catch (RpcException ex) when (instance.State == Api.InstanceState.Running && Reason(ex) == "REQUIRES_STOPPED")
        {
            // The backend cannot make this change live: do what Nova's resize does (power off, resize, and power on
            // again once the resize is confirmed or reverted).
            try
            {
                var stop = await c.Driver.Compute.StopInstanceAsync(
                    new Api.StopInstanceRequest { Id = instance.Id, Mode = Api.StopMode.Hard, RequestId = c.RequestId + "-stop" }, cancellationToken: c.Aborted).ConfigureAwait(false);
                await c.Driver.WaitAsync(stop, StepWait, c.Aborted).ConfigureAwait(false);
                await SetFlavorsAsync(c, instance.Id, flavor.Id, oldFlavor, restart: true).ConfigureAwait(false);
                await ResizeOnceAsync(c, instance.Id, processors, memory).ConfigureAwait(false);
            }
            catch (RpcException again)
            {
                await SetFlavorsAsync(c, instance.Id, oldFlavor, null, restart: false).ConfigureAwait(false);
                throw NovaFault.FromRpc(again, instance.Id);
            }
        }
        catch (RpcException ex)
        {
            await SetFlavorsAsync(c, instance.Id, oldFlavor, null, restart: false).ConfigureAwait(false);
            throw ex.StatusCode == StatusCode.FailedPrecondition
                ? await ServerActionEndpoints.StateConflictAsync(c, instance.Id, "resize", ex).ConfigureAwait(false)
                : NovaFault.FromRpc(ex, instance.Id);
        }

        await Wire.WriteAsync(c.Http, 202, null).ConfigureAwait(false);
    }

    private static async Task ResizeOnceAsync(ComputeContext c, string id, Api.ProcessorSpec processors, Api.MemorySpec memory)
    {
        var op = await c.Driver.Compute.ResizeInstanceAsync(
            new Api.ResizeInstanceRequest { Id = id, Processors = processors, Memory = memory, RequestId = c.RequestId }, cancellationToken: c.Aborted).ConfigureAwait(false);
        c.RecordAction("resize", id, op.Id);
    }

    private static string Reason(RpcException ex)
    {
        var entry = ex.Trailers.Get("grpc-status-details-bin");
        if (entry is null || !entry.IsBinary)
        {
            return "";
        }

        var info = Google.Rpc.Status.Parser.ParseFrom(entry.ValueBytes).Details
            .Where(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Select(d => d.Unpack<Google.Rpc.ErrorInfo>()).FirstOrDefault();
        return info?.Reason ?? "";
    }

    /// <summary>Powers the instance on again when the front powered it off for an offline resize.</summary>
    private static async Task RestartIfStoppedForResizeAsync(ComputeContext c, Api.Instance before)
    {
        if (NovaMetadata.Get(before, NovaMetadata.ResizeRestart) != "1")
        {
            return;
        }

        try
        {
            await c.Driver.Compute.StartInstanceAsync(new Api.StartInstanceRequest { Id = before.Id, RequestId = c.RequestId + "-start" }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw NovaFault.FromRpc(ex, before.Id);
        }
    }

    public static async Task ConfirmAsync(ComputeContext c, Api.Instance instance)
    {
        var op = await ServerActionEndpoints.SimpleAsync(c, instance, "confirmResize", ["resized"],
            id => c.Driver.Compute.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
        await c.Driver.WaitAsync(op, StepWait, c.Aborted).ConfigureAwait(false);
        await SetFlavorsAsync(c, instance.Id, NovaMetadata.Get(instance, NovaMetadata.FlavorId), null, restart: false).ConfigureAwait(false);
        await RestartIfStoppedForResizeAsync(c, instance).ConfigureAwait(false);
        await Wire.WriteAsync(c.Http, 204, null).ConfigureAwait(false);
    }

    public static async Task RevertAsync(ComputeContext c, Api.Instance instance)
    {
        var op = await ServerActionEndpoints.SimpleAsync(c, instance, "revertResize", ["resized"],
            id => c.Driver.Compute.RevertResizeAsync(new Api.RevertResizeRequest { Id = id, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
        await c.Driver.WaitAsync(op, StepWait, c.Aborted).ConfigureAwait(false);
        var old = NovaMetadata.Get(instance, NovaMetadata.OldFlavorId);
        await SetFlavorsAsync(c, instance.Id, old.Length > 0 ? old : NovaMetadata.Get(instance, NovaMetadata.FlavorId), null, restart: false).ConfigureAwait(false);
        await RestartIfStoppedForResizeAsync(c, instance).ConfigureAwait(false);
        await Wire.WriteAsync(c.Http, 202, null).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps the instance's current minima, maxima, mode and topology when the new desired values fit inside them, so
    /// a resize stays live where the backend can change a running instance (DLPAR within min/max, hot plug up to max).
    /// </summary>
    private static (Api.ProcessorSpec, Api.MemorySpec) KeepRanges((Api.ProcessorSpec Processors, Api.MemorySpec Memory) next, Api.InstanceSpec current)
    {
        var (p, m) = next;
        if (current.Processors is { } cp && cp.Mode == p.Mode && cp.VirtualProcessors is { } vp
            && p.VirtualProcessors.Desired >= vp.Min && p.VirtualProcessors.Desired <= vp.Max
            && (p.ProcessingUnits is null || (cp.ProcessingUnits is { } u && p.ProcessingUnits.Desired >= u.Min && p.ProcessingUnits.Desired <= u.Max)))
        {
            var kept = cp.Clone();
            kept.VirtualProcessors.Desired = p.VirtualProcessors.Desired;
            if (p.ProcessingUnits is not null)
            {
                kept.ProcessingUnits.Desired = p.ProcessingUnits.Desired;
            }

            p = kept;
        }

        if (current.Memory is { } cm && m.DesiredMb >= cm.MinMb && m.DesiredMb <= cm.MaxMb)
        {
            var kept = cm.Clone();
            kept.DesiredMb = m.DesiredMb;
            m = kept;
        }

        return (p, m);
    }

    private static async Task SetFlavorsAsync(ComputeContext c, string id, string current, string? old, bool restart)
    {
        var now = await c.Driver.FindAsync(id, c.Aborted).ConfigureAwait(false) ?? throw NovaFault.ServerNotFound(id);
        var metadata = new Dictionary<string, string>(now.Spec.Metadata, StringComparer.Ordinal) { [NovaMetadata.FlavorId] = current };
        metadata.Remove(NovaMetadata.OldFlavorId);
        metadata.Remove(NovaMetadata.ResizeRestart);
        if (restart)
        {
            metadata[NovaMetadata.ResizeRestart] = "1";
        }

        if (old is not null)
        {
            metadata[NovaMetadata.OldFlavorId] = old;
        }

        var request = new Api.UpdateInstanceRequest { Id = id, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "metadata" } } };
        request.Metadata.Add(metadata);
        try
        {
            await c.Driver.Compute.UpdateInstanceAsync(request, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw NovaFault.FromRpc(ex, id);
        }
    }
}
