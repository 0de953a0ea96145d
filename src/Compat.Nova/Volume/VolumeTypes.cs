using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Identity;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Volume;

/// <summary>The two volume types: <c>thin</c> (the default) and <c>thick</c>, i.e. the driver's provisioning.</summary>
internal static class VolumeTypes
{
    public const string Thin = "thin";
    public const string Thick = "thick";

    public static string Id(string name) => new Guid(IdentityDirectory.StableId("volume-type", name)).ToString();

    public static string Name(Api.Provisioning provisioning) => provisioning == Api.Provisioning.Thick ? Thick : Thin;

    /// <summary>The provisioning for a type given by name or id; null when there is no such type.</summary>
    public static Api.Provisioning? Find(string nameOrId) => nameOrId switch
    {
        _ when nameOrId == Thin || nameOrId == Id(Thin) => Api.Provisioning.Thin,
        _ when nameOrId == Thick || nameOrId == Id(Thick) => Api.Provisioning.Thick,
        _ => null,
    };

    public static JsonObject Body(string name) => new()
    {
        ["id"] = Id(name),
        ["name"] = name,
        ["description"] = name == Thin ? "Space is consumed as the guest writes" : "All space is reserved at creation",
        ["is_public"] = true,
        ["os-volume-type-access:is_public"] = true,
        ["extra_specs"] = new JsonObject { ["provisioning:type"] = name },
        ["qos_specs_id"] = null,
    };
}
