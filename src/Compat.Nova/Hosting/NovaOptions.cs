namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>
/// The Nova front's configuration (section "Driver:Nova"): where it listens, the identities Keystone knows,
/// the images Glance lists and the flavors Nova starts with. Defaults give a working single-region stack.
/// </summary>
public sealed class NovaOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Driver:Nova";

    /// <summary>Serve the REST front at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address to bind (HTTP/1.1, no TLS).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Port of Nova, Keystone (/v3, /identity) and Glance (/image); 0 = any free port.</summary>
    public int Port { get; set; } = 8774;

    /// <summary>The driver's gRPC address the front calls; empty = the serving process's own gRPC endpoint.</summary>
    public string DriverUrl { get; set; } = "";

    /// <summary>Base URL put in the catalog and links; empty = taken from each request's Host header.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>The region of every catalog endpoint.</summary>
    public string Region { get; set; } = "RegionOne";

    /// <summary>Token lifetime, minutes.</summary>
    public int TokenLifetimeMinutes { get; set; } = 60;

    /// <summary>Where keypairs are kept (keypairs.json); empty = in memory only.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Projects; the default is one project "admin" and one project "demo".</summary>
    public List<ProjectOptions> Projects { get; set; } = [];

    /// <summary>Users; the default is admin/admin (role admin in project admin) and demo/demo (role member in project demo).</summary>
    public List<UserOptions> Users { get; set; } = [];

    /// <summary>Images Glance lists; empty = the built-in POWER Linux/AIX images.</summary>
    public List<ImageOptions> Images { get; set; } = [];

    /// <summary>Flavors Nova starts with; empty = m1.tiny … m1.xlarge.</summary>
    public List<FlavorOptions> Flavors { get; set; } = [];

    /// <summary>Absolute limits reported by limits and os-quota-sets.</summary>
    public QuotaOptions Quotas { get; set; } = new();

    /// <summary>How Neutron networks look and where new ones get their VLAN.</summary>
    public NeutronOptions Neutron { get; set; } = new();
}

/// <summary>The Neutron front's network model: every network is a VLAN of one physical network.</summary>
public sealed class NeutronOptions
{
    /// <summary>The physical network every VLAN is on (<c>provider:physical_network</c>).</summary>
    public string PhysicalNetwork { get; set; } = "default";

    /// <summary>Lowest VLAN a network created without <c>provider:segmentation_id</c> gets.</summary>
    public int TenantVlanMin { get; set; } = 1000;

    /// <summary>Highest VLAN a network created without <c>provider:segmentation_id</c> gets.</summary>
    public int TenantVlanMax { get; set; } = 1999;

    /// <summary>The MTU networks report.</summary>
    public int Mtu { get; set; } = 1500;
}

/// <summary>A Keystone project (domain "default").</summary>
public sealed class ProjectOptions
{
    /// <summary>Project id; empty = derived from the name.</summary>
    public string Id { get; set; } = "";

    /// <summary>Project name.</summary>
    public string Name { get; set; } = "";
}

/// <summary>A Keystone user with one role in one project (domain "default").</summary>
public sealed class UserOptions
{
    /// <summary>User id; empty = derived from the name.</summary>
    public string Id { get; set; } = "";

    /// <summary>User name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Password (plain: this is a development front on loopback).</summary>
    public string Password { get; set; } = "";

    /// <summary>The project name the user has its role in.</summary>
    public string Project { get; set; } = "";

    /// <summary>Roles: "admin" gates admin APIs; "member"/"reader" are ordinary users.</summary>
    public List<string> Roles { get; set; } = [];
}

/// <summary>A Glance image (metadata only: the driver boots by reference).</summary>
public sealed class ImageOptions
{
    /// <summary>Image id (UUID).</summary>
    public string Id { get; set; } = "";

    /// <summary>Image name.</summary>
    public string Name { get; set; } = "";

    /// <summary>"linux", "aix" or "ibmi".</summary>
    public string OsType { get; set; } = "linux";

    /// <summary>"ppc64le" (little endian) or "ppc64" (big endian).</summary>
    public string Architecture { get; set; } = "ppc64le";

    /// <summary>Minimum disk, GB.</summary>
    public int MinDiskGb { get; set; }

    /// <summary>Minimum RAM, MB.</summary>
    public int MinRamMb { get; set; }

    /// <summary>Size in bytes (reported only).</summary>
    public long SizeBytes { get; set; } = 1073741824;
}

/// <summary>A flavor.</summary>
public sealed class FlavorOptions
{
    /// <summary>Flavor id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Flavor name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Virtual CPUs.</summary>
    public int Vcpus { get; set; } = 1;

    /// <summary>Memory, MB.</summary>
    public int RamMb { get; set; } = 2048;

    /// <summary>Root disk, GB.</summary>
    public int DiskGb { get; set; }

    /// <summary>Extra specs (powervm:*, hw:*, capabilities:hypervisor_type).</summary>
    public Dictionary<string, string> ExtraSpecs { get; set; } = [];
}

/// <summary>Per-project absolute limits.</summary>
public sealed class QuotaOptions
{
    /// <summary>Instances.</summary>
    public int Instances { get; set; } = 50;

    /// <summary>vCPUs.</summary>
    public int Cores { get; set; } = 200;

    /// <summary>RAM, MB.</summary>
    public int RamMb { get; set; } = 1048576;

    /// <summary>Keypairs per user.</summary>
    public int KeyPairs { get; set; } = 100;

    /// <summary>Metadata items per server.</summary>
    public int MetadataItems { get; set; } = 100;
}
