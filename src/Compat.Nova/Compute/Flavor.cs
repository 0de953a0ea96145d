namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>A Nova flavor: size plus extra specs that pick backend behaviour.</summary>
internal sealed class Flavor
{
    private readonly Dictionary<string, string> _extraSpecs;
    private readonly HashSet<string> _projects = new(StringComparer.Ordinal);

    public Flavor(string id, string name, int vcpus, int ramMb, int diskGb, bool isPublic, IReadOnlyDictionary<string, string> extraSpecs)
    {
        Id = id;
        Name = name;
        Vcpus = vcpus;
        RamMb = ramMb;
        DiskGb = diskGb;
        IsPublic = isPublic;
        _extraSpecs = new Dictionary<string, string>(extraSpecs, StringComparer.Ordinal);
    }

    public string Id { get; }

    public string Name { get; }

    public int Vcpus { get; }

    public int RamMb { get; }

    public int DiskGb { get; }

    public bool IsPublic { get; }

    /// <summary>A copy of the extra specs.</summary>
    public IReadOnlyDictionary<string, string> ExtraSpecs
    {
        get
        {
            lock (_extraSpecs)
            {
                return new Dictionary<string, string>(_extraSpecs, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Projects given access to a private flavor.</summary>
    public IReadOnlyList<string> Projects
    {
        get
        {
            lock (_projects)
            {
                return _projects.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    public void SetExtraSpecs(IReadOnlyDictionary<string, string> specs)
    {
        lock (_extraSpecs)
        {
            foreach (var (k, v) in specs)
            {
                _extraSpecs[k] = v;
            }
        }
    }

    public bool RemoveExtraSpec(string key)
    {
        lock (_extraSpecs)
        {
            return _extraSpecs.Remove(key);
        }
    }

    public bool AddProject(string project)
    {
        lock (_projects)
        {
            return _projects.Add(project);
        }
    }

    public bool RemoveProject(string project)
    {
        lock (_projects)
        {
            return _projects.Remove(project);
        }
    }

    public bool VisibleTo(string project, bool admin)
    {
        if (IsPublic || admin)
        {
            return true;
        }

        lock (_projects)
        {
            return _projects.Contains(project);
        }
    }
}
