using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PowerDrivers.Compat.Nova.Tests.Support;

/// <summary>Runs Debian's real OpenStack clients (<c>/usr/bin/openstack</c>, <c>/usr/bin/nova</c>) against a stack, each with a bounded timeout.</summary>
public static class Cli
{
    public const string OpenStack = "/usr/bin/openstack";
    public const string Nova = "/usr/bin/nova";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static bool Installed => File.Exists(OpenStack) && File.Exists(Nova);

    /// <summary>Runs a client command; returns exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string program, Uri url, IEnumerable<string> args, string user = "admin", string password = "admin", string project = "admin")
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }

        var root = url.ToString().TrimEnd('/');
        psi.Environment["OS_AUTH_URL"] = root + "/v3";
        psi.Environment["OS_USERNAME"] = user;
        psi.Environment["OS_PASSWORD"] = password;
        psi.Environment["OS_PROJECT_NAME"] = project;
        psi.Environment["OS_USER_DOMAIN_NAME"] = "Default";
        psi.Environment["OS_PROJECT_DOMAIN_NAME"] = "Default";
        psi.Environment["OS_IDENTITY_API_VERSION"] = "3";
        psi.Environment["OS_REGION_NAME"] = "RegionOne";
        psi.Environment["OS_INTERFACE"] = "public";
        psi.Environment["PYTHONWARNINGS"] = "ignore";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{program} {string.Join(' ', args)} did not finish within {Limit.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs <c>openstack … -f json</c> expecting success; returns the parsed output (null when the command prints nothing).</summary>
    public static async Task<JsonNode?> JsonAsync(Uri url, params string[] args)
    {
        var (code, output, error) = await RunAsync(OpenStack, url, [.. args, "-f", "json"]);
        Assert.True(code == 0, $"openstack {string.Join(' ', args)} exited {code}: {error}{output}");
        return output.Trim().Length == 0 ? null : JsonNode.Parse(output);
    }

    /// <summary>Runs <c>openstack …</c> expecting success; returns stdout.</summary>
    public static async Task<string> OkAsync(Uri url, params string[] args)
    {
        var (code, output, error) = await RunAsync(OpenStack, url, args);
        Assert.True(code == 0, $"openstack {string.Join(' ', args)} exited {code}: {error}{output}");
        return output;
    }
}
