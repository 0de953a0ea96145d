using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Image;

/// <summary>An image of the catalogue.</summary>
internal sealed record CatalogImage(string Id, string Name, string OsType, string Architecture, int MinDiskGb, int MinRamMb, long SizeBytes);

/// <summary>The images Glance lists, from configuration (metadata only: the driver boots by image reference).</summary>
internal sealed class ImageCatalog
{
    public ImageCatalog(NovaOptions options)
    {
        var images = options.Images.Count > 0
            ? options.Images
            :
            [
                new ImageOptions { Id = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01", Name = "ubuntu-16.04-ppc64el", OsType = "linux", Architecture = "ppc64le", MinDiskGb = 10 },
                new ImageOptions { Id = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e02", Name = "rhel-7.3-ppc64", OsType = "linux", Architecture = "ppc64", MinDiskGb = 10 },
                new ImageOptions { Id = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e03", Name = "aix-7.2", OsType = "aix", Architecture = "ppc64", MinDiskGb = 20 },
            ];
        Images = images.Select(i => new CatalogImage(i.Id.Length > 0 ? i.Id : Guid.NewGuid().ToString(), i.Name, i.OsType, i.Architecture, i.MinDiskGb, i.MinRamMb, i.SizeBytes)).ToList();
    }

    public IReadOnlyList<CatalogImage> Images { get; }

    public CatalogImage? Find(string id) => Images.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));
}
