using System.Security.Cryptography;
using System.Text;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Identity;

/// <summary>A project as Keystone shows it.</summary>
internal sealed record Project(string Id, string Name);

/// <summary>A user with its project and roles.</summary>
internal sealed record User(string Id, string Name, string Password, Project Project, IReadOnlyList<string> Roles);

/// <summary>The users, projects and roles of the configuration (all in domain "default"), with a default admin and member.</summary>
internal sealed class IdentityDirectory
{
    public const string DomainId = "default";
    public const string DomainName = "Default";

    private readonly Dictionary<string, Project> _projects;
    private readonly List<User> _users;

    public IdentityDirectory(NovaOptions options)
    {
        var projects = options.Projects.Count > 0
            ? options.Projects
            : [new ProjectOptions { Name = "admin" }, new ProjectOptions { Name = "demo" }];
        _projects = projects.Select(p => new Project(p.Id.Length > 0 ? p.Id : StableId("project", p.Name), p.Name))
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
        var users = options.Users.Count > 0
            ? options.Users
            :
            [
                new UserOptions { Name = "admin", Password = "admin", Project = "admin", Roles = ["admin", "member", "reader"] },
                new UserOptions { Name = "demo", Password = "demo", Project = "demo", Roles = ["member", "reader"] },
            ];
        _users = [];
        foreach (var u in users)
        {
            if (!_projects.TryGetValue(u.Project, out var project))
            {
                throw new InvalidOperationException($"Driver:Nova:Users: user '{u.Name}' names unknown project '{u.Project}'");
            }

            _users.Add(new User(u.Id.Length > 0 ? u.Id : StableId("user", u.Name), u.Name, u.Password, project, u.Roles.Count > 0 ? u.Roles : ["member"]));
        }
    }

    public IEnumerable<Project> Projects => _projects.Values;

    public User? FindUser(string? id, string? name) =>
        _users.FirstOrDefault(u => (id is not null && u.Id == id) || (id is null && u.Name == name));

    public Project? FindProject(string? id, string? name) =>
        _projects.Values.FirstOrDefault(p => (id is not null && p.Id == id) || (id is null && p.Name == name));

    /// <summary>A role's id: stable across restarts so tokens and catalogs look the same.</summary>
    public static string RoleId(string role) => StableId("role", role);

    /// <summary>A 32-hex-digit id derived from a kind and a name (Keystone ids are uuid4 hex).</summary>
    public static string StableId(string kind, string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + name)))[..32];
}
