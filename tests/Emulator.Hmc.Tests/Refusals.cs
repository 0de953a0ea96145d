using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests;

internal static class Refusals
{
    public static HmcException Expect(string code, Action action)
    {
        var ex = Assert.Throws<HmcException>(action);
        Assert.Equal(code, ex.Code);
        Assert.StartsWith(code + " ", ex.Message, StringComparison.Ordinal);
        return ex;
    }
}
