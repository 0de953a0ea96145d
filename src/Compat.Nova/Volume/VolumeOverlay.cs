using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Volume;

/// <summary>A volume's Cinder name and description after an update (the driver's volume has no update RPC).</summary>
internal sealed record VolumeRename(string? Name, string? Description);

/// <summary>
/// Cinder updates of volume names and descriptions, kept by the front in <c>cinder-volumes.json</c> under the data
/// directory (in memory without one): the driver records a volume's name at creation and offers no rename.
/// </summary>
internal sealed class VolumeOverlay(string dataDirectory)
{
    private readonly StateFile<Dictionary<string, VolumeRename>> _file = new(dataDirectory, "cinder-volumes.json");

    public VolumeRename? Find(string volumeId) => _file.Read(d => d.TryGetValue(volumeId, out var r) ? r : null);

    public void Set(string volumeId, VolumeRename rename) => _file.Change(d =>
    {
        d[volumeId] = rename;
        return true;
    });

    public void Forget(string volumeId) => _file.Change(d => d.Remove(volumeId));
}
