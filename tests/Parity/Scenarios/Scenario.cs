using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Support;

namespace PowerDrivers.Parity.Scenarios;

/// <summary>
/// A scenario written once and run on both hosts: <see cref="RunAsync"/> makes the calls through a <see cref="Probe"/> and
/// returns the cell. A scenario with <see cref="AfterRestartAsync"/> continues after the driver restarts over the same
/// data directory, and that part's cell is the result.
/// </summary>
internal sealed record Scenario(string Id, string Title, Func<Probe, Task<Cell>> RunAsync)
{
    public Func<Probe, Task<Cell>>? AfterRestartAsync { get; init; }
}
