namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A bridging move between SEAs, with its model-computed duration.</summary>
/// <param name="Kind">failover (to a backup) or failback (to the primary).</param>
/// <param name="FromViosUuid">VIOS that bridged before (null: none).</param>
/// <param name="ToViosUuid">VIOS that bridges now (null: none left).</param>
/// <param name="TimeMilliseconds">Detection plus per-VLAN takeover cost (see <see cref="SeaFailoverModel"/>).</param>
/// <param name="AtMs">When, Unix ms.</param>
public sealed record FailoverReport(string Kind, string? FromViosUuid, string? ToViosUuid, double TimeMilliseconds, long AtMs);
