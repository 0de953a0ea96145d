namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>Reads a SharedProcessorPool feed into (pool ID, pool name) pairs.</summary>
internal static class SharedProcessorPoolXml
{
    public static IReadOnlyList<(int Id, string Name)> ReadAll(string body) =>
        [.. Uom.Objects(Uom.Parse(body), "SharedProcessorPool").Select(o => (o.Element.Int("PoolID") ?? -1, o.Element.Str("PoolName") ?? ""))];
}
