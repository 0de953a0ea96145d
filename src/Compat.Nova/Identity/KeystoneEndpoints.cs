using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Identity;

/// <summary>
/// Minimal Keystone v3 at <c>/v3</c> and <c>/identity/v3</c>: version documents, password and token
/// authentication, token validation and revocation. Every user is in domain "default".
/// </summary>
internal static class KeystoneEndpoints
{
    private static readonly string[] Interfaces = ["public", "internal", "admin"];

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "", "/identity" })
        {
            if (prefix.Length > 0)
            {
                app.MapGet(prefix, Versions);
            }

            app.MapGet(prefix + "/v3", Version);
            app.MapPost(prefix + "/v3/auth/tokens", IssueAsync);
            app.MapGet(prefix + "/v3/auth/tokens", ValidateAsync);
            app.MapMethods(prefix + "/v3/auth/tokens", ["HEAD"], ValidateAsync);
            app.MapDelete(prefix + "/v3/auth/tokens", Revoke);
            app.MapGet(prefix + "/v3/auth/projects", Projects);
            app.MapGet(prefix + "/v3/projects", Projects);
        }
    }

    private static JsonObject VersionBody(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<NovaOptions>();
        var root = Wire.BaseUrl(context, options) + (context.Request.Path.StartsWithSegments("/identity", StringComparison.Ordinal) ? "/identity" : "");
        return new JsonObject
        {
            ["id"] = "v3.14",
            ["status"] = "stable",
            ["updated"] = "2020-04-07T00:00:00Z",
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = root + "/v3/" }),
            ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.identity-v3+json" }),
        };
    }

    private static Task Versions(HttpContext context) =>
        Wire.WriteAsync(context, 300, new JsonObject { ["versions"] = new JsonObject { ["values"] = new JsonArray(VersionBody(context)) } });

    private static Task Version(HttpContext context) => Wire.WriteAsync(context, 200, new JsonObject { ["version"] = VersionBody(context) });

    private static async Task IssueAsync(HttpContext context)
    {
        var directory = context.RequestServices.GetRequiredService<IdentityDirectory>();
        var tokens = context.RequestServices.GetRequiredService<TokenStore>();
        var auth = await Wire.ReadRequiredAsync(context, "auth").ConfigureAwait(false);
        var identity = auth["identity"] as JsonObject ?? throw KeystoneFault(400, "Bad Request", "Expecting to find identity in auth.");
        var methods = (identity["methods"] as JsonArray)?.Select(m => m?.GetValue<string>() ?? "").ToList() ?? [];
        User user;
        if (methods.Contains("password") && identity["password"]?["user"] is JsonObject pw)
        {
            var found = directory.FindUser(Wire.String(pw, "id"), Wire.String(pw, "name"));
            if (found is null || found.Password != Wire.String(pw, "password"))
            {
                throw KeystoneFault(401, "Unauthorized", "The request you have made requires authentication.");
            }

            user = found;
        }
        else if (methods.Contains("token") && identity["token"] is JsonObject tk)
        {
            user = tokens.Validate(Wire.String(tk, "id"))?.User ?? throw KeystoneFault(401, "Unauthorized", "The request you have made requires authentication.");
        }
        else
        {
            throw KeystoneFault(400, "Bad Request", "Expecting the password or token method with its credentials.");
        }

        var project = user.Project;
        if (auth["scope"]?["project"] is JsonObject scope)
        {
            project = directory.FindProject(Wire.String(scope, "id"), Wire.String(scope, "name"))
                ?? throw KeystoneFault(401, "Unauthorized", "The request you have made requires authentication.");
            if (project != user.Project)
            {
                throw KeystoneFault(401, "Unauthorized", $"User {user.Id} has no access to project {project.Id}");
            }
        }

        var token = tokens.Issue(user, project, methods);
        context.Response.Headers["X-Subject-Token"] = token.Id;
        await Wire.WriteAsync(context, 201, TokenBody(context, token)).ConfigureAwait(false);
    }

    private static async Task ValidateAsync(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<TokenStore>();
        var subject = tokens.Validate(context.Request.Headers["X-Subject-Token"].ToString())
            ?? throw KeystoneFault(404, "Not Found", "Could not find token.");
        context.Response.Headers["X-Subject-Token"] = subject.Id;
        await Wire.WriteAsync(context, 200, HttpMethods.IsHead(context.Request.Method) ? null : TokenBody(context, subject)).ConfigureAwait(false);
    }

    private static Task Revoke(HttpContext context)
    {
        context.RequestServices.GetRequiredService<TokenStore>().Revoke(context.Request.Headers["X-Subject-Token"].ToString());
        return Wire.WriteAsync(context, 204, null);
    }

    private static Task Projects(HttpContext context)
    {
        var token = RequestState.Of(context).Token!;
        var options = context.RequestServices.GetRequiredService<NovaOptions>();
        var self = Wire.BaseUrl(context, options) + context.Request.Path;
        return Wire.WriteAsync(context, 200, new JsonObject
        {
            ["projects"] = new JsonArray(ProjectBody(context, token.Project)),
            ["links"] = new JsonObject { ["self"] = self, ["previous"] = null, ["next"] = null },
        });
    }

    private static JsonObject ProjectBody(HttpContext context, Project p) => new()
    {
        ["id"] = p.Id,
        ["name"] = p.Name,
        ["domain_id"] = IdentityDirectory.DomainId,
        ["description"] = "",
        ["enabled"] = true,
        ["parent_id"] = IdentityDirectory.DomainId,
        ["is_domain"] = false,
        ["tags"] = new JsonArray(),
        ["options"] = new JsonObject(),
        ["links"] = new JsonObject { ["self"] = Wire.BaseUrl(context, context.RequestServices.GetRequiredService<NovaOptions>()) + "/v3/projects/" + p.Id },
    };

    private static JsonObject Domain() => new() { ["id"] = IdentityDirectory.DomainId, ["name"] = IdentityDirectory.DomainName };

    /// <summary>The token body Keystone returns, with the catalog of this stack.</summary>
    public static JsonObject TokenBody(HttpContext context, Token token)
    {
        var options = context.RequestServices.GetRequiredService<NovaOptions>();
        var body = new JsonObject
        {
            ["methods"] = new JsonArray(token.Methods.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["user"] = new JsonObject { ["domain"] = Domain(), ["id"] = token.User.Id, ["name"] = token.User.Name, ["password_expires_at"] = null },
            ["audit_ids"] = new JsonArray(token.AuditId),
            ["expires_at"] = Wire.KeystoneTime(token.ExpiresAt),
            ["issued_at"] = Wire.KeystoneTime(token.IssuedAt),
            ["project"] = new JsonObject { ["domain"] = Domain(), ["id"] = token.Project.Id, ["name"] = token.Project.Name },
            ["is_domain"] = false,
            ["roles"] = new JsonArray(token.Roles.Select(r => (JsonNode?)new JsonObject { ["id"] = IdentityDirectory.RoleId(r), ["name"] = r }).ToArray()),
            ["catalog"] = Catalog(Wire.BaseUrl(context, options), options.Region, token.Project.Id),
        };
        return new JsonObject { ["token"] = body };
    }

    private static JsonArray Catalog(string root, string region, string projectId)
    {
        static JsonObject Service(string type, string name, string url, string region) => new()
        {
            ["endpoints"] = new JsonArray(Interfaces.Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = IdentityDirectory.StableId("endpoint", type + "/" + i),
                ["interface"] = i,
                ["region_id"] = region,
                ["url"] = url,
                ["region"] = region,
            }).ToArray()),
            ["id"] = IdentityDirectory.StableId("service", type),
            ["type"] = type,
            ["name"] = name,
        };

        return
        [
            Service("compute", "nova", root + "/v2.1", region),
            Service("identity", "keystone", root + "/identity", region),
            Service("image", "glance", root + "/image", region),
            Service("volumev3", "cinderv3", root + "/volume/v3/" + projectId, region),
            Service("block-storage", "cinder", root + "/volume/v3/" + projectId, region),
            Service("network", "neutron", root + "/network", region),
        ];
    }

    public static NovaFault KeystoneFault(int code, string title, string message) => new(code, "error:" + title, message);
}
