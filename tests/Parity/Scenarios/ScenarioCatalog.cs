namespace PowerDrivers.Parity.Scenarios;

/// <summary>Every parity scenario, in the order they run and appear in docs/parity.md.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        .. ProcessorScenarios.All,
        .. ResizeScenarios.All,
        .. MemoryScenarios.All,
        .. LifecycleScenarios.All,
        .. IoScenarios.All,
        .. PlatformScenarios.All,
    ];

    /// <summary>The backends compared and the host of each: the same S822L profile under PHYP and under OPAL.</summary>
    public static IReadOnlyList<(string Backend, string Host)> Backends { get; } = [("powervm", "powervm-1"), ("powerkvm", "powerkvm-1")];
}
