namespace PowerDrivers.Driver.Core.Model;

/// <summary>The guest operating system.</summary>
/// <param name="OsType">OS family.</param>
/// <param name="Endianness">Byte order.</param>
/// <param name="BootImage">Image reference; may be empty.</param>
public sealed record GuestSpec(OsType OsType = OsType.Linux, Endianness Endianness = Endianness.Little, string BootImage = "")
{
    /// <summary>A little-endian Linux guest with no image.</summary>
    public static GuestSpec Default { get; } = new();
}
