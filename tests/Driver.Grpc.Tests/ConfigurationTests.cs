using PowerDrivers.Driver.Grpc.Hosting;
using PowerDrivers.Driver.Grpc.Tests.Support;

namespace PowerDrivers.Driver.Grpc.Tests;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--Driver:Hosts:0:Profile=S999", "Driver:Hosts:0:Profile", "unknown hardware profile")]
    [InlineData("--Driver:Hosts:2:Profile=S824", "Driver:Hosts:2", "opal")]
    [InlineData("--Driver:Hosts:0:Firmware=opal", "Driver:Hosts:0", "runs on phyp")]
    [InlineData("--Driver:Hosts:1:Name=powervm-1", "Driver:Hosts:1:Name", "used by another host")]
    [InlineData("--Driver:Hosts:0:Firmware=vios", "Driver:Hosts:0:Firmware", "phyp or opal")]
    public async Task Start_WithBadHostConfiguration_FailsNamingTheSetting(string arg, string setting, string words)
    {
        var ex = await Assert.ThrowsAsync<DriverConfigurationException>(() => DriverServer.StartAsync(null, null, arg));
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.Contains(words, ex.Message, StringComparison.Ordinal);
    }
}
