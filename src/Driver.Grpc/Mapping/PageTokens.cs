using System.Buffers.Binary;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Grpc.Mapping;

/// <summary>Opaque page tokens: the (time, id) position of the last item, base64url-encoded.</summary>
internal static class PageTokens
{
    public static string Encode(PageCursor? cursor)
    {
        if (cursor is null)
        {
            return "";
        }

        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, cursor.Time.UtcTicks);
        cursor.Id.TryWriteBytes(bytes[8..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static PageCursor? Decode(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            var bytes = Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '='));
            if (bytes.Length != 24)
            {
                throw new FormatException();
            }

            return new PageCursor(new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(bytes), TimeSpan.Zero), new Guid(bytes.AsSpan(8)));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new InvalidSpecError("page_token", "is not a token returned by this API");
        }
    }
}
