using Google.Protobuf.WellKnownTypes;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Storage;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Mapping;

/// <summary>Volumes, networks, attachments and host I/O views between the core records and the v1 messages.</summary>
internal static class VirtualIoMapper
{
    public static Api.Volume ToProto(VolumeRecord v, VolumeAttachment? attachment)
    {
        var pb = new Api.Volume
        {
            Id = v.Id.ToString(),
            Name = v.Name,
            SizeGb = (ulong)v.SizeGb,
            Provisioning = (Api.Provisioning)(int)v.Provisioning,
            Host = v.Host,
            Backend = v.Backend,
            Status = (Api.VolumeStatus)(int)v.Status,
            NativeId = v.NativeId,
            InstanceId = v.InstanceId?.ToString() ?? "",
            Fault = v.Fault,
            CreateTime = Timestamp.FromDateTimeOffset(v.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(v.UpdatedAt),
            ActiveOperationId = v.ActiveOperationId?.ToString() ?? "",
        };
        pb.Metadata.AddAll(v.Metadata);
        if (attachment is not null)
        {
            pb.Attachment = ToProto(attachment);
        }

        return pb;
    }

    public static Api.VolumeAttachment ToProto(VolumeAttachment a)
    {
        var pb = new Api.VolumeAttachment { VolumeId = a.VolumeId.ToString(), Kind = (Api.AttachmentKind)(int)a.Kind, Device = a.Device };
        pb.Native.AddAll(a.Native);
        return pb;
    }

    public static Api.NetworkInterface ToProto(InterfaceAttachment i)
    {
        var pb = new Api.NetworkInterface
        {
            Id = i.Id.ToString(),
            NetworkId = i.NetworkId.ToString(),
            VlanId = (uint)i.VlanId,
            MacAddress = i.MacAddress,
            Device = i.Device,
        };
        pb.Native.AddAll(i.Native);
        return pb;
    }

    public static Api.Network ToProto(NetworkRecord n) => new()
    {
        Id = n.Id.ToString(),
        Name = n.Name,
        VlanId = (uint)n.VlanId,
        CreateTime = Timestamp.FromDateTimeOffset(n.CreatedAt),
    };

    public static Provisioning Provisioning(Api.Provisioning p) => p switch
    {
        Api.Provisioning.Unspecified or Api.Provisioning.Thin => Core.Model.Provisioning.Thin,
        Api.Provisioning.Thick => Core.Model.Provisioning.Thick,
        _ => throw new InvalidSpecError("provisioning", $"unknown provisioning {(int)p}"),
    };

    public static AttachmentKind? Kind(Api.AttachmentKind k) => k switch
    {
        Api.AttachmentKind.Unspecified => null,
        _ when System.Enum.IsDefined((AttachmentKind)(int)k) => (AttachmentKind)(int)k,
        _ => throw new InvalidSpecError("kind", $"unknown attachment kind {(int)k}"),
    };

    public static Api.HostIo ToProto(string host, HostIo io)
    {
        var pb = new Api.HostIo { Host = host };
        pb.Servers.Add(io.Servers.Select(s => new Api.IoServer { Name = s.Name, Id = s.Id, Role = s.Role, State = s.State }));
        foreach (var a in io.Adapters)
        {
            var adapter = new Api.IoAdapter { Server = a.Server, Location = a.Location, Kind = a.Kind, Description = a.Description };
            adapter.Ports.Add(a.Ports.Select(p => new Api.IoPort
            {
                Name = p.Name,
                Wwpn = p.Wwpn,
                Npiv = p.Npiv,
                NpivClients = (uint)p.NpivClients,
                NpivMaxClients = (uint)p.NpivMaxClients,
            }));
            pb.Adapters.Add(adapter);
        }

        foreach (var m in io.Mappings)
        {
            var mapping = new Api.IoMapping
            {
                Kind = m.Kind,
                Server = m.Server,
                ServerAdapter = m.ServerAdapter,
                Client = m.Client,
                ClientAdapter = m.ClientAdapter,
                Backing = m.Backing,
                State = m.State,
            };
            mapping.Wwpns.Add(m.Wwpns);
            pb.Mappings.Add(mapping);
        }

        foreach (var b in io.Bridges)
        {
            var bridge = new Api.IoBridge { Name = b.Name, Server = b.Server, Active = b.Active, Priority = (uint)b.Priority };
            bridge.PhysicalPorts.Add(b.PhysicalPorts);
            bridge.Vlans.Add(b.Vlans.Select(v => (uint)v));
            pb.Bridges.Add(bridge);
        }

        return pb;
    }
}
