using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PowerDrivers.Bench;

// Usage: PowerDrivers.Bench.BareGrpc <port>
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50061;
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddGrpcHealthChecks().AddCheck("bare", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
var app = builder.Build();
app.MapGrpcService<EchoService>();
app.MapGrpcHealthChecksService();
await app.RunAsync();

internal sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoMessage> Say(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
