namespace PowerDrivers.Emulator.Hmc.Jobs;

/// <summary>How long the emulated operations take. Defaults are short; tests use <see cref="Instant"/>.</summary>
public sealed record JobTimings
{
    /// <summary>Every operation completes at once (for tests).</summary>
    public static JobTimings Instant { get; } = new() { PowerOn = TimeSpan.Zero, PowerOff = TimeSpan.Zero, PowerOffImmediate = TimeSpan.Zero, QueueDelay = TimeSpan.Zero };

    /// <summary>From <c>starting</c> to <c>running</c>. Default 300 ms.</summary>
    public TimeSpan PowerOn { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>A normal shutdown. Default 200 ms.</summary>
    public TimeSpan PowerOff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>An immediate shutdown. Default 50 ms.</summary>
    public TimeSpan PowerOffImmediate { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Time a job stays NOT_STARTED before it runs. Default 20 ms.</summary>
    public TimeSpan QueueDelay { get; init; } = TimeSpan.FromMilliseconds(20);
}
