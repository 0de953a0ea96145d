using Grpc.Core;
using PowerDrivers.Driver.Grpc.Tests.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Tests;

public sealed class ErrorStatusTests : IAsyncLifetime
{
    private DriverServer _server = null!;

    public async Task InitializeAsync() => _server = await DriverServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        DriverServer.DeleteData(_server.DataDirectory);
    }

    [Fact]
    public async Task CreateInstance_InvalidSpec_IsInvalidArgumentListingEveryFieldViolation()
    {
        var spec = Specs.Small("");
        spec.Memory.MinMb = 8192;
        spec.Processors.VirtualProcessors.Desired = 3;

        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = spec }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("INVALID_SPEC", RichStatus.Info(ex).Reason);
        var fields = RichStatus.BadRequest(ex)!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("spec.name", fields);
        Assert.Contains("spec.memory.min_mb", fields);
        Assert.Contains("spec.processors.virtual_processors.desired", fields);
    }

    [Fact]
    public async Task CreateInstance_MissingSpec_IsInvalidArgument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Compute.CreateInstanceAsync(new Api.CreateInstanceRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("spec", RichStatus.BadRequest(ex)!.FieldViolations.Single().Field);
    }

    /// <summary>A driver whose powervm hosts point at an HMC nobody listens on (port 1 on loopback).</summary>
    private static Task<DriverServer> StartWithUnreachableHmcAsync() => DriverServer.StartAsync(null, null,
        "--Driver:Backends:powervm:HmcUrl=https://127.0.0.1:1", "--Driver:Backends:powervm:Password=unused", "--Driver:Backends:powervm:Trust=Insecure");

    [Fact]
    public async Task CreateInstance_OnHostWhoseHmcIsUnreachable_IsUnavailableNamingTheHmcAndStoresNothing()
    {
        await using var server = await StartWithUnreachableHmcAsync();
        try
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => server.Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("vm1", "powervm-1") }).ResponseAsync);

            Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
            Assert.Contains("cannot reach the HMC at https://127.0.0.1:1", ex.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("BACKEND_UNAVAILABLE", RichStatus.Info(ex).Reason);
            Assert.Empty((await server.Compute.ListInstancesAsync(new Api.ListInstancesRequest())).Instances);
        }
        finally
        {
            DriverServer.DeleteData(server.DataDirectory);
        }
    }

    [Fact]
    public async Task CreateInstance_UnknownHost_IsNotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("vm1", "ghost") }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("HOST_NOT_FOUND", RichStatus.Info(ex).Reason);
    }

    [Fact]
    public async Task CreateInstance_NoHostNamedAndNoHostOperating_IsResourceExhaustedNoValidHost()
    {
        // An AIX guest: the PowerKVM hosts operate but run Linux only, and the PowerVM hosts cannot reach their HMC.
        await using var server = await StartWithUnreachableHmcAsync();
        try
        {
            var spec = Specs.Small("vm1", "");
            spec.Guest.OsType = Api.OsType.Aix;
            var ex = await Assert.ThrowsAsync<RpcException>(() => server.Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = spec }).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
            Assert.Equal("NO_VALID_HOST", RichStatus.Info(ex).Reason);
            Assert.Contains("powervm-1: not operating", ex.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            DriverServer.DeleteData(server.DataDirectory);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    public async Task GetInstance_MalformedId_IsInvalidArgument(string id)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("id", RichStatus.BadRequest(ex)!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task GetInstance_UnknownId_IsNotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("INSTANCE_NOT_FOUND", RichStatus.Info(ex).Reason);
    }

    [Fact]
    public async Task ListInstances_BadPageToken_IsInvalidArgument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Compute.ListInstancesAsync(new Api.ListInstancesRequest { PageToken = "%%%" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }
}
