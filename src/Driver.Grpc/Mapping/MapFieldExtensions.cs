using Google.Protobuf.Collections;

namespace PowerDrivers.Driver.Grpc.Mapping;

internal static class MapFieldExtensions
{
    public static void AddAll(this MapField<string, string> map, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (k, v) in values)
        {
            map[k] = v;
        }
    }
}
